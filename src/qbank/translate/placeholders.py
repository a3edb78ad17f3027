"""Links, images and code inside a segment become numbered placeholders for translators.

A translator moves `<1>…</1>` around the words of a link (and translates those words) and keeps
`{2}` (a code span or an address) as it is; the link target, the image path and the code never
reach the PO file, so they cannot be broken there. Bold and italic stay as `**…**` and `*…*`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

TOKEN = re.compile(r"\{(\d+)\}|<(/?)(\d+)>")
_AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>@]+)>")


@dataclass
class Protected:
    """A segment's text as translators see it, and what each placeholder stands for."""

    text: str
    whole: dict[int, str] = field(default_factory=dict)              # {n} → source text
    paired: dict[int, tuple[str, str]] = field(default_factory=dict)  # <n>…</n> → (open, close)


def protect(source: str) -> Protected:
    out = Protected("")
    out.text = _scan(source, out, [0])
    return out


def _scan(text: str, out: Protected, counter: list[int]) -> str:
    parts: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "\\" and i + 1 < n:
            m = TOKEN.match(text, i + 1)
            if m:  # "\{1}" in the source: kept whole, or restore() would replace its "{1}"
                counter[0] += 1
                out.whole[counter[0]] = text[i:m.end()]
                parts.append(f"{{{counter[0]}}}")
                i = m.end()
                continue
            parts.append(text[i:i + 2])
            i += 2
            continue
        if c == "`":
            run = len(text[i:]) - len(text[i:].lstrip("`"))
            close = text.find("`" * run, i + run)
            while close >= 0 and text[close + run:close + run + 1] == "`":
                close = text.find("`" * run, close + run + 1)
            if close >= 0:
                counter[0] += 1
                out.whole[counter[0]] = text[i:close + run]
                parts.append(f"{{{counter[0]}}}")
                i = close + run
                continue
            parts.append(text[i:i + run])
            i += run
            continue
        if c in "{<":
            # An autolink, or text that looks like a placeholder: kept whole, so that a
            # translator's placeholders are never confused with the source's own characters.
            m = _AUTOLINK.match(text, i) if c == "<" else None
            m = m or TOKEN.match(text, i)
            if m:
                counter[0] += 1
                out.whole[counter[0]] = m.group(0)
                parts.append(f"{{{counter[0]}}}")
                i = m.end()
                continue
        if c == "[" or (c == "!" and text[i + 1:i + 2] == "["):
            start = i + (2 if c == "!" else 1)
            end = _bracket_end(text, start)
            if end is not None:
                tail = _link_tail(text, end + 1)
                if tail is not None:
                    counter[0] += 1
                    number = counter[0]
                    inner = _scan(text[start:end], out, counter)
                    out.paired[number] = (text[i:start], text[end:tail])
                    parts.append(f"<{number}>{inner}</{number}>")
                    i = tail
                    continue
        parts.append(c)
        i += 1
    return "".join(parts)


def _bracket_end(text: str, start: int) -> int | None:
    """Index of the `]` closing the bracket opened just before `start`."""
    depth, i = 1, start
    while i < len(text):
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "`":
            run = len(text[i:]) - len(text[i:].lstrip("`"))
            close = text.find("`" * run, i + run)
            i = close + run if close >= 0 else i + run
            continue
        if c == "[":
            depth += 1
        elif c == "]":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return None


def _link_tail(text: str, i: int) -> int | None:
    """End of `(destination "title")` or `[label]` after a link's text, None if neither."""
    if text[i:i + 1] == "[":
        end = text.find("]", i + 1)
        return end + 1 if end >= 0 else None
    if text[i:i + 1] != "(":
        return None
    depth, j = 1, i + 1
    angle = False
    while j < len(text):
        c = text[j]
        if c == "\\":
            j += 2
            continue
        if c == "<" and not angle:
            angle = True
        elif c == ">" and angle:
            angle = False
        elif c == '"' and not angle:
            close = text.find('"', j + 1)
            if close < 0:
                return None
            j = close
        elif not angle and c == "(":
            depth += 1
        elif not angle and c == ")":
            depth -= 1
            if depth == 0:
                return j + 1
        j += 1
    return None


def tokens(text: str) -> Counter:
    """The placeholders of a text, as a multiset of '{n}', '<n>' and '</n>'."""
    return Counter(m.group(0) for m in TOKEN.finditer(text))


def problems(protected: Protected, translation: str) -> dict[str, list[str]]:
    """What is wrong with the placeholders of a translation: those `missing` (or fewer times than
    in the source), `extra` (unknown or repeated), and pairs `reversed` (`</n>` before `<n>`).
    Empty when the translation can be restored."""
    want, got = tokens(protected.text), tokens(translation)
    out: dict[str, list[str]] = {}
    for tok in sorted(want.keys() | got.keys(), key=_order):
        if got[tok] < want[tok]:
            out.setdefault("missing", []).append(tok)
        elif got[tok] > want[tok]:
            out.setdefault("extra", []).append(tok)
    if not out:
        for number in sorted(protected.paired):
            if translation.find(f"</{number}>") < translation.find(f"<{number}>"):
                out.setdefault("reversed", []).append(f"<{number}>…</{number}>")
    return out


def _order(tok: str) -> tuple[int, int]:
    return int(re.sub(r"\D", "", tok)), 1 if tok.startswith("</") else 0


def describe(found: dict[str, list[str]]) -> tuple[str, str]:
    """(Vietnamese, English) list of placeholder problems for a diagnostic."""
    words = {"missing": ("thiếu", "missing"), "extra": ("thừa", "extra"),
             "reversed": ("đóng trước khi mở", "closed before opened")}
    vi = "; ".join(f"{words[k][0]} {', '.join(v)}" for k, v in found.items())
    en = "; ".join(f"{words[k][1]} {', '.join(v)}" for k, v in found.items())
    return vi, en


def restore(protected: Protected, translation: str) -> str:
    """The translation with every placeholder put back as the source's Markdown."""
    def put(m: re.Match) -> str:
        if m.group(1) is not None:
            return protected.whole.get(int(m.group(1)), m.group(0))
        number = int(m.group(3))
        if number not in protected.paired:
            return m.group(0)
        return protected.paired[number][1 if m.group(2) else 0]
    return TOKEN.sub(put, translation)
