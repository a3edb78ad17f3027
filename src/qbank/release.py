"""Published items are protected: `qbank release` records each item's content hash in
qbank.lock (committed), and `qbank check` then refuses silent changes to released items.

Learners' results on the platform are keyed on item ids, so a released question whose stem,
options or key change must get a new id or an explicit `version:` bump. Feedback, skills, tags
and review status may change freely: they do not change what a learner answered.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from qbank.diagnostics import Position, code
from qbank.os_errors import os_reason
from qbank.resolve.project import Project
from qbank.source.atomic import write_text_atomic

LOCK_FILE = "qbank.lock"
FORMAT_VERSION = 1
# The fields that decide what a learner sees and how the answer is scored.
SCORED_FIELDS = ("type", "stem", "options", "answer", "answers", "case_sensitive",
                 "accept_without_diacritics", "items", "pairs", "distractors")

BAD_LOCK = code(
    "QB0522", "lock-unreadable", "error", "không đọc được qbank.lock: {reason}",
    "cannot read qbank.lock: {reason_en}",
    "Khôi phục tệp từ git (git checkout qbank.lock).", "Restore it from git (git checkout qbank.lock).")



def item_hash(q) -> str:
    data = q.model_dump(mode="json", include=set(SCORED_FIELDS))
    canonical = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def read_lock(root: Path) -> tuple[dict | None, list]:
    path = root / LOCK_FILE
    if not path.is_file():
        return None, []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != "qbank-lock" or not isinstance(data.get("courses"), dict):
            raise ValueError("not a qbank lock file")
    except OSError as e:
        vi, en = os_reason(e)
        return None, [BAD_LOCK.at(Position(path, 1, 1), reason=vi, reason_en=en)]
    except (ValueError, UnicodeDecodeError) as e:  # JSON that is not a lock file's
        return None, [BAD_LOCK.at(Position(path, 1, 1),
                                  reason="không phải tệp khóa của qbank (JSON hỏng hoặc thiếu "
                                  "'format', 'courses')", reason_en=str(e))]
    return data, []


def release(project: Project, course_ids: list[str] | None = None) -> dict:
    """Record the current items of the chosen courses (all by default) in qbank.lock."""
    lock, _ = read_lock(project.root)
    lock = lock or {"format": "qbank-lock", "format_version": FORMAT_VERSION, "courses": {}}
    for course in project.courses:
        if course_ids and course.id not in course_ids:
            continue
        lock["courses"][course.id] = {
            "version": course.course.version,
            "items": {e.id: {"hash": item_hash(e.q), "version": e.q.version}
                      for e in sorted(project.course_questions(course), key=lambda e: e.id)}}
    text = json.dumps(lock, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    write_text_atomic(project.root / LOCK_FILE, text)
    return lock
