"""Skill codes exist in the framework, fit the course's audience, and provisional ones are flagged."""

from __future__ import annotations

from qbank.diagnostics import code

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
    "khung kỹ năng của nhóm '{group}' là tạm thời ({provenance_vi}): chưa đối chiếu với văn bản gốc",
    "the framework for group '{group}' is provisional ({provenance}): not checked against the "
    "official text",
    "Khi có Phụ lục I chính thức, trỏ 'framework' trong qbank.yaml tới tệp khung chính thức.",
    "Once the official annex is available, point 'framework' in qbank.yaml to it.")
PROVISIONAL_SKILL = code(
    "QB0505", "provisional-skill", "warning",
    "mã kỹ năng '{skill}' là tạm thời ({provenance_vi}); dùng {count} lần trong khóa học",
    "skill code '{skill}' is provisional (source: {provenance}); used {count} time(s) in the course",
    "Giữ lại nếu phù hợp, nhưng cần đối chiếu khi có văn bản chính thức.",
    "Keep it if it fits, but check it against the official text when available.")


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
    for s, where, loc in _written(project):
        if fw.item(s) is None:
            yield UNKNOWN_SKILL.at(where.pos(*loc), skill=s, framework=fw.id).suggest(s, known)
    for c in project.courses:
        group = project.group_of(c.course)
        if group is None:
            continue
        if group.provisional:
            yield PROVISIONAL_GROUP.at(c.pos("audience"), group=group.name,
                                       provenance=group.provenance.value,
                                       provenance_vi=group.provenance.vi)
        allowed = {i.code for i in fw.items_for(group.id)}
        provisional: dict[str, list] = {}
        for s, where, loc in _course_uses(project, c):
            if fw.item(s) is None:
                continue
            if s not in allowed:
                yield OUTSIDE_GROUP.at(where.pos(*loc), skill=s, group=group.name)
            elif fw.is_provisional(s):
                provisional.setdefault(s, []).append(where.pos(*loc))
        for s, places in sorted(provisional.items()):
            yield PROVISIONAL_SKILL.at(min(places), skill=s, count=len(places),
                                       provenance=fw.item(s).provenance.value,
                                       provenance_vi=fw.item(s).provenance.vi)
