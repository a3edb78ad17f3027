"""The monthly progress report: the two samples joined give the expected counts per unit and
department; report files are deterministic and keep ID numbers masked unless asked."""

from __future__ import annotations

import zipfile

from click.testing import CliRunner
from lxml import etree
from openpyxl import load_workbook
from people_files import SAMPLE_RESULTS, SAMPLE_ROSTER, person, xlsx

from qbank.people import progress, write_reports
from qbank.people.commands import report


def counts(c):
    return (c.on_roster, c.enrolled, c.completed, c.in_progress, c.not_started, c.not_enrolled)


def test_sample_counts_per_unit_and_department():
    rep = progress([SAMPLE_ROSTER], SAMPLE_RESULTS)
    assert counts(rep.total) == (10, 5, 3, 1, 1, 5)
    assert [(u, counts(c)) for u, c in rep.units] == [("Sở Nội vụ", (10, 5, 3, 1, 1, 5))]
    assert [(d, counts(c), round(c.rate, 3)) for _, d, c in rep.departments] == [
        ("Phòng Công chức, viên chức", (2, 1, 0, 1, 0, 1), 0.0),
        ("Phòng Kế hoạch - Tài chính", (1, 1, 0, 0, 1, 0), 0.0),
        ("Phòng Thi đua - Khen thưởng", (1, 0, 0, 0, 0, 1), 0.0),
        ("Văn phòng", (6, 3, 3, 0, 0, 3), 0.5)]
    assert rep.total.rate == 0.3
    assert [r.email for r in rep.outsiders] == ["nguoi.ngoai@example.com"]
    assert rep.roster_rows_with_errors == 5
    # Châu's number lost its zero on the roster and Long's e-mail is upper-case: both still match
    status = {p.name: p.status for p in rep.people}
    assert status["Trần Minh Châu"] == "not_started" and status["Bùi Văn Long"] == "completed"
    assert [(d.code.id, d.pos.path.name, d.pos.line, d.pos.col) for d in rep.diagnostics] == [
        ("QB1243", "bao-cao-diem-openedx.csv", 5, 1),
        ("QB1242", "bao-cao-diem-openedx.csv", 7, 1)]
    assert rep.diagnostics[0].message() == (
        "tài khoản 038•••••4322 khớp e-mail với danh-sach-hoc-vien-mau.xlsx dòng 10 nhưng số "
        "CCCD ở danh sách là 038•••••4321")
    assert rep.diagnostics[1].message() == (
        "ng•••@example.com có kết quả trên nền tảng nhưng không có trong danh sách nào")


def test_target_decides_who_meets_it():
    rep = progress([SAMPLE_ROSTER], SAMPLE_RESULTS, target=50)
    assert [(d, rep.met(c)) for _, d, c in rep.departments][-1] == ("Văn phòng", True)
    assert not rep.met(rep.total)


