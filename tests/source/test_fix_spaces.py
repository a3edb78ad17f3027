"""`qbank fix` repairs the repeated spaces QB0705 reports, and never creates them (issue #14)."""

from __future__ import annotations

from click.testing import CliRunner

import qbank
from qbank.cli import main

from helpers import write_project

BANK = """questions:
  - id: q-mot      # câu đầu
    type: single_choice
    stem: "Câu  hỏi\u00a0 một? "
    options:
      - {text: Đúng  là A, correct: true}
      - {text: Là B}
    skills: ["4.2"]
    level: 1
    feedback: Vì\u200b  A.
  - id: q-hai
    type: true_false
    stem: Câu hỏi hai.
    answer: true
    skills: ["4.2"]
    level: 2
    feedback: |
      Dòng  khối giữ nguyên.
      Dòng hai.
"""


def test_fix_repairs_what_qb0705_reports_and_keeps_the_layout(tmp_path):
    write_project(tmp_path, {"question_banks/chung/cau-hoi.yaml": BANK})
    before = [d for d in qbank.check(qbank.load_project(tmp_path)) if d.code.id == "QB0705"]
    assert len(before) == 3  # the stem (NBSP), the option, the feedback (ZWSP)
    r = CliRunner().invoke(main, ["fix", str(tmp_path)])
    assert r.exit_code == 0, r.output
    assert "bỏ dấu cách thừa trong văn bản" in r.stderr
    text = (tmp_path / "question_banks/chung/cau-hoi.yaml").read_text(encoding="utf-8")
    assert '    stem: "Câu hỏi một?"\n' in text
    assert "      - {text: Đúng là A, correct: true}\n" in text
    assert "    feedback: Vì A.\n" in text
    assert "  - id: q-mot      # câu đầu\n" in text  # spaces before a comment are layout
    assert "      Dòng  khối giữ nguyên.\n" in text  # block text is left as written
    after = qbank.check(qbank.load_project(tmp_path))
    assert [d for d in after if d.code.id == "QB0705"] == []
    assert CliRunner().invoke(main, ["fix", str(tmp_path), "--dry-run"]).stderr.strip() \
        .endswith("0 tệp cần sửa")


def test_fix_repairs_lesson_front_matter_but_not_the_body(tmp_path):
    lesson = "---\nid: bai\ntitle: Bài  học\nskills: [\"4.2\"]\n---\n\nDòng  một.  \n"
    write_project(tmp_path, {"courses/khoa/lessons/01-bai.md": lesson})
    CliRunner().invoke(main, ["fix", str(tmp_path)])
    text = (tmp_path / "courses/khoa/lessons/01-bai.md").read_text(encoding="utf-8")
    assert text == lesson.replace("Bài  học", "Bài học")
