"""Vietnamese text helpers: folding diacritics away and making ids from titles."""

from __future__ import annotations

import re
import unicodedata

_D = str.maketrans({"đ": "d", "Đ": "D"})


def fold(text: str) -> str:
    """Remove diacritics: "Kỹ năng số" → "Ky nang so" (đ becomes d)."""
    decomposed = unicodedata.normalize("NFD", text.translate(_D))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def slugify(text: str, max_len: int = 64) -> str:
    """A valid qbank id from any text: "Định danh điện tử" → "dinh-danh-dien-tu"."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(text).lower()).strip("-")
    return slug[:max_len].rstrip("-") or "x"
