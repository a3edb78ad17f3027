"""Item-writing checks: what a careful reviewer flags in multiple-choice questions.

Each code is a warning; docs/item-writing.md shows a bad and a good example of each.
"""

from __future__ import annotations

import math
import os
import re
from collections import Counter

from qbank.diagnostics import code
from qbank.model.question import ChoiceQuestion, SingleChoice, TrueFalse
from qbank.rules import text_forms
from qbank.rules.text_forms import COMMON_MARKS as _COMMON_MARKS  # noqa: F401 (tests use it)
from qbank.rules.text_forms import fold, normalise  # noqa: F401 (item_cues uses fold)

KEY_POSITION = code(
    "QB0801", "key-position-bias", "warning",
    "đáp án đúng nằm ở vị trí {label} trong {count}/{total} câu một lựa chọn của ngân hàng '{bank}'",
    "the key is option {label} in {count}/{total} single-choice questions of bank '{bank}'",
    "Đổi chỗ các phương án để đáp án đúng phân bố đều (các câu có 'shuffle: true' vẫn nên đa dạng "
    "khi in ra giấy).",
    "Move options so that keys are spread evenly (printed tests do not shuffle).")
KEY_LONGEST = code(
    "QB0802", "key-longest", "warning",
    "đáp án đúng là phương án dài nhất trong {count}/{total} câu của ngân hàng '{bank}'",
    "the key is the longest option in {count}/{total} questions of bank '{bank}'",
    "Người học đoán được đáp án theo độ dài; viết phương án nhiễu đầy đủ như đáp án.",
    "Learners guess by length; write distractors as complete as the key.")
ALL_NONE = code(
    "QB0803", "all-or-none-of-the-above", "warning",
    "phương án '{text}' làm câu hỏi dễ đoán", "option '{text}' makes the question guessable",
    "Thay bằng một phương án nhiễu cụ thể; nếu nhiều ý đúng, dùng câu hỏi nhiều lựa chọn.",
    "Replace it with a specific distractor; for several right answers use multiple response.")
NEGATIVE_STEM = code(
    "QB0804", "negative-stem", "warning",
    "câu dẫn có từ phủ định '{word}' nhưng không được nhấn mạnh",
    "the stem has the negative word '{word}' without emphasis",
    "Viết đậm hoặc viết hoa từ phủ định: **không**, KHÔNG, **ngoại trừ**.",
    "Put the negative word in bold or capitals: **không**, KHÔNG.")
REPEATS_STEM = code(
    "QB0805", "option-repeats-stem", "warning",
    "phương án lặp lại nguyên văn câu dẫn", "the option repeats the stem word for word",
    "Phương án trùng lời câu dẫn thường là đáp án bị lộ; viết lại bằng lời khác.",
    "An option that echoes the stem gives the answer away; reword it.")
NEAR_DUPLICATE = code(
    "QB0806", "near-duplicate-question", "warning",
    "câu hỏi gần trùng với câu '{other}' ở {where}", "question nearly duplicates '{other}' at {where}",
    "Giữ một câu, hoặc viết lại để hỏi một ý khác.", "Keep one, or rewrite it to ask something else.")
UNEQUAL_OPTIONS = code(
    "QB0807", "unequal-option-length", "warning",
    "độ dài các phương án chênh lệch lớn ({shortest}–{longest} ký tự)",
    "option lengths differ widely ({shortest}–{longest} characters)",
    "Viết các phương án dài gần bằng nhau.", "Make the options about the same length.")
NO_FEEDBACK = code(
    "QB0808", "feedback-missing", "warning",
    "câu hỏi chưa có phần giải thích (feedback)", "the question has no explanation (feedback)",
    "Thêm 'feedback:' giải thích vì sao đáp án đúng; người học cần hiểu, không chỉ biết điểm.",
    "Add 'feedback:' explaining why the key is right.")

