"""What `qbank import` and `qbank export xlsx` check before writing anything: a project, known
skill codes, a readable --map file, options that go together."""

from __future__ import annotations

from click.testing import CliRunner

from qbank.importers import import_files, load_map
from qbank.importers.commands import export_command, import_command
from qbank.resolve.load import load_project

from helpers import found, write_project

TEXT = "Câu 1: Mật khẩu nào an toàn nhất?\nA. 123456\n*B. Tr@ng-Xanh!Lua2025\n"


def test_import_outside_a_project_is_a_usage_error_and_writes_nothing(tmp_path, monkeypatch):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "on-tap.txt").write_text(TEXT, encoding="utf-8")
    monkeypatch.chdir(empty)
    runner = CliRunner()
    r = runner.invoke(import_command, ["on-tap.txt", "--bank", "a", "--skill", "4.2"])
    assert r.exit_code == 2
    assert "lỗi[QB0100] không tìm thấy tệp qbank.yaml trong '.'" in r.stderr
    r = runner.invoke(import_command, [str(empty / "on-tap.txt"), "--bank", "a", "--skill",
                                       "4.2", "--project", str(empty)])
    assert r.exit_code == 2 and "QB0100" in r.stderr
    assert sorted(p.name for p in empty.iterdir()) == ["on-tap.txt"]


def test_unknown_skill_code_is_refused_before_writing(tmp_path):
    write_project(tmp_path, {})
    source = tmp_path / "on-tap.txt"
    source.write_text(TEXT, encoding="utf-8")
    r = CliRunner().invoke(import_command, [str(source), "--bank", "nhap", "--skill", "4.22",
                                            "--project", str(tmp_path)])
    assert r.exit_code == 2
    assert ("lỗi[QB1117] mã kỹ năng '4.22' (--skill) không có trong khung "
            "'qd757'; chưa nhập gì") in r.stdout
    assert "gợi ý: Có phải ý bạn là '4.2'?" in r.stdout
    assert not (tmp_path / "question_banks/nhap").exists()
    r = CliRunner().invoke(import_command, [str(source), "--bank", "nhap", "--skill", "99.9",
                                            "--project", str(tmp_path), "--lang", "en"])
    assert r.exit_code == 2 and "skill code '99.9' (--skill) is not in framework" in r.stdout
    assert not (tmp_path / "question_banks/nhap").exists()


def test_unknown_skill_in_the_map_file_points_at_its_line(tmp_path):
    project = load_project(write_project(tmp_path, {}))
    source = tmp_path / "on-tap.txt"
    source.write_text(TEXT, encoding="utf-8")
    mapping = tmp_path / "map.yaml"
    mapping.write_text("topics:\n  An toàn: ['4.2', '4.9']\nskills:\n  - '1.1'\n  - '7.7'\n",
                       encoding="utf-8")
    options, diags = load_map(mapping)
    assert diags == []
    result = import_files([source], "nhap", tmp_path, options=options,
                          framework=project.framework)
    assert sorted(found(result.diagnostics, "QB1117")) == [("map.yaml", 2, 20),
                                                           ("map.yaml", 5, 5)]
    assert "(tệp --map)" in result.diagnostics[0].message()
    assert result.files == [] and not (tmp_path / "question_banks/nhap").exists()


def test_broken_map_file_reports_line_and_column(tmp_path):
    write_project(tmp_path, {})
    source = tmp_path / "on-tap.txt"
    source.write_text(TEXT, encoding="utf-8")
    mapping = tmp_path / "map.yaml"
    mapping.write_text("columns:\n  Đề: stem\n   PA1: 'option:A'\n", encoding="utf-8")
    options, diags = load_map(mapping)
    assert options is None and found(diags, "QB0101") == [("map.yaml", 3, 7)]
    r = CliRunner().invoke(import_command, [str(source), "--bank", "nhap", "--map",
                                            str(mapping), "--project", str(tmp_path)])
    assert r.exit_code == 2
    assert "map.yaml:3:7: lỗi[QB0101] lỗi cú pháp YAML" in r.stderr
    assert "ParserError" not in r.stderr
    mapping.write_text("levels:\n  Dễ: 9\n", encoding="utf-8")
    options, diags = load_map(mapping)
    assert found(diags, "QB1114") == [("map.yaml", 2, 7)]
    assert diags[0].message() == "tệp --map không hợp lệ: mức độ 'Dễ' phải là 1–4"
    mapping.write_bytes("skills: ['4.2']\n".encode("utf-16"))
    options, diags = load_map(mapping)
    assert options is None and found(diags, "QB0112") == [("map.yaml", 1, 1)]


def test_export_xlsx_refuses_course_and_bank_together(tmp_path):
    write_project(tmp_path, {})
    out = tmp_path / "r.xlsx"
    r = CliRunner().invoke(export_command, ["xlsx", str(tmp_path), "--bank", "chung",
                                            "--course", "khoa", "--out", str(out)])
    assert r.exit_code == 2
    assert "không dùng --course cùng với --bank" in r.stderr
    assert not out.exists()
