"""What `qbank init` writes as a stand-in must not reach published output.

The organization's name and code and the sample course are placeholders an author replaces;
left in, they would be printed on every page and package ("Tên cơ quan, đơn vị", org DONVI,
a course called khoa-hoc-mau on the platform). `qbank check` warns (QB0740); `qbank build`
refuses (QB0741) through :func:`refusals`.
"""

from __future__ import annotations

from qbank.diagnostics import Diagnostic, Position, code

# The values `qbank init` writes when the author gives none (qbank.cli init, templates/init).
ORG_NAME = "Tên cơ quan, đơn vị"
ORG_CODE = "DONVI"
SAMPLE_COURSE = "khoa-hoc-mau"

PLACEHOLDER = code(
    "QB0740", "scaffold-placeholder", "warning",
    "{what_vi} vẫn là giá trị mẫu của 'qbank init': '{value}'",
    "{what_en} is still the 'qbank init' placeholder: '{value}'",
    "{fix_vi} 'qbank build' sẽ không xuất bản khi còn giá trị mẫu.",
    "{fix_en} 'qbank build' will not publish while placeholders remain.")
REFUSED = code(
    "QB0741", "placeholder-not-published", "error",
    "không xuất bản: {what_vi} vẫn là giá trị mẫu của 'qbank init': '{value}'",
    "not published: {what_en} is still the 'qbank init' placeholder: '{value}'",
    "{fix_vi}", "{fix_en}")

_ORG_FIX = ("Ghi tên và mã thật của đơn vị trong 'organization' của qbank.yaml.",
            "Write the organization's real name and code under 'organization' in qbank.yaml.")
_COURSE_FIX = ("Đây là khóa học mẫu: đổi 'id' (và nội dung) thành khóa học của đơn vị, hoặc xóa "
               "thư mục courses/{folder}.",
               "This is the sample course: give it the department's own 'id' (and content), or "
               "delete courses/{folder}.")
_HANDBOOK_FIX = ("Thay bằng tên đơn vị trong tệp cẩm nang này.",
                 "Replace it with the organization's name in this handbook file.")


def _found(project, courses=None):
    """(position, what vi/en, value, fix vi/en) of every placeholder still in the project."""
    config = project.config
    if config is not None and project.config_src is not None:
        if config.organization.name.strip() == ORG_NAME:
            yield (project.config_src.pos("organization", "name"), "tên đơn vị",
                   "the organization's name", ORG_NAME, *_ORG_FIX)
        if config.organization.code == ORG_CODE:
            yield (project.config_src.pos("organization", "code"), "mã đơn vị",
                   "the organization's code", ORG_CODE, *_ORG_FIX)
    for c in project.courses:
        if courses and c.id not in courses:
            continue
        if c.course.org == ORG_CODE:
            yield (c.pos("org"), "mã đơn vị của khóa học", "the course's org", ORG_CODE,
                   *_ORG_FIX)
        if c.id == SAMPLE_COURSE:
            vi, en = _COURSE_FIX
            yield (c.pos("id"), "id khóa học", "the course id", SAMPLE_COURSE,
                   vi.format(folder=c.folder.name), en.format(folder=c.folder.name))
    handbooks = project.root / "handbooks"
    if handbooks.is_dir():
        for path in sorted(handbooks.rglob("*.md")):
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue  # the handbook checks report unreadable files
            at = text.find(ORG_NAME)
            if at >= 0:
                line = text.count("\n", 0, at) + 1
                col = at - (text.rfind("\n", 0, at) + 1) + 1
                yield (Position(path, line, col), "tên đơn vị trong cẩm nang",
                       "the organization's name in the handbook", ORG_NAME, *_HANDBOOK_FIX)


def _diag(c, found) -> Diagnostic:
    pos, what_vi, what_en, value, fix_vi, fix_en = found
    return c.at(pos, what_vi=what_vi, what_en=what_en, value=value, fix_vi=fix_vi, fix_en=fix_en)


def check(project):
    for found in _found(project):
        yield _diag(PLACEHOLDER, found)


def refusals(project, courses: list[str] | None = None) -> list[Diagnostic]:
    """Errors that stop `qbank build`: placeholders in what it would publish."""
    return [_diag(REFUSED, found) for found in _found(project, courses)]
