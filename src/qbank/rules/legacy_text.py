"""Text typed in a legacy Vietnamese encoding (TCVN3/ABC, VNI) and pasted as Unicode.

"Kü n¨ng sè" reads as nonsense to learners and to search; `qbank fix` converts it in place
(qbank.importers.legacy holds the tables and the detection)."""

from __future__ import annotations

from functools import lru_cache

from qbank.diagnostics import Position, code
from qbank.importers import legacy
from qbank.rules import text_forms

LEGACY_ENCODING = code(
    "QB0701", "legacy-encoding", "warning",
    "văn bản có vẻ gõ bằng bảng mã cũ {encoding}: '{text}' (đúng ra là '{fixed}')",
    "text seems typed in the legacy encoding {encoding}: '{text}' (should read '{fixed}')",
    "Chạy 'qbank fix' để chuyển sang Unicode, hoặc dùng công cụ chuyển mã của Unikey.",
    "Run 'qbank fix' to convert it to Unicode, or Unikey's converter.")


@lru_cache(maxsize=1 << 16)
def _evidence(word: str) -> bool:
    """Whether a word could be the evidence a legacy run needs: legacy._convertible converts
    nothing in a run without a word labelled evident ("E"), and only Latin-1 words join runs."""
    return bool(legacy._LATIN1.match(word)) and any(
        legacy._label(word, encoding)[0] == "E" for encoding in legacy.ENCODINGS)


def find_legacy(text: str) -> list:
    """legacy.find_legacy, skipped for text without any possible evidence. Correct Vietnamese
    is almost all such text, and its words repeat, so the per-word answer is remembered: the
    full detection otherwise took most of `qbank check`'s time on large banks."""
    if not any(_evidence(w) for w in legacy._WORD.findall(text)):
        return []
    return legacy.find_legacy(text)


def _evident_words(texts: list[str]) -> list[str]:
    """The words of `texts` that could be evidence (and perhaps a few more), found without
    reading every text with the word pattern: the answer is almost always none, and then no
    text needs reading on its own. Texts repeat their words, so the distinct pieces between
    white space are read instead, and only those outside ASCII (both encodings change only
    such words). No white space is a letter of a legacy word, so each word of a text is a
    word of one of its pieces."""
    pieces: set[str] = set()
    for i in range(0, len(texts), _CHUNK):
        pieces.update("\n".join(texts[i:i + _CHUNK]).split())
    words: set[str] = set()
    for piece in pieces:
        if not piece.isascii():
            words.update(legacy._WORD.findall(piece))
    return sorted(w for w in words if _evidence(w))


_CHUNK = 2000
_FEW = 32


def _short(text: str) -> str:
    return text if len(text) <= 50 else text[:47] + "…"


def _diag(run, pos: Position):
    return LEGACY_ENCODING.at(pos, encoding=run.encoding_name, text=_short(run.original),
                              fixed=_short(run.converted))


def check_text(text: str, where, loc: tuple):
    """One diagnostic per legacy run in a text field, at the field's position."""
    for run in find_legacy(text):
        yield _diag(run, where.pos(*loc))


def _body(path, body: str, first_line: int):
    for i, line in enumerate(body.split("\n")):
        for run in find_legacy(line):
            yield _diag(run, Position(path, first_line + i, run.start + 1))


def check(project):
    fields = text_forms.fields(project)
    bodies = list(project.bodies())
    # A text with a legacy run has a word that could be evidence (see find_legacy).
    evident = _evident_words([t for _, _, t in fields] + [body for _, body, _ in bodies])
    if not evident:
        return
    few = len(evident) <= _FEW  # then look for them in each text, else read each text
    for owner, loc, text in fields:
        if not few or any(w in text for w in evident):
            yield from check_text(text, owner, loc)
    for path, body, first_line in bodies:
        if not few or any(w in body for w in evident):
            yield from _body(path, body, first_line)
