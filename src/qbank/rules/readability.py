"""Readability of simplified Vietnamese: sentences short enough for their readers.

The limit (words per sentence) is `readability.max_words` in qbank.yaml, with a stricter value
per audience under `readability.audiences` (e.g. 15 for ethnic-minority readers).
"""

from __future__ import annotations

import re

from qbank.diagnostics import Position, code

LONG_SENTENCE = code(
    "QB0604", "sentence-too-long", "warning",
    "câu có {words} từ, quá giới hạn {limit} từ của bản giản lược",
    "sentence of {words} words, over the {limit}-word limit for simplified text",
    "Tách thành hai câu ngắn, mỗi câu một ý.", "Split it into two short sentences, one idea each.")

_MARKUP = re.compile(r"!\[[^\]]*\]\([^)]*\)|\[([^\]]*)\]\([^)]*\)|[*_`>#]|^\s*(?:[-+*]|\d+[.)])\s")
_END = re.compile(r"(?<=[.!?…:;])\s+")


def sentences(body: str, first_line: int):
    """(line, col, text) of each sentence of a Markdown body; list items and headings end one."""
    fenced = False
    for i, raw in enumerate(body.split("\n")):
        if raw.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if fenced or not raw.strip() or raw.lstrip().startswith("|"):
            continue
        start = 0
        for part in _END.split(raw):
            col = raw.find(part, start)
            start = col + len(part)
            text = _MARKUP.sub(lambda m: m.group(1) or " ", part).strip()
            if text:
                yield first_line + i, col + 1, text


def limit_for(config, audience: str) -> int:
    r = config.readability
    return r.audiences.get(audience, r.max_words)


def check(project):
    if project.config is None:
        return
    for c in project.courses:
        limit = limit_for(project.config, c.course.audience)
        for lesson in c.lessons:
            simple = lesson.variants.get("simple")
            if simple is None:
                continue
            for line, col, text in sentences(simple.body, simple.body_line):
                words = len(text.split())
                if words > limit:
                    yield LONG_SENTENCE.at(Position(simple.path, line, col), words=words,
                                           limit=limit)
