"""Where each translation stands, segment by segment: `qbank translate status` and `qbank check`.

`qbank check` reports each segment whose Vietnamese changed after it was translated (QB0620): the
site shows that segment in Vietnamese until it is translated again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import qbank.translate.po  # noqa: F401  (declares the import codes: one catalogue)
import qbank.translate.xliff  # noqa: F401
from qbank.diagnostics import Diagnostic, Position, code
from qbank.resolve.project import Project
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
    """(course id or "", lesson or bank id, language, [State], diagnostics) of every translation
    with a segment record: lessons first, then question banks."""
    from qbank.translate.questions import bank_segments, bank_store_path

    for course in project.courses:
        for lesson in course.lessons:
            for kind, variant in sorted(lesson.variants.items()):
                if kind == "simple":
                    continue
                store, diags = load_store(store_path(variant.path))
                if store is None and not diags:
                    continue
                found = states(lesson_segments(lesson)[1], store) if store else []
                yield course.id, lesson.id, kind, found, diags
    folder = project.root / "question_banks"
    for bank in project.banks.values():
        prefix = f"{bank.id}."
        for path in sorted(folder.glob(f"{bank.id}.*.segments.yaml")):
            lang = path.name[len(prefix):-len(".segments.yaml")]
            if path != bank_store_path(project, bank, lang):
                continue
            store, diags = load_store(path)
            found = states(bank_segments(bank), store) if store else []
            yield "", bank.id, lang, found, diags


def check(project: Project):
    for _course, _owner, lang, found, diags in translation_states(project):
        yield from diags
        for st in found:
            if st.state == STALE:
                seg = st.segment
                yield STALE_SEGMENT.at(Position(seg.path, seg.line, seg.col), lang=lang)


def rows(project: Project, lang: str | None = None, courses: list[str] | None = None
         ) -> tuple[list[Row], list[Diagnostic]]:
    """One row per lesson (then per question bank) and language: segments reviewed, translated
    (not yet reviewed), fuzzy, stale, untranslated. A lesson or bank without a translation
    counts as wholly untranslated for the language asked for."""
    from qbank.translate.questions import bank_segments

    out, diags = [], []
    recorded = {}
    for _course, owner, kind, found, d in translation_states(project):
        diags += d
        recorded[(owner, kind)] = found
    languages = [lang] if lang else sorted({k for _, k in recorded})
    owners = []
    banks: set[str] = set()
    for course in project.courses:
        if courses and course.id not in courses:
            continue
        banks.update(e.bank for e in project.course_questions(course))
        owners += [(course.id, lesson.id, lambda lesson=lesson: lesson_segments(lesson)[1])
                   for lesson in course.lessons]
    owners += [("", bank.id, lambda bank=bank: bank_segments(bank))
               for bank in project.banks.values() if not courses or bank.id in banks]
    for course_id, owner, segments in owners:
        for code_ in languages:
            found = recorded.get((owner, code_))
            if found is None:
                found = states(segments(), None)
            counts = {REVIEWED: 0, TRANSLATED: 0, FUZZY: 0, STALE: 0, MISSING: 0}
            seen = set()
            for st in found:
                if st.segment.key not in seen:
                    seen.add(st.segment.key)
                    counts[st.state] += 1
            out.append(Row(course_id, owner, code_, counts))
    return out, diags
