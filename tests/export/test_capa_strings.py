"""A problem file written from strings (plain questions) has the bytes lxml writes for the tree."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from qbank.export.capa import _plain_problem, problem, problem_file
from qbank.export.media import MediaSet
from qbank.model.question import MultipleResponse, SingleChoice, TextEntry, TrueFalse

WILD = st.lists(st.sampled_from(
    list("aăâđêôơư AĐƯ0123.,;:?\"'()/%@&<>*_`[]!~#-|\t\n\r\x85\u00a0\u2028")
    + ["mã", "OTP", "**OTP**", "*mã*", " *một* ", "\x0b", "1. ", "- ", "&amp;", "  "]),
    min_size=1, max_size=12).map("".join).filter(str.strip)
# Mostly texts of words, quotes and emphasis, as in most banks: these take the strings.
PLAIN = st.lists(st.sampled_from([" OTP", " **mã**", " *một*", ' "số"', " (0.1)", ",", "?",
                                  " đ'", "\u00a0", " 2"]),
                 max_size=6).map(lambda words: "Mã" + "".join(words).rstrip())
TEXT = st.one_of(*[PLAIN] * 8, WILD)
FEEDBACK = st.none() | st.just("") | TEXT
WEIGHT = st.sampled_from([1, 1.0, 2, 0.5])
ATTEMPTS = st.sampled_from([0, 1, 3])
OPTIONS = st.lists(st.fixed_dictionaries({"text": TEXT, "correct": st.booleans(),
                                          "feedback": FEEDBACK}), min_size=2, max_size=4)
BASE = {"id": "cau", "skills": ["4.2"], "level": 1}


def _tree_bytes(entry, name, weight, attempts) -> bytes:
    el = problem(entry, MediaSet(Path(".")), name, weight)
    if attempts:
        el.set("max_attempts", str(attempts))
    return etree.tostring(el, encoding="UTF-8", xml_declaration=False, pretty_print=True)


def _same(q, name, weight, attempts) -> None:
    entry = SimpleNamespace(q=q, path=Path("ngan-hang/cau.yaml"))
    try:
        expected = _tree_bytes(entry, name, weight, attempts)
    except (ValueError, etree.LxmlError) as e:  # a character XML refuses: fails either way
        with pytest.raises(type(e)):
            problem_file(entry, MediaSet(Path(".")), name, weight, attempts)
        return
    assert problem_file(entry, MediaSet(Path(".")), name, weight, attempts) == expected


@settings(max_examples=1500, deadline=None)
@given(TEXT, OPTIONS, FEEDBACK, st.booleans(), st.booleans(), TEXT, WEIGHT, ATTEMPTS)
def test_choice_problems(stem, options, feedback, single, shuffle, name, weight, attempts):
    kind = SingleChoice if single else MultipleResponse
    q = kind(type="single_choice" if single else "multiple_response", stem=stem,
             options=options, feedback=feedback, shuffle=shuffle, **BASE)
    _same(q, name, weight, attempts)


@settings(max_examples=600, deadline=None)
@given(TEXT, st.booleans(), FEEDBACK, TEXT, WEIGHT, ATTEMPTS)
def test_true_false_problems(stem, answer, feedback, name, weight, attempts):
    q = TrueFalse(type="true_false", stem=stem, answer=answer, feedback=feedback, **BASE)
    _same(q, name, weight, attempts)


@settings(max_examples=800, deadline=None)
@given(TEXT, st.lists(TEXT, min_size=1, max_size=3), st.booleans(), st.booleans(), FEEDBACK,
       TEXT, WEIGHT, ATTEMPTS)
def test_text_entry_problems(stem, answers, case, folded, feedback, name, weight, attempts):
    q = TextEntry(type="text_entry", stem=stem, answers=answers, case_sensitive=case,
                  accept_without_diacritics=folded, feedback=feedback, **BASE)
    _same(q, name, weight, attempts)


def test_common_questions_are_written_from_strings_with_the_same_bytes():
    """The shapes of most banks take the strings (else the comparisons above prove nothing)."""
    q = SingleChoice(type="single_choice", stem='Khi được hỏi **mã OTP** qua "tin nhắn", làm gì?',
                     options=[{"text": "Đọc mã cho người gửi", "feedback": "Chưa *đúng*."},
                              {"text": "Không cung cấp, báo ngân hàng", "correct": True}],
                     feedback="Mã OTP là *bí mật* (không chia sẻ).", **BASE)
    name = 'Khi được hỏi mã OTP qua "tin nhắn" <a> & b'
    written = _plain_problem(q, name, 1, 2)
    assert written is not None
    assert written.encode() == _tree_bytes(SimpleNamespace(q=q, path=Path("cau.yaml")), name, 1, 2)
    assert ' max_attempts="2"' in written and "&lt;a&gt; &amp; b" in written
    for other in (TrueFalse(type="true_false", stem="Đúng hay sai?", answer=True, **BASE),
                  TextEntry(type="text_entry", stem="Mã một lần là gì?", answers=["OTP"], **BASE),
                  MultipleResponse(type="multiple_response", stem="Chọn.", options=[
                      {"text": "A", "correct": True}, {"text": "B", "feedback": "Sai."}], **BASE)):
        assert _plain_problem(other, "x", 1, 0) is not None
