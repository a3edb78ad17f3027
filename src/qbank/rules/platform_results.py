"""Figures from the platform, back at the question: each flag of the newest saved analysis
(`qbank analyze --save`) is shown as information at the question's line, until the question's
scored content changes (then the figures no longer describe it)."""

from __future__ import annotations

from qbank.analysis.items import option_counts
from qbank.analysis.saved import latest
from qbank.diagnostics import Position, code
from qbank.release import item_hash
from qbank.resolve.project import Project

_HINT_VI = "Xem lại câu hỏi; số liệu từ {path}."
_HINT_EN = "Review the question; figures from {path}."
FLAG_CODES = {
    "too-easy": code(
        "QB1320", "results-too-easy", "info",
        "câu quá dễ trong kết quả {month}: {pct} trả lời đúng, {n} người",
        "question too easy in the {month} results: {pct} correct, {n} learners",
        _HINT_VI, _HINT_EN),
    "too-hard": code(
        "QB1321", "results-too-hard", "info",
        "câu quá khó trong kết quả {month}: chỉ {pct} trả lời đúng, {n} người",
        "question too hard in the {month} results: only {pct} correct, {n} learners",
        "Kiểm tra đáp án và cách hỏi; " + _HINT_VI, "Check the key and the wording; " + _HINT_EN),
    "negative-discrimination": code(
        "QB1322", "results-negative-discrimination", "info",
        "câu phân biệt ngược trong kết quả {month}: người học tốt lại hay sai (r = {r}, {n} "
        "người)",
        "negative discrimination in the {month} results: stronger learners miss it more (r = "
        "{r_en}, {n} learners)",
        "Thường do đáp án sai hoặc câu hỏi gây hiểu lầm; " + _HINT_VI,
        "Usually a wrong key or a misleading stem; " + _HINT_EN),
    "dead-distractor": code(
        "QB1323", "results-dead-distractor", "info",
        "trong kết quả {month}, không ai chọn phương án nhiễu {options} ({n} người)",
        "in the {month} results nobody picked the distractor(s) {options} ({n} learners)",
        "Thay bằng một nhầm lẫn mà người học hay mắc; " + _HINT_VI,
        "Replace it with a mistake learners really make; " + _HINT_EN),
    "distractor-beats-key": code(
        "QB1324", "results-distractor-beats-key", "info",
        "trong kết quả {month}, phương án sai {options} được chọn nhiều hơn đáp án ({n} người)",
        "in the {month} results the wrong option(s) {options} were picked more than the key "
        "({n} learners)",
        "Kiểm tra đáp án, hoặc làm rõ bài học; " + _HINT_VI,
        "Check the key, or make the lesson clearer; " + _HINT_EN),
}
BAD_FILE = code(
    "QB1325", "analysis-file-unreadable", "warning", "không đọc được kết quả phân tích: {reason}",
    "cannot read the saved analysis: {reason_en}",
    "Tạo lại bằng qbank analyze … --save.", "Recreate it with qbank analyze … --save.")


def check(project: Project):
    saved, bad = latest(project)
    for path, reason, reason_en in bad:
        yield BAD_FILE.at(Position(path, 1, 1), reason=reason, reason_en=reason_en)
    for qid, item in sorted(saved.items()):
        entry = project.questions.get(qid)
        if entry is None or not item.flags or item_hash(entry.q) != item.hash:
            continue
        rel = item.path.relative_to(project.root).as_posix()
        args = {"month": item.month, "n": item.n, "path": rel,
                "pct": "—" if item.p is None else f"{round(item.p * 100)} %",
                "r": "—" if item.discrimination is None
                else f"{item.discrimination:.2f}".replace(".", ","),  # Vietnamese decimal comma
                "r_en": "—" if item.discrimination is None else f"{item.discrimination:.2f}",
                "options": "—"}
        for flag in item.flags:
            if flag in FLAG_CODES:
                args["options"] = ", ".join(_options(entry.q, item, flag)) or "—"
                yield FLAG_CODES[flag].at(entry.pos(), **args)


def _options(q, item, flag: str) -> list[str]:
    """The letters of the wrong options a distractor flag is about, from the saved counts."""
    correct = {o.id: o.correct for o in option_counts(q)}
    picks = dict(item.options)
    keys = [n for letter, n in picks.items() if correct.get(letter)]
    wrong = [(letter, n) for letter, n in picks.items() if correct.get(letter) is False]
    if flag == "dead-distractor":
        return [letter for letter, n in wrong if n == 0]
    if flag == "distractor-beats-key" and keys:
        return [letter for letter, n in wrong if n > min(keys)]
    return []
