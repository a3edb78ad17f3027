"""A lesson body cut into translatable segments, and put back together around translations.

markdown-it-py (already qbank's parser) gives every block its source lines; a segment is the
text of one heading, paragraph, list item paragraph or table cell, found on those lines. Every
character outside the segments (front matter, blank lines, `#` and list markers, indentation,
`>` quotes, table pipes and the delimiter row, code blocks, link definitions) is layout, kept
byte for byte: a lesson rebuilt from its own segments is the same file.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from qbank.render.markdown import parser
from qbank.translate.placeholders import TOKEN, protect

HEADING, PARAGRAPH, ITEM, CELL, TITLE, SUMMARY = (
    "heading", "paragraph", "item", "cell", "title", "summary")
SINGLE_LINE = {HEADING, CELL, TITLE, SUMMARY}


def text_hash(text: str) -> str:
    """12 hex digits of the SHA-256 of a segment's Vietnamese text: its identity."""
    return hashlib.sha256(unicodedata.normalize("NFC", text).encode("utf-8")).hexdigest()[:12]


@dataclass
class Slot:
    """One segment's place in the body: its text's ranges (one per source line) and kind."""

    kind: str
    ranges: list[tuple[int, int]]   # (start, end) offsets in the body, one per line
    text: str
    line: int                       # 1-based line in the body
    col: int                        # 1-based column

    @property
    def key(self) -> str:
        return f"{self.kind}:{text_hash(self.text)}"


@dataclass
class Layout:
    body: str
    slots: list[Slot]

    def rebuild(self, text_of: Callable[[Slot], str | None],
                mark: tuple[str, str] | None = None) -> str:
        """The body with each slot's text replaced by `text_of(slot)`; a slot for which it
        returns None keeps its source text, wrapped in `mark` (open, close) when given."""
        out, cursor = [], 0
        for slot in self.slots:
            out.append(self.body[cursor:slot.ranges[0][0]])
            new = text_of(slot)
            if new is None:
                text = self._fill(slot, slot.text.split("\n"))
                out.append(f"{mark[0]}{text}{mark[1]}" if mark else text)
            else:
                if slot.kind in SINGLE_LINE and len(slot.ranges) == 1:
                    new = " ".join(part.strip() for part in new.split("\n"))
                out.append(self._fill(slot, new.split("\n")))
            cursor = slot.ranges[-1][1]
        out.append(self.body[cursor:])
        return "".join(out)

    def _fill(self, slot: Slot, lines: list[str]) -> str:
        seps = [self.body[a[1]:b[0]] for a, b in zip(slot.ranges, slot.ranges[1:], strict=False)]
        if not seps:
            line_start = self.body.rfind("\n", 0, slot.ranges[0][0]) + 1
            prefix = self.body[line_start:slot.ranges[0][0]]
            seps = ["\n" + re.sub(r"[^>\s]", " ", prefix)]
        out = [lines[0]]
        for i, line in enumerate(lines[1:]):
            out.append(seps[min(i, len(seps) - 1)] + line)
        return "".join(out)


def translatable(text: str) -> bool:
    """Whether a segment has words to translate (not only numbers, code or an image)."""
    bare = TOKEN.sub("", protect(text).text)
    return any(ch.isalpha() for ch in bare)


def cut(body: str) -> Layout:
    lines = body.split("\n")
    starts, offset = [], 0
    for line in lines:
        starts.append(offset)
        offset += len(line) + 1
    slots: list[Slot] = []
    containers: list[str] = []
    tokens = parser().parse(body)
    kind = None
    for i, tok in enumerate(tokens):
        if tok.type in ("list_item_open", "blockquote_open"):
            containers.append(tok.type)
        elif tok.type in ("list_item_close", "blockquote_close"):
            containers.pop()
        elif tok.type == "heading_open":
            kind = HEADING
        elif tok.type == "paragraph_open":
            kind = ITEM if containers and containers[-1] == "list_item_open" else PARAGRAPH
        elif tok.type == "tr_open" and tok.map:
            slots.extend(_cells(tokens, i, lines, starts))
        elif tok.type == "inline" and kind and tok.map:
            slot = _block(kind, tok.content, tok.map, lines, starts,
                          atx=kind == HEADING and tokens[i - 1].markup.startswith("#"))
            if slot is not None:
                slots.append(slot)
            kind = None
    slots = [s for s in slots if translatable(s.text)]
    slots.sort(key=lambda s: s.ranges[0][0])
    return Layout(body, slots)


def _block(kind, content, span, lines, starts, atx) -> Slot | None:
    parts = content.split("\n")
    first, last = span  # a setext heading's inline span leaves out its underline
    if len(parts) != last - first:
        return None
    ranges = []
    for k, part in enumerate(parts):
        line = lines[first + k]
        if atx:
            hashes = line.index("#")
            while hashes < len(line) and line[hashes] == "#":
                hashes += 1
            start = line.find(part, hashes)
        elif k < len(parts) - 1 and line.endswith(part):
            start = len(line) - len(part)
        else:
            start = len(line.rstrip(" \t")) - len(part)
        if start < 0 or line[start:start + len(part)] != part or not part:
            return None
        ranges.append((starts[first + k] + start, starts[first + k] + start + len(part)))
    first_col = ranges[0][0] - starts[first] + 1
    return Slot(kind, ranges, content, first + 1, first_col)


def _cells(tokens, i, lines, starts) -> list[Slot]:
    row = tokens[i].map[0]
    cells = [t for t in _row_tokens(tokens, i) if t.type == "inline"]
    line = lines[row]
    bounds = [-1] + [m.start() for m in re.finditer(r"(?<!\\)\|", line)] + [len(line)]
    raw = [(bounds[k] + 1, bounds[k + 1]) for k in range(len(bounds) - 1)]
    if raw and not line[:raw[0][1]].strip(" \t>"):
        raw = raw[1:]
    if raw and not line[raw[-1][0]:raw[-1][1]].strip():
        raw = raw[:-1]
    out = []
    for (a, b), tok in zip(raw, cells, strict=False):
        text = line[a:b].strip(" \t")
        if not text or not tok.content:
            continue
        start = a + (len(line[a:b]) - len(line[a:b].lstrip(" \t")))
        out.append(Slot(CELL, [(starts[row] + start, starts[row] + start + len(text))], text,
                        row + 1, start + 1))
    return out


def _row_tokens(tokens, i):
    for tok in tokens[i + 1:]:
        if tok.type == "tr_close":
            return
        yield tok
