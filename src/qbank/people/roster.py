"""Learner rosters (danh sách học viên) from .xlsx or .csv: find the header under the title
rows by what the headers mean, then validate every row.

The province's template has STT, Họ và Tên, Email, Số căn cước Công dân, Phòng/ban, Đơn vị;
headers are recognised after removing diacritics and case, so "SO CCCD" or "Đơn vị công tác"
are understood too. Optional columns (Số điện thoại, Ngày sinh) are checked when present.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from qbank.diagnostics import Diagnostic, Position, code, sorted_diagnostics
from qbank.os_errors import os_reason
from qbank.people import cccd
from qbank.people.clean import is_email, tidy_date, tidy_email, tidy_name, tidy_phone, tidy_text
from qbank.people.masking import mask_email, mask_id
from qbank.resolve.load import find_root
from qbank.vietnamese import fold

HEADER_SEARCH_ROWS = 30
REQUIRED = ("name", "email", "citizen_id", "department", "unit")
# Checked in this order, so "Số điện thoại" is a phone before anything else matches.
_KEYWORDS = {
    "stt": ("stt", "tt", "so thu tu"),
    "citizen_id": ("cccd", "can cuoc", "dinh danh", "cmnd", "cmt"),
    "email": ("email", "e mail", "thu dien tu"),
    "phone": ("dien thoai", "sdt", "so dt"),
    "birth_date": ("ngay sinh", "nam sinh"),
    "name": ("ho va ten", "ho ten", "ten hoc vien"),
    "department": ("phong ban", "phong", "bo phan"),
    "unit": ("don vi", "co quan", "xa phuong"),
}
COLUMN_VI = {"stt": "STT", "name": "Họ và Tên", "email": "Email",
             "citizen_id": "Số căn cước Công dân", "department": "Phòng/ban", "unit": "Đơn vị",
             "phone": "Số điện thoại", "birth_date": "Ngày sinh"}
COLUMN_EN = {"stt": "No.", "name": "full name", "email": "e-mail", "citizen_id": "citizen-ID number",
             "department": "department", "unit": "unit", "phone": "phone number",
             "birth_date": "date of birth"}

UNREADABLE = code(
    "QB1201", "roster-unreadable", "error",
    "không đọc được tệp danh sách: {reason}", "cannot read the roster file: {reason_en}",
    "Lưu lại tệp dưới dạng Excel (.xlsx) hoặc CSV UTF-8 rồi chạy lại.",
    "Save it as Excel (.xlsx) or UTF-8 CSV and run again.")
NO_HEADER = code(
    "QB1202", "roster-no-header", "error",
    "không tìm thấy dòng tiêu đề của danh sách trong {rows} dòng đầu",
    "no roster header row in the first {rows} rows",
    "Dòng tiêu đề cần có các cột: STT, Họ và Tên, Email, Số căn cước Công dân, Phòng/ban, Đơn vị.",
    "The header row needs: STT, Họ và Tên, Email, Số căn cước Công dân, Phòng/ban, Đơn vị.")
MISSING_COLUMN = code(
    "QB1203", "roster-missing-column", "error",
    "{cell}: dòng tiêu đề thiếu cột '{column}'", "{cell}: the header row has no '{column_en}' column",
    "Dùng đúng mẫu danh sách của Sở: STT, Họ và Tên, Email, Số căn cước Công dân, Phòng/ban, "
    "Đơn vị.",
    "Use the province's template: STT, Họ và Tên, Email, Số căn cước Công dân, Phòng/ban, Đơn vị.")
EMPTY = code(
    "QB1206", "roster-empty", "warning", "danh sách không có dòng học viên nào dưới dòng tiêu đề",
    "the roster has no learner rows under its header row",
    "Điền mỗi học viên một dòng dưới dòng tiêu đề, hoặc kiểm tra đã chọn đúng tệp.",
    "Fill one learner per row under the header, or check that this is the right file.")
IN_CONTENT = code(
    "QB1204", "personal-data-in-content", "error",
    "không xử lý tệp dữ liệu cá nhân nằm trong thư mục '{folder}' của kho nội dung",
    "personal-data files inside the content folder '{folder}' are refused",
    "Để danh sách và kết quả học tập ngoài kho nội dung (kho được chia sẻ và công bố); đừng "
    "commit chúng.",
    "Keep rosters and results outside the content repository (it is shared and published); "
    "never commit them.")
NAME_MISSING = code(
    "QB1210", "name-missing", "error",
    "{cell}: thiếu họ và tên", "{cell}: the full name is missing",
    "Điền họ và tên đầy đủ; dòng này không có trong bản sạch.",
    "Fill in the full name; this row is left out of the clean copy.")
TEXT_TIDIED = code(
    "QB1211", "text-tidied", "warning",
    "{cell}: cột '{column}' có khoảng trắng thừa, chữ hoa/thường hoặc mã Unicode không chuẩn",
    "{cell}: the '{column_en}' column has stray spaces, odd capitals or non-NFC Unicode",
    "Đã chuẩn hóa trong bản sạch.", "Normalised in the clean copy.")
ID_MISSING = code(
    "QB1212", "id-missing", "error",
    "{cell}: thiếu số căn cước công dân", "{cell}: the citizen-ID number is missing",
    "Cần số CCCD 12 chữ số để tạo tài khoản; dòng này không có trong bản sạch.",
    "A 12-digit citizen-ID number is needed for the account; this row is left out.")
ID_LEADING_ZERO = code(
    "QB1213", "id-lost-leading-zero", "warning",
    "{cell}: số CCCD {masked} mất số 0 ở đầu (Excel đã lưu thành số)",
    "{cell}: the citizen-ID number {masked} lost its leading zero (Excel stored it as a number)",
    "Đã thêm lại số 0 trong bản sạch; định dạng cột CCCD là Văn bản (Text) trước khi nhập.",
    "The zero is restored in the clean copy; format the column as Text before typing.")
ID_SEPARATORS = code(
    "QB1214", "id-separators", "warning",
    "{cell}: số CCCD {masked} có dấu cách hoặc dấu chấm xen giữa",
    "{cell}: the citizen-ID number {masked} has spaces or dots inside",
    "Đã bỏ trong bản sạch.", "Removed in the clean copy.")
ID_OLD_CARD = code(
    "QB1215", "id-old-card", "error",
    "{cell}: {masked} là số chứng minh nhân dân cũ (9 chữ số), không phải số CCCD 12 chữ số",
    "{cell}: {masked} is an old 9-digit ID-card number, not a 12-digit citizen-ID number",
    "Xin số định danh cá nhân 12 chữ số (trên thẻ căn cước hoặc ứng dụng VNeID).",
    "Ask for the 12-digit personal identification number (on the ID card or in VNeID).")
ID_FORMAT = code(
    "QB1216", "id-format", "error",
    "{cell}: số CCCD '{masked}' phải gồm đúng 12 chữ số (đang có {length} ký tự số)",
    "{cell}: the citizen-ID number '{masked}' must be exactly 12 digits (it has {length})",
    "Kiểm tra lại số trên thẻ căn cước; dòng này không có trong bản sạch.",
    "Check the number on the ID card; this row is left out.")
ID_PROVINCE = code(
    "QB1217", "id-province", "error",
    "{cell}: mã tỉnh '{province}' ở đầu số CCCD {masked} không tồn tại",
    "{cell}: province code '{province}' at the start of {masked} does not exist",
    "Ba chữ số đầu là mã tỉnh nơi đăng ký khai sinh (Thanh Hóa: 038); có thể gõ nhầm.",
    "The first three digits are the province of birth registration (Thanh Hóa: 038); "
    "likely a typo.")
ID_CENTURY = code(
    "QB1218", "id-century", "error",
    "{cell}: chữ số thứ tư của số CCCD {masked} ({digit}) không phải mã thế kỷ/giới tính hợp lệ",
    "{cell}: the fourth digit of {masked} ({digit}) is not a valid century/sex digit",
    "Chữ số thứ tư là 0/1 (sinh 1900–1999) hoặc 2/3 (sinh 2000–2099); có thể gõ nhầm.",
    "The fourth digit is 0/1 (born 1900-1999) or 2/3 (born 2000-2099); likely a typo.")
ID_DUPLICATE = code(
    "QB1219", "id-duplicate", "error",
    "{cell}: số CCCD {masked} trùng với {other_vi}",
    "{cell}: the citizen-ID number {masked} repeats {other_en}",
    "Mỗi người một số; kiểm tra lại cả hai dòng. Dòng sau không có trong bản sạch.",
    "One number per person; check both rows. The later row is left out.")
BIRTH_YEAR = code(
    "QB1220", "birth-year-mismatch", "error",
    "{cell}: năm sinh {year} không khớp với năm sinh trong số CCCD {masked} ({id_year})",
    "{cell}: birth year {year} does not match the year inside {masked} ({id_year})",
    "Chữ số 5–6 của số CCCD là hai số cuối năm sinh; một trong hai giá trị bị nhầm.",
    "Digits 5-6 of the number are the birth year; one of the two values is wrong.")
EMAIL_MISSING = code(
    "QB1221", "email-missing", "error",
    "{cell}: thiếu địa chỉ e-mail", "{cell}: the e-mail address is missing",
    "E-mail dùng để tạo tài khoản và gửi thông báo; dòng này không có trong bản sạch.",
    "The e-mail is needed for the account; this row is left out.")
EMAIL_INVALID = code(
    "QB1222", "email-invalid", "error",
    "{cell}: e-mail '{masked}' không đúng cú pháp", "{cell}: e-mail '{masked}' is not valid",
    "Dạng đúng: ten@don-vi.gov.vn; dòng này không có trong bản sạch.",
    "Expected name@agency.gov.vn; this row is left out.")
EMAIL_TIDIED = code(
    "QB1223", "email-tidied", "warning",
    "{cell}: e-mail có chữ hoa hoặc khoảng trắng thừa",
    "{cell}: the e-mail has capitals or stray spaces",
    "Đã viết thường và bỏ khoảng trắng trong bản sạch.",
    "Lower-cased and trimmed in the clean copy.")
EMAIL_DUPLICATE = code(
    "QB1224", "email-duplicate", "error",
    "{cell}: e-mail {masked} trùng với {other_vi}", "{cell}: e-mail {masked} repeats {other_en}",
    "Mỗi tài khoản cần một e-mail riêng; dòng sau không có trong bản sạch.",
    "Each account needs its own e-mail; the later row is left out.")
DEPARTMENT_MISSING = code(
    "QB1225", "department-missing", "error",
    "{cell}: thiếu phòng/ban", "{cell}: the department is missing",
    "Báo cáo tiến độ tổng hợp theo phòng/ban; dòng này không có trong bản sạch.",
    "Progress is reported per department; this row is left out.")
UNIT_MISSING = code(
    "QB1226", "unit-missing", "error",
    "{cell}: thiếu đơn vị", "{cell}: the unit is missing",
    "Điền tên cơ quan, đơn vị hoặc xã/phường; dòng này không có trong bản sạch.",
    "Fill in the agency, unit or commune; this row is left out.")
PHONE_INVALID = code(
    "QB1227", "phone-invalid", "error",
    "{cell}: số điện thoại {masked} không hợp lệ", "{cell}: phone number {masked} is not valid",
    "Số di động gồm 10 chữ số bắt đầu bằng 03, 05, 07, 08, 09; dòng này không có trong bản sạch.",
    "Mobile numbers have 10 digits starting 03, 05, 07, 08, 09; this row is left out.")
PHONE_TIDIED = code(
    "QB1228", "phone-tidied", "warning",
    "{cell}: số điện thoại {masked} viết chưa chuẩn (+84, dấu cách, mất số 0)",
    "{cell}: phone number {masked} is not in the usual form (+84, spaces, lost zero)",
    "Đã viết lại dạng 0xxxxxxxxx trong bản sạch.", "Rewritten as 0xxxxxxxxx in the clean copy.")
BIRTH_DATE_INVALID = code(
    "QB1229", "birth-date-invalid", "error",
    "{cell}: ngày sinh '{value}' không hợp lệ", "{cell}: date of birth '{value}' is not valid",
    "Dạng đúng: ngày/tháng/năm, ví dụ 05/09/1990; dòng này không có trong bản sạch.",
    "Expected day/month/year, e.g. 05/09/1990; this row is left out.")

_ID_PROBLEMS = {"missing": ID_MISSING, "old-card": ID_OLD_CARD, "format": ID_FORMAT,
                "province": ID_PROVINCE, "century": ID_CENTURY}


@dataclass
class Row:
    path: Path
    sheet: str
    row: int
    values: list
    numeric: set[int] = field(default_factory=set)  # columns Excel stored as numbers

    def raw(self, col: int | None):
        return self.values[col - 1] if col and col <= len(self.values) else None


@dataclass
class Sheet:
    name: str  # "" for csv
    header_row: int = 0
    header: list[str] = field(default_factory=list)
    columns: dict[str, int] = field(default_factory=dict)  # field → 1-based column
    title_rows: list[list] = field(default_factory=list)
    title_merges: list[str] = field(default_factory=list)
    widths: dict[int, float] = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)


@dataclass
class RosterFile:
    path: Path
    sheets: list[Sheet] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def field_of(header) -> str | None:
    """The roster field a header cell names, judged by meaning: case and diacritics ignored."""
    words = re.sub(r"[^a-z0-9]+", " ", fold(tidy_text(header)).lower()).strip()
    if not words:
        return None
    padded = f" {words} "
    for name, keywords in _KEYWORDS.items():
        if any(f" {k} " in padded for k in keywords):
            return name
    return None


def cell_ref(sheet: str, row: int, col: int) -> str:
    from openpyxl.utils import get_column_letter

    ref = f"{get_column_letter(max(col, 1))}{row}"
    return f"'{sheet}'!{ref}" if sheet else ref


def content_folder_diagnostic(path: Path) -> Diagnostic | None:
    """Rosters and results are refused inside a project's courses/ or question_banks/."""
    root = find_root(Path(path).parent)
    if root is None:
        return None
    rel = Path(path).resolve().relative_to(root).parts
    for folder in ("courses", "question_banks"):
        if rel and rel[0] == folder:
            return IN_CONTENT.at(Position(Path(path)), folder=folder)
    return None


