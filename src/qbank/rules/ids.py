"""Ids are unique across the project: the platform keys learners' results on them."""

from __future__ import annotations

import os

from qbank.diagnostics import code
from qbank.release import item_hash, read_lock

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


def _released_hashes(project) -> set[str]:
    lock, _ = read_lock(project.root)
    return {item["hash"] for course in (lock or {}).get("courses", {}).values()
            for item in course.get("items", {}).values() if isinstance(item, dict)}


def _is_newer(project, a, b, released) -> bool:
    """Whether `a` is the copy written after `b`: the error belongs on the new one, not on
    the question learners may already have answered. A released question (its hash is in
    qbank.lock) is the old one; otherwise the file changed last is the new one."""
    def was_released(x):
        q = getattr(x, "q", None)
        return q is not None and item_hash(q) in released

    if was_released(a) != was_released(b):
        return was_released(b)
    try:
        ta, tb = os.stat(a.path).st_mtime_ns, os.stat(b.path).st_mtime_ns
    except OSError:
        return True
    return ta >= tb


def check(project):
    seen = {}
    released = None
    for key, kind, located, loc in _ids(project):
        if key not in seen:
            seen[key] = (kind, located, loc)
            continue
        first_kind, first, first_loc = seen[key]
        if kind == first_kind == "question":
            released = _released_hashes(project) if released is None else released
            if not _is_newer(project, located, first, released):
                (first_kind, first, first_loc), (kind, located, loc) = \
                    (kind, located, loc), (first_kind, first, first_loc)
        first_pos = first.pos(*first_loc)
        where = f"{os.path.relpath(first_pos.path, project.root)}:{first_pos.line}"
        id_ = key[1] if isinstance(key, tuple) else key
        yield DUPLICATE_ID.at(located.pos(*loc), id=id_, kind=_KIND[first_kind], where=where)
