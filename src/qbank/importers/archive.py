"""Limits on what an imported file may be: size, and for zip containers (xlsx, docx, QTI
packages) entry count, total uncompressed size, compression ratio and entry names.

Checked from the zip's central directory before any library opens the file, so a zip bomb or a
"../" entry is refused without being inflated or written anywhere.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from qbank.diagnostics import Diagnostic, Position, code

UNREADABLE = code(
    "QB1101", "import-unreadable", "error", "không đọc được tệp: {reason}",
    "cannot read the file: {reason_en}",
    "Mở tệp bằng Excel/Word rồi lưu lại (định dạng .xlsx/.docx), hoặc chọn đúng --format.",
    "Open and save the file again in Excel/Word (.xlsx/.docx), or pass the right --format.")
UNSAFE_ENTRY = code(
    "QB1106", "import-unsafe-entry", "error",
    "tệp nén chứa đường dẫn không an toàn '{name}'; không nhập tệp này",
    "the archive holds an unsafe path '{name}'; the file was not imported",
    "Gói hợp lệ chỉ chứa đường dẫn tương đối bên trong gói (không có '..', '/' ở đầu hay ổ đĩa).",
    "A valid package holds only relative paths inside it (no '..', leading '/' or drive).")
ARCHIVE_TOO_LARGE = code(
    "QB1107", "import-archive-too-large", "error",
    "tệp nén vượt giới hạn: {what}; không nhập tệp này",
    "the archive exceeds a limit: {what_en}; the file was not imported",
    "Tệp có thể là 'bom nén' hoặc quá lớn; tách thành các gói nhỏ hơn.",
    "The file may be a zip bomb or too large; split it into smaller packages.")
FILE_TOO_LARGE = code(
    "QB1109", "import-file-too-large", "error",
    "tệp quá lớn ({size} MB, tối đa {limit} MB); không nhập tệp này",
    "file too large ({size} MB, at most {limit} MB); the file was not imported",
    "Tách ngân hàng câu hỏi thành nhiều tệp nhỏ hơn.", "Split the bank into smaller files.")


@dataclass(frozen=True)
class Limits:
    file_bytes: int = 50 * 1024 * 1024
    entries: int = 5000
    total_bytes: int = 200 * 1024 * 1024
    ratio: int = 100  # uncompressed / compressed, for entries over 1 MB


LIMITS = Limits()


def unreadable(path: Path, reason: str, reason_en: str) -> Diagnostic:
    return UNREADABLE.at(Position(path), reason=reason, reason_en=reason_en)


def check_size(path: Path, limits: Limits = LIMITS) -> list[Diagnostic]:
    size = path.stat().st_size
    if size > limits.file_bytes:
        return [FILE_TOO_LARGE.at(Position(path), size=round(size / 2**20, 1),
                                  limit=limits.file_bytes // 2**20)]
    return []


def safe_name(name: str) -> bool:
    """A zip entry name that stays inside the folder it is extracted to."""
    if not name or "\\" in name or "\0" in name or name.startswith("/") or ":" in name:
        return False
    return ".." not in PurePosixPath(name).parts


def check_zip(path: Path, limits: Limits = LIMITS) -> list[Diagnostic]:
    """Diagnostics for a zip container that must not be opened (empty when it is safe)."""
    diags = check_size(path, limits)
    if diags:
        return diags
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        return [unreadable(path, f"không phải tệp nén hợp lệ ({e})", f"not a valid zip ({e})")]
    if len(infos) > limits.entries:
        return [ARCHIVE_TOO_LARGE.at(Position(path), what=f"{len(infos)} mục (tối đa "
                                     f"{limits.entries})",
                                     what_en=f"{len(infos)} entries (at most {limits.entries})")]
    for info in infos:
        if not safe_name(info.filename):
            return [UNSAFE_ENTRY.at(Position(path), name=info.filename)]
    total = sum(i.file_size for i in infos)
    if total > limits.total_bytes:
        mb = round(total / 2**20)
        return [ARCHIVE_TOO_LARGE.at(
            Position(path), what=f"{mb} MB khi giải nén (tối đa {limits.total_bytes // 2**20} MB)",
            what_en=f"{mb} MB uncompressed (at most {limits.total_bytes // 2**20} MB)")]
    for info in infos:
        if info.file_size > 2**20 and info.file_size > limits.ratio * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            return [ARCHIVE_TOO_LARGE.at(
                Position(path), what=f"'{info.filename}' nén {ratio}:1 (tối đa {limits.ratio}:1)",
                what_en=f"'{info.filename}' compressed {ratio}:1 (at most {limits.ratio}:1)")]
    return []
