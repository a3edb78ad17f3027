"""The forms of a text that several rule families compare (diacritics folded, lower case, words
only), computed once per text while a check runs.

Vietnamese text, once folded, is ASCII, one character for each character written: for such
text (almost all of it) the forms come from C-level string operations instead of a regular
expression and a translation table per text; any other text takes the plain definitions.
tests/rules/test_text_forms.py checks both ways agree for every character that can fold to
ASCII.
"""

from __future__ import annotations

import re
import unicodedata
from contextlib import contextmanager


class _DropCombining(dict):
    """str.translate table removing combining marks, filled on first sight of a character."""

    def __missing__(self, cp: int):
        self[cp] = None if unicodedata.combining(chr(cp)) else cp
        return self[cp]


_D = str.maketrans({"đ": "d", "Đ": "D"})
_DROP_COMBINING = _DropCombining()
COMMON_MARKS = re.compile("[\u0300-\u034e\u0350-\u036f]+")  # combining class > 0
_NORM = re.compile(r"[^\w\s]|_")


def fold(text: str) -> str:
    """qbank.vietnamese.fold (diacritics removed, đ → d) with the per-character test done once
    per distinct character instead of once per character of every text."""
    decomposed = COMMON_MARKS.sub("", unicodedata.normalize("NFD", text.translate(_D)))
    if decomposed.isascii():  # every mark was one of the common ones (all of Vietnamese's)
        return decomposed
    return decomposed.translate(_DROP_COMBINING)


def ascii_folded(text: str) -> bytes | None:
    """fold(text) as ASCII bytes when every character folds to exactly one ASCII character
    (then character i of the result is character i of the text, folded), else None."""
    if text.isascii():
        return text.encode("ascii")
    folded = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D")).encode(
        "ascii", "ignore")
    # No character gives more than one ASCII character, so equal lengths mean one each.
    return folded if len(folded) == len(text) else None


def _norm_bytes() -> bytes:
    """What normalise() makes of each ASCII character: lower case, or a space."""
    out = []
    for i in range(128):
        c = chr(i)
        out.append(" " if c.isspace() else _NORM.sub(" ", c.casefold()))
    return "".join(out).encode("ascii") + bytes(range(128, 256))


_NORM_BYTES = _norm_bytes()


def _forms(text: str) -> tuple[str, bytes | None]:
    """normalise(text), and ascii_folded(text)."""
    folded = ascii_folded(text)
    if folded is None:
        return " ".join(_NORM.sub(" ", fold(text).casefold()).split()), None
    return b" ".join(folded.translate(_NORM_BYTES).split()).decode("ascii"), folded


_cache: dict[str, tuple[str, bytes | None]] | None = None


def forms(text: str) -> tuple[str, bytes | None]:
    """(normalise(text), ascii_folded(text)), remembered for the run (see shared()). When the
    second is not None, the words of both are the words of the text, one for one."""
    cache = _cache
    if cache is None:
        return _forms(text)
    found = cache.get(text)
    if found is None:
        found = cache[text] = _forms(text)
    return found


def normalise(text: str) -> str:
    """For comparisons: folded diacritics, lower case, no punctuation or quotes, words joined
    by one space. Remembered for the run (see shared())."""
    cache = _cache
    if cache is None:
        return _forms(text)[0]
    found = cache.get(text)
    if found is None:
        found = cache[text] = _forms(text)
    return found[0]


_fields: tuple[object, list] | None = None


def fields(project) -> list:
    """project.text_fields() as a list, walked once per run for the families that read every
    text."""
    global _fields
    if _cache is None:
        return list(project.text_fields())
    if _fields is None or _fields[0] is not project:
        _fields = (project, list(project.text_fields()))
    return _fields[1]


@contextmanager
def shared():
    """Remember each text's forms until the outermost `with shared()` ends: a check run reads
    the same stems and options in several families, and nothing is kept after it."""
    global _cache, _fields
    if _cache is not None:
        yield
        return
    _cache = {}
    try:
        yield
    finally:
        _cache = _fields = None
