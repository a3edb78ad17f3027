"""Reading source files as text, and splitting Markdown front matter from the body."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from qbank.diagnostics import Diagnostic, Position, code
from qbank.os_errors import os_reason

UNREADABLE = code(
    "QB0110", "file-unreadable", "error",
    "không đọc được tệp: {reason}", "cannot read file: {reason_en}")
BAD_UTF8 = code(
    "QB0111", "invalid-utf8", "error",
    "tệp không phải UTF-8 hợp lệ (byte {offset})", "file is not valid UTF-8 (byte {offset})",
    "Lưu lại tệp với bảng mã UTF-8 (trong Notepad/VS Code: Save with Encoding → UTF-8).",
    "Save the file again as UTF-8.")
BINARY = code(
    "QB0112", "binary-file", "error",
    "tệp có vẻ là tệp nhị phân, không phải văn bản", "file looks binary, not text",
    "Chỉ đặt tệp .yaml hoặc .md ở đây; ảnh và tài liệu để trong thư mục media/.",
    "Only .yaml or .md files belong here; put images and documents under media/.")
TOO_BIG = code(
    "QB0113", "file-too-large", "error",
    "tệp quá lớn ({size} byte, tối đa {limit})", "file too large ({size} bytes, limit {limit})",
    "Tách thành nhiều tệp nhỏ hơn.", "Split it into smaller files.")
NO_FRONT_MATTER = code(
    "QB0120", "front-matter-missing", "error",
    "bài học thiếu phần đầu YAML (front matter) giữa hai dòng '---'",
    "lesson has no YAML front matter between two '---' lines",
    "Dòng đầu tiên của tệp phải là '---', sau đó là các trường id, title…, rồi một dòng '---'.",
    "The file must start with '---', then id, title…, then a '---' line.")
UNCLOSED_FRONT_MATTER = code(
    "QB0121", "front-matter-unclosed", "error",
    "phần đầu YAML không có dòng '---' đóng lại", "front matter is not closed by a '---' line")

MAX_BYTES = 5 * 1024 * 1024


def undecodable_at(path: Path, raw: bytes, error: UnicodeDecodeError) -> Position:
    """Where in the file the first byte that is not UTF-8 stands (1-based line and column)."""
    line = raw.count(b"\n", 0, error.start) + 1
    return Position(path, line, error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1)


def read_text(path: Path) -> tuple[str | None, list[Diagnostic]]:
    """The file's text (without BOM, with \\n line ends), or None and a diagnostic."""
    pos = Position(path, 0, 0)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, [TOO_BIG.at(pos, size=size, limit=MAX_BYTES)]
        raw = path.read_bytes()
    except OSError as e:
        vi, en = os_reason(e)
        return None, [UNREADABLE.at(pos, reason=vi, reason_en=en)]
    if b"\x00" in raw[:8192]:
        return None, [BINARY.at(Position(path, 1, 1))]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        return None, [BAD_UTF8.at(undecodable_at(path, raw, e), offset=e.start)]
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n")
    return text, []


@dataclass
class FrontMatter:
    yaml_text: str
    yaml_line: int  # line number (1-based) of the first YAML line
    body: str
    body_line: int  # line number (1-based) of the first body line


def split_front_matter(text: str, path: Path) -> tuple[FrontMatter | None, list[Diagnostic]]:
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None, [NO_FRONT_MATTER.at(Position(path, 1, 1))]
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return FrontMatter("\n".join(lines[1:i]), 2, "\n".join(lines[i + 1:]), i + 2), []
    return None, [UNCLOSED_FRONT_MATTER.at(Position(path, 1, 1))]


def body_hash(body: str) -> str:
    """The version of a lesson's text that its variants record (see docs/formats.md)."""
    norm = unicodedata.normalize("NFC", body).replace("\r\n", "\n").strip()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:12]