def read_roster(path: Path) -> RosterFile:
    """Every sheet that has a roster header, with its title rows and data rows."""
    path = Path(path)
    result = RosterFile(path)
    refused = content_folder_diagnostic(path)
    if refused:
        result.diagnostics.append(refused)
        return result
    try:
        grids = _read_csv(path) if path.suffix.lower() == ".csv" else _read_xlsx(path)
    except (OSError, ValueError, KeyError, UnicodeDecodeError) as e:
        if isinstance(e, UnicodeDecodeError):
            reason, reason_en = "tệp CSV không phải UTF-8", "the CSV file is not UTF-8"
        elif isinstance(e, OSError):
            reason, reason_en = os_reason(e)
        else:
            reason = ("không phải tệp Excel .xlsx hợp lệ (tệp .xls cũ, .docx hay tệp hỏng?)"
                      f" — {e}")
            reason_en = f"not a valid .xlsx workbook — {e}"
        result.diagnostics.append(UNREADABLE.at(Position(path), reason=reason,
                                                reason_en=reason_en))
        return result
    for sheet, grid, numeric in grids:
        _split(path, sheet, grid, numeric)
        if sheet.header_row:
            result.sheets.append(sheet)
    if not result.sheets:
        result.diagnostics.append(NO_HEADER.at(Position(path), rows=HEADER_SEARCH_ROWS))
    elif not any(sheet.rows for sheet in result.sheets):
        first = result.sheets[0]
        result.diagnostics.append(EMPTY.at(Position(path, first.header_row)))
    for sheet in result.sheets:
        for name in REQUIRED:
            if name not in sheet.columns:
                col = len(sheet.header) + 1
                result.diagnostics.append(MISSING_COLUMN.at(
                    Position(path, sheet.header_row, col),
                    cell=cell_ref(sheet.name, sheet.header_row, col), column=COLUMN_VI[name],
                    column_en=COLUMN_EN[name]))
    return result


