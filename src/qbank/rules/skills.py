"""Skill codes exist in the framework, fit the course's audience, and provisional ones are flagged."""

from __future__ import annotations

from qbank.diagnostics import Position, code

UNKNOWN_SKILL = code(
    "QB0305", "unknown-skill", "error", "mã kỹ năng '{skill}' không có trong khung '{framework}'",
    "skill code '{skill}' is not in framework '{framework}'",
    "Xem danh sách mã bằng 'qbank framework'.", "List the codes with 'qbank framework'.")
OUTSIDE_GROUP = code(
    "QB0501", "skill-outside-audience", "error",
    "kỹ năng '{skill}' không thuộc khung của nhóm đối tượng '{group}' mà khóa học hướng tới",
    "skill '{skill}' is not part of the framework for '{group}', the course's audience",
    "Chọn kỹ năng của nhóm đối tượng này, hoặc sửa 'audience' của khóa học.",
    "Use a skill of this audience, or correct the course's 'audience'.")
PROVISIONAL_GROUP = code(
    "QB0504", "provisional-group", "warning",
    "khung kỹ năng của nhóm '{group}' là tạm thời: bảng kỹ năng chưa đối chiếu được với văn bản "
    "gốc (tên nhóm: {provenance_vi}; {courses} khóa học)",
    "the framework for group '{group}' is provisional: its skill table is not checked against "
    "the official text (the group itself: {provenance}; {courses} course(s))",
    "Khi có Phụ lục I chính thức, trỏ 'framework' trong qbank.yaml tới tệp khung chính thức. "
    "Đã biết và chấp nhận: ghi 'acknowledge: [QB0504]' trong qbank.yaml để không nhắc lại.",
    "Once the official annex is available, point 'framework' in qbank.yaml to it. To stop this "
    "reminder, add 'acknowledge: [QB0504]' to qbank.yaml.")
PROVISIONAL_SKILL = code(
    "QB0505", "provisional-skill", "warning",
    "các mã kỹ năng tạm thời (chưa đối chiếu với văn bản gốc) đang được dùng: {skills}",
    "provisional skill codes (not checked against the official text) in use: {skills}",
    "Giữ lại nếu phù hợp, nhưng cần đối chiếu khi có văn bản chính thức. Đã biết và chấp nhận: "
    "ghi 'acknowledge: [QB0505]' trong qbank.yaml để không nhắc lại.",
    "Keep them if they fit, but check them against the official text when available. To stop "
    "this reminder, add 'acknowledge: [QB0505]' to qbank.yaml.")


# Skill references are (code, located, data path): positions are computed only when reported.

def _written(project):
    """Every skill written anywhere in the project."""
    for bank in project.banks.values():
        for entry in bank.questions:
            for i, s in enumerate(entry.q.skills):
                yield s, entry, ("skills", i)
    for c in project.courses:
        yield from _course_declared(c)


def _course_declared(c):
    for lesson in c.lessons:
        for i, s in enumerate(lesson.meta.skills):
            yield s, lesson, ("skills", i)
    if c.course.final:
        for i, section in enumerate(c.course.final.sections):
            for j, s in enumerate(section.pool.skills):
                yield s, c, ("final", "sections", i, "pool", "skills", j)


def _course_uses(project, c):
    """Every skill a course relies on: its lessons, pools and questions."""
    yield from _course_declared(c)
    for entry in project.course_questions(c):
        for i, s in enumerate(entry.q.skills):
            yield s, entry, ("skills", i)


def check(project):
    fw = project.framework
    if fw is None:
        return
    known = [i.code for a in fw.areas for i in a.items]
    # Provisional groups and skills are said once per run, however many courses use them:
    # the author can do nothing about them but acknowledge them.
    groups: dict[str, list] = {}
    provisional: dict[str, list] = {}
    for s, where, loc in _written(project):
        if fw.item(s) is None:
            yield UNKNOWN_SKILL.at(where.pos(*loc), skill=s, framework=fw.id).suggest(s, known)
    for c in project.courses:
        group = project.group_of(c.course)
        if group is None:
            continue
        if group.provisional:
            groups.setdefault(group.id, []).append(c.pos("audience"))
        allowed = {i.code for i in fw.items_for(group.id)}
        for s, where, loc in _course_uses(project, c):
            if fw.item(s) is None:
                continue
            if s not in allowed:
                yield OUTSIDE_GROUP.at(where.pos(*loc), skill=s, group=group.name)
            elif fw.is_provisional(s):
                provisional.setdefault(s, []).append((where, loc))
    for group_id, places in sorted(groups.items()):
        group = fw.group(group_id)
        yield PROVISIONAL_GROUP.at(min(places), group=group.name, courses=len(places),
                                   provenance=group.provenance.value,
                                   provenance_vi=group.provenance.vi)
    if provisional:
        skills = ", ".join(f"{s} ({len(p)})" for s, p in sorted(provisional.items()))
        yield PROVISIONAL_SKILL.at(_first_place([u for p in provisional.values() for u in p]),
                                   skills=skills)


def _first_place(uses: list[tuple]) -> Position:
    """The first position of (located, data path) uses, locating only those in the first file:
    locating reads the file's YAML, and a bank may use one skill in 10,000 questions."""
    first = min(where.path for where, _ in uses)
    return min(where.pos(*loc) for where, loc in uses if where.path == first)
