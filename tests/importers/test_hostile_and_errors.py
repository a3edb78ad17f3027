"""Broken and hostile import input: each ends in a diagnostic at its position, nothing written."""

from __future__ import annotations

import zipfile

import openpyxl
from click.testing import CliRunner

from qbank.importers import import_files, load_map
from qbank.importers.archive import Limits, check_zip
from qbank.importers.commands import import_command

from helpers import found, write_project


def _nothing_written(tmp_path):
    assert not (tmp_path / "question_banks/nhap").exists()


def test_zip_slip_entry_is_refused(tmp_path):
    write_project(tmp_path, {})
    bad = tmp_path / "goi.docx"
    with zipfile.ZipFile(bad, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
        z.writestr("../../etc/passwd", "x")
    result = import_files([bad], "nhap", tmp_path, skills=["4.2"])
    assert found(result.diagnostics, "QB1106") == [("goi.docx", 0, 0)]
    assert "'../../etc/passwd'" in result.diagnostics[0].message()
    _nothing_written(tmp_path)


def test_zip_bomb_ratio_and_size_are_refused(tmp_path):
    write_project(tmp_path, {})
    bomb = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", b"\0" * (20 * 2**20))
    result = import_files([bomb], "nhap", tmp_path, skills=["4.2"])
    assert found(result.diagnostics, "QB1107") == [("bom.xlsx", 0, 0)]
    assert "nén" in result.diagnostics[0].message() and ":1" in result.diagnostics[0].message()
    assert found(check_zip(bomb, Limits(total_bytes=2**20)), "QB1107") == [("bom.xlsx", 0, 0)]
    assert found(check_zip(bomb, Limits(entries=0)), "QB1107") == [("bom.xlsx", 0, 0)]
    assert found(check_zip(bomb, Limits(file_bytes=10)), "QB1109") == [("bom.xlsx", 0, 0)]
    _nothing_written(tmp_path)


def test_unreadable_and_unknown_files(tmp_path):
    write_project(tmp_path, {})
    broken = tmp_path / "hong.xlsx"
    broken.write_bytes(b"not a zip at all")
    binary = tmp_path / "anh.bin"
    binary.write_bytes(bytes(range(256)))
    result = import_files([broken], "nhap", tmp_path, skills=["4.2"])
    assert found(result.diagnostics, "QB1101") == [("hong.xlsx", 0, 0)]
    r = CliRunner().invoke(import_command, [str(binary), "--bank", "nhap", "--project",
                                            str(tmp_path), "--format", "auto"])
    assert r.exit_code == 1
    assert "anh.bin: lỗi[QB1101] không đọc được tệp: không nhận ra bảng mã" in r.stdout
    empty = tmp_path / "trong.txt"
    empty.write_text("Danh sách học viên\n", encoding="utf-8")
    r = CliRunner().invoke(import_command, [str(empty), "--bank", "nhap", "--project",
                                            str(tmp_path), "--skill", "4.2"])
    assert r.exit_code == 1
    assert "trong.txt: lỗi[QB1115] không tìm thấy câu hỏi nào trong tệp (txt)" in r.stdout
    _nothing_written(tmp_path)


def test_unknown_zip_format_is_a_usage_error(tmp_path):
    write_project(tmp_path, {})
    other = tmp_path / "khac.zip"
    with zipfile.ZipFile(other, "w") as z:
        z.writestr("readme.txt", "x")
    r = CliRunner().invoke(import_command, [str(other), "--bank", "nhap", "--project",
                                            str(tmp_path)])
    assert r.exit_code == 2
    assert "khac.zip: lỗi[QB1112] không nhận ra định dạng của tệp" in r.stdout


def test_headers_not_found_unknown_columns_and_unknown_levels(tmp_path):
    write_project(tmp_path, {})
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Trống"
    ws.append(["Danh sách", "không phải câu hỏi"])
    ws2 = wb.create_sheet("Bộ 2")
    ws2.append(["BẢNG CÂU HỎI"])
    ws2.append([])
    ws2.append(["Câu hỏi", "Đáp án A", "Đáp án B", "Đáp án", "Mức độ", "Cột lạ"])
    ws2.append(["Chọn A?", "Một", "Hai", "A", "Siêu khó", "x"])
    ws2.append(["Chọn B?", "Một", "Hai", "B", "Thông hiểu", None])
    path = tmp_path / "hai-trang.xlsx"
    wb.save(path)
    result = import_files([path], "nhap", tmp_path, skills=["4.2"])
    assert found(result.diagnostics, "QB1113") == [("hai-trang.xlsx", 1, 1)]
    assert found(result.diagnostics, "QB1103") == [("hai-trang.xlsx", 3, 6)]
    assert found(result.diagnostics, "QB1111") == [("hai-trang.xlsx", 4, 0)]
    assert result.files[0].imported == 2
    text = (tmp_path / "question_banks/nhap/hai-trang.yaml").read_text(encoding="utf-8")
    assert "# nguồn: hai-trang.xlsx, trang tính \"Bộ 2\", dòng 5" in text


def test_map_file_names_columns_and_levels(tmp_path):
    write_project(tmp_path, {})
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Đề", "PA1", "PA2", "Key", "Độ khó riêng"])
    ws.append(["Chọn A?", "Một", "Hai", "A", "Dễ ợt"])
    path = tmp_path / "rieng.xlsx"
    wb.save(path)
    mapping = tmp_path / "map.yaml"
    mapping.write_text("columns: {Đề: stem, PA1: 'option:A', PA2: 'option:B', Key: key, "
                       "Độ khó riêng: level}\nlevels: {Dễ ợt: 2}\n", encoding="utf-8")
    options, diags = load_map(mapping)
    assert diags == []
    result = import_files([path], "nhap", tmp_path, skills=["4.2"], options=options)
    assert result.diagnostics == [] and result.files[0].imported == 1
    assert "level: 2" in (tmp_path / "question_banks/nhap/rieng.yaml").read_text(encoding="utf-8")
    mapping.write_text("columns: {Đề: cau-hoi}\n", encoding="utf-8")
    options, diags = load_map(mapping)
    assert options is None and found(diags, "QB1114") == [("map.yaml", 1, 15)]
