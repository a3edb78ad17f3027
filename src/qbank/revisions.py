"""`qbank diff REV1 REV2`: which items each course gained, lost or changed between two git
revisions (commits, branches or release tags)."""

from __future__ import annotations

import io
import json
import subprocess
import tarfile
import tempfile
from pathlib import Path

from qbank.release import item_hash
from qbank.resolve.load import load_project


class RevisionError(Exception):
    def __init__(self, vi: str, en: str):
        super().__init__(en)
        self.vi, self.en = vi, en

    def message(self, lang: str) -> str:
        return self.en if lang == "en" else self.vi


def _git(root: Path, *args: str) -> bytes:
    try:
        out = subprocess.run(["git", "-C", str(root), *args], capture_output=True, timeout=120)
    except (OSError, subprocess.SubprocessError) as e:
        raise RevisionError(f"không chạy được git: {e}", f"cannot run git: {e}") from None
    if out.returncode != 0:
        err = out.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = err[-1] if err else "git"
        raise RevisionError(f"git báo lỗi: {reason}", f"git failed: {reason}")
    return out.stdout


def items_at(root: Path, rev: str) -> dict[str, dict[str, tuple[str, int]]]:
    """{course id: {question id: (scored-content hash, version)}} at a revision."""
    prefix = _git(root, "rev-parse", "--show-prefix").decode().strip()
    archive = _git(root, "archive", "--format=tar", rev, "--", prefix or ".")
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")
        folder = Path(tmp) / prefix
        if not (folder / "qbank.yaml").is_file():
            raise RevisionError(f"phiên bản '{rev}' không có qbank.yaml",
                                f"revision '{rev}' has no qbank.yaml")
        project = load_project(folder)
        return {c.id: {e.id: (item_hash(e.q), e.q.version) for e in project.course_questions(c)}
                for c in project.courses}


def diff_revisions(root: Path, rev1: str, rev2: str) -> dict:
    old, new = items_at(root, rev1), items_at(root, rev2)
    out = {}
    for course in sorted(set(old) | set(new)):
        a, b = old.get(course, {}), new.get(course, {})
        out[course] = {"added": sorted(set(b) - set(a)), "removed": sorted(set(a) - set(b)),
                       "changed": sorted(q for q in set(a) & set(b) if a[q] != b[q])}
    return {"from": rev1, "to": rev2, "courses": out}


def to_json(changes: dict) -> str:
    return json.dumps(changes, ensure_ascii=False, indent=2)


def to_text(changes: dict, lang: str = "vi") -> str:
    labels = {"added": ("thêm", "added"), "removed": ("bỏ", "removed"),
              "changed": ("sửa", "changed")}
    lines = [f"{changes['from']} → {changes['to']}"]
    for course, kinds in changes["courses"].items():
        counts = ", ".join(f"{len(kinds[k])} {labels[k][lang == 'en']}" for k in labels)
        lines.append(f"{course}: {counts}")
        for kind in labels:
            for qid in kinds[kind]:
                lines.append(f"  {'+-~'[list(labels).index(kind)]} {qid}")
    return "\n".join(lines)
