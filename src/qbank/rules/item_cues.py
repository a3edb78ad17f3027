"""Cues that let a test-wise learner find the key without the skill (QB0810–QB0812).

What the December 2026 content review found by hand, made deterministic:

- QB0810: the stem and the key share a distinctive word that no distractor has ("anh Hùng ở
  Thanh Hóa" → "Tỉnh Thanh Hóa"). Vietnamese writes one syllable per word-part, so single
  syllables match far too much ("có", "người"); a distinctive word is a pair of adjacent
  syllables neither of which is in STOPWORDS, or one term that is not an ordinary syllable
  (an acronym such as OTP, a word with digits or inner capitals such as VNeID, or a run of
  8+ letters such as "dichvucong"). Words are compared without case or diacritics. A word used
  by more than a quarter of a bank's questions (of 8 or more) is the bank's topic, not a clue.
- QB0811: absolute words ("luôn", "không bao giờ", "tuyệt đối"…) in distractors but not in the
  key: learners learn that absolute options are wrong.
- QB0812: in a bank's fixed-order questions (`shuffle: false`), the key sits at one position far
  more often than chance (binomial test, corrected for the number of positions).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from qbank.diagnostics import code
from qbank.model.question import ChoiceQuestion, SingleChoice
from qbank.rules import text_forms
from qbank.rules.item_writing import ALPHA, binomial_tail, fold

STEM_KEY_CLUE = code(
    "QB0810", "stem-key-clue", "warning",
    "câu dẫn và đáp án đúng cùng có '{word}' mà không phương án nhiễu nào có: đoán được đáp án",
    "the stem and the key share '{word}', which no distractor has: the key can be guessed",
    "Viết lại đáp án bằng lời khác, hoặc để một phương án nhiễu cũng nhắc '{word}'.",
    "Reword the key, or let a distractor mention '{word}' too.")
ABSOLUTE_DISTRACTOR = code(
    "QB0811", "absolute-word-only-in-distractors", "warning",
    "phương án nhiễu có từ tuyệt đối '{word}' mà đáp án đúng không có: người học loại được",
    "a distractor has the absolute word '{word}' and the key has none: learners rule it out",
    "Người học quen mẹo 'phương án có «luôn», «không bao giờ» là sai'. Bỏ từ tuyệt đối khỏi "
    "phương án nhiễu, hoặc viết đáp án cũng rõ ràng như vậy.",
    "Test-wise learners know that absolute options are usually wrong. Drop the absolute word, "
    "or state the key as firmly.")
FIXED_ORDER_POSITION = code(
    "QB0812", "fixed-order-key-position", "info",
    "trong {total} câu không đảo phương án (shuffle: false) của ngân hàng '{bank}', đáp án đúng "
    "nằm ở vị trí {label} {count} lần",
    "in the {total} fixed-order questions (shuffle: false) of bank '{bank}', the key is option "
    "{label} {count} times",
    "Các câu này luôn hiện phương án theo thứ tự viết: đổi chỗ để đáp án đúng không dồn vào "
    "một vị trí, hoặc cho phép đảo (shuffle: true) nếu thứ tự không quan trọng.",
    "These questions always show options as written: move keys around, or allow shuffling if "
    "the order does not matter.")

# Function syllables of Vietnamese (folded: no diacritics, lower case). A pair of syllables is
# distinctive only if neither is listed here; "đáp án", "phương án", "câu hỏi" name the test.
STOPWORDS = frozenset("""
a ai anh ba bac ban bang bao bay bi bo boi ca cac cach cai can cang cau chi cho chu chua chung
co con cu cua cung da dang day de den deu di dieu do du dung duoc duoi em gi gio ha hai hay het
hoac hoi hon ho khac khi khong la lai lam len luc ma moi minh mot nao nay neu nen nhieu nhu
nhung nhat no o oi ong phai phuong qua ra rang rat roi sai sao sau se ta tai tat the theo thi
thu toi trong tren truoc tu va vao van ve vi viec voi vua xuong y an dap
""".split())
TERM_LENGTH = 8  # no Vietnamese syllable has 8 letters ("nghiêng" has 7)
COMMON_MIN_BANK = 8  # below this, a bank has no vocabulary to speak of
COMMON_SHARE = 0.25

# Absolute words, folded. "cho chắc chắn" means "to be safe", not "certainly". "luôn" also means
# "right away" after a verb ("kê luôn đơn thuốc"); it counts as "always" only at the start of
# an option, after a function word (sẽ, đều, cũng, vẫn, thì, là, nên, phải, mà, và) or before
# a judgement (đúng, sai, an toàn, chính xác, đáng tin).
ABSOLUTES = ("luon luon", "khong bao gio", "chang bao gio", "tuyet doi", "chac chan",
             "hoan toan", "bao gio cung")
_ABSOLUTE = re.compile(
    r"(?<!\bcho )\b(" + "|".join(ABSOLUTES) + r")\b|"
    r"(?:^|\b(?:se|deu|cung|van|thi|la|nen|phai|ma|va) )(luon)\b|"
    r"\b(luon) (?:dung|sai|an toan|chinh xac|dang tin)\b")

MIN_FIXED = 4  # fixed-order questions needed before positions mean anything
FIXED_SHARE = 0.6

_TOKEN = re.compile(r"[^\W_]+")


def _fold_table() -> dict[int, str | None]:
    """qbank's fold (diacritics removed, đ → d) as one str.translate table for the Latin letters
    (texts are NFC once loaded): ten times faster than decomposing every text."""
    table: dict[int, str | None] = {0x0110: "D", 0x0111: "d"}
    for cp in range(0xC0, 0x2000):
        folded = fold(chr(cp))
        if folded != chr(cp) and len(folded) == 1:
            table[cp] = folded
    table.update(dict.fromkeys(range(0x300, 0x370)))  # stray combining marks
    return table


_FOLD = _fold_table()


def _tokens(markdown: str) -> list[tuple[str, str]]:
    """(folded, original) words of a text, Markdown emphasis and punctuation dropped."""
    found = _TOKENS.get(markdown)
    if found is None:
        found = _TOKENS[markdown] = _tokenize(markdown)
    return found


def _tokenize(markdown: str) -> list[tuple[str, str]]:
    words = _TOKEN.findall(markdown)
    if not words:
        return []
    # One translate for the whole text: folding is the costly part.
    folded = " ".join(words).translate(_FOLD).lower().split(" ")
    if len(folded) != len(words):  # cannot happen with the table, but stay safe
        folded = [fold(w).lower() for w in words]
    return list(zip(folded, words))


# A word of a text folded to ASCII (case kept) that _is_term accepts: 8+ characters, letters
# and digits mixed, or a capital after the first letter.
_TERM_WORD = re.compile(rb"(?<![A-Za-z0-9])(?:[A-Za-z0-9]{%d,}|[A-Za-z0-9]*(?:[0-9][A-Za-z]|"
                        rb"[A-Za-z][0-9]|[A-Za-z][A-Z])[A-Za-z0-9]*)(?![A-Za-z0-9])"
                        % TERM_LENGTH)


@lru_cache(maxsize=1 << 16)
def _is_term(original: str, folded: str) -> bool:
    """An acronym (OTP), a word with inner capitals (VNeID) or digits (H38), or 8+ letters."""
    if len(folded) >= TERM_LENGTH:
        return True
    if not original.isalpha():  # letters and digits: a code; digits only: a number
        return not original.isdigit()
    if len(original) < 2:
        return False
    return original.isupper() or not original[1:].islower()


def distinctive(markdown: str) -> dict[str, str]:
    """Distinctive words of a text: folded form → how the text writes it."""
    found = _DISTINCTIVE.get(markdown)
    if found is None:
        found = _DISTINCTIVE[markdown] = _distinctive(markdown)
    return found


# Per check run (see check()): one bank's texts are read several times.
_DISTINCTIVE: dict[str, dict[str, str]] = {}
_TOKENS: dict[str, list[tuple[str, str]]] = {}


def _distinctive(markdown: str, tokens: list | None = None) -> dict[str, str]:
    tokens = _tokens(markdown) if tokens is None else tokens
    out: dict[str, str] = {}
    for (f, o) in tokens:
        if _is_term(o, f):
            out.setdefault(f, o)
    for (f1, o1), (f2, o2) in zip(tokens, tokens[1:]):
        if f1 not in STOPWORDS and f2 not in STOPWORDS and f1.isalpha() and f2.isalpha():
            out.setdefault(f"{f1} {f2}", f"{o1} {o2}")
    return out


def _distinctive_words(text: str) -> dict[str, None]:
    """The keys of distinctive(text), in its order; from the text folded to ASCII when it
    folds so (text_forms), without a Python step per word for the terms."""
    forms = _plain_forms(text)
    if forms is None:
        return dict.fromkeys(distinctive(text))
    sentence, folded = forms
    words = dict.fromkeys(m.decode("ascii").lower() for m in _TERM_WORD.findall(folded))
    previous = None  # the previous word, if it may start a pair
    for f in sentence.split(" "):
        if f in STOPWORDS or not f.isalpha():
            previous = None
            continue
        if previous is not None:
            words.setdefault(f"{previous} {f}")
        previous = f
    return words


def _bank_pass(bank) -> tuple[set[str], list[tuple]]:
    """One reading of a bank's texts: per question, what the clue checks need (the key words
    shared with the stem and absent from the distractors, and each option's absolute word),
    then the bank's vocabulary among those key words (see _common). A key without distinctive
    words, or sharing none with the stem, needs no more reading of the question."""
    cues = []
    candidates: set[str] = set()
    for e in bank.questions:
        q = e.q
        options = getattr(q, "options", None) or []
        absolutes = [_absolute(o.text) for o in options]
        clues = []
        if isinstance(q, ChoiceQuestion):
            stem = stem_words = others = None
            for i, o in enumerate(options):
                if not o.correct:
                    continue
                key = _distinctive_words(o.text)
                if not key:
                    continue
                if stem is None:
                    stem = f" {_sentence(q.stem)} "
                # A distinctive word is one or two whole folded words: most keys share none
                # with the stem, which then needs no reading word by word.
                shared = [w for w in key if f" {w} " in stem]
                if not shared:
                    continue
                if stem_words is None:
                    stem_words = _distinctive_words(q.stem)
                shared = [w for w in shared if w in stem_words]
                if not shared:
                    continue
                if others is None:
                    others = set()
                    for other in options:
                        if not other.correct:
                            others.update(_distinctive_words(other.text))
                shared = [w for w in shared if w not in others]
                if shared:
                    clues.append((i, shared))
                    candidates.update(shared)
        cues.append((clues, absolutes))
    if len(bank.questions) < COMMON_MIN_BANK or not candidates:
        return set(), cues
    return _common(bank, candidates), cues


def _common(bank, candidates: set[str]) -> set[str]:
    """The bank's vocabulary among `candidates`: the distinctive words used by more than
    COMMON_SHARE of its questions (its topic, "AI" in a bank about AI, which every option may
    echo without giving anything away). Only questions whose folded words hold a candidate
    are read word by word (a distinctive word is one or two whole folded words)."""
    padded = [(w, f" {w} ") for w in sorted(candidates)]
    counts: Counter = Counter()
    for e in bank.questions:
        q = e.q
        texts = [q.stem] + [o.text for o in getattr(q, "options", None) or []]
        folded = " " + "\n".join(_sentence(t) for t in texts) + " "  # no word spans two texts
        hits = [w for w, p in padded if p in folded]
        if hits:
            words: set[str] = set()
            for t in texts:
                words.update(_distinctive_words(t))
            counts.update(w for w in hits if w in words)
    return {w for w, n in counts.items() if n > COMMON_SHARE * len(bank.questions)}


def _stem_key_clue(entry, common: set[str], clues: list):
    q = entry.q
    keys = [i for i, o in enumerate(q.options) if o.correct]
    if not keys or len(keys) == len(q.options):
        return
    for i, words in clues:
        shared = [w for w in words if w not in common]
        if shared:
            text = q.options[i].text
            yield STEM_KEY_CLUE.at(entry.pos("options", i, "text"),
                                   word=_shared_phrase(text, q.stem, shared[0]))
            return


def _shared_phrase(key: str, stem: str, word: str) -> str:
    """The longest run of the key's words around `word` that the stem has too, as the key
    writes it ("phần đánh" → "phần đánh giá chung")."""
    tokens = _tokens(key)
    folded_stem = f" {_folded_sentence(stem)} "
    n = len(word.split())
    for start in range(len(tokens) - n + 1):
        if " ".join(f for f, _ in tokens[start:start + n]) != word:
            continue
        lo, hi = start, start + n
        while lo > 0 and f" {' '.join(f for f, _ in tokens[lo - 1:hi])} " in folded_stem:
            lo -= 1
        while hi < len(tokens) and f" {' '.join(f for f, _ in tokens[lo:hi + 1])} " in folded_stem:
            hi += 1
        return " ".join(o for _, o in tokens[lo:hi])
    return word


def _absolute(text: str) -> str | None:
    """The absolute word of a text, folded."""
    s = _sentence(text)
    if not ("luon" in s or "bao gio" in s or "tuyet doi" in s or "chac chan" in s
            or "hoan toan" in s):  # one of these is in every phrase of _ABSOLUTE
        return None
    m = _ABSOLUTE.search(s)
    return next(g for g in m.groups() if g) if m else None


def _folded_sentence(text: str) -> str:
    """Folded, lower-case words of a text, punctuation and Markdown dropped."""
    return " ".join(f for f, _ in _tokens(text))


def _plain_forms(text: str) -> tuple[str, bytes] | None:
    """text_forms.forms when the text folds to ASCII one character for one: its normalised
    form is then _folded_sentence(text)."""
    found = text_forms.forms(text)
    if found[1] is None or "\u212b" in text:  # ANGSTROM SIGN folds to "A", which _FOLD leaves
        return None
    return found


def _sentence(text: str) -> str:
    """_folded_sentence(text), shared with item_writing for the text that folds to ASCII."""
    found = text_forms.forms(text)
    if found[1] is None or "\u212b" in text:
        return _folded_sentence(text)
    return found[0]


def _absolute_distractor(entry, absolutes: list):
    q = entry.q
    if any(word for o, word in zip(q.options, absolutes, strict=True) if o.correct):
        return
    for i, (o, word) in enumerate(zip(q.options, absolutes, strict=True)):
        if not o.correct and word:
            original = _original(o.text, word)
            yield ABSOLUTE_DISTRACTOR.at(entry.pos("options", i, "text"), word=original)
            return


def _original(text: str, folded_word: str) -> str:
    """The words of `text` whose folded form is `folded_word` ("khong bao gio" → "không bao giờ")."""
    tokens = _tokens(text)
    n = len(folded_word.split())
    for j in range(len(tokens) - n + 1):
        if " ".join(f for f, _ in tokens[j:j + n]) == folded_word:
            return " ".join(o for _, o in tokens[j:j + n])
    return folded_word


def _fixed_order(bank):
    fixed = [e for e in bank.questions if isinstance(e.q, SingleChoice) and not e.q.shuffle
             and len(e.q.options) >= 3 and len(e.q.keys) == 1]
    if len(fixed) < MIN_FIXED:
        return
    positions = Counter(e.q.keys[0] for e in fixed)
    index, count = min(positions.items(), key=lambda kv: (-kv[1], kv[0]))
    n = len(fixed)
    # Chance that the key lands there: 1/k for a question of k options (mean over questions);
    # the test is corrected for having picked the busiest of the possible positions.
    sizes = [len(e.q.options) for e in fixed]
    p = sum(1 / k for k in sizes) / n
    p_value = min(1.0, binomial_tail(n, count, p) * max(sizes))
    if count / n >= FIXED_SHARE and p_value < ALPHA:
        yield FIXED_ORDER_POSITION.at(fixed[0].pos("shuffle"), label=chr(65 + index),
                                      count=count, total=n, bank=bank.id)


def check(project):
    try:
        with text_forms.shared():
            yield from _check(project)
    finally:
        _DISTINCTIVE.clear()  # texts are compared within one run only
        _TOKENS.clear()


def _check(project):
    for bank in project.banks.values():
        yield from _fixed_order(bank)
        common, cues = _bank_pass(bank)
        for entry, (clues, absolutes) in zip(bank.questions, cues, strict=True):
            if isinstance(entry.q, ChoiceQuestion):
                yield from _stem_key_clue(entry, common, clues)
                yield from _absolute_distractor(entry, absolutes)
