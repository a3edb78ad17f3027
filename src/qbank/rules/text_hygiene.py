"""Vietnamese text hygiene: text typed without diacritics, look-alike letters from other scripts,
stray whitespace and invisible characters. (Decomposed Unicode is QB0106, reported on load;
legacy TCVN3/VNI text is QB0701 in rules/legacy_text.py.)"""

from __future__ import annotations

import re
import unicodedata

from qbank.diagnostics import Position, code
from qbank.rules import text_forms

NO_DIACRITICS = code(
    "QB0703", "missing-diacritics", "warning",
    "văn bản tiếng Việt có vẻ được gõ không dấu: '{text}'",
    "Vietnamese text seems typed without diacritics: '{text}'",
    "Gõ lại có dấu (bộ gõ Unikey/EVKey, kiểu gõ Telex hoặc VNI).",
    "Retype it with diacritics (Unikey/EVKey, Telex or VNI input).")
LOOKALIKE = code(
    "QB0704", "lookalike-character", "warning",
    "chữ '{char}' ({name}) của bảng chữ cái khác nằm trong từ '{word}'",
    "the letter '{char}' ({name}) from another script is inside the word '{word}'",
    "Xóa và gõ lại chữ đó bằng bàn phím tiếng Việt; chữ giống hệt nhưng máy tính coi là khác.",
    "Retype the letter: it looks the same but search and matching treat it as different.")
WHITESPACE = code(
    "QB0705", "stray-whitespace", "warning", "khoảng trắng thừa hoặc ký tự ẩn: {what}",
    "stray whitespace or invisible character: {what}",
    "Chạy 'qbank fix' để sửa tự động.", "Run 'qbank fix' to repair it.")

# Frequent Vietnamese words that are never written without their marks.
_MARKED_WORDS = {"duoc", "nguoi", "khong", "cua", "nhung", "mot", "cac", "voi", "nay", "nhu",
                 "cung", "dung", "bao", "viec", "chi", "thuc", "hien", "dien", "thoai", "ngan",
                 "hang", "tai", "khoan", "dang", "nhap", "tu", "ban", "nen", "lam", "gi", "ve",
                 "sau", "day", "nao", "phai", "hoc", "so", "tren", "mang", "thong", "tin"}
_WORD = re.compile(r"\w+")
_INVISIBLE = {"\u00a0": "dấu cách không ngắt (NBSP)", "\u200b": "ký tự rộng 0 (ZWSP)",
              "\u200c": "ZWNJ", "\u200d": "ZWJ", "\u2060": "WORD JOINER", "\ufeff": "BOM",
              "\t": "ký tự tab"}
_ALPHABETS = ("CYRILLIC", "GREEK", "ARMENIAN")
# Latin (with every Vietnamese letter), combining marks and punctuation: no character here is
# named CYRILLIC, GREEK or ARMENIAN (tests/rules/test_text_hygiene_fast.py checks it), so text
# made only of them needs no per-character name lookup — the lookup dominated `qbank check`.
_NO_LOOKALIKE = re.compile("[\x00-\u024f\u0300-\u036f\u1e00-\u1eff\u2000-\u206f]*")


def _no_diacritics(text: str) -> bool:
    if not text.isascii():
        return False
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < 5:
        return False
    return sum(w in _MARKED_WORDS for w in words) / len(words) >= 0.3


def _lookalike(text: str):
    if _NO_LOOKALIKE.fullmatch(text):
        return None
    for m in _WORD.finditer(text):
        word = m.group()
        if not any("LATIN" in unicodedata.name(c, "") for c in word):
            continue
        for c in word:
            name = unicodedata.name(c, "")
            if name.startswith(_ALPHABETS):
                return c, name.title(), word
    return None


_ANY_INVISIBLE = re.compile("[" + "".join(_INVISIBLE) + "]")


def _whitespace(text: str, multiline: bool) -> str | None:
    if _ANY_INVISIBLE.search(text):
        for char, what in _INVISIBLE.items():
            if char in text:
                return what
    if not multiline:
        core = text.rstrip("\n")  # a one-line block (`feedback: |`) ends with its newline
        if core != core.strip():
            return "dấu cách ở đầu hoặc cuối"
        if "  " in text:
            return "hai dấu cách liền nhau"
    return None


def check_text(text: str, where, loc: tuple):
    """Diagnostics for one text field of a source file."""
    if not _may_report(text):
        return
    multiline = "\n" in text.strip()
    if _no_diacritics(text):
        short = text if len(text) <= 50 else text[:47] + "…"
        yield NO_DIACRITICS.at(where.pos(*loc), text=short)
    found = _lookalike(text)
    if found:
        yield LOOKALIKE.at(where.pos(*loc), char=found[0], name=found[1], word=found[2])
    what = _whitespace(text, multiline)
    if what:
        yield WHITESPACE.at(where.pos(*loc), what=what)


def _may_report(text: str) -> bool:
    """Whether check_text can find anything: the common text (not ASCII, so not without
    diacritics; only letters of the fast path; no invisible character, no space at either end
    nor two in a row) is answered by three C-level tests."""
    return (text.isascii() or not _NO_LOOKALIKE.fullmatch(text) or _ANY_INVISIBLE.search(text)
            or "  " in text or text[:1].isspace() or text.rstrip("\n")[-1:].isspace())


def _body(path, body: str, first_line: int):
    """Line by line over a Markdown body, skipping code blocks (positions are exact)."""
    fenced = False
    for i, line in enumerate(body.split("\n")):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if fenced or not line.strip():
            continue
        pos = Position(path, first_line + i, len(line) - len(line.lstrip()) + 1)
        if _no_diacritics(line):
            short = line.strip()[:50]
            yield NO_DIACRITICS.at(pos, text=short)
        found = _lookalike(line)
        if found:
            col = line.find(found[2]) + 1
            yield LOOKALIKE.at(Position(path, pos.line, col), char=found[0], name=found[1],
                               word=found[2])
        for char, what in _INVISIBLE.items():
            if char in line and char != "\t":
                yield WHITESPACE.at(Position(path, pos.line, line.find(char) + 1), what=what)
                break


def check(project):
    for owner, loc, text in text_forms.fields(project):
        if _may_report(text):
            yield from check_text(text, owner, loc)
    for path, body, first_line in project.bodies():
        yield from _body(path, body, first_line)
