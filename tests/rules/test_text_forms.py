"""The text forms shared by the rule families (qbank.rules.text_forms) and the fast paths built
on them give exactly what the plain definitions give, for every character that can fold to
ASCII, and the checks report the same whether a text takes the fast path or not."""

from __future__ import annotations

import random
import re
import unicodedata

from qbank.importers import legacy
from qbank.rules import item_cues, legacy_text, text_forms
from qbank.vietnamese import fold

from helpers import REPO, found


def normalised(text: str) -> str:
    """The definition: folded, case-folded, punctuation and underscores as spaces."""
    return " ".join(re.sub(r"[^\w\s]|_", " ", fold(text).casefold()).split())


def folding_characters() -> list[str]:
    """Every character below U+3000, and above it every one with a canonical decomposition
    (the others stay themselves when decomposed, so they never fold to ASCII)."""
    out = []
    for cp in range(0x110000):
        if 0xD800 <= cp < 0xE000:
            continue
        c = chr(cp)
        decomposition = unicodedata.decomposition(c)
        if cp < 0x3000 or (decomposition and not decomposition.startswith("<")):
            out.append(c)
    return out


def around(c: str) -> list[str]:
    # With a combining mark (no ASCII of its own) beside it: a character giving two ASCII
    # characters would then pass for one giving one each.
    return [c, f"Tiê\u0301ng {c}\u0301 Việt", f"{c}{c}Ab", f"x{c} OTP H38 dichvucong"]


def sample_texts() -> list[str]:
    texts = []
    for path in sorted(REPO.glob("question_banks/**/*.yaml")):
        texts += path.read_text(encoding="utf-8").splitlines()
    rng = random.Random(757)
    words = " ".join(texts).split()
    texts += [" ".join(w.upper() if rng.random() < 0.1 else w
                       for w in rng.choices(words, k=rng.randint(1, 12))) for _ in range(2000)]
    return texts


def test_normalise_is_the_definition_for_every_folding_character():
    for c in folding_characters():
        for text in around(c):
            assert text_forms.normalise(text) == normalised(text), hex(ord(c))


def test_normalise_is_the_definition_on_question_texts_inside_and_outside_a_run():
    texts = sample_texts()
    assert any(text_forms.forms(t)[1] for t in texts)  # the fast path is taken
    with text_forms.shared():
        for text in texts + texts:  # the second time from what the run remembers
            assert text_forms.normalise(text) == normalised(text), text
    for text in texts[:200]:
        assert text_forms.normalise(text) == normalised(text), text


def test_item_cues_words_are_its_plain_definition():
    texts = sample_texts() + [t for c in folding_characters()[::7] for t in around(c)]
    texts += ["Å OTP", "ÅB xin chào", "VNeID và OTP 123456789 H38", "AI trợ lý AI", "ABCDEFGH"]
    with text_forms.shared():
        for text in texts:
            assert item_cues._sentence(text) == item_cues._folded_sentence(text), text
            assert list(item_cues._distinctive_words(text)) == list(
                item_cues._distinctive(text, item_cues._tokenize(text))), text


def test_no_white_space_is_a_letter_of_a_word_that_legacy_detection_reads():
    # legacy_text reads the pieces between white space that are not ASCII: every word that
    # could be evidence lies whole inside one of them.
    for cp in range(0x100):
        if chr(cp).isspace():
            assert not legacy._WORD.match(chr(cp)), hex(cp)
    assert not any(k.isascii() for k in legacy.TCVN3)
    assert not any(k.isascii() for k in legacy.VNI)


def to_tcvn3(text: str) -> str:
    back = {v: k for k, v in legacy.TCVN3.items()}
    return "".join(back.get(c, c) for c in text)


def test_every_legacy_run_is_reported_however_many_words_are_evidence(project_at):
    sentences = ["Kỹ năng số là gì", "Khả năng sử dụng thiết bị", "Dịch vụ công trực tuyến",
                 "Người dân đăng ký tài khoản", "Bảo vệ dữ liệu cá nhân", "Mật khẩu mạnh và an toàn",
                 "Thanh toán không dùng tiền mặt", "Tra cứu thông tin trên mạng",
                 "Nhận biết tin nhắn lừa đảo", "Học tập trực tuyến hiệu quả"]
    questions = []
    for i, sentence in enumerate(sentences * 3):
        questions.append(
            f"  - id: cu-{i}\n    type: true_false\n    stem: \"{to_tcvn3(sentence)} ({i})\"\n"
            f"    answer: true\n    skills: ['4.2']\n    level: 1\n    feedback: Vì đúng.\n")
    project, _ = project_at({"question_banks/chung/cu.yaml": "questions:\n" + "".join(questions)})
    texts = [t for _, _, t in project.text_fields()]
    assert len(legacy_text._evident_words(texts)) > legacy_text._FEW  # each text read alone
    diags = list(legacy_text.check(project))
    expected = sum(len(legacy.find_legacy(t)) for t in texts)
    assert expected >= len(sentences) * 3 and len(diags) == expected
    assert len(found(diags, "QB0701")) == expected
