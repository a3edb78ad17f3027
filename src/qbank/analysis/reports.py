"""Reading the three CSV downloads of Open edX's Instructor Dashboard (Data Download).

What each report holds, as openedx-platform writes it (lms/djangoapps/instructor_task/
tasks_helper/grades.py):

- Problem responses report (`ProblemResponses`): one row per learner, problem and answer
  field. Fixed columns ``username, title, location, …, block_key, state`` — these names are
  written untranslated; between ``location`` and ``block_key`` come the columns the problem
  block adds (CAPA's ``generate_report_data``: "Answer ID", "Question", "Answer", "Correct
  Answer"), which *are* translated to the platform's language and whose order depends on it.
  ``state`` is the learner's saved JSON state (``student_answers``, ``correct_map``, ``score``).
  Older releases (before the block key column) have only ``username, title, location, state``
  or even ``username, state``. The task stops at ``FEATURES['MAX_PROBLEM_RESPONSES_COUNT']``
  rows (5,000 by default) without saying so.
- Problem grade report (`ProblemGradeReport`): ``Student ID, Email, Username, Enrollment
  Status, Grade`` (older releases: no ``Enrollment Status``), then per graded problem two
  columns ``"<assignment type> <n>: <subsection> - <problem> (Earned)"`` and ``"… (Possible)"``;
  a cell is a number, "Not Attempted" (drawn, never submitted) or "Not Available" (not in this
  learner's draw). The headers carry no block keys, so problems are matched by position and
  display name.
- Grade report (`CourseGradeReport`): ``Student ID, Email, Username, Grade, <assignments>…``;
  read here only to tell which learners a unit has (`qbank.people.progress.read_results`).

qbank reads the state JSON rather than the translated CAPA columns, so one reader serves every
platform language.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from qbank.diagnostics import Diagnostic, Position, code
from qbank.os_errors import os_reason

DEFAULT_ROW_LIMIT = 5000  # FEATURES['MAX_PROBLEM_RESPONSES_COUNT'] in lms/envs/common.py

UNREADABLE = code(
    "QB1301", "report-unreadable", "error", "không đọc được báo cáo: {reason}",
    "cannot read the report: {reason_en}",
    "Tải lại báo cáo từ trang quản lý khóa học (Instructor → Data Download), dạng CSV.",
    "Download the report again from the Instructor Dashboard (Data Download), as CSV.")
WRONG_KIND = code(
    "QB1302", "report-wrong-kind", "error",
    "tệp này là {found_vi}, không phải {wanted_vi}",
    "this file is a {found_en}, not a {wanted_en}",
    "Trang Data Download có ba nút: {button_vi}.", "The Data Download page has three buttons: "
    "{button_en}.")
TRUNCATED = code(
    "QB1303", "report-truncated", "warning",
    "báo cáo có {rows} dòng, đúng giới hạn của nền tảng: có thể đã bị cắt bớt",
    "the report has {rows} rows, the platform's limit: it may have been cut short",
    "Nền tảng dừng ở MAX_PROBLEM_RESPONSES_COUNT dòng. Tải báo cáo cho từng phần của khóa "
    "học (chọn một phần trước khi bấm nút) rồi đưa tất cả các tệp vào lệnh.",
    "The platform stops at MAX_PROBLEM_RESPONSES_COUNT rows. Download the report per section "
    "(pick a section before pressing the button) and pass every file.")
BAD_STATE = code(
    "QB1304", "report-bad-state", "warning",
    "dòng {line}: cột state không phải JSON của Open edX; bỏ qua dòng",
    "row {line}: the state column is not Open edX JSON; row skipped", "", "")
BAD_CELL = code(
    "QB1305", "report-bad-cell", "warning",
    "ô '{value}' không phải điểm, 'Not Attempted' hay 'Not Available'; coi như chưa làm",
    "cell '{value}' is neither a score, 'Not Attempted' nor 'Not Available'; treated as not "
    "attempted", "", "")

RESPONSES, PROBLEM_GRADES, GRADES = "responses", "problem-grades", "grades"
KIND_NAMES = {
    RESPONSES: ("báo cáo câu trả lời (Problem Responses)", "problem responses report"),
    PROBLEM_GRADES: ("báo cáo điểm từng câu (Problem Grade Report)", "problem grade report"),
    GRADES: ("báo cáo điểm (Grade Report)", "grade report"),
    None: ("tệp CSV không rõ loại", "CSV file of unknown kind"),
}
BUTTONS = ("'Generate Grade Report', 'Generate Problem Grade Report', 'Create a report of "
           "problem responses'")

# The responses report's fixed columns are written untranslated by openedx-platform; the
# Vietnamese names are those a translated fork or a re-saved spreadsheet may carry.
_FIXED = {
    "username": ("username", "ten dang nhap", "ten nguoi dung"),
    "title": ("title", "tieu de"),
    "location": ("location", "vi tri"),
    "block_key": ("block_key", "block key", "ma khoi"),
    "state": ("state", "trang thai"),
}
_EARNED = re.compile(r"^(?P<name>.*) \(Earned\)$")
_POSSIBLE = re.compile(r"^(?P<name>.*) \(Possible\)$")
NOT_ATTEMPTED, NOT_AVAILABLE = "Not Attempted", "Not Available"


@dataclass
class Response:
    """A learner's saved state for one problem (several CSV rows share one state)."""

    line: int
    username: str
    block_key: str
    title: str
    location: str
    state: dict


