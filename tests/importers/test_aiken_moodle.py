"""Aiken read as Moodle reads it: the fixture of Moodle's test
(question/format/aiken/tests/fixtures/aiken_errors.txt, aikenformat_test.php) gives the same
questions and the same errors, at the same lines; then a Vietnamese bank end to end."""

from __future__ import annotations

from pathlib import Path

import qbank
from qbank.importers import import_files
from qbank.importers.aiken import read_text

from helpers import write_project

# Moodle's aiken_errors.txt, with the third good question its test expects.
AIKEN_ERRORS = """\
A question with too few answers
A) Only answer
ANSWER: A

A) Question not started

ANSWER: Question not started

A good question
A) Correct
B) Incorrect
ANSWER: A

A question started but not finished
A) Correct-ish
B) Incorrect-ish

A second good question
A)Incorrect (No space)
B)Correct (No space)
ANSWER: B

A third good question with HTML chars such as > < &
A) Correct (< > &)
B) Incorrect (< > &)
ANSWER: A"""


def test_moodle_fixture_questions_and_errors():
    drafts, diags = read_text(Path("aiken.txt"), AIKEN_ERRORS)
    assert [d.fields for d in drafts] == [
        {"type": "single_choice", "stem": "A good question",
         "options": [{"text": "Correct", "correct": True}, {"text": "Incorrect"}]},
        {"type": "single_choice", "stem": "A second good question",
         "options": [{"text": "Incorrect (No space)"},
                     {"text": "Correct (No space)", "correct": True}]},
        {"type": "single_choice", "stem": "A third good question with HTML chars such as > < &",
         "options": [{"text": "Correct (< > &)", "correct": True},
                     {"text": "Incorrect (< > &)"}]}]
    assert [(d.pos.line, d.message()) for d in diags] == [
        (1, "dòng 1: không nhập được câu hỏi: câu hỏi cần ít nhất hai phương án (dòng 3)"),
        (5, "dòng 5: không nhập được câu hỏi: phương án khi chưa có câu hỏi nào"),
        (7, "dòng 7: không nhập được câu hỏi: dòng ANSWER khi chưa có câu hỏi nào"),
        (14, "dòng 14: không nhập được câu hỏi: câu hỏi chưa có dòng ANSWER trước câu tiếp "
             "theo (dòng 18)")]


def test_lowercase_answer_line_is_not_an_answer_as_in_moodle():
    drafts, diags = read_text(Path("aiken.txt"), "Câu hỏi?\nA. Một\nB. Hai\nanswer: A\n")
    assert drafts == []
    assert [d.message() for d in diags] == [
        "dòng 1: không nhập được câu hỏi: câu hỏi chưa có dòng ANSWER trước câu tiếp theo "
        "(dòng 4)",
        "dòng 4: không nhập được câu hỏi: câu hỏi chưa có dòng ANSWER ở cuối tệp (dòng 4)"]


VIETNAMESE = """\
Ứng dụng nào do Bộ Công an phát triển để định danh điện tử?
A. Zalo
B. VNeID
C. Facebook
ANSWER: B
Khi nhận tin nhắn báo trúng thưởng kèm đường link lạ, bạn nên làm gì?
A) Bấm vào link để nhận thưởng
B) Không bấm, xóa tin nhắn và cảnh báo người thân
ANSWER: B

Cổng Dịch vụ công quốc gia có địa chỉ nào?
A. dichvucong.gov.vn
B. dichvucong.com
ANSWER: C
"""


def test_vietnamese_aiken_without_blank_lines_between_questions(tmp_path):
    write_project(tmp_path, {})
    source = tmp_path / "aiken.txt"
    source.write_text(VIETNAMESE, encoding="utf-8")
    result = import_files([source], "nhap", tmp_path, skills=["4.2"])
    [fr] = result.files
    assert (fr.format, fr.imported, fr.skipped) == ("aiken", 2, 1)
    assert [d.message() for d in result.diagnostics] == [
        "dòng 11: không nhập được câu hỏi: dòng ANSWER không trỏ tới phương án nào ('C')"]
    qs = qbank.load_project(tmp_path).banks["nhap"].questions
    assert [(e.q.stem, e.q.keys) for e in qs] == [
        ("Ứng dụng nào do Bộ Công an phát triển để định danh điện tử?", [1]),
        ("Khi nhận tin nhắn báo trúng thưởng kèm đường link lạ, bạn nên làm gì?", [1])]
