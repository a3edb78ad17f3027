"""questions.json is written one question at a time, by pydantic's JSON writer, with the bytes
of the whole document written by json.dumps (control characters, emoji and line separators
included)."""

from __future__ import annotations

import pytest

from qbank.export import json_writer
from qbank.export.bundle import course_build


@pytest.mark.parametrize("empty", [False, True])
def test_streamed_questions_json_equals_the_whole_document(project_at, tmp_path, empty):
    project, _ = project_at({"question_banks/chung/them.yaml": """
        questions:
          - id: nhieu-dong
            type: single_choice
            stem: "Dòng một\\n\\ndòng *hai* \\"trích\\" \\\\ \\t"
            options: [{text: A, correct: true}, {text: "\\x01\\x1f\\x7f\\x85\\u2028 😀 ẩ"}]
            skills: ["4.2"]
            level: 1
          - id: nhieu-dap-an
            type: multiple_response
            stem: Chọn các mã **không** được chia sẻ.
            options: [{text: OTP, correct: true}, {text: Mật khẩu, correct: true}, {text: Tên}]
            skills: ["4.2", "1.1"]
            level: 2
            feedback: Cả hai.
            tags: [otp]
          - id: dien-tu
            type: text_entry
            stem: "Mã dùng một lần gọi là mã ____."
            answers: [OTP, mã OTP]
            accept_without_diacritics: true
            skills: ["4.2"]
            level: 1
          - id: sap-xep
            type: ordering
            stem: Sắp xếp các bước.
            items: [Mở ứng dụng, Đăng nhập, Xác thực]
            skills: ["1.1"]
            level: 2
          - id: ghep-doi
            type: matching
            stem: Ghép.
            pairs: [{left: OTP, right: Mã một lần}, {left: VNeID, right: Định danh}]
            distractors: [Mạng xã hội]
            skills: ["4.2"]
            level: 3
        """})
    ctx = course_build(project, project.courses[0])
    if empty:
        ctx.questions = []
    else:
        assert {e.q.type for e in ctx.questions} == {
            "single_choice", "multiple_response", "true_false", "text_entry", "ordering",
            "matching"}
    expected = json_writer._dump(json_writer.questions_doc(ctx))
    json_writer._write_questions(ctx, tmp_path / "questions.json")
    assert (tmp_path / "questions.json").read_bytes() == expected.encode("utf-8")
