"""The command line: exit codes, output shapes, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys

from click.testing import CliRunner

from qbank.cli import main

from helpers import BASE_FILES, write_project


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_clean_project_exits_0_and_prints_a_summary(tmp_path):
    write_project(tmp_path, {})
    r = invoke("check", tmp_path)
    assert r.exit_code == 0, r.output
    assert "0 lỗi, 1 cảnh báo" in r.stderr
    assert "1 khóa học, 2 câu hỏi" in r.stderr


def test_strict_makes_warnings_fail(tmp_path):
    write_project(tmp_path, {})
    assert invoke("check", tmp_path, "--strict").exit_code == 1


def test_errors_exit_1(tmp_path):
    write_project(tmp_path, {"question_banks/chung/x.yaml": "questions: [{id: X}]\n"})
    r = invoke("check", tmp_path, "--format", "json")
    assert r.exit_code == 1
    assert [(d["code"], d["message"]) for d in json.loads(r.stdout) if d["severity"] == "error"] == [
        ("QB0202", "thiếu trường bắt buộc 'type'")]


def test_no_project_exits_2_with_a_vietnamese_message(tmp_path):
    r = invoke("check", tmp_path)
    assert r.exit_code == 2
    assert "lỗi[QB0100] không tìm thấy tệp qbank.yaml" in r.stderr


def test_usage_error_exits_2(tmp_path):
    assert invoke("check", tmp_path, "--format", "xml").exit_code == 2


def test_json_paths_are_relative_to_the_given_path(tmp_path):
    write_project(tmp_path, {})
    records = json.loads(invoke("check", tmp_path, "--format", "json").stdout)
    assert records[0]["path"] == "courses/khoa/course.yaml"


def test_a_real_process_never_prints_a_traceback_for_bad_content(tmp_path):
    write_project(tmp_path, {
        "qbank.yaml": b"\xff\xfe\x00garbage",
        "courses/khoa/course.yaml": "id: [unclosed\n",
        "question_banks/chung/cau-hoi.yaml": "questions: 5\n",
    })
    p = subprocess.run([sys.executable, "-m", "qbank", "check", str(tmp_path)],
                       capture_output=True, text=True)
    assert p.returncode == 1
    assert "Traceback" not in p.stderr + p.stdout
    assert "QB0112" in p.stdout and "QB0101" in p.stdout and "QB0210" in p.stdout


def test_codes_lists_every_code_once():
    out = invoke("codes").stdout.splitlines()
    ids = [line.split()[0] for line in out]
    assert len(ids) == len(set(ids)) >= 50
    assert any(line.startswith("QB0303") and "duplicate-id" in line for line in out)


def test_framework_lists_group_items_with_provenance(tmp_path):
    write_project(tmp_path, {})
    out = invoke("framework", tmp_path, "--group", "nguoi-dan").stdout
    assert "ND.0.1" in out and "[tạm thời]" in out
    assert "6.3      Đánh giá trí tuệ nhân tạo (theo nguồn thứ cấp)" in out
    out = invoke("framework", tmp_path, "--group", "nguoi-dan", "--lang", "en").stdout
    assert "6.3      Đánh giá trí tuệ nhân tạo (secondary)" in out
    out = invoke("framework", tmp_path, "--group", "can-bo-cong-chuc-vien-chuc").stdout
    assert "ND.0.1" not in out
    r = invoke("framework", tmp_path, "--group", "khong-co")
    assert r.exit_code == 2 and "không có nhóm 'khong-co'" in r.stderr


def test_base_files_are_untouched_by_check(tmp_path):
    write_project(tmp_path, {})
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    invoke("check", tmp_path)
    assert before == {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert set(BASE_FILES) <= {p.relative_to(tmp_path).as_posix() for p in before}


def test_an_empty_qbank_yaml_is_an_error_not_a_crash_later(tmp_path):
    write_project(tmp_path, {"qbank.yaml": "# chỉ có chú thích\n"})
    r = invoke("check", tmp_path)
    assert r.exit_code == 1
    assert "qbank.yaml:1:1: lỗi[QB0202] thiếu trường bắt buộc 'organization'" in r.stdout
    r = invoke("build", tmp_path)
    assert r.exit_code == 1 and "lỗi nội bộ" not in r.output
    assert not (tmp_path / "dist").exists() or not any((tmp_path / "dist").iterdir())


def test_usage_errors_are_told_in_vietnamese_with_a_hint(tmp_path):
    write_project(tmp_path, {})
    r = invoke("check", tmp_path, "--fromat", "json")
    assert r.exit_code == 2
    assert "lỗi: không có tùy chọn '--fromat'; có phải ý bạn là '--format'?" in r.stderr
    assert "check --help'." in r.stderr  # the program name is 'qbank' outside the test runner
    r = invoke("check", tmp_path / "qbank.yaml")
    assert r.exit_code == 2 and "là một tệp, cần một thư mục" in r.stderr
    r = invoke("stats", tmp_path, "--format", "text")
    assert "giá trị không hợp lệ cho '--format': 'text' không phải một trong 'table', 'json'" \
        in r.stderr
    r = CliRunner(env={"QBANK_LANG": "en"}).invoke(main, ["check", "--fromat", "json"])
    assert r.exit_code == 2 and "error: No such option '--fromat'" in r.stderr


def test_an_unwritable_output_is_one_vietnamese_line_naming_the_file(tmp_path):
    write_project(tmp_path, {})
    (tmp_path / "tep").write_text("x", encoding="utf-8")
    r = invoke("export", "xlsx", tmp_path, "--bank", "chung", "--out", tmp_path / "tep" / "a.xlsx")
    assert r.exit_code == 2
    assert f"qbank: lỗi hệ thống: {tmp_path / 'tep' / 'a.xlsx'}: không phải thư mục" in r.stderr
    assert ".tmp" not in r.stderr and "Traceback" not in r.output
