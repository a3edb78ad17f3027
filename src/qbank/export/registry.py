"""The output formats: one writer per format, behind one registry (like mkdocs' plugins)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from qbank.diagnostics import Diagnostic
from qbank.resolve.project import CourseEntry, Project, QuestionEntry


@dataclass
class CourseBuild:
    """What every writer gets for one course: the resolved course and its effective settings."""

    project: Project
    course: CourseEntry
    questions: list[QuestionEntry]  # every question the course can show, in a stable order
    pass_threshold: float | None
    time_limit_minutes: int | None
    attempts: int | None
    lang: str = "vi"
    revision: str | None = None  # git commit of the sources, "+dirty" when changed
    formats: tuple[str, ...] = ()  # every format this build writes for the course
    shares: Path | None = None  # where another process may take over part of the work
    diagnostics: list[Diagnostic] = field(default_factory=list)


@dataclass(frozen=True)
class Writer:
    name: str
    description: str
    target: str | Callable[[CourseBuild, Path], None]  # "module:function", or the function

    @property
    def write(self) -> Callable[[CourseBuild, Path], None]:
        """The function that writes into a course's bundle folder; its module is imported on
        first use, so a build of one format loads only that writer."""
        if callable(self.target):
            return self.target
        module, _, name = self.target.partition(":")
        return getattr(importlib.import_module(module), name)


WRITERS: dict[str, Writer] = {w.name: w for w in [
    Writer("qti30", "QTI 3.0 content package (items, checkpoint tests, final test, media)",
           "qbank.export.qti_writers:write_qti30"),
    Writer("qti21", "QTI 2.1 content package, for platforms that take only QTI 2.x",
           "qbank.export.qti_writers:write_qti21"),
    Writer("json", "course.json and questions.json (documented JSON, with JSON Schemas)",
           "qbank.export.json_writer:write_json"),
    Writer("olx", "Open edX course export (olx/<course>.tar.gz), optionally a content library",
           "qbank.export.olx:write_olx"),
    Writer("review", "review.html, the printable review sheet for approvers (A4)",
           "qbank.export.review:write_review"),
]}


def load_writers(names=()) -> dict[str, Writer]:
    """The registry: every output format, by name. The writers of `names` are imported now
    (a build does so before forking, so that both processes know the codes they report)."""
    for name in names:
        WRITERS[name].write  # noqa: B018 - the property imports the writer's module
    return WRITERS
