"""Item-writing cues (QB0810–QB0812) and the widened negative-stem and longest-key checks:
each fires at its place on a bad fixture and stays silent on its clean counterpart."""

from __future__ import annotations

import math
import textwrap

from qbank.rules import item_writing

from helpers import found

from test_quality import bank, choice


def fixed(qid: str, stem: str, options: list[tuple[str, bool]]) -> str:
    """A single-choice question whose options are shown in the written order."""
    return choice(qid, stem, options) + "\n  shuffle: false"


def true_false(qid: str, stem: str, answer: bool = True) -> str:
    return (f"- id: {qid}\n  type: true_false\n  stem: \"{stem}\"\n  answer: {str(answer).lower()}"
            "\n  skills: [\"4.2\"]\n  level: 1\n  feedback: Vì.")


def args(diags, code: str) -> list[dict]:
    return [d.args for d in diags if d.code.id == code]


# --- QB0810 stem-key-clue ---------------------------------------------------------------------

def test_key_echoing_a_distinctive_stem_word_is_a_clue(project_at):
    _, diags = project_at(bank(choice(
        "noi-nop", "Anh Hùng sống ở Thanh Hoá. Anh nộp hồ sơ khai sinh ở đâu?",
        [("Tỉnh Thanh Hóa", True), ("Tỉnh Nghệ An", False), ("Thành phố Hà Nội", False)])))
    # Compared without diacritics, so "Hoá" (old tone placement) matches "Hóa".
    assert found(diags, "QB0810") == [("cau-hoi.yaml", 6, 15)]
    assert args(diags, "QB0810") == [{"word": "Thanh Hóa"}]
    assert "'Thanh Hóa'" in [d for d in diags if d.code.id == "QB0810"][0].message("vi")


def test_acronym_shared_by_stem_and_key_only_is_a_clue(project_at):
    _, diags = project_at(bank(choice(
        "cai-vneid", "Cách nào an toàn để cài ứng dụng VNeID?",
        [("Bấm đường link gửi qua Zalo", False), ("Tìm VNeID trên CH Play", True),
         ("Quét mã in trên tờ rơi", False)])))
    assert found(diags, "QB0810") == [("cau-hoi.yaml", 7, 15)]
    assert args(diags, "QB0810") == [{"word": "VNeID"}]


def test_no_clue_when_a_distractor_shares_the_word_or_only_function_words_repeat(project_at):
    _, diags = project_at(bank(
        choice("noi-nop", "Anh Hùng sống ở Thanh Hóa. Anh nộp hồ sơ khai sinh ở đâu?",
               [("UBND xã nơi cư trú ở Thanh Hóa", True), ("UBND tỉnh Thanh Hóa", False),
                ("Bất kỳ xã nào ở Thanh Hóa", False)]),
        choice("cai-vneid", "Cách nào an toàn để cài ứng dụng VNeID?",
               [("Bấm đường link VNeID gửi qua Zalo", False), ("Tìm VNeID trên CH Play", True),
                ("Tải tệp VNeID trong nhóm Facebook", False)]),
        # "bạn nên" is in stem and key only, but both syllables are function words.
        choice("nen-lam", "Bạn nên làm gì khi nhận tin nhắn lạ?",
               [("Bạn nên gọi lại số đã lưu", True), ("Trả lời ngay", False),
                ("Gửi mã OTP", False)])))
    assert found(diags, "QB0810") == []


def test_a_banks_topic_word_is_no_clue(project_at):
    # "VNeID" is in every question of this bank: echoing it gives nothing away.
    questions = [choice(f"q{i}", f"Tình huống {i} khi dùng VNeID, nên làm gì?",
                        [(f"Mở VNeID và làm bước {i}", True), (f"Bỏ qua việc {i}", False),
                         (f"Nhờ người lạ số {i}", False)]) for i in range(8)]
    _, diags = project_at(bank(*questions))
    assert found(diags, "QB0810") == []
    _, diags = project_at(bank(*questions[:2]))  # two questions: no topic to speak of
    assert len(found(diags, "QB0810")) == 2


# --- QB0811 absolute-word-only-in-distractors ---------------------------------------------

def test_absolute_word_only_in_a_distractor(project_at):
    _, diags = project_at(bank(choice(
        "cuoc-goi", "Người thân gọi video nhờ chuyển tiền gấp. Nên làm gì?",
        [("Gọi lại số đã lưu để hỏi", True), ("Luôn tin vì thấy mặt người thân", False),
         ("Chuyển ngay rồi hỏi sau", False)])))
    assert found(diags, "QB0811") == [("cau-hoi.yaml", 8, 15)]
    assert args(diags, "QB0811") == [{"word": "Luôn"}]


def test_absolute_word_in_the_key_too_or_in_another_sense_is_fine(project_at):
    _, diags = project_at(bank(
        choice("otp", "Ai được hỏi mã OTP của bạn?",
               [("Không bao giờ đưa cho ai", True), ("Luôn đưa cho nhân viên ngân hàng", False),
                ("Đưa cho người thân", False)]),
        # "kê luôn" is "right away", "cho chắc chắn" is "to be safe": neither is absolute.
        choice("hoi-ai", "Cách hỏi trợ lý AI nào an toàn?",
               [("Hỏi chung, không kèm tên tuổi", True), ("Nhờ kê luôn đơn thuốc", False),
                ("Gửi ảnh căn cước cho chắc chắn", False)])))
    assert found(diags, "QB0811") == []


