"""`qbank init`: a department's new content repository, ready for `qbank check`."""

from __future__ import annotations

import os
import shutil
import string
from importlib import resources
from pathlib import Path

from qbank.model.schema import write_schemas
from qbank.source.stamp import stamp_variant

# Template files and folders stored without their leading dot (package data tools skip
# dotfiles). templates/init/docs links to the project's docs/, so every new repository gets the
# same Vietnamese documentation as this one.
_RENAMES = {"gitignore": ".gitignore", "pre-commit-config.yaml": ".pre-commit-config.yaml",
            "gitlab-ci.yml": ".gitlab-ci.yml", "github": ".github"}
_SUBSTITUTED = {"qbank.yaml", "handbooks/index.md"}


class ScaffoldError(Exception):
    def __init__(self, vi: str, en: str):
        super().__init__(en)
        self.vi, self.en = vi, en

    def message(self, lang: str) -> str:
        return self.en if lang == "en" else self.vi


def scaffold(target: Path, org_name: str, org_code: str) -> list[Path]:
    """Write the template into `target`, which must not already hold a project."""
    if (target / "qbank.yaml").exists():
        raise ScaffoldError(f"'{target}' đã có qbank.yaml; không ghi đè.",
                            f"'{target}' already has a qbank.yaml; nothing overwritten.")
    if target.exists() and any(target.iterdir()):
        raise ScaffoldError(f"thư mục '{target}' không trống; hãy chọn thư mục mới.",
                            f"folder '{target}' is not empty; choose a new one.")
    template = Path(str(resources.files("qbank") / "templates" / "init"))
    written = []
    for src in _files(template):
        rel = src.relative_to(template)
        dest = target.joinpath(*[_RENAMES.get(part, part) for part in rel.parts])
        dest.parent.mkdir(parents=True, exist_ok=True)
        if rel.as_posix() in _SUBSTITUTED:
            text = string.Template(src.read_text(encoding="utf-8")).safe_substitute(
                org_name=org_name.replace('"', "'"), org_code=org_code)
            dest.write_text(text, encoding="utf-8")
        else:
            shutil.copyfile(src, dest)
        written.append(dest)
    written += write_schemas(target / ".qbank" / "schema")
    for variant in target.glob("courses/*/lessons/*.simple.md"):
        stamp_variant(variant)
    return written


def _files(folder: Path) -> list[Path]:
    """Every file under `folder`, following the docs link, in a fixed order."""
    found = []
    for dirpath, _, names in os.walk(folder, followlinks=True):
        found += [Path(dirpath) / n for n in names if not n.endswith((".pyc", "~"))]
    return sorted(found)