MIN_BANK = 8  # bank-level statistics need enough questions to mean anything
POSITION_SHARE = 0.5
LONGEST_SHARE = 0.6
ALPHA = 0.05  # significance of the bank statistics' binomial tests
LENGTH_RATIO = 4
LENGTH_MIN = 30
# Folded forms: "tất cả các đáp án trên", "cả A, B và C đều đúng", "không có đáp án nào đúng"…
_ALL_NONE = re.compile(
    r"\b(tat ca (cac )?(dap an|phuong an|y)( tren| deu dung| deu sai)?|ca (3|ba|bon|4) (dap an|"
    r"phuong an|y)|ca [a-d] ?,? ?[a-d]? (va|,) ?[a-d] (deu )?(dung|sai)|khong (co )?(dap an|"
    r"phuong an|y) nao|all of the above|none of the above)\b")
_NEGATIVE = re.compile(r"(\*\*|__)?\b(không|chưa|ngoại trừ|trừ)\b(\*\*|__)?", re.IGNORECASE)
# Words that contain "không" but negate nothing: "không gian mạng", "mạng không dây"…
# "phần chưa vững", "điều chưa rõ" name a thing, they do not negate the statement.
_NOT_NEGATION = re.compile(r"\b(?:không (?:gian|khí|dây|chỉ|những|sao)|hàng không|số không|"
                           r"(?:phần|điều|chỗ|việc|những gì) chưa)\b",
                           re.IGNORECASE)
# "sai" asks for the wrong statement in "Điều nào sau đây sai?", "Ý nào là sai?".
_ASKS_WRONG = re.compile(r"(\*\*|__)?\b(sai|SAI)\b(\*\*|__)?(?=[^.!?]*\?|\s*[.?:]?\s*$)")
_WHICH = re.compile(r"\bnào\b", re.IGNORECASE)


def _plain_length(markdown: str) -> int:
    """Length of the text without Markdown's emphasis and code marks (* _ `)."""
    return len(markdown) - markdown.count("*") - markdown.count("_") - markdown.count("`")


def binomial_tail(n: int, k: int, p: float) -> float:
    """P(X ≥ k) for X ~ Binomial(n, p): how likely so many hits are by chance alone."""
    try:
        return sum(math.comb(n, i) * p ** i * (1 - p) ** (n - i) for i in range(k, n + 1))
    except OverflowError:  # a coefficient beyond floats: banks of a thousand questions or more
        return _binomial_tail_from_logs(n, k, p)


def _binomial_tail_from_logs(n: int, k: int, p: float) -> float:
    """binomial_tail with each term computed from logarithms, which floats can hold."""
    if p <= 0.0 or p >= 1.0:
        return float(p >= 1.0 or k <= 0)
    log_p, log_q, log_n = math.log(p), math.log1p(-p), math.lgamma(n + 1)
    return sum(math.exp(log_n - math.lgamma(i + 1) - math.lgamma(n - i + 1) + i * log_p
                        + (n - i) * log_q) for i in range(max(k, 0), n + 1))


def _bank_stats(bank, lengths: dict):
    """QB0801 and QB0802; `lengths` receives the options' lengths of the questions read."""
    choice = []  # (entry, its key's index)
    for e in bank.questions:
        if isinstance(e.q, SingleChoice) and len(e.q.options) >= 3:
            keys = e.q.keys
            if len(keys) == 1:
                choice.append((e, keys[0]))
    if len(choice) < MIN_BANK:
        return
    first = choice[0][0]
    positions = Counter(key for _, key in choice)
    index, count = positions.most_common(1)[0]
    if count / len(choice) > POSITION_SHARE:
        yield KEY_POSITION.at(first.pos("options"), label=chr(65 + index), count=count,
                              total=len(choice), bank=bank.id)
    longest = 0
    for e, key in choice:
        sizes = lengths[e] = [_plain_length(o.text) for o in e.q.options]
        if sizes[key] > max(sizes[:key] + sizes[key + 1:]):
            longest += 1
    # By chance the key is the longest of k options once in k: flag a share that is both high
    # and unlikely to be luck (one-sided binomial test at the mean chance of the bank).
    chance = sum(1 / len(e.q.options) for e, _ in choice) / len(choice)
    if longest / len(choice) > LONGEST_SHARE and \
            binomial_tail(len(choice), longest, chance) < ALPHA:
        yield KEY_LONGEST.at(first.pos("options"), count=longest, total=len(choice),
                             bank=bank.id)


