"""The character encoding of an imported text file (.txt, GIFT, Aiken).

Offices save text banks from Notepad or Word as UTF-8 (with or without BOM), "Unicode" (UTF-16
with BOM), or in the Windows code page of the machine: Windows-1258 on Vietnamese Windows, whose
tone marks are separate combining characters, so its text is NFC-normalised after decoding.
Files typed in the legacy fonts (TCVN3 .VnTime, VNI-Times) keep their 8-bit bytes; those are read
as Windows-1252, which gives exactly the characters the TCVN3/VNI conversion (legacy.py) expects.
Windows-1258 is chosen over Windows-1252 only when it yields Vietnamese letters that form
Vietnamese syllables, which legacy bytes read as Windows-1258 do not.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

from qbank.diagnostics import Diagnostic, Position, code
from qbank.importers.archive import unreadable
from qbank.importers.legacy import is_syllable

READ_AS = code(
    "QB1116", "import-read-as-encoding", "info",
    "đã đọc tệp theo bảng mã {encoding}", "the file was read as {encoding}",
    "Nên lưu tệp văn bản theo UTF-8 để mọi công cụ đọc giống nhau.",
    "Save text files as UTF-8 so that every tool reads them the same way.")

NAMES = {"utf-8": "UTF-8", "utf-16": "UTF-16", "cp1258": "Windows-1258 (tiếng Việt)",
         "cp1252": "Windows-1252"}

# Characters Windows-1258 has for Vietnamese and Windows-1252 does not: ă đ ơ ư, the combining
# tone marks, and the đồng sign.
_VIETNAMESE_1258 = set("ĂăĐđƠơƯư₫\u0300\u0301\u0303\u0309\u0323")
_WORD = re.compile(r"[^\W\d_]+")
_SYLLABLE_SHARE = 0.8


def _looks_vietnamese(text: str) -> bool:
    """Whether `text`, decoded as Windows-1258, is Vietnamese: it uses letters only that code
    page has, and most words with non-ASCII letters are Vietnamese syllables."""
    if not any(c in _VIETNAMESE_1258 for c in text):
        return False
    words = [w for w in _WORD.findall(unicodedata.normalize("NFC", text)) if not w.isascii()]
    if not words:
        return False
    return sum(is_syllable(w) for w in words) >= _SYLLABLE_SHARE * len(words)


def decode(raw: bytes) -> tuple[str | None, str | None]:
    """(text, encoding) of a text file's bytes; (None, None) when no encoding fits."""
    if raw.startswith(codecs.BOM_UTF8):
        try:
            return raw[len(codecs.BOM_UTF8):].decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            return None, None
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            return None, None
    if b"\x00" in raw:  # UTF-16 without BOM, or not text at all
        return None, None
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("cp1258")
    except UnicodeDecodeError:
        text = None
    if text is not None and _looks_vietnamese(text):
        return unicodedata.normalize("NFC", text), "cp1258"
    try:
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return None, None


def read_text(path: Path) -> tuple[str | None, list[Diagnostic]]:
    """The text of an imported text file, with a note when it was not UTF-8, or QB1101."""
    raw = path.read_bytes()
    text, encoding = decode(raw)
    if text is None:
        return None, [unreadable(
            path, "không nhận ra bảng mã của tệp (không phải văn bản UTF-8, UTF-16, "
            "Windows-1258 hay Windows-1252); hãy mở tệp và lưu lại theo UTF-8",
            "the file's encoding is not recognised (not UTF-8, UTF-16, Windows-1258 or "
            "Windows-1252 text); open it and save it again as UTF-8")]
    if encoding == "utf-8":
        return text, []
    return text, [READ_AS.at(Position(path), encoding=NAMES[encoding])]