def test_report_files_masked_and_byte_identical(tmp_path):
    rep = progress([SAMPLE_ROSTER], SAMPLE_RESULTS, course="ai-dieu-hanh", month="2026-05")
    a = write_reports(rep, tmp_path / "a")
    b = write_reports(rep, tmp_path / "b")
    assert [p.name for p in a] == ["tien-do-ai-dieu-hanh-2026-05.xlsx",
                                   "tien-do-ai-dieu-hanh-2026-05.md",
                                   "tien-do-ai-dieu-hanh-2026-05.svg"]
    for x, y in zip(a, b, strict=True):
        assert x.read_bytes() == y.read_bytes(), x.name
    wb = load_workbook(a[0])
    assert wb.sheetnames == ["Theo đơn vị", "Theo phòng ban", "Chi tiết", "Ngoài danh sách"]
    units = [[c.value for c in r] for r in wb["Theo đơn vị"].iter_rows(min_row=4)]
    assert units[0][:8] == ["Đơn vị", "Trên danh sách", "Đã đăng ký", "Hoàn thành", "Đang học",
                            "Chưa bắt đầu", "Chưa đăng ký", "Tỷ lệ hoàn thành"]
    assert units[1] == ["Sở Nội vụ", 10, 5, 3, 1, 1, 5, 0.3, "Chưa đạt"]
    assert units[2][0] == "Tổng cộng"
    assert wb["Theo đơn vị"]["A1"].value == (
        "BÁO CÁO TIẾN ĐỘ HỌC TẬP — KHÓA AI-DIEU-HANH — THÁNG 05/2026")
    detail = [[c.value for c in r] for r in wb["Chi tiết"].iter_rows(min_row=5)]
    assert len(detail) == 10
    assert ["Nguyễn Văn An", "038•••••3456", "Hoàn thành"] == [detail[8][1], detail[8][3],
                                                              detail[8][6]]
    outside = [[c.value for c in r] for r in wb["Ngoài danh sách"].iter_rows(min_row=5)]
    assert outside == [[7, "nguoi.ngoai@example.com", "038•••••0001", 1.0, "Có"]]
    every_byte = b"".join(zipfile.ZipFile(a[0]).read(n) for n in zipfile.ZipFile(a[0]).namelist())
    assert b"038090123456" not in every_byte and b"038001000001" not in every_byte
    md = a[1].read_text(encoding="utf-8")
    assert "| Sở Nội vụ | Văn phòng | 6 | 3 | 3 | 0 | 0 | 3 | 50,0% | chưa đạt |" in md
    assert "- dòng 7: ng•••@example.com" in md
    svg = etree.fromstring(a[2].read_bytes())
    texts = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert "Tỷ lệ hoàn thành theo phòng/ban — Sở Nội vụ" in texts
    assert "50,0% (3/6)" in texts and "chỉ tiêu 100%" in texts


def test_with_ids_puts_full_numbers_in_the_detail_only(tmp_path):
    rep = progress([SAMPLE_ROSTER], SAMPLE_RESULTS)
    path = write_reports(rep, tmp_path, ["xlsx"], with_ids=True)[0]
    detail = [[c.value for c in r] for r in load_workbook(path)["Chi tiết"].iter_rows(min_row=5)]
    assert detail[8][3] == "038090123456"


def test_generic_results_with_vietnamese_headers_and_pass_grade(tmp_path):
    roster = xlsx(tmp_path / "ds.xlsx", [person(1), person(2, unit="UBND xã B"), person(3)])
    results = tmp_path / "kq.csv"
    results.write_text("Tên đăng nhập;Thư điện tử;Điểm\n"
                       "038090100001;;8,5\n"
                       ";nguoi2@example.gov.vn;4\n"
                       ";nguoi3@example.gov.vn;chưa thi\n", encoding="utf-8")
    rep = progress([roster], results, pass_grade=5)
    assert [(u, counts(c)) for u, c in rep.units] == [
        ("Sở Nội vụ", (2, 2, 1, 0, 1, 0)), ("UBND xã B", (1, 1, 0, 1, 0, 0))]
    assert [(d.code.id, d.pos.line, d.pos.col) for d in rep.diagnostics] == [("QB1244", 4, 3)]
    no_rule = progress([roster], results)
    assert [(d.code.id, d.pos.line) for d in no_rule.diagnostics] == [("QB1246", 1),
                                                                      ("QB1244", 4)]


