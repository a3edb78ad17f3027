"""The one configured Markdown parser: CommonMark plus tables, raw HTML never passed through."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import unquote

from markdown_it import MarkdownIt


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    return md


# One line of text in which no character can start Markdown syntax: most option texts. Its
# rendering is known without parsing (tests compare it with the parser on random texts).
_SPECIAL = r"\\`*_\[\]<>!&~\n\r\t\x00"
_PLAIN = re.compile(f"[^{_SPECIAL}]+")
_BLOCK_START = "#=+-|"  # a heading, list or table could start with these
_SYNTAX = re.compile(f"[{_SPECIAL.replace('*', '')}]")  # all but emphasis


# *em* and **strong** around plain words, opened after a space (or at the start) and closed
# before a space, the end or ASCII punctuation: CommonMark's flanking rules always pair these.
_WORDS = r"[^\s*\\`_\[\]<>!&~\x00](?:[^*\\`_\[\]<>!&~\n\r\t\x00]*[^\s*\\`_\[\]<>!&~\x00])?"
_SPAN = re.compile(rf"(?:^|(?<= ))(\*{{1,2}})({_WORDS})\1(?=$|[ .,;:?)\"'])")
_TAGS = {"*": "em", "**": "strong"}


def plain_html(text: str, quote: bool = True) -> str | None:
    """markdown-it's HTML for `text` when it is one paragraph of plain words, with at most
    simple *em* / **strong** spans; None for anything else. `quote=False` leaves quotes as they
    are, as XML serialisers write text."""
    if not text or text != text.strip() or text[0].isdigit() or text[0] in _BLOCK_START:
        return None
    if "*" not in text:  # most option texts: no span to look for
        if not _PLAIN.fullmatch(text):
            return None
        html = text
    else:
        out, end = [], 0
        for m in [*_SPAN.finditer(text), None]:
            gap = text[end:m.start() if m else len(text)]
            if gap and not _PLAIN.fullmatch(gap):
                return None
            out.append(gap)
            if m:
                tag = _TAGS[m.group(1)]
                out.append(f"<{tag}>{m.group(2)}</{tag}>")
                end = m.end()
        html = "".join(out)
    if quote and '"' in html:  # the only character plain words share with HTML syntax
        html = html.replace('"', "&quot;")
    return f"<p>{html}</p>\n"


def plain_words(texts: list[str]) -> bool:
    """A quick test, without rendering, that the texts are words with at most emphasis: most of
    them then take plain_html()'s shortcut (rendering them is cheaper than caching them)."""
    return not _SYNTAX.search("".join(texts)) and not any(
        t[:1] in _BLOCK_START or t[:1].isdigit() or t[:1] == ">" or t[:1].isspace()
        or t[-1:].isspace() for t in texts)


def render(text: str) -> str:
    """HTML of a Markdown text (raw HTML escaped, never passed through)."""
    return plain_html(text) or parser().render(text)


def image_refs(body: str) -> list[tuple[str, int, int]]:
    """(src, 0-based line, 0-based column) of every image in a Markdown text."""
    lines = body.split("\n")
    out = []
    for block in parser().parse(body):
        if block.type != "inline" or not block.children:
            continue
        first, last = block.map or (0, len(lines))
        for tok in block.children:
            if tok.type != "image":
                continue
            src = tok.attrGet("src") or ""
            line, col = first, 0
            # The parser percent-encodes the URL; the source has it as typed.
            written = unquote(src)
            for n in range(first, min(last, len(lines))):
                found = lines[n].find(written)
                if found < 0:
                    found = lines[n].find(src)
                if found >= 0:
                    line, col = n, found
                    break
            out.append((src, line, col))
    return out
