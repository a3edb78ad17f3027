"""Released items keep their meaning: see qbank.release (`qbank release`, qbank.lock)."""

from __future__ import annotations

import difflib

from qbank.diagnostics import Position, code
from qbank.release import LOCK_FILE, item_hash, read_lock
from qbank.resolve.project import Project

CHANGED = code(
    "QB0520", "released-item-changed", "error",
    "câu hỏi '{id}' đã phát hành (khóa học {course} {release}) nhưng câu dẫn, phương án hoặc đáp án "
    "đã thay đổi",
    "question '{id}' was released ({course} {release}) but its stem, options or key changed",
    "Kết quả học tập trên nền tảng gắn với id này: tạo câu hỏi mới với id mới, hoặc tăng "
    "'version: {next}' nếu đây là chỉnh sửa có chủ ý.",
    "Learners' results are tied to this id: create a new question with a new id, or set "
    "'version: {next}' if the change is deliberate.")
REMOVED = code(
    "QB0521", "released-item-removed", "warning",
    "câu hỏi '{id}' đã phát hành trong khóa học {course} nhưng không còn trong ngân hàng",
    "question '{id}' was released in course {course} but is no longer in any bank",
    "Nền tảng vẫn giữ kết quả cũ; nếu cố ý bỏ câu này, chạy lại 'qbank release'.",
    "The platform keeps past results; if the removal is deliberate, run 'qbank release' again.")
ID_CHANGED = code(
    "QB0320", "released-id-changed", "error",
    "id '{new}' giống câu hỏi đã phát hành '{id}' (khóa học {course}) đã biến mất: có phải id bị "
    "sửa nhầm?",
    "id '{new}' looks like released question '{id}' (course {course}), which is gone: was the "
    "id changed by mistake?",
    "Kết quả học tập trên nền tảng gắn với id: trả lại 'id: {id}'. Đừng chạy 'qbank release' "
    "để hợp thức hóa việc đổi id.",
    "Learners' results on the platform are tied to the id: put back 'id: {id}'. Do not run "
    "'qbank release' to make the change stick.")

def _renamed(project: Project, qid: str, locked: dict, lock: dict):
    """The question that is `qid` under a new id: same content, or a close id not released."""
    released = {q for c in lock["courses"].values() for q in c.get("items", {})}
    candidates = [e for e in project.questions.values() if e.id not in released]
    for entry in candidates:
        if item_hash(entry.q) == locked.get("hash"):
            return entry
    close = difflib.get_close_matches(qid, [e.id for e in candidates], n=1, cutoff=0.8)
    return project.questions[close[0]] if close else None


def _lock_position(root, qid: str) -> Position:
    """The line of qbank.lock that records `qid` (its first course)."""
    try:
        lines = (root / LOCK_FILE).read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        lines = []
    needle = f'"{qid}":'
    for n, line in enumerate(lines, 1):
        if line.strip().startswith(needle):
            return Position(root / LOCK_FILE, n, line.index(needle) + 1)
    return Position(root / LOCK_FILE, 1, 1)


def check(project: Project):
    lock, diags = read_lock(project.root)
    yield from diags
    if lock is None:
        return
    reported: set[str] = set()
    for course_id, course in sorted(lock["courses"].items()):
        for qid, locked in sorted(course.get("items", {}).items()):
            if qid in reported:
                continue
            entry = project.questions.get(qid)
            if entry is None:
                reported.add(qid)
                if qid in project.failed_questions:
                    continue  # still there, with an error reported where it is
                renamed = _renamed(project, qid, locked, lock)
                if renamed is not None:
                    yield ID_CHANGED.at(renamed.pos("id"), id=qid, new=renamed.id,
                                        course=course_id)
                    continue
                yield REMOVED.at(_lock_position(project.root, qid), id=qid, course=course_id)
            elif entry.q.version <= locked.get("version", 1) and item_hash(entry.q) != locked["hash"]:
                reported.add(qid)
                yield CHANGED.at(entry.pos("id"), id=qid, course=course_id,
                                 release=course.get("version", ""),
                                 next=locked.get("version", 1) + 1)