def test_column_mapping_and_missing_columns(tmp_path):
    roster = xlsx(tmp_path / "ds.xlsx", [person(1)])
    results = tmp_path / "kq.csv"
    results.write_text("Mã,Hộp thư,KQ,Xong\n1,nguoi1@example.gov.vn,0.9,x\n"
                       "2,nguoi1@example.gov.vn,0.2,\n", encoding="utf-8")
    bad = progress([roster], results)
    assert [(d.code.id, d.pos.line, d.pos.col) for d in bad.diagnostics] == [("QB1241", 1, 1)]
    rep = progress([roster], results, mapping={"email": "Hộp thư", "grade": "KQ",
                                               "passed": "Xong"})
    assert counts(rep.total) == (1, 1, 1, 0, 0, 0)
    assert [(d.code.id, d.pos.line) for d in rep.diagnostics] == [("QB1245", 3)]
    typo = progress([roster], results, mapping={"email": "Hop thu dien tu"})
    assert [d.message() for d in typo.diagnostics] == [
        "tệp kết quả không có cột 'Hop thu dien tu'"]


def test_unreadable_results(tmp_path):
    roster = xlsx(tmp_path / "ds.xlsx", [person(1)])
    results = tmp_path / "kq.csv"
    results.write_bytes(b"Email\n\xff\xfe\n")
    rep = progress([roster], results)
    assert [(d.code.id, d.pos.path.name, d.pos.line) for d in rep.diagnostics] == [
        ("QB1240", "kq.csv", 0)]


def test_cli_prints_the_table_writes_the_files_and_masks(tmp_path):
    out = tmp_path / "bao-cao"
    args = ["progress", "--roster", str(SAMPLE_ROSTER), "--results", str(SAMPLE_RESULTS),
            "--month", "2026-05", "--target", "80", "--out", str(out)]
    res = CliRunner().invoke(report, args)
    assert res.exit_code == 0, res.output
    assert "  Văn phòng                                     6    3    3    0    0    3   50,0%" \
        in res.stdout
    assert "Tổng cộng                                      10    5    3    1    1    5   30,0%" \
        in res.stdout
    assert sorted(p.name for p in out.iterdir()) == [
        "tien-do-2026-05.md", "tien-do-2026-05.svg", "tien-do-2026-05.xlsx"]
    for number in ("038185004322", "038185004321", "038001000001"):
        assert number not in res.stdout + res.stderr
    again = CliRunner().invoke(report, args)
    assert again.exit_code == 2 and "QB1205" in again.stdout
    assert CliRunner().invoke(report, [*args, "--force"]).exit_code == 0
    bad_month = CliRunner().invoke(report, [*args[:-4], "--month", "5/2026"])
    assert bad_month.exit_code == 2


def test_cli_refuses_results_inside_question_banks(tmp_path):
    (tmp_path / "qbank.yaml").write_text("organization: {name: A, code: A}\n", encoding="utf-8")
    (tmp_path / "question_banks").mkdir()
    inside = tmp_path / "question_banks" / "kq.csv"
    inside.write_bytes(SAMPLE_RESULTS.read_bytes())
    res = CliRunner().invoke(report, ["progress", "--roster", str(SAMPLE_ROSTER), "--results",
                                      str(inside), "--out", str(tmp_path / "out")])
    assert res.exit_code == 2 and "QB1204" in res.stdout
    assert not (tmp_path / "out").exists()


def test_xlsx_shows_rates_and_grades_as_percentages(tmp_path):
    """Completion rates read 30,0 % in the spreadsheet, not 0.3 (issue #14)."""
    import openpyxl

    rep = progress([SAMPLE_ROSTER], SAMPLE_RESULTS)
    path = write_reports(rep, tmp_path, ["xlsx"])[0]
    wb = openpyxl.load_workbook(path)
    units = wb["Theo đơn vị"]
    rate = next(c for c in units[4] if c.value == "Tỷ lệ hoàn thành").column
    total = next(r for r in units.iter_rows(min_row=5) if r[0].value == "Tổng cộng")
    assert total[rate - 1].value == 0.3 and total[rate - 1].number_format == "0.0%"
    detail = wb["Chi tiết"]
    grade = next(c for c in detail[4] if c.value == "Điểm").column
    grades = [r[grade - 1] for r in detail.iter_rows(min_row=5) if r[grade - 1].value is not None]
    assert grades and all(c.number_format == "0%" for c in grades)
