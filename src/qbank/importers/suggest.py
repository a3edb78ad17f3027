"""`qbank import --skill auto`: a skill code suggested for a question from the framework's word
list (package data `<framework>.words.yaml`, documented in docs/importing.md).

Deterministic on purpose: a reviewer must be able to see why a code was chosen, so the words
that matched and a confidence come with every suggestion, and the question stays a draft.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from qbank.vietnamese import fold

CONFIDENCE_VI = {"high": "cao", "medium": "trung bình", "low": "thấp"}


@dataclass(frozen=True)
class Suggestion:
    code: str
    score: int
    words: tuple[str, ...]  # the list's words that matched, as written in the list
    confidence: str  # high | medium | low


def _tokens(text: str) -> str:
    return " " + " ".join(re.findall(r"[a-z0-9]+", fold(text).lower())) + " "


def words_path(framework_id: str) -> Path:
    return Path(str(resources.files("qbank.framework") / "data" / f"{framework_id}.words.yaml"))


@lru_cache(maxsize=8)
def word_list(framework_id: str) -> dict[str, tuple[str, ...]] | None:
    """Item code → its words, in the file's order; None when the framework has no list."""
    path = words_path(framework_id)
    if not path.is_file():
        return None
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(c): tuple(str(w) for w in words or ()) for c, words in
            (data.get("items") or {}).items()}


@lru_cache(maxsize=8)
def _folded(framework_id: str) -> dict[str, tuple[tuple[str, str, int], ...]]:
    """Item code → (word as listed, folded " word ", its number of words), computed once."""
    return {code: tuple((w, _tokens(w), len(_tokens(w).split())) for w in words
                        if _tokens(w).strip())
            for code, words in (word_list(framework_id) or {}).items()}


def score(text: str, words: tuple[str, ...]) -> tuple[int, tuple[str, ...]]:
    """Points of one item for `text`: each listed phrase found whole adds its number of words."""
    return _score(_tokens(text), tuple((w, _tokens(w), len(_tokens(w).split())) for w in words
                                       if _tokens(w).strip()))


def _score(haystack: str, words) -> tuple[int, tuple[str, ...]]:
    hits = [(w, n) for w, folded, n in words if folded in haystack]
    return sum(n for _, n in hits), tuple(w for w, _ in hits)


def suggest(text: str, framework_id: str, codes: list[str] | None = None) -> Suggestion | None:
    """The best item for `text` (ties: the item listed first), or None when no word matches.
    `codes` limits the candidates (the framework's items, in its order)."""
    lists = _folded(framework_id)
    order = codes if codes is not None else list(lists)
    haystack = _tokens(text)
    scored = []
    for code in order:
        points, hits = _score(haystack, lists.get(code, ()))
        if points:
            scored.append((points, code, hits))
    if not scored:
        return None
    best = max(scored, key=lambda s: s[0])  # max keeps the first of equal scores
    second = max((s[0] for s in scored if s is not best), default=0)
    points, code, hits = best
    if points >= 4 and points >= 2 * second:
        confidence = "high"
    elif points >= 2 and points > second:
        confidence = "medium"
    else:
        confidence = "low"
    return Suggestion(code, points, hits, confidence)


def question_text(q: dict) -> str:
    """The words of a question that say what it is about: stem, options, items, feedback."""
    parts = [q.get("stem") or "", q.get("feedback") or ""]
    parts += [o.get("text", "") for o in q.get("options") or [] if isinstance(o, dict)]
    parts += [str(v) for k in ("answers", "items", "distractors") for v in q.get(k) or []]
    parts += [f"{p.get('left', '')} {p.get('right', '')}" for p in q.get("pairs") or []
              if isinstance(p, dict)]
    return "\n".join(parts)
