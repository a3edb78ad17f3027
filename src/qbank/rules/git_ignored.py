"""Content that git ignores is never committed: a lesson named `03-danh-sach-viec-can-lam.md`
under a broad `*danh-sach*` pattern would silently stay on one author's machine.

Asks git (when the project is inside a work tree and git is installed) which files under the
content folders are ignored and not tracked; outside git, or without git, nothing is reported.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from qbank.diagnostics import Position, code

IGNORED = code(
    "QB0950", "content-ignored-by-git", "warning",
    "git bỏ qua tệp này (mẫu '{pattern}' ở {source}) nên tệp sẽ không được commit",
    "git ignores this file (pattern '{pattern}' in {source}), so it will never be committed",
    "Sửa mẫu trong .gitignore cho hẹp lại (dữ liệu cá nhân để trong thư mục du-lieu-ca-nhan/), "
    "hoặc thêm dòng '!{file}' vào .gitignore.",
    "Narrow the pattern in .gitignore (keep personal data in the du-lieu-ca-nhan/ folder), or "
    "add a '!{file}' line to .gitignore.")

CONTENT = ("qbank.yaml", "mkdocs.yml", "courses", "question_banks", "handbooks")
# What qbank reads or copies into packages; spreadsheets are left out on purpose (rosters).
SUFFIXES = {".yaml", ".yml", ".md", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".mp3",
            ".m4a", ".ogg", ".mp4", ".webm", ".pdf"}


def _git(root: Path, *args: str, stdin: str | None = None) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], input=stdin, capture_output=True,
                              text=True, encoding="utf-8", errors="replace", timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode in (0, 1) else None


def ignored_files(root: Path) -> list[tuple[str, str, str]]:
    """(file relative to root, pattern, "source:line") of each untracked content file git
    ignores."""
    if shutil.which("git") is None or not root.is_dir():
        return []
    listed = _git(root, "ls-files", "-z", "--others", "--ignored", "--exclude-standard", "--",
                  *[c for c in CONTENT if (root / c).exists()])
    if not listed:
        return []
    files = sorted(f for f in listed.split("\0") if f and Path(f).suffix.lower() in SUFFIXES)
    if not files:
        return []
    why = _git(root, "check-ignore", "-v", "-z", "--stdin", stdin="\0".join(files) + "\0") or ""
    parts = why.split("\0")
    reasons = {parts[i + 3]: (parts[i + 2], f"{parts[i]}:{parts[i + 1]}")
               for i in range(0, len(parts) - 3, 4)}
    return [(f, *reasons.get(f, ("?", ".gitignore"))) for f in files]


def check(project):
    for rel, pattern, source in ignored_files(project.root):
        yield IGNORED.at(Position(project.root / rel), pattern=pattern, source=source, file=rel)
