"""Text typed in a legacy Vietnamese encoding (TCVN3/ABC, VNI) and pasted as Unicode.

"Kü n¨ng sè" reads as nonsense to learners and to search; `qbank fix` converts it in place
(qbank.importers.legacy holds the tables and the detection)."""

from __future__ import annotations

from functools import lru_cache

from qbank.diagnostics import Position, code
from qbank.importers import legacy

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
    for owner, loc, text in project.text_fields():
        yield from check_text(text, owner, loc)
    for path, body, first_line in project.bodies():
        yield from _body(path, body, first_line)
