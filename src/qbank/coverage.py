"""Framework coverage of a course: for every item of its audience's framework group, the lessons
that teach it and the questions that assess it, with the gaps a reviewer looks for."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from qbank.model.common import Use
from qbank.resolve.project import CourseEntry, Project

THIN_POOL = 2  # fewer final-pool questions than this for a taught item is "thin"

GAP_LABELS = {
    "taught-not-assessed": ("dạy nhưng chưa kiểm tra", "taught, never assessed"),
    "assessed-not-taught": ("kiểm tra nhưng chưa dạy", "assessed, never taught"),
    "thin-pool": ("ít câu trong bài thi cuối", "too few final-test questions"),
}


@dataclass
class ItemCoverage:
    code: str
    name: str
    provisional: bool
    lessons: list[str] = field(default_factory=list)
    checkpoint: list[str] = field(default_factory=list)
    final_pool: list[str] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)


@dataclass
class CourseCoverage:
    course: str
    title: str
    group: str | None
    items: list[ItemCoverage]

    @property
    def covered(self) -> list[ItemCoverage]:
        return [i for i in self.items if i.lessons or i.checkpoint or i.final_pool]


def course_coverage(project: Project, course: CourseEntry) -> CourseCoverage:
    fw = project.framework
    group = project.group_of(course.course)
    items = fw.items_for(group.id) if group else []
    cp_ids = {e.id for e in project.checkpoint_questions(course)}
    final_ids: list[str] = []
    if course.course.final:
        for section in course.course.final.sections:
            final_ids += [e.id for e in project.pool(section.pool) if e.id not in final_ids]
    out = []
    for item in items:
        cov = ItemCoverage(item.code, item.name, fw.is_provisional(item.code))
        cov.lessons = [lesson.id for lesson in course.lessons if item.code in lesson.meta.skills]
        cov.checkpoint = sorted(q for q in cp_ids if item.code in project.questions[q].q.skills)
        cov.final_pool = [q for q in final_ids if item.code in project.questions[q].q.skills
                          and Use.FINAL in project.questions[q].q.use]
        assessed = cov.checkpoint or cov.final_pool
        if cov.lessons and not assessed:
            cov.gaps.append("taught-not-assessed")
        if assessed and not cov.lessons:
            cov.gaps.append("assessed-not-taught")
        if cov.lessons and course.course.final and 0 < len(cov.final_pool) < THIN_POOL:
            cov.gaps.append("thin-pool")
        out.append(cov)
    return CourseCoverage(course.id, course.course.title, group.id if group else None, out)


def coverage(project: Project, course_id: str | None = None) -> list[CourseCoverage]:
    return [course_coverage(project, c) for c in project.courses
            if course_id is None or c.id == course_id]


def to_json(reports: list[CourseCoverage]) -> str:
    data = [{"course": r.course, "title": r.title, "group": r.group,
             "items": [asdict(i) for i in r.items]} for r in reports]
    return json.dumps(data, ensure_ascii=False, indent=2)


def to_markdown(reports: list[CourseCoverage], lang: str = "vi", all_items: bool = False) -> str:
    en = lang == "en"
    head = ("| code | skill | lessons | checkpoint | final pool | gaps |" if en else
            "| mã | kỹ năng | bài học | kiểm tra sau bài | bài thi cuối | lưu ý |")
    out = []
    for r in reports:
        out.append(f"### {r.title} (`{r.course}`)\n")
        shown = r.items if all_items else r.covered
        total = len(r.items)
        out.append((f"{len(r.covered)} of {total} framework items covered." if en else
                    f"Khóa học bao phủ {len(r.covered)}/{total} mục của khung.") + "\n")
        out.append(head)
        out.append("|---|---|---:|---:|---:|---|")
        for i in shown:
            gaps = ", ".join(GAP_LABELS[g][1 if en else 0] for g in i.gaps) or "—"
            flag = " *" if i.provisional else ""
            out.append(f"| {i.code}{flag} | {i.name} | {len(i.lessons)} | {len(i.checkpoint)} | "
                       f"{len(i.final_pool)} | {gaps} |")
        if any(i.provisional for i in shown):
            out.append("\n" + ("\\* provisional framework item" if en else
                               "\\* mục tạm thời của khung (chưa đối chiếu văn bản gốc)"))
        out.append("")
    return "\n".join(out)


def to_text(reports: list[CourseCoverage], lang: str = "vi") -> str:
    en = lang == "en"
    lines = []
    for r in reports:
        lines.append(f"{r.course}: {len(r.covered)}/{len(r.items)} "
                     + ("items covered" if en else "mục được bao phủ"))
        for i in r.covered:
            gaps = "; ".join(GAP_LABELS[g][1 if en else 0] for g in i.gaps)
            lines.append(f"  {i.code:<7} {len(i.lessons):>2} "
                         + ("lessons" if en else "bài") + f" {len(i.checkpoint):>3} cp "
                         f"{len(i.final_pool):>3} final  {i.name}" + (f"  ⚠ {gaps}" if gaps else ""))
    return "\n".join(lines)
