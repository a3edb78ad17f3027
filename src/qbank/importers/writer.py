"""Imported questions → one qbank YAML file per source file.

Ids are made once here: the id the source carries (a QTI identifier, an xlsx "Mã câu hỏi") when
it is a valid, unused id, else the slug of the stem; a number is added when taken, so no id
collides with the project's. Each question is preceded by a comment naming its source position.
The file is written atomically, and never over an existing file without --force.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from qbank.diagnostics import Position, code
from qbank.importers.drafts import Source
from qbank.model.common import ID_MAX, ID_RE
from qbank.source.atomic import write_text_atomic
from qbank.vietnamese import slugify

WOULD_OVERWRITE = code(
    "QB1105", "import-would-overwrite", "error",
    "tệp '{target}' đã có; không ghi đè khi không có --force",
    "'{target}' already exists; not overwritten without --force",
    "Thêm --force để thay tệp cũ, hoặc chọn nơi khác bằng --out.",
    "Add --force to replace it, or write elsewhere with --out.")

class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    """Multi-line text (feedback with a list, a stem in paragraphs) as a literal block, the way
    authors write it; PyYAML falls back to quotes when a block cannot hold the text."""


def _str(dumper, value: str):
    return dumper.represent_scalar("tag:yaml.org,2002:str", value,
                                   style="|" if "\n" in value else None)


_Dumper.add_representer(str, _str)
KEY_ORDER = ("id", "type", "stem", "options", "answer", "answers", "case_sensitive",
             "accept_without_diacritics", "items", "pairs", "distractors", "shuffle", "skills",
             "level", "use", "tags", "feedback", "media", "version", "review")


def stem_id(stem: str, words: int = 6) -> str:
    slug = slugify(stem)
    parts = slug.split("-")[:words]
    return "-".join(parts)[:48].rstrip("-") or "cau-hoi"


def assign_ids(items: list[tuple[Source, dict, str | None]], taken: set[str]) -> list[str]:
    """One id per (source, question, id from the source), unique among themselves and `taken`."""
    out = []
    for _, q, source_id in items:
        base = source_id if source_id and ID_RE.match(source_id) and len(source_id) <= ID_MAX \
            else stem_id(q["stem"])
        ident, n = base, 1
        while ident in taken:
            n += 1
            suffix = f"-{n}"
            ident = base[:ID_MAX - len(suffix)].rstrip("-") + suffix
        taken.add(ident)
        out.append(ident)
    return out


def _ordered(q: dict, ident: str) -> dict:
    q = {**q, "id": ident}
    return {k: q[k] for k in KEY_ORDER if k in q} | {k: v for k, v in q.items()
                                                       if k not in KEY_ORDER}


def to_yaml(items: list[tuple[Source, dict, str]], title: str | None, origin: str) -> str:
    """The YAML text of a bank file: a header comment, then each question under its source."""
    lines = [f"# Nhập bằng 'qbank import' từ {origin}. Các câu hỏi ở trạng thái draft: hãy xem lại",
             "# rồi đổi 'review' thành reviewed. Dòng '# nguồn' cho biết vị trí trong tệp gốc."]
    if title:
        lines.append(yaml.dump({"title": title}, Dumper=_Dumper, allow_unicode=True,
                               width=100).rstrip("\n"))
    if not items:
        lines.append("questions: []")
        return "\n".join(lines) + "\n"
    lines.append("questions:")
    for i, (source, q, ident) in enumerate(items):
        if i:
            lines.append("")
        lines.append(f"  # {source.comment()}")
        for j, line in enumerate(dump_question(q, ident)):
            lines.append(("  - " if j == 0 else "    ") + line if line else "")
    return "\n".join(lines) + "\n"


def dump_question(q: dict, ident: str) -> list[str]:
    """The lines of one question as a YAML mapping, keys in the order authors write them."""
    dumped = yaml.dump(_ordered(q, ident), Dumper=_Dumper, allow_unicode=True,
                       sort_keys=False, width=100, default_flow_style=False)
    return dumped.rstrip("\n").split("\n")


def write(target: Path, text: str, force: bool):
    """Write `text` to `target` atomically; a diagnostic instead when it exists and not force."""
    if target.exists() and not force:
        return WOULD_OVERWRITE.at(Position(target), target=target.name)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(target, text)
    return None