@dataclass
class ResponsesReport:
    path: Path
    responses: list[Response] = field(default_factory=list)
    rows: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)


@dataclass
class GradeColumn:
    """One problem of the problem grade report: its header name and its two columns."""

    name: str  # "<assignment> <n>: <subsection> - <problem display name>"
    earned: int
    possible: int

    @property
    def problem(self) -> str:
        return self.name.rsplit(" - ", 1)[-1]


@dataclass
class ProblemGrades:
    path: Path
    columns: list[GradeColumn] = field(default_factory=list)
    # username -> per column: (earned or None when not attempted, possible) or None (not drawn)
    learners: dict[str, list[tuple[float | None, float] | None]] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def _fold(text: str) -> str:
    from qbank.vietnamese import fold

    return re.sub(r"[^a-z0-9_]+", " ", fold(text).lower()).strip()


def _read_rows(path: Path) -> tuple[list[list[str]] | None, list[Diagnostic]]:
    try:
        data = path.read_bytes()
    except OSError as e:
        reason, reason_en = os_reason(e)
        return None, [UNREADABLE.at(Position(path), reason=reason, reason_en=reason_en)]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, [UNREADABLE.at(Position(path), reason="không phải UTF-8 (tệp đã bị lưu "
                                    "lại bằng Excel?)", reason_en="not UTF-8 (re-saved by a "
                                    "spreadsheet program?)")]
    if "\0" in text:
        return None, [UNREADABLE.at(Position(path), reason="không phải tệp văn bản",
                                    reason_en="not a text file")]
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as e:
        return None, [UNREADABLE.at(Position(path), reason=f"không đọc được dạng CSV ({e})",
                                    reason_en=str(e))]
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        return None, [UNREADABLE.at(Position(path), reason="tệp rỗng",
                                    reason_en="the file is empty")]
    return rows, []


def kind_of(header: list[str]) -> str | None:
    """Which of the three reports a header row belongs to."""
    folded = [_fold(h) for h in header]
    if any(_EARNED.match(h.strip()) for h in header):
        return PROBLEM_GRADES
    if any(f in _FIXED["state"] for f in folded) and any(f in _FIXED["username"] for f in folded):
        return RESPONSES
    if "student id" in folded and "grade" in folded:
        return GRADES
    return None