def _read_xlsx(path: Path):
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, data_only=True)
    except Exception as e:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise ValueError(str(e) or type(e).__name__) from e
    out = []
    for ws in wb.worksheets:
        grid, numeric = [], []
        for row in ws.iter_rows():
            grid.append([c.value for c in row])
            numeric.append({c.column for c in row if isinstance(c.value, int | float)
                            and not isinstance(c.value, bool)})
        sheet = Sheet(ws.title)
        sheet.title_merges = [str(r) for r in ws.merged_cells.ranges]
        from openpyxl.utils import column_index_from_string

        sheet.widths = {column_index_from_string(k): d.width
                        for k, d in ws.column_dimensions.items() if d.width}
        out.append((sheet, grid, numeric))
    return out


def csv_rows(text: str) -> list[list[str]]:
    """Rows of a CSV saved by Excel or a platform: comma, semicolon or tab separated; title
    lines without any separator are ignored when guessing which one."""
    sample = "\n".join(line for line in text.splitlines()[:50] if any(c in line for c in ",;\t"))
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
        dialect.delimiter = max(",;\t", key=sample.count)
    return [list(r) for r in csv.reader(io.StringIO(text), dialect)]


def _read_csv(path: Path):
    grid = csv_rows(path.read_bytes().decode("utf-8-sig"))
    return [(Sheet(""), grid, [set() for _ in grid])]


