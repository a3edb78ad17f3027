"""Content-quality checks: each fires at its place on a bad example and not on the good one."""

from __future__ import annotations

import textwrap

import pytest

from helpers import found

BANK = "question_banks/chat-luong/cau-hoi.yaml"


def bank(*questions: str) -> dict:
    body = "".join(textwrap.indent(textwrap.dedent(q).strip("\n"), "  ") + "\n"
                   for q in questions)
    return {BANK: "questions:\n" + body}


def choice(qid: str, stem: str, options: list[tuple[str, bool]], feedback: str | None = "Vì."):
    opts = "".join(f"\n  - text: \"{t}\"" + ("\n    correct: true" if c else "") for t, c in options)
    fb = f"\nfeedback: {feedback}" if feedback else ""
    return (f"- id: {qid}\n  type: single_choice\n  stem: \"{stem}\"\n  options:"
            + textwrap.indent(opts, "  ") + "\n  skills: [\"4.2\"]\n  level: 1"
            + textwrap.indent(fb, "  "))


GOOD = ("Mật khẩu mạnh", True), ("Ngày sinh của mình", False), ("Số điện thoại nhà", False)

CASES = [
    # (id, bad question, code, line, col)
    ("all-of-the-above", choice("q", "Việc nào giúp an toàn?",
                                [("Đặt mật khẩu mạnh", False), ("Bật xác thực hai lớp", False),
                                 ("Tất cả các đáp án trên", True)]), "QB0803", 8, 15),
    ("none-of-them", choice("q", "Việc nào nên làm?",
                            [("Không có đáp án nào đúng", True), ("Gửi OTP", False),
                             ("Dán mật khẩu lên máy", False)]), "QB0803", 6, 15),
    ("negative-stem", choice("q", "Việc nào sau đây không nên làm?", list(GOOD)), "QB0804",
     4, 11),
    ("repeats-stem", choice("q", "Khi nhận tin nhắn lạ có đường link thì làm gì?",
                            [("Khi nhận tin nhắn lạ có đường link", False),
                             ("Không bấm vào đường link", True), ("Bấm ngay vào link", False)]),
     "QB0805", 6, 15),
    ("unequal-lengths", choice("q", "Nên làm gì?", [
        ("Gọi lại cho người thân qua số điện thoại mình đã lưu từ trước để hỏi cho rõ", True),
        ("Chuyển tiền", False), ("Im lặng", False)]), "QB0807", 6, 7),
    ("feedback-missing", choice("q", "Nên làm gì?", list(GOOD), feedback=None), "QB0808", 2, 9),
    ("no-diacritics", choice("q", "Ban nen lam gi khi nhan duoc tin nhan la?", list(GOOD)),
     "QB0703", 4, 11),
    ("lookalike", choice("q", "Mật khẩu nào mạnh nhất?", [("Mật khẩu dài có chữ vа số", True),
                                                          ("123456", False), ("abcdef", False)]),
     "QB0704", 6, 15),
    ("stray-space", choice("q", "Mật khẩu nào  mạnh nhất?", list(GOOD)), "QB0705", 4, 11),
]


@pytest.mark.parametrize("question, code, line, col", [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_check_fires_at_its_place(project_at, question, code, line, col):
    _, diags = project_at(bank(question))
    assert found(diags, code) == [("cau-hoi.yaml", line, col)]


def test_good_question_passes_every_quality_check(project_at):
    _, diags = project_at(bank(choice("q", "Điều gì kẻ gian khó đoán nhất? Chọn **một** đáp án.",
                                      list(GOOD))))
    assert [d.code.id for d in diags if d.code.id[:4] in ("QB07", "QB08")] == []


def test_negation_that_is_emphasised_or_a_question_particle_is_fine(project_at):
    _, diags = project_at(bank(
        choice("a", "Việc nào sau đây **không** nên làm?", list(GOOD)),
        choice("b", "Việc nào sau đây KHÔNG nên làm?", list(GOOD)),
        choice("c", "Có nên chia sẻ mã OTP không?", list(GOOD))))
    assert found(diags, "QB0804") == []


def test_key_position_and_longest_key_across_a_bank(project_at):
    questions = [choice(f"q{i}", f"Câu hỏi số {i} về an toàn?",
                        [(f"Đáp án đúng và đầy đủ số {i}", True), (f"Sai {i}", False),
                         (f"Chưa đúng {i}", False)]) for i in range(8)]
    _, diags = project_at(bank(*questions))
    assert found(diags, "QB0801") == [("cau-hoi.yaml", 6, 7)]
    assert found(diags, "QB0802") == [("cau-hoi.yaml", 6, 7)]
    mixed = [choice(f"q{i}", f"Câu hỏi số {i} về an toàn?",
                    [(f"Phương án số {i} thứ {j}", j == i % 3) for j in range(3)])
             for i in range(8)]
    _, diags = project_at(bank(*mixed))
    assert found(diags, "QB0801") == [] and found(diags, "QB0802") == []


def test_near_duplicates_across_banks_report_both_places(project_at):
    files = bank(choice("q", "Mật khẩu nào mạnh nhất?", list(GOOD)))
    files["question_banks/khac/cau-hoi.yaml"] = "questions:\n" + textwrap.indent(
        choice("q-khac", "mat khau nao MANH nhat ???", list(GOOD)), "  ") + "\n"
    _, diags = project_at(files)
    dup = [d for d in diags if d.code.id == "QB0806"]
    assert [(d.pos.path.parent.name, d.pos.line) for d in dup] == [("khac", 4)]
    assert dup[0].args == {"other": "q", "where": "question_banks/chat-luong/cau-hoi.yaml:4"}


def test_long_sentence_in_simplified_text_with_per_audience_limit(project_at):
    simple = ("---\ntitle: T\nsource_hash: '000000000000'\n---\n\n"
              "Câu ngắn. Đây là một câu khá dài có nhiều từ hơn mức cho phép của bản giản "
              "lược.\n\n- Mục ngắn.\n")
    files = {"courses/khoa/lessons/01-bai.simple.md": simple}
    _, diags = project_at(files)
    assert found(diags, "QB0604") == []  # 17 words: within the default limit of 20
    import re
    config = textwrap.dedent("""
        organization: {name: Đơn vị thử, code: TEST}
        audiences:
          - {id: nguoi-dan, title: Người dân, group: nguoi-dan}
        readability: {max_words: 20, audiences: {nguoi-dan: 12}}
        """)
    files["qbank.yaml"] = config
    _, diags = project_at(files)
    assert found(diags, "QB0604") == [("01-bai.simple.md", 6, 11)]
    assert re.search(r"\b12\b", [d for d in diags if d.code.id == "QB0604"][0].message())


def test_one_line_block_text_is_not_a_trailing_space(project_at):
    """`feedback: |` keeps its final newline: that is YAML, not a stray space (QB0705)."""
    clean = choice("a", "Điều gì kẻ gian khó đoán nhất?", list(GOOD), feedback=None) + \
        "\n  feedback: |\n    Vì mật khẩu mạnh khó đoán."
    spaced = choice("b", "Điều gì kẻ gian khó đoán nhất?", list(GOOD), feedback=None) + \
        "\n  feedback: |\n    Vì mật khẩu mạnh khó đoán.   "
    _, diags = project_at(bank(clean))
    assert found(diags, "QB0705") == []
    _, diags = project_at(bank(spaced))
    assert found(diags, "QB0705") == [("cau-hoi.yaml", 12, 15)]  # the text under "feedback: |"
