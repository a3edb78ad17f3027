"""Every roster problem the sample does not show, each at its sheet, row and column."""

from __future__ import annotations

import datetime as dt

from click.testing import CliRunner
from people_files import HEADER, person, xlsx

from qbank.people import check_rosters, read_roster, write_clean
from qbank.people.commands import roster


def found(diags, code):
    return [(d.pos.path.name, d.pos.line, d.pos.col) for d in diags if d.code.id == code]


def test_row_problems_in_the_province_template(tmp_path):
    path = xlsx(tmp_path / "ds.xlsx", [
        person(1),
        person(2, name="  nguyễn   văn  BA "),                 # row 5: tidied
        person(3, id=None),                                    # row 6: no number
        person(4, id="0380901234"),                            # row 7: 10 digits
        person(5, id="038790123456"),                          # row 8: century digit 7
        person(6, email=""),                                   # row 9: no e-mail
        person(7, email="nguoi1@example.gov.vn"),              # row 10: e-mail of row 4
        person(8, department=""),                              # row 11
        person(9, unit=None),                                  # row 12
        [10, None, None, None, None, None],                    # numbered blank row: skipped
    ])
    result = check_rosters([path])
    d = result.diagnostics
    assert found(d, "QB1211") == [("ds.xlsx", 5, 2)]
    assert found(d, "QB1212") == [("ds.xlsx", 6, 4)]
    assert found(d, "QB1216") == [("ds.xlsx", 7, 4)]
    assert found(d, "QB1218") == [("ds.xlsx", 8, 4)]
    assert found(d, "QB1221") == [("ds.xlsx", 9, 3)]
    assert found(d, "QB1224") == [("ds.xlsx", 10, 3)]
    assert found(d, "QB1225") == [("ds.xlsx", 11, 5)]
    assert found(d, "QB1226") == [("ds.xlsx", 12, 6)]
    by_code = {x.code.id: x for x in d}
    assert by_code["QB1216"].message() == (
        "'DS'!D7: số CCCD '03••••••34' phải gồm đúng 12 chữ số (đang có 10 ký tự số)")
    assert by_code["QB1224"].message() == "'DS'!C10: e-mail ng•••@example.gov.vn trùng với dòng 4"
    assert by_code["QB1218"].message("en").endswith("(7) is not a valid century/sex digit")
    assert len(result.outcomes) == 9
    assert [o.row.row for o in result.kept] == [4, 5]
    assert result.kept[1].person["name"] == "Nguyễn Văn Ba"


def test_duplicates_across_files_and_sheets_point_at_the_first(tmp_path):
    a = xlsx(tmp_path / "a.xlsx", [person(1)])
    b = xlsx(tmp_path / "b.xlsx", [person(2, id="038090100001")], sheet="Phòng B")
    result = check_rosters([a, b])
    dup = [x for x in result.diagnostics if x.code.id == "QB1219"]
    assert [(x.pos.path.name, x.pos.line, x.pos.col) for x in dup] == [("b.xlsx", 4, 4)]
    assert dup[0].message() == "'Phòng B'!D4: số CCCD 038•••••0001 trùng với tệp a.xlsx, dòng 4"


def test_optional_phone_and_birth_date_columns(tmp_path):
    header = [*HEADER, "Số điện thoại", "Ngày sinh"]
    path = xlsx(tmp_path / "ds.xlsx", [
        person(1) + ["0912345678", dt.datetime(1990, 5, 1)],
        person(2) + ["+84 912 345 679", "01/05/1990"],      # row 5: phone rewritten
        person(3) + ["12345", "1990"],                       # row 6: bad phone
        person(4) + ["", "31/02/1990"],                      # row 7: no such date
        person(5) + ["", "01/05/1991"],                      # row 8: the ID says 1990
    ], header=header)
    d = check_rosters([path]).diagnostics
    assert found(d, "QB1228") == [("ds.xlsx", 5, 7)]
    assert found(d, "QB1227") == [("ds.xlsx", 6, 7)]
    assert found(d, "QB1229") == [("ds.xlsx", 7, 8)]
    assert found(d, "QB1220") == [("ds.xlsx", 8, 8)]
    assert "12345" not in "".join(x.message() for x in d)
    assert {x.code.id: x for x in d}["QB1220"].message() == (
        "'DS'!H8: năm sinh 1991 không khớp với năm sinh trong số CCCD 038•••••0005 (1990)")


def test_headers_are_recognised_by_meaning_anywhere_under_titles(tmp_path):
    header = ["TT", "HO VA TEN", "Thư điện tử", "Số CCCD", "Bộ phận", "Đơn vị công tác"]
    path = xlsx(tmp_path / "ds.xlsx", [person(1)], header=header, title="Tiêu đề")
    f = read_roster(path)
    assert f.diagnostics == []
    assert f.sheets[0].header_row == 3
    assert f.sheets[0].columns == {"stt": 1, "name": 2, "email": 3, "citizen_id": 4,
                                   "department": 5, "unit": 6}