def _split(path: Path, sheet: Sheet, grid: list[list], numeric: list[set]) -> None:
    for i, values in enumerate(grid[:HEADER_SEARCH_ROWS]):
        columns: dict[str, int] = {}
        for c, v in enumerate(values, start=1):
            name = field_of(v) if isinstance(v, str) else None
            if name and name not in columns:
                columns[name] = c
        if len(columns) >= 3 and ("name" in columns or "citizen_id" in columns):
            sheet.header_row = i + 1
            sheet.columns = columns
            sheet.header = [tidy_text(v) for v in values]
            while sheet.header and not sheet.header[-1]:
                sheet.header.pop()
            break
    if not sheet.header_row:
        return
    sheet.title_rows = grid[:sheet.header_row - 1]
    sheet.title_merges = [r for r in sheet.title_merges
                          if int(re.sub(r"\D", " ", r.split(":")[-1]).split()[-1])
                          < sheet.header_row]
    width = len(sheet.header)
    for i in range(sheet.header_row, len(grid)):
        values = (list(grid[i]) + [None] * width)[:width]
        filled = [c for c, v in enumerate(values, start=1)
                  if tidy_text(v) and c != sheet.columns.get("stt")]
        if filled:
            sheet.rows.append(Row(path, sheet.name, i + 1, values, numeric[i]))


