"""Where each translation stands, segment by segment: `qbank translate status` and `qbank check`.

`qbank check` reports each segment whose Vietnamese changed after it was translated (QB0620): the
site shows that segment in Vietnamese until it is translated again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from qbank.diagnostics import Diagnostic, Position, code
from qbank.resolve.project import Project
import qbank.translate.po  # noqa: F401  (declares the import codes: one catalogue)
from qbank.translate.store import (
    FUZZY,
    MISSING,
    REVIEWED,
    STALE,
    TRANSLATED,
    lesson_segments,
    load_store,
    states,
    store_path,
)

STALE_SEGMENT = code(
    "QB0620", "translation-segment-stale", "warning",
    "đoạn này đã thay đổi sau khi được dịch sang '{lang}'; trang '{lang}' tạm hiện đoạn này "
    "bằng tiếng Việt",
    "this passage changed after it was translated into '{lang}'; the '{lang}' page shows it in "
    "Vietnamese for now",
    "Xuất tệp PO ('qbank translate export --lang {lang}'), gửi người dịch đoạn được đánh dấu "
    "fuzzy, rồi 'qbank translate import'.",
    "Export the PO file ('qbank translate export --lang {lang}'), have the fuzzy entry "
    "translated, then 'qbank translate import'.")


@dataclass
class Row:
    course: str
    lesson: str
    lang: str
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def translation_states(project: Project):
    """(course, lesson, language, [State], diagnostics) of every translation with a record."""
    for course in project.courses:
        for lesson in course.lessons:
            for kind, variant in sorted(lesson.variants.items()):
                if kind == "simple":
                    continue
                store, diags = load_store(store_path(variant.path))
                if store is None and not diags:
                    continue
                found = states(lesson_segments(lesson)[1], store) if store else []
                yield course, lesson, kind, found, diags


def check(project: Project):
    for _course, lesson, lang, found, diags in translation_states(project):
        yield from diags
        for st in found:
            if st.state == STALE:
                seg = st.segment
                yield STALE_SEGMENT.at(Position(lesson.path, seg.line, seg.col), lang=lang)


def rows(project: Project, lang: str | None = None, courses: list[str] | None = None
         ) -> tuple[list[Row], list[Diagnostic]]:
    """One row per lesson and language: segments reviewed, translated (not yet reviewed), fuzzy,
    stale, untranslated. A lesson without a translation counts as wholly untranslated for the
    language asked for."""
    out, diags = [], []
    recorded = {}
    for course, lesson, kind, found, d in translation_states(project):
        diags += d
        recorded[(lesson.id, kind)] = found
    languages = [lang] if lang else sorted({k for _, k in recorded})
    for course in project.courses:
        if courses and course.id not in courses:
            continue
        for lesson in course.lessons:
            for code_ in languages:
                found = recorded.get((lesson.id, code_))
                if found is None:
                    found = states(lesson_segments(lesson)[1], None)
                counts = {REVIEWED: 0, TRANSLATED: 0, FUZZY: 0, STALE: 0, MISSING: 0}
                seen = set()
                for st in found:
                    if st.segment.key not in seen:
                        seen.add(st.segment.key)
                        counts[st.state] += 1
                out.append(Row(course.id, lesson.id, code_, counts))
    return out, diags
