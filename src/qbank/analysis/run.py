"""`qbank analyze`: the reports of one course in, item statistics and skill results out."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from qbank.analysis.items import ItemStats, Thresholds, analyse, grade_columns
from qbank.analysis.mapping import CourseMap, course_map, course_of
from qbank.analysis.reports import ProblemGrades, read_problem_grades, read_responses
from qbank.analysis.skills import SkillTable, skills_by_unit
from qbank.diagnostics import Diagnostic, Position, code, sorted_diagnostics
from qbank.resolve.project import Project

NO_COURSE = code(
    "QB1310", "analysis-course-unknown", "error",
    "không biết báo cáo thuộc khóa học nào: {reason}",
    "cannot tell which course the report belongs to: {reason_en}",
    "Chỉ rõ bằng --course <mã khóa học>. Các khóa học: {known}.",
    "Name it with --course <course id>. Courses: {known}.")
OTHER_COURSE = code(
    "QB1311", "report-other-course", "error",
    "báo cáo của khóa học {found}, không phải của '{course}' ({expected})",
    "the report is for course {found}, not for '{course}' ({expected})",
    "Tải báo cáo từ đúng khóa học, hoặc chọn khóa học khác bằng --course.",
    "Download the report from the right course, or pick another with --course.")
UNMAPPED = code(
    "QB1312", "report-rows-unmapped", "warning",
    "{count} dòng không khớp câu hỏi nào mà qbank đã xuất cho khóa học này (đầu tiên: dòng "
    "{line}, {what})",
    "{count} row(s) match no question qbank exported for this course (first: row {line}, "
    "{what})",
    "Các câu đã sửa sau khi xuất, hoặc thành phần tự thêm trên nền tảng; xem mục 'skipped'.",
    "Questions edited since export, or components added on the platform; see 'skipped'.")
GRADE_COLUMNS = code(
    "QB1313", "problem-grades-unmatched", "warning",
    "{count} cột của báo cáo điểm từng câu không khớp câu nào của bài kiểm tra cuối khóa "
    "(đầu tiên: '{name}')",
    "{count} problem grade column(s) match no final-exam question (first: '{name}')",
    "Báo cáo có thể được tải từ bản khóa học cũ hơn gói vừa xây dựng.",
    "The report may come from an older run of the course than the current build.")
NOTHING = code(
    "QB1314", "analysis-empty", "error", "không có câu trả lời nào để phân tích",
    "no answers to analyse", "", "")


@dataclass
class Analysis:
    course: str
    course_key: str
    items: list[ItemStats] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    learners: int = 0
    thresholds: Thresholds = field(default_factory=Thresholds)
    scores: dict[str, dict[str, float]] = field(default_factory=dict)
    skills: SkillTable | None = None  # with rosters: per skill, per unit


def _pick_course(project: Project, course_id: str | None, keys: Counter, first: Position
                 ) -> tuple[CourseMap | None, list[Diagnostic]]:
    """The map of the course the reports belong to: the one named, else the one whose course
    key the rows carry (each course's export is built once)."""
    known = ", ".join(c.id for c in project.courses) or "—"
    if course_id:
        course = project.course(course_id)
        if course is None:
            return None, [NO_COURSE.at(first, reason=f"không có khóa học '{course_id}'",
                                       reason_en=f"no course '{course_id}'", known=known)]
        return course_map(project, course), []
    maps = {m.course_key: m for m in (course_map(project, c) for c in project.courses)}
    found = [maps[k] for k in keys if k in maps]
    if len(found) == 1:
        return found[0], []
    if len(maps) == 1:  # a mismatch is then said plainly (QB1311)
        return next(iter(maps.values())), []
    reason = ("không dòng nào của báo cáo ghi mã khóa học (block_key; bản Open edX cũ)",
              "no row of the report carries a course key (block_key; an older Open edX)") if not \
        keys else (f"báo cáo của {keys.most_common(1)[0][0]}, không khớp khóa học nào của dự án",
                   f"the report is for {keys.most_common(1)[0][0]}, which matches no course of "
                   "the project")
    return None, [NO_COURSE.at(first, reason=reason[0], reason_en=reason[1], known=known)]


def analyze(project: Project, responses: list[Path], problem_grades: Path | None = None,
            course_id: str | None = None, thresholds: Thresholds | None = None,
            rosters: list[Path] | None = None, grades: Path | None = None) -> Analysis:
    """Item statistics of one course from its reports; with rosters (and the grade report to
    join usernames to e-mails), the skills × units table too."""
    thresholds = thresholds or Thresholds()
    reports = [read_responses(p) for p in responses]
    per_problem: ProblemGrades | None = (read_problem_grades(problem_grades) if problem_grades
                                         else None)
    diags = [d for r in reports for d in r.diagnostics] + (per_problem.diagnostics
                                                           if per_problem else [])
    result = Analysis(course_id or "", "", thresholds=thresholds)
    if any(d.severity == "error" for d in diags):
        result.diagnostics = sorted_diagnostics(diags)
        return result
    first = Position(Path(responses[0] if responses else problem_grades), 1, 1)
    keys: Counter = Counter()
    for r in reports:
        for resp in r.responses:
            if course_of(resp.block_key):
                keys[course_of(resp.block_key)] += 1
    cmap, more = _pick_course(project, course_id, keys, first)
    diags += more
    if cmap is None:
        result.diagnostics = sorted_diagnostics(diags)
        return result
    course = cmap.course
    result.course, result.course_key = course.id, cmap.course_key
    if keys and cmap.course_key not in keys:
        found = keys.most_common(1)[0][0]
        diags.append(OTHER_COURSE.at(first, found=found, course=course.id,
                                     expected=cmap.course_key))
        result.diagnostics = sorted_diagnostics(diags)
        return result
    for r in reports:
        skipped = []
        for resp in r.responses:
            if cmap.find(resp) is None:
                skipped.append({"file": r.path.name, "line": resp.line,
                                "block_key": resp.block_key, "title": resp.title})
        if skipped:
            diags.append(UNMAPPED.at(Position(r.path, skipped[0]["line"], 1), count=len(skipped),
                                     line=skipped[0]["line"], what=skipped[0]["block_key"] or
                                     skipped[0]["title"] or "?"))
        result.skipped += skipped
    if per_problem is not None and per_problem.columns:
        matched = grade_columns(cmap, per_problem)
        unmatched = [c for c, p in zip(per_problem.columns, matched, strict=True) if p is None]
        if unmatched:
            diags.append(GRADE_COLUMNS.at(Position(per_problem.path, 1, unmatched[0].earned + 1),
                                          count=len(unmatched), name=unmatched[0].name))
    result.items, result.scores = analyse(project, cmap, reports, per_problem, thresholds)
    result.learners = len(result.scores)
    if not result.items:
        diags.append(NOTHING.at(first))
    elif rosters:
        result.skills = skills_by_unit(project, result.scores, rosters, grades)
        diags += result.skills.diagnostics
    result.diagnostics = sorted_diagnostics(diags)
    return result
