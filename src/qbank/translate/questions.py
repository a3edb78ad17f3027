"""Questions in another language: the same ids, keys and scoring, with translated texts.

A bank's translations live in `question_banks/<bank>.<code>.segments.yaml` (beside the bank's
folder, so the bank loader never mistakes them for questions), one segment per text: stem,
feedback, each option and its feedback, each ordering item, each side of a matching pair, each
distractor. The answers of a text-entry question are its key and stay as written.
`qbank build --lang CODE` exports the packages with the reviewed translations
(``translated_project``); everything else stays Vietnamese.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from qbank.resolve.project import Bank, Project, QuestionEntry
from qbank.translate.segments import translatable
from qbank.translate.store import Segment, Store, load_store
from qbank.translate.view import segmented


def bank_store_path(project: Project, bank: Bank, lang: str) -> Path:
    return project.root / "question_banks" / f"{bank.id}.{lang}.segments.yaml"


def field_name(loc: tuple) -> str:
    return ".".join(str(part) for part in loc)


def question_segments(entry: QuestionEntry) -> list[Segment]:
    out = []
    for loc, text in entry.q.texts():
        if loc[0] == "answers" or not text or not translatable(text):
            continue
        pos = entry.pos(*loc)
        out.append(Segment(f"{entry.id}:{field_name(loc)}", text, pos.line or 1, pos.col or 1,
                           path=pos.path))
    return out


def bank_segments(bank: Bank) -> list[Segment]:
    return [seg for entry in bank.questions for seg in question_segments(entry)]


def translated_question(entry: QuestionEntry, store: Store, reviewed_only: bool = True):
    """A copy of the question with each text whose translation may be shown replaced."""
    q = entry.q.model_copy(deep=True)
    for seg in question_segments(entry):
        found = store.shown(seg.key, reviewed_only)
        text = found.markdown() if found is not None else None
        if text is None:
            continue
        loc = seg.kind.split(":", 1)[1].split(".")
        target = q
        for part in loc[:-1]:
            target = target[int(part)] if part.isdigit() else getattr(target, part)
        last = loc[-1]
        if last.isdigit():
            target[int(last)] = text
        else:
            setattr(target, last, text)
    return q


def translated_project(project: Project, lang: str, reviewed_only: bool = True) -> Project:
    """The project as learners of `lang` get it: reviewed translations of lessons and questions,
    Vietnamese elsewhere; ids, keys, scoring and structure unchanged."""
    banks = {}
    for bank_id, bank in project.banks.items():
        store, _ = load_store(bank_store_path(project, bank, lang))
        questions = [dataclasses.replace(e, q=translated_question(e, store, reviewed_only))
                     if store is not None else e for e in bank.questions]
        banks[bank_id] = dataclasses.replace(bank, questions=questions)
    courses = []
    for course in project.courses:
        lessons = []
        for lesson in course.lessons:
            variant = lesson.variants.get(lang)
            view = segmented(lesson, variant, reviewed_only, marks=False) if variant else None
            if view is not None and view.shown:
                meta = lesson.meta.model_copy(update={"title": view.title})
                lesson = dataclasses.replace(lesson, meta=meta, body=view.body)
            lessons.append(lesson)
        meta = course.course.model_copy(update={"language": lang})
        courses.append(dataclasses.replace(course, course=meta, lessons=lessons))
    return dataclasses.replace(project, banks=banks, courses=courses)