@dataclass
class RowOutcome:
    """One roster row after checking: the repaired values, what was repaired, kept or not."""

    row: Row
    person: dict[str, str]
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def rejected(self) -> bool:
        return any(d.severity == "error" for d in self.diagnostics)

    @property
    def fixed(self) -> bool:
        return any(d.severity == "warning" for d in self.diagnostics)

    def cleaned_values(self, sheet: Sheet, stt: int) -> list:
        values = list(self.row.values)
        for name, col in sheet.columns.items():
            if name == "stt":
                values[col - 1] = stt
            elif name in self.person:
                values[col - 1] = self.person[name]
        return values


@dataclass
class RosterCheck:
    files: list[RosterFile]
    outcomes: list[RowOutcome]

    @property
    def diagnostics(self) -> list[Diagnostic]:
        diags = [d for f in self.files for d in f.diagnostics]
        diags += [d for o in self.outcomes for d in o.diagnostics]
        return sorted_diagnostics(diags)

    @property
    def kept(self) -> list[RowOutcome]:
        return [o for o in self.outcomes if not o.rejected]

    @property
    def rejected(self) -> list[RowOutcome]:
        return [o for o in self.outcomes if o.rejected]


def check_rosters(paths: list[Path]) -> RosterCheck:
    """Read and validate several rosters together: duplicates count across all of them."""
    files = [read_roster(Path(p)) for p in paths]
    seen_ids: dict[str, Row] = {}
    seen_emails: dict[str, Row] = {}
    outcomes = []
    for f in files:
        for sheet in f.sheets:
            for row in sheet.rows:
                outcomes.append(_check_row(row, sheet, seen_ids, seen_emails))
    return RosterCheck(files, outcomes)


