"""The output formats: one writer per format, behind one registry (like mkdocs' plugins)."""

from __future__ import annotations

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
    diagnostics: list[Diagnostic] = field(default_factory=list)


@dataclass(frozen=True)
class Writer:
    name: str
    description: str
    write: Callable[[CourseBuild, Path], None]  # writes into the course's bundle folder


WRITERS: dict[str, Writer] = {}


def register(name: str, description: str):
    """Decorator: `@register("json", "…")` on a function (CourseBuild, bundle folder) -> None."""
    def decorate(fn):
        if name in WRITERS:
            raise ValueError(f"writer {name} registered twice")
        WRITERS[name] = Writer(name, description, fn)
        return fn
    return decorate


def load_writers() -> dict[str, Writer]:
    """Import the built-in writers (each registers itself) and return the registry."""
    from qbank.export import json_writer, olx, qti_writers, review  # noqa: F401

    return WRITERS
