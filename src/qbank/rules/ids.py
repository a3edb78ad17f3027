"""Ids are unique across the project: the platform keys learners' results on them."""

from __future__ import annotations

import os

from qbank.diagnostics import code

DUPLICATE_ID = code(
    "QB0303", "duplicate-id", "error", "id '{id}' đã được dùng cho {kind} ở {where}",
    "id '{id}' is already used by {kind} at {where}",
    "Mỗi khóa học, bài học, câu hỏi và bài kiểm tra cần một id riêng; đổi id mới "
    "(chưa xuất bản) hoặc xóa bản trùng.",
    "Every course, lesson, question and test needs its own id; rename the new one (if not "
    "yet published) or remove the copy.")

_KIND = {"course": "khóa học", "lesson": "bài học", "question": "câu hỏi", "final": "bài kiểm tra", "section": "phần thi"}


def _ids(project):
    """(id, kind, located, data path) of everything whose id becomes a package identifier.

    Bank ids are folder names, unique by construction, and never become package identifiers.
    """
    for bank in project.banks.values():
        for entry in bank.questions:
            yield entry.id, "question", entry, ("id",)
    for c in project.courses:
        yield c.id, "course", c, ("id",)
        for lesson in c.lessons:
            yield lesson.id, "lesson", lesson, ("id",)
        if c.course.final:
            yield c.course.final.id, "final", c, ("final", "id")
            for i, s in enumerate(c.course.final.sections):
                # Section ids only need to be unique within their test.
                yield (c.id, s.id), "section", c, ("final", "sections", i, "id")


def check(project):
    seen = {}
    for key, kind, located, loc in _ids(project):
        if key not in seen:
            seen[key] = (kind, located, loc)
            continue
        first_kind, first, first_loc = seen[key]
        first_pos = first.pos(*first_loc)
        where = f"{os.path.relpath(first_pos.path, project.root)}:{first_pos.line}"
        id_ = key[1] if isinstance(key, tuple) else key
        yield DUPLICATE_ID.at(located.pos(*loc), id=id_, kind=_KIND[first_kind], where=where)
