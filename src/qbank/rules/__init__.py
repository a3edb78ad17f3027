"""Checks over a loaded Project, one module per family (like yamllint's rules).

Each module declares its diagnostic codes with `qbank.diagnostics.code` and exposes
``check(project) -> Iterable[Diagnostic]``. Adding a family = adding a module to RULES.
"""

from __future__ import annotations

from qbank.diagnostics import Diagnostic, sorted_diagnostics
from qbank.resolve.project import Project
from qbank.rules import (
    audio,
    blueprint,
    git_ignored,
    ids,
    item_cues,
    item_writing,
    legacy_text,
    personal_data,
    placeholders,
    platform_results,
    policy,
    questions,
    readability,
    references,
    released,
    skills,
    sources,
    text_forms,
    text_hygiene,
    variants,
)
from qbank.translate import status as translation_status

RULES = (ids, references, skills, questions, blueprint, policy, variants, item_writing, item_cues,
         legacy_text, text_hygiene, readability, released, personal_data, git_ignored,
         sources, platform_results,
         placeholders,  # what `qbank init` wrote as stand-ins
         audio,  # recordings of lessons: format, size, duration, transcript
         translation_status)  # segments of translations whose Vietnamese changed since


def run_rules(project: Project) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    with text_forms.shared():  # each text folded once for all the families
        for module in RULES:
            out.extend(module.check(project))
    return out


def check_project(project: Project) -> list[Diagnostic]:
    """Every diagnostic for a loaded project: loading problems, then all rules, causes first."""
    from qbank.resolve.followups import triage

    return sorted_diagnostics(triage(project, project.load_diagnostics + run_rules(project)))