def _other(first: Row, row: Row) -> dict:
    if first.path != row.path:
        return {"other_vi": f"tệp {first.path.name}, dòng {first.row}",
                "other_en": f"file {first.path.name}, row {first.row}"}
    if first.sheet != row.sheet:
        return {"other_vi": f"trang '{first.sheet}', dòng {first.row}",
                "other_en": f"sheet '{first.sheet}', row {first.row}"}
    return {"other_vi": f"dòng {first.row}", "other_en": f"row {first.row}"}


def _check_row(row: Row, sheet: Sheet, seen_ids: dict, seen_emails: dict) -> RowOutcome:
    cols = sheet.columns
    person: dict[str, str] = {}
    diags: list[Diagnostic] = []

    def at(c, name: str, **args):
        col = cols.get(name, 1)
        diags.append(c.at(Position(row.path, row.row, col),
                          cell=cell_ref(row.sheet, row.row, col), **args))

    for name, tidy in (("name", tidy_name), ("department", tidy_text), ("unit", tidy_text)):
        if name not in cols:
            continue
        raw = row.raw(cols[name])
        person[name] = tidy(raw)
        if not person[name]:
            at({"name": NAME_MISSING, "department": DEPARTMENT_MISSING,
                "unit": UNIT_MISSING}[name], name)
        elif person[name] != raw:
            at(TEXT_TIDIED, name, column=COLUMN_VI[name], column_en=COLUMN_EN[name])

    if "citizen_id" in cols:
        col = cols["citizen_id"]
        reading = cccd.read_id(row.raw(col), col in row.numeric)
        person["citizen_id"] = reading.number or reading.raw
        masked = mask_id(reading.number or reading.raw)
        for fix in reading.fixes:
            at(ID_LEADING_ZERO if fix == "leading-zero" else ID_SEPARATORS, "citizen_id",
               masked=masked)
        if reading.problem:
            at(_ID_PROBLEMS[reading.problem], "citizen_id", masked=masked,
               length=len(reading.number), province=reading.number[:3],
               digit=reading.number[3:4])
        elif reading.number in seen_ids:
            at(ID_DUPLICATE, "citizen_id", masked=masked, **_other(seen_ids[reading.number], row))
        else:
            seen_ids[reading.number] = row

    if "email" in cols:
        raw = cccd.cell_text(row.raw(cols["email"]))
        email = person["email"] = tidy_email(raw)
        if not email:
            at(EMAIL_MISSING, "email")
        elif not is_email(email):
            at(EMAIL_INVALID, "email", masked=mask_email(email))
        else:
            if email != raw:
                at(EMAIL_TIDIED, "email")
            if email in seen_emails:
                at(EMAIL_DUPLICATE, "email", masked=mask_email(email),
                   **_other(seen_emails[email], row))
            else:
                seen_emails[email] = row

    if "phone" in cols and cccd.cell_text(row.raw(cols["phone"])):
        raw = cccd.cell_text(row.raw(cols["phone"]))
        phone, ok = tidy_phone(raw)
        person["phone"] = phone
        if not ok:
            at(PHONE_INVALID, "phone", masked=mask_id(raw))
        elif phone != raw:
            at(PHONE_TIDIED, "phone", masked=mask_id(phone))

    if "birth_date" in cols and cccd.cell_text(row.raw(cols["birth_date"])):
        raw = row.raw(cols["birth_date"])
        parsed = tidy_date(raw)
        if parsed is None:
            at(BIRTH_DATE_INVALID, "birth_date", value=tidy_text(raw))
        else:
            person["birth_date"] = parsed[0]
            parts = cccd.parse(person.get("citizen_id", ""))
            if parts and parts.birth_year != parsed[1]:
                at(BIRTH_YEAR, "birth_date", year=parsed[1], id_year=parts.birth_year,
                   masked=mask_id(parts.number))
    return RowOutcome(row, person, sorted_diagnostics(diags))
