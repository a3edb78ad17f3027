"""Test helpers: small projects written into a temporary folder, diagnostics lookups."""

from __future__ import annotations

import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"

BASE_FILES = {
    "qbank.yaml": """
        organization: {name: Đơn vị thử, code: TEST}
        audiences:
          - {id: nguoi-dan, title: Người dân, group: nguoi-dan}
          - {id: cbcc, title: Cán bộ, group: can-bo-cong-chuc-vien-chuc}
        policy: {question_count: 2, pass_threshold: 70, time_limit_minutes: 10, attempts: 2}
        """,
    "question_banks/chung/cau-hoi.yaml": """
        questions:
          - id: q-mot
            type: single_choice
            stem: Câu hỏi một?
            options:
              - {text: Đúng là A, correct: true}
              - {text: Là B}
            skills: ["4.2"]
            level: 1
            feedback: Vì A.
          - id: q-hai
            type: true_false
            stem: Câu hỏi hai.
            answer: true
            skills: ["4.2"]
            level: 2
            feedback: Vì đúng.
        """,
    "courses/khoa/course.yaml": """
        id: khoa
        title: Khóa học
        audience: nguoi-dan
        lessons: [lessons/01-bai.md]
        checkpoints:
          - {after: bai, questions: [q-mot]}
        final:
          id: kiem-tra
          sections:
            - {id: phan, select: 2, pool: {banks: [chung]}}
        """,
    "courses/khoa/lessons/01-bai.md": """
        ---
        id: bai
        title: Bài học
        skills: ["4.2"]
        ---

        Nội dung bài học.
        """,
}


def write_project(root: Path, files: dict[str, str | bytes | None], base: bool = True) -> Path:
    """Write BASE_FILES (unless base=False) overridden by `files`; None deletes a base file."""
    merged = dict(BASE_FILES) if base else {}
    merged.update(files)
    for rel, content in merged.items():
        if content is None:
            continue
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    simple = root / "courses/khoa/lessons/01-bai.simple.md"
    if base and "courses/khoa/lessons/01-bai.simple.md" not in files:
        from qbank.source.stamp import stamp_variant

        simple.write_text("---\ntitle: Bài học\nsource_hash: '000000000000'\n---\n\nNgắn gọn.\n",
                          encoding="utf-8")
        stamp_variant(simple)
    return root


def found(diags, code: str) -> list[tuple[str, int, int]]:
    """(file name relative to its project, line, col) of each diagnostic with `code`."""
    out = []
    for d in diags:
        if d.code.id == code:
            out.append((d.pos.path.name if d.pos else "", d.pos.line if d.pos else 0,
                        d.pos.col if d.pos else 0))
    return out


def codes(diags) -> set[str]:
    return {d.code.id for d in diags}
