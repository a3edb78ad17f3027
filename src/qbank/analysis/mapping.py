"""From the platform's identifiers back to qbank questions.

The OLX export decides every identifier the platform reports: the course key
(`course-v1:ORG+CODE+RUN`), each problem's url_name (the last part of its block key) and
its display name. Rather than re-deriving those rules, the map is read off the export itself,
built in memory by the same writer as `qbank build`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from qbank.export.bundle import course_build
from qbank.export.olx import _Export
from qbank.resolve.project import CourseEntry, Project


@dataclass
class Problem:
    url_name: str
    question: str  # qbank question id
    display_name: str
    graded: bool  # inside the final exam (a column of the problem grade report)


@dataclass
class CourseMap:
    course: CourseEntry
    course_key: str  # course-v1:ORG+CODE+RUN
    problems: dict[str, Problem] = field(default_factory=dict)  # by url_name
    graded_order: list[Problem] = field(default_factory=list)  # as the grade report lists them

    def problem_of(self, block_key: str) -> Problem | None:
        """The problem a usage key (`block-v1:…+type@problem+block@<url_name>`) names."""
        if "+block@" not in block_key:
            return None
        return self.problems.get(block_key.rsplit("+block@", 1)[1])

    def find(self, response) -> Problem | None:
        """The problem of a responses-report row: by block key, else by its title."""
        if response.block_key:
            return self.problem_of(response.block_key)
        return self.problems_titled(response.title)

    def problems_titled(self, title: str) -> Problem | None:
        """For reports without block keys (older releases): the problem with this display
        name, when every problem so named shows the same question."""
        found = {p.question: p for p in self.problems.values() if p.display_name == title}
        return next(iter(found.values())) if len(found) == 1 else None


def course_of(block_key: str) -> str:
    """The course key a usage key belongs to (`block-v1:ORG+CODE+RUN+…`), or ""."""
    if not block_key.startswith("block-v1:"):
        return ""
    parts = block_key[len("block-v1:"):].split("+")
    return "course-v1:" + "+".join(parts[:3]) if len(parts) >= 3 else ""


def course_map(project: Project, course: CourseEntry) -> CourseMap:
    export = _Export(course_build(project, course))
    export.build()
    out = CourseMap(course, f"course-v1:{export.org}+{export.code}+{export.run}")
    files = export.files

    def element(folder: str, url_name: str):
        data = files.get(f"course/{folder}/{url_name}.xml")
        return etree.fromstring(data) if data is not None else None

    def walk(tag: str, url_name: str, graded: bool):
        el = element(tag, url_name)
        if el is None:
            return
        qid = export.problems.get(url_name)
        if qid is not None:  # a question: a CAPA problem or a drag-and-drop block
            p = Problem(url_name, qid, el.get("display_name", ""), graded)
            out.problems[url_name] = p
            if graded:
                out.graded_order.append(p)
            return
        graded = graded or el.get("graded") == "true"
        for child in el:
            if isinstance(child.tag, str) and child.get("url_name"):
                walk(child.tag, child.get("url_name"), graded)

    root = element("course", export.run)
    for chapter in root if root is not None else ():
        if isinstance(chapter.tag, str) and chapter.get("url_name"):
            walk(chapter.tag, chapter.get("url_name"), False)
    return out
