"""Text and attribute values escaped exactly as libxml2 (lxml) writes them.

Writers that build their most common files as strings (QTI items, Open edX problems) use these,
so that their bytes are the ones lxml would write for the same tree (tests compare both).
"""

from __future__ import annotations

import re

_ATTR_SPECIAL = re.compile('[&<>"\n\r\t]')
_ATTR_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
                               "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def escape_attr(s: str) -> str:
    return s.translate(_ATTR_ESCAPES) if _ATTR_SPECIAL.search(s) else s


def escape_text(s: str) -> str:
    if "&" in s:
        s = s.replace("&", "&amp;")
    if "<" in s:
        s = s.replace("<", "&lt;")
    if ">" in s:
        s = s.replace(">", "&gt;")
    if "\r" in s:
        s = s.replace("\r", "&#13;")
    return s
