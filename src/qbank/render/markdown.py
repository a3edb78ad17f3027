"""The one configured Markdown parser: CommonMark plus tables, raw HTML never passed through."""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    return md


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
            for n in range(first, min(last, len(lines))):
                found = lines[n].find(src)
                if found >= 0:
                    line, col = n, found
                    break
            out.append((src, line, col))
    return out
