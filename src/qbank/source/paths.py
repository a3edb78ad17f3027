"""Resolving paths written in sources, without ever leaving the project folder."""

from __future__ import annotations

import unicodedata
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from qbank.diagnostics import Diagnostic, Position, code

MISSING_FILE = code(
    "QB0301", "missing-file", "error", "không tìm thấy tệp '{ref}'", "file not found: '{ref}'",
    "Đường dẫn tính từ thư mục chứa tệp đang viết ({base}); kiểm tra tên tệp, chữ hoa/thường.",
    "Paths are relative to the folder of the file that names them ({base}); check the spelling "
    "and the letter case.")
OUTSIDE = code(
    "QB0302", "path-outside-project", "error",
    "đường dẫn '{ref}' trỏ ra ngoài thư mục dự án", "path '{ref}' points outside the project",
    "Chỉ dùng đường dẫn tương đối nằm trong kho nội dung; chép tệp vào thư mục media/ của khóa học.",
    "Use relative paths inside the repository; copy the file into the course's media/ folder.")


def resolve_ref(ref: str, base: Path, root: Path, pos: Position) -> tuple[Path | None, list[Diagnostic]]:
    """The file `ref` (relative to `base`) names, if it exists inside `root`."""
    if ref.startswith(("/", "\\")) or (len(ref) > 1 and ref[1] == ":") or "\x00" in ref:
        return None, [OUTSIDE.at(pos, ref=ref)]
    target = base.joinpath(*PurePosixPath(ref.replace("\\", "/")).parts)
    root_real = root.resolve()
    try:
        real = target.resolve()
    except (OSError, RuntimeError):
        return None, [MISSING_FILE.at(pos, ref=ref, base=_rel(base, root))]
    if not real.is_relative_to(root_real):
        return None, [OUTSIDE.at(pos, ref=ref)]
    if not real.is_file():
        target = _normalised(base, PurePosixPath(ref.replace("\\", "/")).parts)
        if target is None or not target.resolve().is_relative_to(root_real):
            return None, [MISSING_FILE.at(pos, ref=ref, base=_rel(base, root))]
    return target, []


def decode_src(src: str) -> str:
    """The file path an image `src` of rendered Markdown names: the parser percent-encodes
    spaces and non-ASCII letters (`ảnh thủ tục.png` → `%E1%BA%A3nh%20th…`)."""
    return unicodedata.normalize("NFC", unquote(src)) if "%" in src else src


def _normalised(base: Path, parts: tuple[str, ...]) -> Path | None:
    """The file whose path equals `parts` up to Unicode normalisation: sources are NFC, but
    macOS writes file names decomposed (NFD), and a repository keeps the bytes it was given."""
    path = base
    for part in parts:
        if part in (".", "..") or (path / part).exists():
            path = path / part
            continue
        wanted = unicodedata.normalize("NFC", part)
        try:
            path = next(p for p in sorted(path.iterdir())
                        if unicodedata.normalize("NFC", p.name) == wanted)
        except (OSError, StopIteration):
            return None
    return path if path.is_file() else None


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix() or "."
    except ValueError:
        return path.as_posix()
