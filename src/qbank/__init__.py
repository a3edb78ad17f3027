"""qbank: courses, question banks and handbooks for digital-skills training.

The library API, in pipeline order::

    project = qbank.load_project("path/to/repo")    # load + validate models + resolve
    diagnostics = qbank.check(project)              # every rule, sorted
    result = qbank.build(project, Path("dist"))     # check, then write the bundles atomically
"""

from __future__ import annotations

from qbank.diagnostics import Diagnostic, Severity, has_errors
from qbank.resolve.load import ProjectNotFound, load_project
from qbank.resolve.project import Project
from qbank.version import __version__


def check(project: Project) -> list[Diagnostic]:
    """Every diagnostic for a loaded project: loading problems, then all rules."""
    from qbank.rules import check_project  # the rules load only when a check runs

    return check_project(project)


def load_all_codes() -> None:
    """Import every module that declares diagnostic codes, so the catalogue is complete."""
    import qbank.analysis.run  # noqa: F401
    import qbank.export.bundle  # noqa: F401
    import qbank.importers.qti  # noqa: F401
    import qbank.importers.run  # noqa: F401
    import qbank.importers.xlsx  # noqa: F401
    import qbank.people.commands  # noqa: F401
    import qbank.rules  # noqa: F401
    import qbank.site.build  # noqa: F401
    import qbank.site.handbooks  # noqa: F401
    from qbank.export.registry import WRITERS, load_writers

    load_writers(list(WRITERS))  # each writer's module declares its codes
    import qbank.scaffold  # noqa: F401


def build(project: Project, out, formats: list[str] | None = None,
          courses: list[str] | None = None):
    """Check the project, then write one submission bundle per course into `out`."""
    from pathlib import Path

    from qbank.export.bundle import build as build_bundles

    return build_bundles(project, Path(out), formats, courses)


__all__ = ["Diagnostic", "build", "Project", "ProjectNotFound", "Severity", "check", "has_errors",
           "load_project", "__version__"]
