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
        """})
    ctx = course_build(project, project.courses[0])
    if empty:
        ctx.questions = []
    else:
        assert len(ctx.questions) >= 3
    expected = json_writer._dump(json_writer.questions_doc(ctx))
    json_writer._write_questions(ctx, tmp_path / "questions.json")
    assert (tmp_path / "questions.json").read_bytes() == expected.encode("utf-8")
