"""Per-skill results by unit: which framework skills each unit's staff lack.

Learners in the platform's reports are usernames; rosters list people by e-mail and
citizen-ID number. A username is joined to a roster entry through the grade report (its
Email and Username columns) or, where the platform's username is the ID number itself, directly.
Only counts leave this module: no name, e-mail or number appears in the table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from qbank.diagnostics import Diagnostic
from qbank.people.progress import NO_UNIT, read_results
from qbank.people.roster import check_rosters
from qbank.resolve.project import Project
from qbank.vietnamese import fold

OFF_ROSTER = "(ngoài danh sách)"


@dataclass
class Cell:
    score: float = 0.0  # sum of item scores (0..1 each)
    answers: int = 0  # item responses counted
    learners: set[str] = field(default_factory=set)

    @property
    def rate(self) -> float | None:
        return self.score / self.answers if self.answers else None


@dataclass
class SkillTable:
    units: list[str]
    skills: list[tuple[str, str]]  # (code, name)
    cells: dict[tuple[str, str], Cell]  # (skill code, unit) -> cell
    learners_by_unit: dict[str, int]
    diagnostics: list[Diagnostic] = field(default_factory=list)


def _digits(text: str) -> str:
    return re.sub(r"[\s.]", "", text)


def skills_by_unit(project: Project, scores: dict[str, dict[str, float]], rosters: list[Path],
                   grades: Path | None = None) -> SkillTable:
    checked = check_rosters(rosters)
    diags = [d for f in checked.files for d in f.diagnostics]
    by_email, by_id = {}, {}
    for o in checked.outcomes:
        unit = o.person.get("unit") or NO_UNIT
        if o.person.get("email"):
            by_email.setdefault(o.person["email"].lower(), unit)
        if o.person.get("citizen_id"):
            by_id.setdefault(o.person["citizen_id"], unit)
    email_of: dict[str, str] = {}
    if grades is not None:
        results, more, _ = read_results(grades)
        diags += more
        email_of = {r.username: r.email.lower() for r in results if r.username and r.email}
    unit_of: dict[str, str] = {}
    for username in scores:
        unit = by_email.get(email_of.get(username, "")) or by_id.get(_digits(username))
        unit_of[username] = unit or OFF_ROSTER
    framework = project.framework
    cells: dict[tuple[str, str], Cell] = {}
    for username, per in scores.items():
        unit = unit_of[username]
        for qid, score in per.items():
            entry = project.questions.get(qid)
            if entry is None:
                continue
            for skill in entry.q.skills:
                cell = cells.setdefault((skill, unit), Cell())
                cell.score += score
                cell.answers += 1
                cell.learners.add(username)
    units = sorted({u for _, u in cells}, key=lambda u: (u == OFF_ROSTER, fold(u).lower(), u))
    skills = sorted({s for s, _ in cells})
    learners: dict[str, int] = {}
    for unit in unit_of.values():
        learners[unit] = learners.get(unit, 0) + 1
    named = [(s, item.name if framework and (item := framework.item(s)) else "") for s in skills]
    return SkillTable(units, named, cells, learners, diags)


def table_markdown(t: SkillTable) -> str:
    """Skills down, units across: proportion correct and the number of answers behind it."""
    head = ["Kỹ năng"] + [f"{u} ({t.learners_by_unit.get(u, 0)} người)" for u in t.units]
    out = ["| " + " | ".join(head) + " |", "|---" + "|---:" * len(t.units) + "|"]
    for code, name in t.skills:
        row = [f"{code} {name}".strip()]
        for unit in t.units:
            cell = t.cells.get((code, unit))
            row.append("—" if cell is None or cell.rate is None else
                       f"{round(cell.rate * 100)} % ({cell.answers})")
        out.append("| " + " | ".join(row) + " |")
    return "\n".join(out) + "\n"


def table_json(t: SkillTable) -> dict:
    return {"units": [{"name": u, "learners": t.learners_by_unit.get(u, 0)} for u in t.units],
            "skills": [{"code": code, "name": name, "by_unit": {
                u: {"rate": round(c.rate, 4), "answers": c.answers}
                for u in t.units if (c := t.cells.get((code, u))) and c.rate is not None}}
                for code, name in t.skills]}