def test_missing_column_and_missing_header(tmp_path):
    path = xlsx(tmp_path / "thieu.xlsx", [[1, "An", "a@example.gov.vn", "Văn phòng"]],
                header=["STT", "Họ và Tên", "Email", "Phòng/ban"])
    d = read_roster(path).diagnostics
    assert [(x.code.id, x.pos.line, x.pos.col) for x in d] == [
        ("QB1203", 3, 5), ("QB1203", 3, 5)]
    assert d[0].message() == "'DS'!E3: dòng tiêu đề thiếu cột 'Số căn cước Công dân'"
    nothing = xlsx(tmp_path / "khac.xlsx", [[1, 2, 3]], header=["a", "b", "c"])
    assert found(read_roster(nothing).diagnostics, "QB1202") == [("khac.xlsx", 0, 0)]


def test_unreadable_files(tmp_path):
    bad = tmp_path / "hong.xlsx"
    bad.write_bytes(b"not a zip")
    assert found(read_roster(bad).diagnostics, "QB1201") == [("hong.xlsx", 0, 0)]
    legacy = tmp_path / "cu.csv"
    legacy.write_bytes(b"STT,H\xd2 v\xe0 T\xean\n")
    d = read_roster(legacy).diagnostics
    assert found(d, "QB1201") == [("cu.csv", 0, 0)]
    assert "UTF-8" in d[0].message()
    res = CliRunner().invoke(roster, ["check", str(bad)])
    assert res.exit_code == 2 and "QB1201" in res.stdout
    assert "không phải tệp Excel .xlsx hợp lệ" in res.stdout
    assert "not a valid .xlsx workbook" in read_roster(bad).diagnostics[0].message("en")


def test_a_roster_with_only_its_header_is_reported_empty(tmp_path):
    empty = xlsx(tmp_path / "trong.xlsx", [])
    d = read_roster(empty).diagnostics
    assert found(d, "QB1206") == [("trong.xlsx", 3, 0)]
    assert d[0].message() == "danh sách không có dòng học viên nào dưới dòng tiêu đề"


def test_csv_roster_is_checked_and_cleaned_as_csv(tmp_path):
    path = tmp_path / "ds.csv"
    path.write_text("Danh sách học viên\n"
                    "STT;Họ và Tên;Email;Số căn cước Công dân;Phòng/ban;Đơn vị\n"
                    "1;Lê Văn Cường;Cuong.LV@Example.gov.vn;038.090.123.456;Văn phòng;UBND xã A\n"
                    "2;Mai Thị Dịu;diu@example.gov.vn;38190123457;Văn phòng;UBND xã A\n",
                    encoding="utf-8")
    result = check_rosters([path])
    assert [(d.code.id, d.pos.line, d.pos.col) for d in result.diagnostics] == [
        ("QB1223", 3, 3), ("QB1214", 3, 4), ("QB1213", 4, 4)]
    out = tmp_path / "sach.csv"
    write_clean(result.files[0], result, out)
    assert out.read_text(encoding="utf-8-sig").splitlines() == [
        "Danh sách học viên",
        "STT,Họ và Tên,Email,Số căn cước Công dân,Phòng/ban,Đơn vị",
        "1,Lê Văn Cường,cuong.lv@example.gov.vn,038090123456,Văn phòng,UBND xã A",
        "2,Mai Thị Dịu,diu@example.gov.vn,038190123457,Văn phòng,UBND xã A"]
    assert check_rosters([out]).diagnostics == []


def test_rosters_are_refused_inside_the_content_repository(tmp_path):
    (tmp_path / "qbank.yaml").write_text("organization: {name: A, code: A}\n", encoding="utf-8")
    (tmp_path / "courses").mkdir()
    path = xlsx(tmp_path / "courses" / "ds.xlsx", [person(1)])
    f = read_roster(path)
    assert found(f.diagnostics, "QB1204") == [("ds.xlsx", 0, 0)] and f.sheets == []
    res = CliRunner().invoke(roster, ["check", str(path)])
    assert res.exit_code == 2
    assert "không xử lý tệp dữ liệu cá nhân nằm trong thư mục 'courses'" in res.stdout
    outside = xlsx(tmp_path / "ds.xlsx", [person(1)])
    assert read_roster(outside).diagnostics == []
    res = CliRunner().invoke(roster, ["check", str(outside), "--out",
                                      str(tmp_path / "question_banks" / "x.xlsx")])
    assert res.exit_code == 2 and "QB1204" in res.stdout
