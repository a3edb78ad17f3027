"""Vietnamese search that ignores diacritics: "lua dao" finds "lừa đảo".

The theme's search (lunr) matches words exactly. After mkdocs-material writes its index, every
entry gets a ``folded`` field: the words of its title and text without diacritics (đ → d), and
the other tone placement of oa/oe/uy words ("hoá" for "hóa"), each word once. The field is
searched with a lower boost than the real text, so an exact match still ranks first. Lunr's
trimmer and stemmer are left out: they cut Vietnamese syllables ("kỹ" → "k").
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

from qbank.vietnamese import fold

FIELD = "folded"
BOOST = 0.5
# Split on white space and punctuation (Vietnamese words are syllables separated by spaces).
SEPARATOR = r"[\s\-–—,.:;!?\"'“”‘’()\[\]{}/\\|…*_+=<>#&%@~`^$]+"
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_PAIRS = ("oa", "oe", "uy")


def search_config(config) -> None:
    """Set the theme's search plugin up for Vietnamese (before its own on_config reads it)."""
    config.fields.setdefault(FIELD, {"boost": BOOST})
    config.separator = config.separator or SEPARATOR
    config.pipeline = []


def other_tone_placement(word: str) -> str | None:
    """'hóa' ↔ 'hoá', 'thủy' ↔ 'thuỷ', 'khỏe' ↔ 'khoẻ' (open syllables only), else None."""
    nfd = unicodedata.normalize("NFD", word)
    base = "".join(c for c in nfd if c not in _TONES)
    tones = [c for c in nfd if c in _TONES]
    low = base.lower()
    if len(tones) != 1 or not low.endswith(_PAIRS) or (low.endswith("uy") and
                                                         low.endswith("quy")):
        return None
    # Position of the tone in `nfd`: after the first or the second vowel of the pair.
    first, second = len(base) - 2, len(base) - 1
    at = next(i for i, c in enumerate(nfd) if c in _TONES)
    before = len([c for c in nfd[:at] if c not in _TONES])  # base letters before the tone
    if before - 1 == first:
        target = second
    elif before - 1 == second:
        target = first
    else:
        return None
    chars = list(base)
    chars[target] = chars[target] + tones[0]
    return unicodedata.normalize("NFC", "".join(chars))


def folded_words(text: str) -> str:
    """The field's content: each folded word and each other tone placement once, in order."""
    text = unicodedata.normalize("NFC", text).lower()
    seen: dict[str, None] = {}
    for word in _WORD.findall(text):
        plain = fold(word)
        if plain != word:
            seen.setdefault(plain)
        alt = other_tone_placement(word)
        if alt:
            seen.setdefault(alt)
    return " ".join(seen)


_TAGS = re.compile(r"<[^>]+>")


def add_folded_field(index_path: Path) -> None:
    """Rewrite mkdocs-material's search_index.json with the folded field in every entry."""
    data = json.loads(index_path.read_text(encoding="utf-8"))
    for doc in data.get("docs", []):
        text = _TAGS.sub(" ", doc.get("title", "") + " " + doc.get("text", ""))
        doc[FIELD] = folded_words(text)
    config = data.setdefault("config", {})
    config.setdefault("fields", {}).setdefault(FIELD, {"boost": BOOST})
    tmp = index_path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                   encoding="utf-8")
    tmp.replace(index_path)
