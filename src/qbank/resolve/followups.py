"""Errors that only follow from another one, and codes the project has acknowledged.

A bank file with a tab cannot be read, so its questions are missing, so a checkpoint names an
unknown question and a blueprint's pool is too small: the author must see the tab first and
know that the rest follows from it. The loader records what it could not read
(``Project.failed_*``, with the position of the first error); here the diagnostics that only
miss those things are marked (``Diagnostic.follows``), which sorts them after every cause and
adds "do lỗi ở FILE:LINE" to their message. Their "did you mean" guesses are dropped: the
question they would guess at is the one that failed to load.
"""

from __future__ import annotations

from qbank.diagnostics import Diagnostic, Severity
from qbank.resolve.project import Project


def _final_banks(project: Project, path):
    """Failed banks a course's final test draws from (any bank, for a pool without banks)."""
    for c in project.courses:
        if c.path != path or c.course.final is None:
            continue
        for section in c.course.final.sections:
            banks = section.pool.banks or list(project.failed_banks)
            for bank in banks:
                if bank in project.failed_banks:
                    return project.failed_banks[bank]
    return None


def _cause(project: Project, d: Diagnostic):
    name, args = d.code.name, d.args
    if name in ("unknown-question", "released-item-removed"):
        return project.failed_questions.get(args.get("id"))
    if name == "unknown-lesson":
        return project.failed_lessons.get(args.get("id"))
    if name in ("pool-too-small", "pools-overlap") and d.pos is not None:
        return _final_banks(project, d.pos.path)
    if name == "missing-simplified" and d.pos is not None:
        return project.failed_files.get(d.pos.path.parent / str(args.get("file", "")))
    return None


def mark(project: Project, diags: list[Diagnostic]) -> list[Diagnostic]:
    """Mark the diagnostics that only follow from an error in something that failed to load."""
    if not (project.failed_questions or project.failed_banks or project.failed_lessons
            or project.failed_files):
        return diags
    out = []
    for d in diags:
        cause = _cause(project, d)
        if cause is not None:
            if d.code.name in _UNTRUE:
                continue
            d.follows = cause
            d.extra_hint = None
        out.append(d)
    return out


# Follow-ons that are not even true: "no simplified version" when its file is there but has an
# error. Left out; the error in that file is reported.
_UNTRUE = {"missing-simplified"}


def acknowledged(project: Project, diags: list[Diagnostic]) -> list[Diagnostic]:
    """Leave out the warnings and notes whose codes qbank.yaml's `acknowledge` lists.
    Errors are never silenced: they stop a build whatever the project says."""
    codes = set(getattr(project.config, "acknowledge", None) or ())
    if not codes:
        return diags
    return [d for d in diags if d.severity is Severity.ERROR or d.code.id not in codes]


def triage(project: Project, diags: list[Diagnostic]) -> list[Diagnostic]:
    return acknowledged(project, mark(project, diags))
