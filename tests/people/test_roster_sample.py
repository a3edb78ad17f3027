"""The province's sample roster: every defect reported at its row and column, safe repairs
made in the cleaned copy, which follows the template and re-checks clean."""

from __future__ import annotations

from click.testing import CliRunner
from openpyxl import load_workbook
from people_files import SAMPLE_ROSTER

from qbank.people import check_rosters, write_clean
from qbank.people.commands import roster

EXPECTED = [  # (code, row, column) — the sample's defects, one per row
    ("QB1213", 7, 4),   # 38092555111 stored as a number: zero restored
    ("QB1222", 8, 3),   # dung.pt@example: no top-level domain
    ("QB1215", 9, 4),   # 173456789: old 9-digit ID card
    ("QB1219", 10, 4),  # same number as row 6
    ("QB1210", 11, 2),  # no name
    ("QB1214", 12, 4),  # "038 095 246 810"
    ("QB1217", 13, 4),  # province 039 does not exist
    ("QB1223", 14, 3),  # "LONG.BV@EXAMPLE.GOV.VN "
]


def test_each_defect_at_its_row_and_column():
    result = check_rosters([SAMPLE_ROSTER])
    got = [(d.code.id, d.pos.line, d.pos.col) for d in result.diagnostics]
    assert got == EXPECTED
    assert all(d.pos.path == SAMPLE_ROSTER for d in result.diagnostics)
    assert [o.row.row for o in result.rejected] == [8, 9, 10, 11, 13]
    assert len(result.kept) == 5
    msg = {d.code.id: d.message() for d in result.diagnostics}
    assert msg["QB1219"] == "'Danh sách'!D10: số CCCD 038•••••4321 trùng với dòng 6"
    assert msg["QB1215"].startswith("'Danh sách'!D9: 17•••••89 là số chứng minh nhân dân cũ")
    assert {d.code.id: d.message("en") for d in result.diagnostics}["QB1213"] == (
        "'Danh sách'!D7: the citizen-ID number 038•••••5111 lost its leading zero "
        "(Excel stored it as a number)")


def test_clean_copy_keeps_template_applies_fixes_and_rechecks_clean(tmp_path):
    result = check_rosters([SAMPLE_ROSTER])
    out = tmp_path / "sach.xlsx"
    assert write_clean(result.files[0], result, out) == 5
    ws = load_workbook(out)["Danh sách"]
    assert ws["A1"].value.startswith("DANH SÁCH HỌC VIÊN")
    assert {str(r) for r in ws.merged_cells.ranges} == {"A1:F1", "A2:F2"}
    assert [c.value for c in ws[4]] == ["STT", "Họ và Tên", "Email", "Số căn cước Công dân",
                                        "Phòng/ban", "Đơn vị"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=5)]
    assert [r[0] for r in rows] == [1, 2, 3, 4, 5]
    assert [r[1] for r in rows] == ["Nguyễn Văn An", "Lê Thị Bình", "Trần Minh Châu",
                                    "Vũ Quang Huy", "Bùi Văn Long"]
    assert [r[3] for r in rows] == ["038090123456", "038185004321", "038092555111",
                                    "038095246810", "038099314159"]
    assert rows[4][2] == "long.bv@example.gov.vn"
    assert ws["D7"].number_format == "@"
    again = check_rosters([out])
    assert again.diagnostics == [] and len(again.kept) == 5


def test_clean_copy_is_byte_identical_on_rerun(tmp_path):
    result = check_rosters([SAMPLE_ROSTER])
    write_clean(result.files[0], result, tmp_path / "a.xlsx")
    write_clean(result.files[0], result, tmp_path / "b.xlsx")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    assert _core(tmp_path / "a.xlsx").count(b"2000-01-01T00:00:00Z") == 2  # created, modified


def _core(path):
    import zipfile

    with zipfile.ZipFile(path) as zf:
        return zf.read("docProps/core.xml")


def test_cli_reports_lists_and_writes_without_showing_ids(tmp_path):
    out = tmp_path / "sach.xlsx"
    res = CliRunner().invoke(roster, ["check", str(SAMPLE_ROSTER), "--out", str(out)])
    assert res.exit_code == 1
    assert "danh-sach-hoc-vien-mau.xlsx:10:4: lỗi[QB1219]" in res.stdout
    assert "dòng đã sửa: 7, 12, 14" in res.stderr
    assert "dòng bị loại khỏi bản sạch: 8, 9, 10, 11, 13" in res.stderr
    assert "10 dòng, 5 hợp lệ (3 đã sửa), 5 bị loại" in res.stderr
    for number in ("038185004321", "38092555111", "173456789", "039190112233"):
        assert number not in res.stdout + res.stderr
    assert out.is_file()
    clean = CliRunner().invoke(roster, ["check", str(out), "--lang", "en"])
    assert clean.exit_code == 0, clean.output
    assert "5 rows, 5 kept (0 repaired), 0 rejected" in clean.stderr


def test_cli_never_overwrites_without_force(tmp_path):
    out = tmp_path / "sach.xlsx"
    out.write_bytes(b"keep me")
    res = CliRunner().invoke(roster, ["check", str(SAMPLE_ROSTER), "--out", str(out)])
    assert res.exit_code == 2
    assert f"\n{out.as_posix()}: lỗi[QB1205] không ghi đè tệp đã có: sach.xlsx" in res.stdout
    assert out.read_bytes() == b"keep me"
    res = CliRunner().invoke(roster, ["check", str(SAMPLE_ROSTER), "--out", str(out), "--force"])
    assert res.exit_code == 1 and out.read_bytes()[:2] == b"PK"


def test_cli_refuses_to_write_over_its_input(tmp_path):
    src = tmp_path / "ds.xlsx"
    src.write_bytes(SAMPLE_ROSTER.read_bytes())
    res = CliRunner().invoke(roster, ["check", str(src), "--out", str(src)])
    assert res.exit_code == 2 and "QB1205" in res.stdout
    assert src.read_bytes() == SAMPLE_ROSTER.read_bytes()