_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”'»)]*\s+")


def asked(stem: str) -> str:
    """The sentence that asks (or, in true/false, states): the stem's last one. A scenario
    before it ("Bác chưa hề làm giao dịch này. …") may well be negative."""
    parts = [p for p in _SENTENCE_END.split(stem.strip()) if p.strip()]
    return parts[-1] if parts else stem


def _negative_word(stem: str, choice: bool = True) -> str | None:
    """A negation in the stem's last sentence that is not emphasised ("… không?" is a question,
    not a negation)."""
    # Neither pattern can match without these words (the same letters in any case).
    low = stem.lower()
    if not ("không" in low or "chưa" in low or "trừ" in low or (
            choice and "nào" in low and ("sai" in stem or "SAI" in stem))):
        return None
    stem = asked(stem)
    skip = [m.span() for m in _NOT_NEGATION.finditer(stem)]
    for m in _NEGATIVE.finditer(stem):
        word = m.group(2)
        if any(a <= m.start(2) < b for a, b in skip):
            continue
        emphasised = (m.group(1) and m.group(3)) or word.isupper()
        rest = stem[m.end():].lstrip()
        if emphasised or (word.lower() in ("không", "chưa") and (not rest or rest[0] in "?.!")):
            continue
        return word
    if choice and _WHICH.search(stem):
        for m in _ASKS_WRONG.finditer(stem):
            if not ((m.group(1) and m.group(3)) or m.group(2).isupper()):
                return m.group(2)
    return None


def _question(entry, stems: dict, known_lengths: dict):
    q = entry.q
    if not q.feedback:
        yield NO_FEEDBACK.at(entry.pos("id"))
    if isinstance(q, TrueFalse):
        # A negated statement makes "Sai" a double negative: the negation must stand out.
        word = _negative_word(q.stem, choice=False)
        if word:
            yield NEGATIVE_STEM.at(entry.pos("stem"), word=word)
        return
    if not isinstance(q, ChoiceQuestion):
        return
    word = _negative_word(q.stem)
    if word:
        yield NEGATIVE_STEM.at(entry.pos("stem"), word=word)
    stem = stems[entry] = normalise(q.stem)
    lengths = known_lengths.get(entry) or [_plain_length(o.text) for o in q.options]
    for i, o in enumerate(q.options):
        text = normalise(o.text)
        # Every phrase of _ALL_NONE has "ca ", "khong " or "the above": test those first.
        if ("ca " in text or "khong " in text or "the above" in text) and _ALL_NONE.search(text):
            yield ALL_NONE.at(entry.pos("options", i, "text"), text=o.text)
        elif text in stem and len(text.split()) >= 4:
            yield REPEATS_STEM.at(entry.pos("options", i, "text"))
    if max(lengths) >= LENGTH_MIN and max(lengths) >= LENGTH_RATIO * max(min(lengths), 1):
        yield UNEQUAL_OPTIONS.at(entry.pos("options"), shortest=min(lengths),
                                 longest=max(lengths))


def _duplicates(project, stems: dict):
    seen: dict[tuple, object] = {}
    for bank in project.banks.values():
        for entry in bank.questions:
            stem = stems.get(entry)
            key = (entry.q.type, normalise(entry.q.stem) if stem is None else stem)
            first = seen.setdefault(key, entry)
            if first is not entry:
                pos = first.pos("stem")
                where = f"{os.path.relpath(pos.path, project.root)}:{pos.line}"
                yield NEAR_DUPLICATE.at(entry.pos("stem"), other=first.id, where=where)


def check(project):
    with text_forms.shared():
        stems: dict = {}  # normalised stems of choice questions, reused by _duplicates
        for bank in project.banks.values():
            lengths: dict = {}  # options' lengths, from _bank_stats to _question
            yield from _bank_stats(bank, lengths)
            for entry in bank.questions:
                yield from _question(entry, stems, lengths)
        yield from _duplicates(project, stems)
