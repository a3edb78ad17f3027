"""A translated lesson as readers get it: each segment translated where it can be shown, the
Vietnamese text (marked) where the translation is missing, stale or awaits review.

The marks are two characters of Unicode punctuation around the Vietnamese text of a segment,
chosen so that Markdown's emphasis rules treat them like any punctuation; the site turns them
into `<span lang="vi" class="qb-vi">` and a small "chưa dịch" label (``qbank.site.pages``).
"""

from __future__ import annotations

from dataclasses import dataclass

from qbank.resolve.project import Lesson, Variant
from qbank.translate.store import lesson_segments, load_store, store_path

MARK_OPEN, MARK_CLOSE = "\u2e18", "\u2e19"


@dataclass
class SegmentedView:
    title: str
    body: str
    shown: int        # segments shown translated
    vietnamese: int   # segments shown in Vietnamese instead


def segmented(lesson: Lesson, variant: Variant, reviewed_only: bool,
              marks: bool = True) -> SegmentedView | None:
    """The page of a translation made by `qbank translate import`, from the lesson as it is
    now; None for a translation written by hand (no segment record beside it)."""
    store, diags = load_store(store_path(variant.path))
    if store is None:
        return None
    layout, segments = lesson_segments(lesson)
    shown = vietnamese = 0
    title = lesson.meta.title

    def text_of(slot):
        nonlocal shown, vietnamese
        entry = store.shown(slot.key, reviewed_only)
        text = entry.markdown() if entry is not None else None
        if text is None:
            vietnamese += 1
        else:
            shown += 1
        return text

    body = layout.rebuild(text_of, mark=(MARK_OPEN, MARK_CLOSE) if marks else None)
    for seg in segments:
        if seg.kind == "title":
            entry = store.shown(seg.key, reviewed_only)
            text = entry.markdown() if entry is not None else None
            title = text or title
            shown += text is not None
    return SegmentedView(title, body, shown, vietnamese)