def _wrong_kind(path: Path, found: str | None, wanted: str) -> Diagnostic:
    return WRONG_KIND.at(Position(path, 1, 1), found_vi=KIND_NAMES[found][0],
                         found_en=KIND_NAMES[found][1], wanted_vi=KIND_NAMES[wanted][0],
                         wanted_en=KIND_NAMES[wanted][1], button_vi=BUTTONS, button_en=BUTTONS)


def read_responses(path: Path, row_limit: int = DEFAULT_ROW_LIMIT) -> ResponsesReport:
    path = Path(path)
    report = ResponsesReport(path)
    rows, report.diagnostics = _read_rows(path)
    if rows is None:
        return report
    header = rows[0]
    if kind_of(header) != RESPONSES:
        report.diagnostics.append(_wrong_kind(path, kind_of(header), RESPONSES))
        return report
    cols: dict[str, int] = {}
    for i, h in enumerate(header):
        for name, aliases in _FIXED.items():
            if name not in cols and _fold(h) in aliases:
                cols[name] = i
    report.rows = len(rows) - 1
    seen: set[tuple[str, str, str]] = set()
    for line, values in enumerate(rows[1:], start=2):
        def get(name: str, values=values) -> str:
            i = cols.get(name)
            return values[i].strip() if i is not None and i < len(values) else ""

        raw = get("state")
        try:
            state = json.loads(raw) if raw else {}
        except ValueError:
            state = None
        if not isinstance(state, dict):
            report.diagnostics.append(BAD_STATE.at(Position(path, line, cols["state"] + 1),
                                                   line=line))
            continue
        key = (get("username"), get("block_key") or get("location") or get("title"), raw)
        if key in seen:  # one row per answer field, the same state on each
            continue
        seen.add(key)
        report.responses.append(Response(line, get("username"), get("block_key"),
                                         get("title"), get("location"), state))
    if row_limit and report.rows >= row_limit:
        report.diagnostics.append(TRUNCATED.at(Position(path, len(rows), 1), rows=report.rows))
    return report


def _number(value: str) -> float | None:
    try:
        return float(value.replace(",", "."))
    except ValueError:
        return None


def read_problem_grades(path: Path) -> ProblemGrades:
    path = Path(path)
    report = ProblemGrades(path)
    rows, report.diagnostics = _read_rows(path)
    if rows is None:
        return report
    header = [h.strip() for h in rows[0]]
    if kind_of(header) != PROBLEM_GRADES:
        report.diagnostics.append(_wrong_kind(path, kind_of(header), PROBLEM_GRADES))
        return report
    folded = [_fold(h) for h in header]
    user_col = folded.index("username") if "username" in folded else 2
    for i, h in enumerate(header):
        m = _EARNED.match(h)
        if m and i + 1 < len(header) and (p := _POSSIBLE.match(header[i + 1])) and \
                p["name"] == m["name"]:
            report.columns.append(GradeColumn(m["name"], i, i + 1))
    for line, values in enumerate(rows[1:], start=2):
        cells: list[tuple[float | None, float] | None] = []
        for col in report.columns:
            earned = values[col.earned].strip() if col.earned < len(values) else ""
            possible = _number(values[col.possible]) if col.possible < len(values) else None
            if earned == NOT_AVAILABLE or possible is None:
                cells.append(None)
            elif earned == NOT_ATTEMPTED:
                cells.append((None, possible))
            elif (value := _number(earned)) is not None:
                cells.append((value, possible))
            else:
                report.diagnostics.append(BAD_CELL.at(Position(path, line, col.earned + 1),
                                                      value=earned))
                cells.append((None, possible))
        username = values[user_col].strip() if user_col < len(values) else ""
        report.learners[username or f"#{line}"] = cells
    return report


def sniff(path: Path) -> str | None:
    """The kind of report a file is, or None when unreadable or unknown."""
    rows, _ = _read_rows(Path(path))
    return kind_of(rows[0]) if rows else None
