"""The real sample banks import with the expected questions, each defect reported at its place,
and `qbank check` passes on the result."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import qbank
from qbank.importers import import_files
from qbank.importers.commands import import_command

from helpers import REPO, found, write_project

SAMPLES = REPO / "tests" / "fixtures" / "samples"
XLSX = SAMPLES / "ngan-hang-cau-hoi-mau.xlsx"
DOCX = SAMPLES / "bo-cau-hoi-on-tap.docx"
pytestmark = pytest.mark.skipif(not XLSX.is_file(), reason="shared samples not present")


def questions(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]


def test_excel_sample(tmp_path):
    write_project(tmp_path, {})
    result = import_files([XLSX], "nhap", tmp_path, skills=["4.2"])
    [f] = result.files
    assert (f.format, f.imported, f.skipped, f.written) == ("xlsx", 15, 2, True)
    assert sorted(found(result.diagnostics, "QB1102")) == [
        ("ngan-hang-cau-hoi-mau.xlsx", 17, 0), ("ngan-hang-cau-hoi-mau.xlsx", 18, 0)]
    messages = sorted(d.message() for d in result.diagnostics if d.code.id == "QB1102")
    assert messages == [
        "trang tính \"Câu hỏi\", dòng 17: không nhập được câu hỏi: không có đáp án đúng",
        "trang tính \"Câu hỏi\", dòng 18: không nhập được câu hỏi: đáp án 'E' không có trong "
        "các phương án (A–C)"]
    assert {p for _, p, _ in found(result.diagnostics, "QB1104")} == {20}
    out = tmp_path / "question_banks/nhap/ngan-hang-cau-hoi-mau.yaml"
    text = out.read_text(encoding="utf-8")
    assert "  # nguồn: ngan-hang-cau-hoi-mau.xlsx, trang tính \"Câu hỏi\", dòng 5\n" in text
    qs = questions(out)
    assert [q["type"] for q in qs].count("multiple_response") == 1
    multi = next(q for q in qs if q["type"] == "multiple_response")
    assert [o.get("correct", False) for o in multi["options"]] == [True, True, False, True]
    tf = next(q for q in qs if q["type"] == "true_false")
    assert tf["answer"] is True and tf["tags"] == ["dich-vu-cong-truc-tuyen"]
    assert multi["level"] == 2 and qs[0]["level"] == 1  # "Trung bình", "Cơ bản"
    assert qs[8]["stem"] == "Xác thực hai yếu tố (2FA) giúp gì cho tài khoản của bạn?"
    legacy = qs[13]
    assert legacy["stem"] == "Kỹ năng số là gì?"
    assert legacy["options"][0]["text"] == ("Khả năng sử dụng thiết bị và dịch vụ số một cách "
                                            "hiệu quả, an toàn")
    assert all(q["review"] == "draft" and q["skills"] == ["4.2"] for q in qs)
    assert len({q["id"] for q in qs}) == 15


def test_word_sample(tmp_path):
    write_project(tmp_path, {})
    result = import_files([DOCX], "nhap", tmp_path, skills=["4.2"])
    [f] = result.files
    assert (f.format, f.imported, f.skipped) == ("docx", 12, 0)
    qs = questions(tmp_path / "question_banks/nhap/bo-cau-hoi-on-tap.yaml")
    keys = {i + 1: [o["text"] for o in q.get("options", []) if o.get("correct")]
            for i, q in enumerate(qs)}
    assert keys[3] == ["Tr@ng-Xanh!Lua2025"]  # bold
    assert keys[8] == ["Mở ứng dụng ngân hàng chính thức, chọn thanh toán hóa đơn và nhập mã "
                       "khách hàng"]  # leading "*"
    assert keys[5] == ["Tên miền viết sai chính tả so với trang chính thức",
                       "Yêu cầu nhập mật khẩu, mã OTP ngay lập tức",
                       "Hứa hẹn trúng thưởng lớn, yêu cầu nộp phí để nhận thưởng"]
    assert qs[5]["type"] == "true_false" and qs[5]["answer"] is True
    assert qs[2]["feedback"].startswith("Mật khẩu mạnh dài")
    assert "# nguồn: bo-cau-hoi-on-tap.docx, đoạn 16" in (
        tmp_path / "question_banks/nhap/bo-cau-hoi-on-tap.yaml").read_text(encoding="utf-8")


def test_both_samples_pass_qbank_check_and_ids_do_not_collide(tmp_path):
    write_project(tmp_path, {})
    result = import_files([XLSX, DOCX], "nhap", tmp_path, skills=["4.2"])
    project = qbank.load_project(tmp_path)
    diags = qbank.check(project)
    assert not qbank.has_errors(diags), [d.message() for d in diags if d.severity == "error"]
    assert len(project.banks["nhap"].questions) == 27
    ids = result.files[0].ids + result.files[1].ids
    assert len(set(ids)) == 27 and "khi-nhan-duoc-tin-nhan-tu-3" in ids


def test_without_a_skill_nothing_is_written(tmp_path):
    write_project(tmp_path, {})
    result = import_files([XLSX], "nhap", tmp_path)
    assert found(result.diagnostics, "QB1110") == [("ngan-hang-cau-hoi-mau.xlsx", 0, 0)]
    assert not (tmp_path / "question_banks/nhap").exists()


def test_topics_map_to_skills_through_the_map_file(tmp_path):
    write_project(tmp_path, {})
    mapping = tmp_path / "map.yaml"
    mapping.write_text("topics:\n  An toàn trên môi trường số: ['4.2']\nskills: ['1.1']\n",
                       encoding="utf-8")
    r = CliRunner().invoke(import_command, [str(XLSX), "--bank", "nhap", "--map", str(mapping),
                                            "--project", str(tmp_path)])
    assert r.exit_code == 1  # two rows could not be imported
    qs = questions(tmp_path / "question_banks/nhap/ngan-hang-cau-hoi-mau.yaml")
    assert qs[0]["skills"] == ["4.2"] and qs[1]["skills"] == ["1.1"]
    assert "Tổng: 15 câu hỏi đã nhập (trạng thái draft), 2 câu không nhập được." in r.stderr
    assert "ngan-hang-cau-hoi-mau.xlsx:17: lỗi[QB1102]" in r.stdout


def test_never_overwrites_without_force(tmp_path):
    write_project(tmp_path, {})
    args = [str(DOCX), "--bank", "nhap", "--skill", "4.2", "--project", str(tmp_path)]
    assert CliRunner().invoke(import_command, args).exit_code == 0
    out = tmp_path / "question_banks/nhap/bo-cau-hoi-on-tap.yaml"
    out.write_text("# sửa tay\n" + out.read_text(encoding="utf-8"), encoding="utf-8")
    r = CliRunner().invoke(import_command, args)
    assert r.exit_code == 1
    assert "bo-cau-hoi-on-tap.yaml: lỗi[QB1105] tệp 'bo-cau-hoi-on-tap.yaml' đã có" in r.stdout
    assert out.read_text(encoding="utf-8").startswith("# sửa tay")
    r = CliRunner().invoke(import_command, args + ["--force"])
    assert r.exit_code == 0 and not out.read_text(encoding="utf-8").startswith("# sửa tay")
    # re-importing over its own file keeps the ids
    assert "khi-nhan-duoc-tin-nhan-tu\n" in out.read_text(encoding="utf-8")
