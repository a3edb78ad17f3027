"""Classical item statistics per question, and the flags a reviewer acts on.

- difficulty `p`: the proportion of respondents who scored full marks on the item;
- discrimination: the item–rest correlation (Pearson between the item score and the learner's
  score on the other analysed items), so an item does not correlate with itself;
- for choice questions, how many respondents picked each option.

Flags are raised only when at least `min_respondents` learners answered, with thresholds from
qbank.yaml (`analysis:`, `qbank.config.Analysis`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from qbank.config import Analysis as Thresholds
from qbank.export.identifiers import choice_id
from qbank.model.question import ChoiceQuestion, MultipleResponse, SingleChoice, TrueFalse

if TYPE_CHECKING:
    from qbank.analysis.mapping import CourseMap
    from qbank.analysis.reports import ProblemGrades, ResponsesReport
    from qbank.resolve.project import Project

FLAG_VI = {  # the flags, as reviewers read them
    "too-easy": "quá dễ",
    "too-hard": "quá khó",
    "negative-discrimination": "phân biệt ngược",
    "dead-distractor": "phương án nhiễu không ai chọn",
    "distractor-beats-key": "phương án sai được chọn nhiều hơn đáp án",
}


@dataclass
class OptionCount:
    id: str  # A, B, … as on the review sheet
    text: str
    correct: bool
    picked: int = 0


@dataclass
class ItemStats:
    id: str
    bank: str
    type: str
    n: int = 0
    correct: int = 0
    discrimination: float | None = None
    options: list[OptionCount] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    answers_seen: int = 0  # respondents whose chosen options the reports show

    @property
    def p(self) -> float | None:
        return self.correct / self.n if self.n else None


def _pearson(xs: list[float], ys: list[float]) -> float | None:
    n = len(xs)
    if n < 3:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / math.sqrt(sxx * syy)


def _full_marks(state: dict) -> bool | None:
    """Whether a saved CAPA state earned full marks; None when never submitted."""
    score = state.get("score")
    if isinstance(score, dict) and score.get("raw_possible"):
        if not state.get("attempts") and not state.get("correct_map"):
            return None
        return score.get("raw_earned", 0) >= score["raw_possible"]
    cmap = state.get("correct_map")
    if not cmap:
        return None
    return all(isinstance(v, dict) and v.get("correctness") == "correct" for v in cmap.values())


def _picked(state: dict) -> list[int]:
    """Option indexes a learner chose, from CAPA's `choice_<n>` answers (document order)."""
    out: list[int] = []
    for value in (state.get("student_answers") or {}).values():
        for v in value if isinstance(value, list) else [value]:
            if isinstance(v, str) and v.startswith("choice_") and v[7:].isdigit():
                out.append(int(v[7:]))
    return out


def option_counts(q) -> list[OptionCount]:
    """The options a learner can pick (A, B, …; true/false as Đúng, Sai), uncounted."""
    if isinstance(q, ChoiceQuestion):
        return [OptionCount(choice_id(i), o.text, o.correct) for i, o in enumerate(q.options)]
    if isinstance(q, TrueFalse):
        return [OptionCount("A", "Đúng", q.answer is True),
                OptionCount("B", "Sai", q.answer is False)]
    return []


def analyse(project: Project, cmap: CourseMap, responses: list[ResponsesReport],
            grades: ProblemGrades | None = None, thresholds: Thresholds = Thresholds()
            ) -> tuple[list[ItemStats], dict[str, dict[str, float]]]:
    """Per-question statistics, and each learner's item scores (question id -> 0..1)."""
    scores: dict[str, dict[str, float]] = {}  # username -> question -> score
    stats: dict[str, ItemStats] = {}

    def item(qid: str) -> ItemStats:
        if qid not in stats:
            entry = project.questions[qid]
            stats[qid] = ItemStats(qid, entry.bank, entry.q.type, options=option_counts(entry.q))
        return stats[qid]

    for report in responses:
        for r in report.responses:
            problem = cmap.find(r)
            if problem is None or problem.question not in project.questions:
                continue
            full = _full_marks(r.state)
            if full is None:
                continue
            it = item(problem.question)
            it.n += 1
            it.correct += full
            scores.setdefault(r.username, {})[problem.question] = 1.0 if full else 0.0
            picked = {i for i in _picked(r.state) if i < len(it.options)}
            it.answers_seen += bool(picked)
            for i in picked:
                it.options[i].picked += 1
    if grades is not None:
        _add_grades(project, cmap, grades, scores, item)
    for it in stats.values():
        xs, ys = [], []
        for per in scores.values():
            if it.id in per:
                xs.append(per[it.id])
                ys.append(sum(v for k, v in per.items() if k != it.id))
        it.discrimination = _pearson(xs, ys)
        it.flags = flags(project.questions[it.id].q, it, thresholds)
    ordered = sorted(stats.values(), key=lambda s: (s.bank, s.id))
    return ordered, scores


def _add_grades(project, cmap: CourseMap, grades: ProblemGrades, scores, item) -> None:
    """Problem grade columns, matched by position to the final exam's problems: items the
    responses report did not cover are counted from earned/possible."""
    matched = grade_columns(cmap, grades)
    for username, cells in grades.learners.items():
        for cell, problem in zip(cells, matched, strict=True):
            if problem is None or cell is None or cell[0] is None or not cell[1]:
                continue
            qid = problem.question
            if qid in scores.get(username, {}) or qid not in project.questions:
                continue
            it = item(qid)
            full = cell[0] >= cell[1]
            it.n += 1
            it.correct += full
            scores.setdefault(username, {})[qid] = cell[0] / cell[1]


def grade_columns(cmap: CourseMap, grades: ProblemGrades) -> list:
    """The problem of each grade column: by position when the display names agree in order,
    otherwise by a display name that only one problem carries; None for the rest."""
    order = cmap.graded_order
    if len(order) == len(grades.columns) and all(
            p.display_name == c.problem for p, c in zip(order, grades.columns, strict=True)):
        return list(order)
    by_name: dict[str, list] = {}
    for p in order:
        by_name.setdefault(p.display_name, []).append(p)
    return [by_name[c.problem][0] if len(by_name.get(c.problem, [])) == 1 else None
            for c in grades.columns]


def flags(q, it: ItemStats, t: Thresholds) -> list[str]:
    if it.n < t.min_respondents or it.p is None:
        return []
    out = []
    if it.p > t.too_easy:
        out.append("too-easy")
    if it.p < t.too_hard:
        out.append("too-hard")
    if it.discrimination is not None and it.discrimination < t.discrimination:
        out.append("negative-discrimination")
    if isinstance(q, (SingleChoice, MultipleResponse, TrueFalse)) and it.answers_seen:
        wrong = [o for o in it.options if not o.correct]
        keys = [o for o in it.options if o.correct]
        if isinstance(q, (SingleChoice, MultipleResponse)) and any(o.picked == 0 for o in wrong):
            out.append("dead-distractor")
        if keys and any(o.picked > min(k.picked for k in keys) for o in wrong):
            out.append("distractor-beats-key")
    return out
