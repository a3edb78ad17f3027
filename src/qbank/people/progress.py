"""Join rosters with a results export from the platform and count, per unit and department,
who completed, is in progress, has not started or never enrolled — the monthly report the
province asks for, computed from platform data instead of manual counts.

Results: the grade report CSV of Open edX's instructor dashboard (Email, Username, Grade,
Certificate Eligible, Enrollment Status, …) or any CSV whose headers say the same things
("Thư điện tử", "Tên đăng nhập", "Điểm", "Đạt"), or an explicit column mapping.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from qbank.diagnostics import Diagnostic, Position, code, sorted_diagnostics
from qbank.os_errors import os_reason
from qbank.people.clean import tidy_email, tidy_text
from qbank.people.masking import mask_email, mask_id, mask_username
from qbank.people.roster import (
    RosterCheck,
    check_rosters,
    content_folder_diagnostic,
    csv_rows,
)
from qbank.vietnamese import fold

RESULT_FIELDS = ("email", "username", "grade", "passed", "course", "status")
_KEYWORDS = {
    "email": ("email", "e mail", "thu dien tu"),
    "username": ("username", "ten dang nhap", "tai khoan", "cccd", "dinh danh"),
    "grade": ("grade", "diem", "diem tong", "ket qua"),
    "passed": ("certificate eligible", "dat", "passed", "hoan thanh"),
    "course": ("course id", "course", "ma khoa hoc", "khoa hoc"),
    "status": ("enrollment status", "trang thai"),
}
_YES = {"y", "yes", "true", "1", "x", "co", "dat", "hoan thanh", "passed"}
_NO = {"n", "no", "false", "0", "khong", "chua dat", "khong dat", "chua hoan thanh", "failed"}
STATUSES = ("completed", "in_progress", "not_started", "not_enrolled")
NO_UNIT = "(chưa ghi)"

RESULTS_UNREADABLE = code(
    "QB1240", "results-unreadable", "error",
    "không đọc được tệp kết quả: {reason}", "cannot read the results file: {reason_en}",
    "Tải lại báo cáo điểm (Grade report) từ trang quản lý khóa học dưới dạng CSV.",
    "Download the grade report from the instructor dashboard again, as CSV.")
RESULTS_COLUMN = code(
    "QB1241", "results-missing-column", "error",
    "tệp kết quả không có cột {column}", "the results file has no {column_en} column",
    "Cần cột Email hoặc Username; với tệp khác mẫu Open edX, chỉ rõ bằng --map "
    "email=<tên cột>,grade=<tên cột>,passed=<tên cột>.",
    "Email or Username is needed; for other exports name them with --map "
    "email=<header>,grade=<header>,passed=<header>.")
NOT_ON_ROSTER = code(
    "QB1242", "results-not-on-roster", "info",
    "{who} có kết quả trên nền tảng nhưng không có trong danh sách nào",
    "{who} has results on the platform but is on no roster",
    "Người ngoài đơn vị hoặc danh sách còn thiếu; xem trang 'Ngoài danh sách' của báo cáo.",
    "Someone from elsewhere, or missing from a roster; see the report's 'not on roster' sheet.")
ID_MISMATCH = code(
    "QB1243", "results-id-mismatch", "warning",
    "tài khoản {username} khớp e-mail với {where_vi} nhưng số CCCD ở danh sách là {masked}",
    "account {username} matches {where_en} by e-mail but the roster's ID number is {masked}",
    "Một trong hai số bị gõ nhầm; sửa danh sách theo thẻ căn cước của người học.",
    "One of the two numbers is mistyped; correct the roster from the learner's ID card.")
BAD_GRADE = code(
    "QB1244", "results-bad-grade", "warning",
    "điểm '{value}' không phải là số; coi như chưa có điểm",
    "grade '{value}' is not a number; treated as no grade", "", "")
RESULT_DUPLICATE = code(
    "QB1245", "results-duplicate", "warning",
    "người học ở {where_vi} có hai dòng kết quả (dòng {first} và dòng {line})",
    "the learner at {where_en} has two result lines ({first} and {line})",
    "Dùng một báo cáo điểm cho một khóa học; dòng đầu được tính.",
    "Use one grade report per course; the first line counts.")
NO_PASS_RULE = code(
    "QB1246", "results-no-pass-rule", "error",
    "không xác định được ai đã hoàn thành: tệp kết quả không có cột đạt/không đạt",
    "cannot tell who completed: the results file has no pass/fail column",
    "Dùng --pass-grade (ví dụ 0.7) hoặc --map passed=<tên cột>.",
    "Use --pass-grade (e.g. 0.7) or --map passed=<header>.")


@dataclass
class Result:
    line: int
    email: str = ""
    username: str = ""
    grade: float | None = None
    passed: bool | None = None
    enrolled: bool = True
    course: str = ""


@dataclass
class Counts:
    on_roster: int = 0
    enrolled: int = 0
    completed: int = 0
    in_progress: int = 0
    not_started: int = 0
    not_enrolled: int = 0

    def add(self, status: str) -> None:
        self.on_roster += 1
        setattr(self, status, getattr(self, status) + 1)
        if status != "not_enrolled":
            self.enrolled += 1

    @property
    def rate(self) -> float:
        """Completed over people on the roster, 0..1."""
        return self.completed / self.on_roster if self.on_roster else 0.0


@dataclass
class PersonStatus:
    unit: str
    department: str
    name: str
    email: str
    citizen_id: str
    where: str  # "danh-sach.xlsx:7"
    status: str
    grade: float | None = None


@dataclass
class ProgressReport:
    course: str | None
    month: str | None
    target: float  # percent
    total: Counts
    units: list[tuple[str, Counts]]
    departments: list[tuple[str, str, Counts]]
    people: list[PersonStatus]
    outsiders: list[Result]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    roster_rows_with_errors: int = 0

    def met(self, counts: Counts) -> bool:
        return counts.rate * 100 >= self.target - 1e-9


def _words(text) -> str:
    return re.sub(r"[^a-z0-9]+", " ", fold(tidy_text(text)).lower()).strip()


def _columns(header: list[str], mapping: dict[str, str]) -> dict[str, int]:
    """0-based column of each result field: the mapping first, then headers by meaning."""
    cols: dict[str, int] = {}
    for name, wanted in mapping.items():
        for i, h in enumerate(header):
            if _words(h) == _words(wanted):
                cols[name] = i
                break
    for i, h in enumerate(header):
        padded = f" {_words(h)} "
        for name in RESULT_FIELDS:
            if name not in cols and name not in mapping and any(
                    f" {k} " in padded for k in _KEYWORDS[name]):
                cols[name] = i
                break
    return cols


def _yes_no(value: str) -> bool | None:
    w = _words(value)
    return True if w in _YES else False if w in _NO else None


def read_results(path: Path, mapping: dict[str, str] | None = None, course: str | None = None
                 ) -> tuple[list[Result], list[Diagnostic], bool]:
    """(results, diagnostics, has a pass/fail column) of a results CSV."""
    path = Path(path)
    refused = content_folder_diagnostic(path)
    if refused:
        return [], [refused], False
    mapping = mapping or {}
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        reason, reason_en = (("không phải UTF-8", "not UTF-8") if isinstance(e, UnicodeDecodeError)
                             else os_reason(e))
        return [], [RESULTS_UNREADABLE.at(Position(path), reason=reason, reason_en=reason_en)], \
            False
    rows = csv_rows(text)
    if not rows:
        return [], [RESULTS_UNREADABLE.at(Position(path), reason="tệp rỗng",
                                          reason_en="the file is empty")], False
    header = rows[0]
    cols = _columns(header, mapping)
    diags = []
    for name, wanted in mapping.items():
        if name not in cols:
            diags.append(RESULTS_COLUMN.at(Position(path, 1, 1), column=f"'{wanted}'",
                                           column_en=f"'{wanted}'"))
    if not diags and "email" not in cols and "username" not in cols:
        diags.append(RESULTS_COLUMN.at(Position(path, 1, 1), column="Email/Username",
                                       column_en="Email/Username"))
    if diags:
        return [], diags, False
    results = []
    for line, values in enumerate(rows[1:], start=2):
        if not any(v.strip() for v in values):
            continue

        def get(name: str, values=values) -> str:
            i = cols.get(name)
            return tidy_text(values[i]) if i is not None and i < len(values) else ""

        r = Result(line, tidy_email(get("email")), get("username"), course=get("course"))
        if course and r.course and course != r.course and course not in re.split(r"[:+/]",
                                                                                 r.course):
            continue
        raw_grade = get("grade")
        if raw_grade:
            try:
                r.grade = float(raw_grade.replace(",", "."))
            except ValueError:
                diags.append(BAD_GRADE.at(Position(path, line, cols["grade"] + 1),
                                          value=raw_grade))
        r.passed = _yes_no(get("passed")) if "passed" in cols else None
        r.enrolled = _words(get("status")) not in ("unenrolled", "huy dang ky", "da huy")
        results.append(r)
    return results, diags, "passed" in cols


def progress(rosters: list[Path], results_path: Path, *, course: str | None = None,
             month: str | None = None, target: float = 100, pass_grade: float | None = None,
             mapping: dict[str, str] | None = None) -> ProgressReport:
    """The progress report: rosters (one or several files) joined with one results export."""
    checked: RosterCheck = check_rosters(rosters)
    results, diags, has_passed = read_results(results_path, mapping, course)
    diags = [d for f in checked.files for d in f.diagnostics] + diags
    report = ProgressReport(course, month, target, Counts(), [], [], [], [], diags,
                            len(checked.rejected))
    if not any(d.severity == "error" for d in diags) and not has_passed and pass_grade is None:
        report.diagnostics.append(NO_PASS_RULE.at(Position(Path(results_path), 1, 1)))
    if any(d.severity == "error" for d in report.diagnostics):
        report.diagnostics = sorted_diagnostics(report.diagnostics)
        return report
    people = _people(checked)
    by_email = {p["email"]: p for p in people if p["email"]}
    by_id = {p["citizen_id"]: p for p in people if p["citizen_id"]}
    matched: dict[int, Result] = {}
    results_path = Path(results_path)
    for r in results:
        digits = re.sub(r"[\s.]", "", r.username)
        person = by_email.get(r.email) if r.email else None
        if person is not None and digits.isdigit() and len(digits) == 12 and \
                person["citizen_id"] != digits:
            report.diagnostics.append(ID_MISMATCH.at(
                Position(results_path, r.line, 1), username=mask_username(r.username),
                masked=mask_id(person["citizen_id"]), **person["where_args"]))
        if person is None and digits:
            person = by_id.get(digits)
        if person is None:
            report.outsiders.append(r)
            who = mask_email(r.email) if r.email else mask_username(r.username)
            report.diagnostics.append(NOT_ON_ROSTER.at(Position(results_path, r.line, 1),
                                                       who=who))
            continue
        if id(person) in matched:
            report.diagnostics.append(RESULT_DUPLICATE.at(
                Position(results_path, r.line, 1), first=matched[id(person)].line, line=r.line,
                **person["where_args"]))
            continue
        matched[id(person)] = r
    units: dict[str, Counts] = {}
    departments: dict[tuple[str, str], Counts] = {}
    for p in people:
        r = matched.get(id(p))
        status = _status(r, pass_grade)
        report.total.add(status)
        units.setdefault(p["unit"], Counts()).add(status)
        departments.setdefault((p["unit"], p["department"]), Counts()).add(status)
        report.people.append(PersonStatus(p["unit"], p["department"], p["name"], p["email"],
                                          p["citizen_id"], p["where"], status,
                                          r.grade if r else None))
    key = _sort_key
    report.units = [(u, units[u]) for u in sorted(units, key=key)]
    report.departments = [(u, d, departments[(u, d)])
                          for u, d in sorted(departments, key=lambda k: (key(k[0]), key(k[1])))]
    report.people.sort(key=lambda p: (key(p.unit), key(p.department), key(p.name), p.where))
    report.diagnostics = sorted_diagnostics(report.diagnostics)
    return report


def _sort_key(text: str) -> tuple[str, str]:
    return (fold(text).lower(), text)


def _status(r: Result | None, pass_grade: float | None) -> str:
    if r is None or not r.enrolled:
        return "not_enrolled"
    passed = r.passed
    if passed is None and pass_grade is not None and r.grade is not None:
        passed = r.grade >= pass_grade
    if passed:
        return "completed"
    return "in_progress" if r.grade else "not_started"


def _people(checked: RosterCheck) -> list[dict]:
    """Everyone listed, rejected rows included (they are still people to report on); the
    same person listed twice (same e-mail or ID number and same name) counts once."""
    people, seen = [], set()
    for o in checked.outcomes:
        p = o.person
        name = fold(p.get("name", "")).lower()
        keys = {("email", p.get("email"), name), ("id", p.get("citizen_id"), name)}
        keys = {k for k in keys if k[1]}
        if keys & seen:
            continue
        seen |= keys
        row = o.row
        where = f"{row.path.name}:{row.row}"
        people.append({
            "name": p.get("name", ""), "email": p.get("email", ""),
            "citizen_id": p.get("citizen_id", ""), "unit": p.get("unit") or NO_UNIT,
            "department": p.get("department") or NO_UNIT, "where": where,
            "where_args": {"where_vi": f"{row.path.name} dòng {row.row}",
                           "where_en": f"{row.path.name} row {row.row}"}})
    return people