# --- QB0812 fixed-order-key-position --------------------------------------------------------

OPTIONS4 = ["Phương án một", "Phương án hai", "Phương án ba", "Phương án bốn"]


def _options(key: int) -> list[tuple[str, bool]]:
    return [(text, i == key) for i, text in enumerate(OPTIONS4)]


def test_fixed_order_keys_piled_at_one_position(project_at):
    questions = [fixed(f"q{i}", f"Câu hỏi cố định số {i}?", _options(3)) for i in range(4)]
    _, diags = project_at(bank(*questions))
    [d] = [d for d in diags if d.code.id == "QB0812"]
    assert (d.pos.path.name, d.pos.line) == ("cau-hoi.yaml", 14)  # first question's shuffle
    assert d.args == {"label": "D", "count": 4, "total": 4, "bank": "chat-luong"}
    assert d.code.severity.value == "info"


def test_fixed_order_keys_spread_or_shuffled_questions_are_fine(project_at):
    spread = [fixed(f"q{i}", f"Câu hỏi cố định số {i}?", _options(i)) for i in range(4)]
    _, diags = project_at(bank(*spread))
    assert found(diags, "QB0812") == []
    shuffled = [choice(f"q{i}", f"Câu hỏi đảo số {i}?", _options(3)) for i in range(4)]
    _, diags = project_at(bank(*shuffled))
    assert found(diags, "QB0812") == []


# --- QB0802 key-longest, against chance -----------------------------------------------------

def _longest_bank(longest: int, total: int = 8) -> dict:
    questions = []
    for i in range(total):
        key_text = "Đáp án đúng viết rất dài" if i < longest else "Đúng"
        questions.append(choice(f"q{i}", f"Câu hỏi thứ {i}?",
                                [(f"Sai lầm {i}a", False), (key_text, True),
                                 (f"Sai lầm {i}b", False)]))
    return bank(*questions)


def test_key_longest_far_more_often_than_chance(project_at):
    _, diags = project_at(_longest_bank(6))  # 6/8 with chance 1/3: p ≈ 0.02
    assert found(diags, "QB0802") == [("cau-hoi.yaml", 6, 7)]


def test_key_longest_a_little_more_often_than_chance_is_not_flagged(project_at):
    _, diags = project_at(_longest_bank(5))  # 5/8 = 62 %, but p ≈ 0.09 with chance 1/3
    assert found(diags, "QB0802") == []


def test_key_longest_in_a_bank_of_over_a_thousand_questions(project_at):
    # The chance of 900 longest keys in 1,400 has binomial coefficients beyond floats: the
    # check used to stop with an internal error (OverflowError).
    _, diags = project_at(_longest_bank(900, total=1400))
    assert found(diags, "QB0802") == [("cau-hoi.yaml", 6, 7)]
    assert args(diags, "QB0802") == [{"count": 900, "total": 1400, "bank": "chat-luong"}]


def test_binomial_tail_from_logarithms_agrees_where_floats_hold_the_coefficients():
    for n, k, p in ((8, 6, 1 / 3), (100, 70, 0.25), (1000, 601, 1 / 3)):
        assert math.isclose(item_writing._binomial_tail_from_logs(n, k, p),
                            item_writing.binomial_tail(n, k, p), rel_tol=1e-9)
    assert 0 < item_writing.binomial_tail(2000, 1300, 1 / 3) < 1e-100


# --- QB0804 negative-stem, widened ----------------------------------------------------------

def test_negated_true_false_statement_and_which_is_wrong_stem_are_flagged(project_at):
    _, diags = project_at(bank(
        true_false("tf", "Không nên chia sẻ mã OTP cho người lạ."),
        true_false("tf-chua", "Khi chưa chắc một tin là thật thì chưa nên chia sẻ.", True),
        choice("sai", "Điều nào sau đây sai?", [("Mật khẩu mạnh", True), ("Ngày sinh", False),
                                                ("Số nhà", False)])))
    lines = {line: word for (_, line, _), word in
             zip(found(diags, "QB0804"), [a["word"] for a in args(diags, "QB0804")])}
    assert lines == {4: "Không", 11: "chưa", 18: "sai"}


def test_emphasised_or_scenario_negations_are_fine(project_at):
    _, diags = project_at(bank(
        true_false("tf", "**Không** nên chia sẻ mã OTP cho người lạ."),
        true_false("tf-sao", "Trả lời sai cũng không sao; hãy học lại phần chưa vững."),
        choice("sai", "Điều nào sau đây **sai**?", [("Mật khẩu mạnh", True),
                                                    ("Ngày sinh", False), ("Số nhà", False)]),
        # The negation is in the scenario, not in what is asked.
        choice("canh", "Bác chưa hề làm giao dịch này. Bác nên làm gì trước tiên?",
               [("Gọi tổng đài để khóa thẻ", True), ("Chờ vài hôm", False),
                ("Đăng lên mạng hỏi", False)]),
        choice("mang", "Không gian mạng là gì?", [("Môi trường số", True),
                                                 ("Ngày sinh", False), ("Số nhà", False)])))
    assert found(diags, "QB0804") == []


def test_bank_fixture_lines_match_the_helpers():
    # The line numbers above follow from the helpers' layout; keep them honest.
    text = bank(fixed("q", "S?", _options(0)))["question_banks/chat-luong/cau-hoi.yaml"]
    lines = textwrap.dedent(text).split("\n")
    assert lines[3].strip().startswith("stem:") and lines[13].strip() == "shuffle: false"
