"""Safe repairs of roster values, and the cleaned copy: same template, kept rows only.

Repairs are those that cannot change who a row means: Unicode NFC, whitespace, capitalisation
of names, e-mail case, separators in numbers, a lost leading zero. Anything else is reported and
the row left out, never guessed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from qbank.export.workbook import save_workbook
from qbank.source.atomic import write_bytes_atomic

if TYPE_CHECKING:
    from qbank.people.roster import RosterCheck, RosterFile

EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_MOBILE = re.compile(r"0[35789]\d{8}")
_LANDLINE = re.compile(r"02\d{9}")


def tidy_text(value) -> str:
    """NFC, one space between words, none at the ends (no-break spaces included)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(unicodedata.normalize("NFC", str(value)).split())


def tidy_name(value) -> str:
    """nguyễn  văn AN → Nguyễn Văn An (every word capitalised, as Vietnamese names are)."""
    return " ".join(w[:1].upper() + w[1:].lower() for w in tidy_text(value).split())


def tidy_email(value) -> str:
    return "".join(tidy_text(value).split()).lower()


def is_email(value: str) -> bool:
    return bool(EMAIL.fullmatch(value)) and ".." not in value


def tidy_phone(value) -> tuple[str, bool]:
    """(digits in the 0xxxxxxxxx form, valid?): +84/84 prefixes, separators, lost zero."""
    text = tidy_text(value)
    digits = re.sub(r"[\s.\-()]", "", text)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    elif len(digits) in (9, 10) and digits[:1] in "3578" + ("2" if len(digits) == 10 else ""):
        digits = "0" + digits
    ok = bool(_MOBILE.fullmatch(digits) or _LANDLINE.fullmatch(digits))
    return digits, ok


def tidy_date(value) -> tuple[str, int] | None:
    """(dd/mm/yyyy, year) of a date cell or text; a year alone stays a year; None if invalid."""
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y"), value.year
    text = tidy_text(value)
    if re.fullmatch(r"(19|20)\d\d", text):
        return text, int(text)
    m = re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", text)
    ymd = (m.group(3), m.group(2), m.group(1)) if m else None
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    ymd = (m.group(1), m.group(2), m.group(3)) if m else ymd
    if not ymd:
        return None
    try:
        d = dt.date(int(ymd[0]), int(ymd[1]), int(ymd[2]))
    except ValueError:
        return None
    return d.strftime("%d/%m/%Y"), d.year


def write_clean(source: RosterFile, result: RosterCheck, out: Path) -> int:
    """Write the kept rows of `source`, repaired, in its own template; returns the row count.

    xlsx stays xlsx (title rows, merged title cells and column widths kept, ID numbers as
    text so Excel cannot drop their zeros again), csv stays csv. Written atomically.
    """
    kept = [o for o in result.outcomes if o.row.path == source.path and not o.rejected]
    if source.path.suffix.lower() == ".csv":
        write_bytes_atomic(out, _csv_bytes(source, kept))
        return len(kept)
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    for sheet in source.sheets:
        ws = wb.create_sheet(sheet.name)
        for r, values in enumerate(sheet.title_rows, start=1):
            for c, v in enumerate(values, start=1):
                if v is not None:
                    ws.cell(r, c, v)
        for rng in sheet.title_merges:
            ws.merge_cells(rng)
        for c, width in sheet.widths.items():
            ws.column_dimensions[get_column_letter(c)].width = width
        for c, v in enumerate(sheet.header, start=1):
            ws.cell(sheet.header_row, c, v)
        rows = [o for o in kept if o.row.sheet == sheet.name]
        for i, outcome in enumerate(rows, start=1):
            values = outcome.cleaned_values(sheet, stt=i)
            for c, v in enumerate(values, start=1):
                cell = ws.cell(sheet.header_row + i, c, v)
                if c in (sheet.columns.get("citizen_id"), sheet.columns.get("phone")):
                    cell.number_format = "@"
    save_workbook(wb, out)
    return len(kept)


def _csv_bytes(source: RosterFile, kept) -> bytes:
    sheet = source.sheets[0]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    for values in sheet.title_rows:
        writer.writerow(["" if v is None else v for v in values])
    writer.writerow(sheet.header)
    for i, outcome in enumerate(kept, start=1):
        writer.writerow(["" if v is None else v for v in outcome.cleaned_values(sheet, stt=i)])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")
