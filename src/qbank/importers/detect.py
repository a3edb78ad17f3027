"""--format auto: the format of a file from its extension, then its content."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

FORMATS = ("xlsx", "docx", "txt", "gift", "aiken", "qti", "moodlexml")
_GIFT = re.compile(r"\{\s*(?:[=~]|T\s*\}|F\s*\}|TRUE\s*\}|FALSE\s*\}|#)"
                   r"|^\s*\$CATEGORY:|^\s*::[^:\n]+::", re.I | re.M)
_AIKEN = re.compile(r"^ANSWER\s*:\s*[A-Z]\s*$", re.M)


def detect(path: Path, text: str | None = None) -> str | None:
    """One of FORMATS, or None when the file is none of them."""
    if path.is_dir():
        return "qti" if (path / "imsmanifest.xml").is_file() else None
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    if suffix == ".docx":
        return "docx"
    if suffix == ".gift":
        return "gift"
    if suffix == ".zip" or zipfile.is_zipfile(path):
        try:
            with zipfile.ZipFile(path) as z:
                names = z.namelist()
        except (zipfile.BadZipFile, OSError):
            return None
        if "imsmanifest.xml" in names:
            return "qti"
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        return None
    if suffix == ".xml":
        from qbank.importers.moodlexml import looks_like

        try:
            with path.open("rb") as f:
                head = f.read(4096)
        except OSError:
            return "qti"
        return "moodlexml" if looks_like(head) else "qti"
    if text is None:
        return None
    if _AIKEN.search(text):
        return "aiken"
    if _GIFT.search(text):
        return "gift"
    return "txt"
