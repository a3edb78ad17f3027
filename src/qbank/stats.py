"""`qbank stats`: counts of questions by course, bank, type, skill, level, use, review status."""

from __future__ import annotations

import json
from collections import Counter

from qbank.resolve.project import Project

DIMENSIONS = ("bank", "type", "skill", "level", "use", "review")
LABELS_VI = {"course": "khóa học", "bank": "ngân hàng", "type": "loại", "skill": "kỹ năng",
             "level": "mức độ", "use": "sử dụng", "review": "trạng thái"}


def stats(project: Project) -> dict:
    counts = {d: Counter() for d in DIMENSIONS}
    for entry in project.questions.values():
        q = entry.q
        counts["bank"][entry.bank] += 1
        counts["type"][q.type] += 1
        counts["level"][str(int(q.level))] += 1
        counts["review"][q.review.status.value] += 1
        for s in q.skills:
            counts["skill"][s] += 1
        for u in q.use:
            counts["use"][u.value] += 1
    courses = {c.id: len(project.course_questions(c)) for c in project.courses}
    return {"questions": len(project.questions), "course": courses,
            **{d: dict(sorted(counts[d].items())) for d in DIMENSIONS}}


def to_json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def to_table(data: dict, lang: str = "vi") -> str:
    lines = [("questions" if lang == "en" else "tổng số câu hỏi") + f": {data['questions']}"]
    for dim in ("course", *DIMENSIONS):
        label = dim if lang == "en" else LABELS_VI[dim]
        lines.append(f"\n{label}")
        width = max((len(k) for k in data[dim]), default=0)
        for key, n in data[dim].items():
            lines.append(f"  {key:<{width}}  {n:>6}")
    return "\n".join(lines)
