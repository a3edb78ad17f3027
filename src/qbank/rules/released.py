"""Released items keep their meaning: see qbank.release (`qbank release`, qbank.lock)."""

from __future__ import annotations

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
                yield REMOVED.at(Position(project.root / LOCK_FILE, 1, 1), id=qid,
                                 course=course_id)
            elif entry.q.version <= locked.get("version", 1) and item_hash(entry.q) != locked["hash"]:
                reported.add(qid)
                yield CHANGED.at(entry.pos("id"), id=qid, course=course_id,
                                 release=course.get("version", ""),
                                 next=locked.get("version", 1) + 1)
