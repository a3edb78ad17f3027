"""Small roster and results files for the people tests, written into a temporary folder."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "samples"
SAMPLE_ROSTER = SAMPLES / "danh-sach-hoc-vien-mau.xlsx"
SAMPLE_RESULTS = SAMPLES / "bao-cao-diem-openedx.csv"
HEADER = ["STT", "Họ và Tên", "Email", "Số căn cước Công dân", "Phòng/ban", "Đơn vị"]


def xlsx(path: Path, rows: list[list], header: list[str] = HEADER, sheet: str = "DS",
         title: str | None = "DANH SÁCH HỌC VIÊN") -> Path:
    """A roster: optional title row and blank row, the header, then `rows`."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    if title:
        ws.append([title])
        ws.append([])
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def person(i: int, **changes) -> list:
    """Row i of a valid roster; keyword changes by field name."""
    row = {"stt": i, "name": f"Người Thứ {chr(64 + i)}", "email": f"nguoi{i}@example.gov.vn",
           "id": f"0380901{i:05d}", "department": "Văn phòng", "unit": "Sở Nội vụ"}
    row.update(changes)
    return [row["stt"], row["name"], row["email"], row["id"], row["department"], row["unit"]]
