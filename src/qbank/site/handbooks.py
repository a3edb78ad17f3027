"""Five handbooks, one per audience of qbank.yaml: front pages plus the lessons of its courses.

Front pages are Markdown files with front matter (``title``, optional ``order``) in the
project's ``handbooks/`` folder::

    handbooks/index.md              the home page's introduction (optional)
    handbooks/<name>.md             a page shared by every handbook (log in with VNeID, help)
    handbooks/<audience-id>/*.md    pages of one handbook; index.md is its introduction

A handbook page named like a shared page replaces it in that handbook. A handbook holds the
courses written for its audience, plus those its index.md lists under ``courses:`` (the
ethnic-minority handbook reuses the citizens' course, in simplified Vietnamese).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import Field

from qbank.config import Audience
from qbank.diagnostics import Diagnostic, Position, code
from qbank.model.common import Id, Strict, Text
from qbank.model.validation import validate
from qbank.resolve.project import CourseEntry, Project
from qbank.rules.references import body_media
from qbank.source.files import read_text, split_front_matter
from qbank.source.yamlpos import SourceMap, load_yaml

FOLDER = "handbooks"

UNKNOWN_AUDIENCE = code(
    "QB1001", "handbook-unknown-audience", "warning",
    "thư mục cẩm nang '{name}' không ứng với nhóm bạn đọc nào trong qbank.yaml",
    "handbook folder '{name}' matches no audience in qbank.yaml",
    "Đặt tên thư mục theo 'id' của một nhóm trong 'audiences': {allowed}.",
    "Name the folder after the 'id' of one of the 'audiences': {allowed}.")
EMPTY_HANDBOOK = code(
    "QB1002", "handbook-without-lessons", "info",
    "cẩm nang cho '{audience}' chưa có bài học: chưa có khóa học nào dành cho nhóm này",
    "the handbook for '{audience}' has no lessons: no course is written for this audience",
    "Cẩm nang vẫn được tạo với các trang giới thiệu; thêm khóa học có 'audience: {id}'.",
    "The handbook is still built with its front pages; add a course with 'audience: {id}'.")
UNKNOWN_COURSE = code(
    "QB1003", "handbook-unknown-course", "warning",
    "cẩm nang liệt kê khóa học '{id}' nhưng không có khóa học này",
    "the handbook lists course '{id}', which does not exist",
    "Các khóa học hiện có: {allowed}.", "Courses found: {allowed}.")


class FrontMeta(Strict):
    title: Text
    order: int = Field(default=100)
    summary: str | None = None
    courses: list[Id] = Field(default_factory=list)  # more courses for this handbook


@dataclass
class FrontPage:
    name: str          # file stem, the page's name in the site
    path: Path
    meta: FrontMeta
    body: str
    smap: SourceMap
    body_line: int = 1  # of the body's first line in the file


@dataclass
class Handbook:
    audience: Audience
    intro: FrontPage | None
    pages: list[FrontPage] = field(default_factory=list)  # shared + own, in order
    courses: list[CourseEntry] = field(default_factory=list)


@dataclass
class Handbooks:
    home: FrontPage | None
    shared: list[FrontPage]
    books: list[Handbook]
    diagnostics: list[Diagnostic]


def load_handbooks(project: Project) -> Handbooks:
    """Every handbook of the project, with the diagnostics of its front pages."""
    diags: list[Diagnostic] = []
    folder = project.root / FOLDER
    audiences = project.config.audiences if project.config else []
    home, shared = None, []
    if folder.is_dir():
        for path in sorted(folder.glob("*.md")):
            page = _front_page(path, diags)
            if page is None:
                continue
            if page.name == "index":
                home = page
            else:
                shared.append(page)
        known = {a.id for a in audiences}
        for sub in sorted(p for p in folder.iterdir() if p.is_dir()):
            if sub.name not in known and sub.name != "media" and any(sub.glob("*.md")):
                diags.append(UNKNOWN_AUDIENCE.at(Position(sub), name=sub.name,
                                                 allowed=", ".join(sorted(known)))
                             .suggest(sub.name, known))
    books = []
    checked = [home, *shared] if home else list(shared)  # pages whose images are checked
    for i, audience in enumerate(audiences):
        own = {}
        sub = folder / audience.id
        if sub.is_dir():
            for path in sorted(sub.glob("*.md")):
                page = _front_page(path, diags)
                if page is not None:
                    own[page.name] = page
        intro = own.pop("index", None)
        pages = {p.name: p for p in shared} | own
        courses = [c for c in project.courses if c.course.audience == audience.id]
        for n, cid in enumerate(intro.meta.courses if intro else []):
            found = project.course(cid)
            if found is None:
                ids = sorted(c.id for c in project.courses)
                diags.append(UNKNOWN_COURSE.at(intro.smap.position(("courses", n)), id=cid,
                                               allowed=", ".join(ids) or "-").suggest(cid, ids))
            elif found not in courses:
                courses.append(found)
        if not any(c.lessons for c in courses) and project.config_src is not None:
            diags.append(EMPTY_HANDBOOK.at(project.config_src.pos("audiences", i),
                                           audience=audience.title, id=audience.id))
        books.append(Handbook(audience, intro,
                              sorted(pages.values(), key=lambda p: (p.meta.order, p.name)),
                              courses))
        checked.extend(own.values())
        checked.extend([intro] if intro else [])
    for page in checked:
        diags.extend(body_media(project, page.path, page.body, page.body_line))
    return Handbooks(home, sorted(shared, key=lambda p: (p.meta.order, p.name)), books, diags)


def _front_page(path: Path, diags: list[Diagnostic]) -> FrontPage | None:
    text, found = read_text(path)
    diags.extend(found)
    if text is None:
        return None
    fm, found = split_front_matter(text, path)
    diags.extend(found)
    if fm is None:
        return None
    loaded = load_yaml(fm.yaml_text, path, line_offset=fm.yaml_line - 1)
    diags.extend(loaded.diagnostics)
    if loaded.data is None:
        if not loaded.diagnostics:
            diags.append(_missing_title(path))
        return None
    meta, found = validate(FrontMeta, loaded.data, loaded.source_map)
    diags.extend(found)
    if meta is None:
        return None
    return FrontPage(path.stem, path, meta, unicodedata.normalize("NFC", fm.body),
                     loaded.source_map, fm.body_line)


def _missing_title(path: Path) -> Diagnostic:
    from qbank.model.validation import MISSING_KEY

    return MISSING_KEY.at(Position(path, 1, 1), key="title")
