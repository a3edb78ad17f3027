"""`qbank import --skill auto`: skill codes suggested from the framework's word list, with the
words and a confidence per question, imported as draft."""

from __future__ import annotations

import yaml
from click.testing import CliRunner

import qbank
from qbank.framework.registry import builtin
from qbank.importers import import_files
from qbank.importers.commands import import_command
from qbank.importers.suggest import suggest, word_list

from helpers import REPO, found, write_project

DOCX = REPO / "tests" / "fixtures" / "samples" / "bo-cau-hoi-on-tap.docx"


def test_every_item_of_the_framework_has_words_and_only_its_items():
    framework = builtin("qd757")
    lists = word_list("qd757")
    codes = [i.code for a in framework.areas for i in a.items]
    assert list(lists) == codes  # one list per item, in the framework's order
    assert all(lists[c] for c in codes)
    for words in lists.values():
        assert len(set(words)) == len(words)


def test_suggestion_is_deterministic_with_words_and_confidence():
    s = suggest("Không đọc mã OTP và mật khẩu cho người tự xưng là ngân hàng", "qd757")
    assert (s.code, s.confidence) == ("4.2", "high")
    assert s.words == ("mật khẩu", "otp", "mã otp", "tự xưng")
    assert s.score == 2 + 1 + 2 + 2
    # Words are matched whole, without diacritics: "Mat khau" matches, "khaumat" does not.
    assert suggest("Mat khau cua ban", "qd757").code == "4.2"
    assert suggest("khaumat", "qd757") is None
    # A tie goes to the item listed first, with low confidence.
    tie = suggest("tìm kiếm và chia sẻ", "qd757")
    assert (tie.code, tie.confidence) == ("1.1", "low")


def test_word_sample_imports_with_suggested_skills(tmp_path):
    write_project(tmp_path, {})
    result = import_files([DOCX], "on-tap", tmp_path, skills=["auto"],
                          framework=builtin("qd757"))
    assert result.ok and result.files[0].imported == 12
    notes = [d for d in result.diagnostics if d.code.id == "QB1134"]
    assert len(notes) == 12
    assert notes[0].message() == (
        "đoạn 3: gợi ý kỹ năng 4.2 (Bảo vệ dữ liệu cá nhân và quyền riêng tư), độ tin cậy cao; "
        "từ khớp: otp, mã otp, tài khoản, tự xưng")
    assert notes[0].message("en").endswith("confidence high; matching words: otp, mã otp, "
                                           "tài khoản, tự xưng")
    out = tmp_path / "question_banks/on-tap/bo-cau-hoi-on-tap.yaml"
    text = out.read_text(encoding="utf-8")
    assert ("  # kỹ năng gợi ý 2.6, độ tin cậy cao (từ khớp: định danh điện tử, vneid, tài khoản "
            "định danh, mức độ 2): cần người thẩm định xác nhận\n") in text
    qs = yaml.safe_load(text)["questions"]
    assert [q["skills"] for q in qs][:4] == [["4.2"], ["2.6"], ["4.2"], ["2.3"]]
    assert all(q["review"] == "draft" for q in qs)
    assert not qbank.has_errors(qbank.check(qbank.load_project(tmp_path)))


def test_no_match_is_reported_and_the_fallback_code_used(tmp_path):
    write_project(tmp_path, {})
    source = tmp_path / "khac.txt"
    source.write_text("Câu 1: Thủ đô của nước ta là gì?\nA. Hà Nội\nB. Huế\nĐáp án: A\n"
                      "Câu 2: Mật khẩu nào mạnh?\nA. 123456\nB. Tr@ng-Xanh!2025\nĐáp án: B\n",
                      encoding="utf-8")
    alone = import_files([source], "nhap", tmp_path, skills=["auto"])
    assert found(alone.diagnostics, "QB1135") == [("khac.txt", 1, 0)]
    assert found(alone.diagnostics, "QB1110") == [("khac.txt", 0, 0)]  # one question lacks one
    assert not alone.files[0].written
    both = import_files([source], "nhap", tmp_path, skills=["auto", "5.4"])
    [warning] = [d for d in both.diagnostics if d.code.id == "QB1135"]
    assert warning.message().endswith("; dùng mã dự phòng 5.4")
    qs = qbank.load_project(tmp_path).banks["nhap"].questions
    assert [e.q.skills for e in qs] == [["5.4"], ["4.2"]]


def _cli(tmp_path, *args):
    runner = CliRunner()
    return runner.invoke(import_command, [str(DOCX), "--bank", "on-tap", "--project",
                                          str(tmp_path), *args])


def test_without_a_skill_option_the_message_names_auto(tmp_path):
    write_project(tmp_path, {})
    r = _cli(tmp_path)
    assert r.exit_code == 1
    assert "--skill auto" in r.stdout and "12 câu hỏi không có mã kỹ năng" in r.stdout
    ok = _cli(tmp_path, "--skill", "auto")
    assert ok.exit_code == 0, ok.output
    assert ok.stdout.count("[QB1134]") == 12


def test_a_framework_without_a_word_list_is_a_usage_error(tmp_path):
    write_project(tmp_path, {})
    config = tmp_path / "qbank.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "framework: tt02-2025\n", "utf-8")
    r = _cli(tmp_path, "--skill", "auto")
    assert r.exit_code == 2
    assert "[QB1136]" in r.stdout and "không có danh sách từ khóa" in r.stdout
    assert not (tmp_path / "question_banks/on-tap").exists()
