"""Ids are unique across the project: the platform keys learners' results on them."""

from __future__ import annotations

import os

from qbank.diagnostics import Position, code

DUPLICATE_ID = code(
    "QB0303", "duplicate-id", "error", "id '{id}' đã được dùng cho {kind} ở {where}",
    "id '{id}' is already used by {kind} at {where}",
    "Mỗi khóa học, bài học, ngân hàng, câu hỏi và bài kiểm tra cần một id riêng; đổi id mới "
    "(chưa xuất bản) hoặc xóa bản trùng.",
    "Every course, lesson, bank, question and test needs its own id; rename the new one (if not "
    "yet published) or remove the copy.")

_KIND = {"course": "khóa học", "lesson": "bài học", "bank": "ngân hàng câu hỏi",
         "question": "câu hỏi", "final": "bài kiểm tra", "section": "phần thi"}


def _ids(project):
    """(id, kind, position) of everything that has an id, in a stable order."""
    for bank in project.banks.values():
        yield bank.id, "bank", Position(bank.path)
    for bank in project.banks.values():
        for entry in bank.questions:
            yield entry.id, "question", entry.pos("id")
    for c in project.courses:
        yield c.id, "course", c.pos("id")
        for lesson in c.lessons:
            yield lesson.id, "lesson", lesson.pos("id")
        if c.course.final:
            yield c.course.final.id, "final", c.pos("final", "id")


def _unique(project, found):
    seen = {}
    for id_, kind, pos in found:
        if id_ in seen:
            first_kind, first = seen[id_]
            where = os.path.relpath(first.path, project.root) + (f":{first.line}" if first.line
                                                                  else "")
            yield DUPLICATE_ID.at(pos, id=id_, kind=_KIND[first_kind], where=where)
        else:
            seen[id_] = (kind, pos)


def check(project):
    yield from _unique(project, _ids(project))
    for c in project.courses:
        if c.course.final:
            yield from _unique(project, ((s.id, "section", c.pos("final", "sections", i, "id"))
                                         for i, s in enumerate(c.course.final.sections)))
