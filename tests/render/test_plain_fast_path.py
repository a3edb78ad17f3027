"""The shortcut for plain one-line texts gives exactly what the Markdown parser gives."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qbank.render.markdown import parser, plain_html, render
from qbank.render.xhtml import markdown_to_xhtml, serialised

ALPHABET = st.sampled_from(
    list("aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạếềểễệốồổỗộớờởỡợứừửữựíìỉĩịýỳỷỹỵ")
    + list("AĂÂĐÊÔƠƯ0123456789 .,;:?\"'()/%@$^{}") + list("\\`*_[]<>!&~|#=+-")
    + ["\n", "\r", "\t", "\x00", "\x0b", "\x0c", "\x1c", "\x85", "\u00a0", "\u2028", "\u3000",
       "  ", "1. ", "- ", "> ", "# "])


@settings(max_examples=3000, deadline=None)
@given(st.lists(ALPHABET, max_size=40).map("".join))
def test_plain_texts_render_as_the_parser_renders_them(text):
    _same_as_parser(text)


WORDS = st.lists(st.sampled_from(list("abđơ ư.,;:?!)\"'(") + ["mã", "OTP", "  "]), min_size=1,
                 max_size=6).map("".join)
SPAN = st.tuples(st.sampled_from(["", " ", "(", "'", "a", "*"]), st.sampled_from(["*", "**", "***"]),
                 WORDS, st.sampled_from(["*", "**", "***"]),
                 st.sampled_from(["", " ", ".", ",", "?", ")", "'", "b", "*", "_"])).map("".join)
EMPHASIS = st.lists(st.one_of(WORDS, SPAN, st.sampled_from(["*", "**", " *", "* ", "_", "\\*"])),
                    max_size=8)


@settings(max_examples=5000, deadline=None)
@given(EMPHASIS.map("".join))
def test_emphasis_shortcut_renders_as_the_parser_renders_it(text):
    _same_as_parser(text)


CORE = WORDS.map(str.strip).filter(bool)
WELL_FORMED = st.lists(st.tuples(st.just(" "), st.sampled_from(["*", "**"]), CORE).map(
    lambda t: t[0] + t[1] + t[2] + t[1]) | WORDS, min_size=1, max_size=6).map(
    lambda parts: "Câu" + "".join(parts).rstrip())


@settings(max_examples=2000, deadline=None)
@given(WELL_FORMED)
def test_well_formed_emphasis_takes_the_shortcut_with_the_same_result(text):
    _same_as_parser(text)


def _same_as_parser(text):
    fast = plain_html(text)
    if fast is not None:
        assert fast == parser().render(text)
    assert render(text) == parser().render(text)
    for inline in (False, True):  # and the XHTML every package carries, as lxml writes it
        try:
            expected = serialised(text, inline=inline)
        except Exception as e:  # not XML (a control character): the shortcut fails as well
            with pytest.raises(type(e)):
                markdown_to_xhtml(text, inline=inline)
            continue
        assert markdown_to_xhtml(text, inline=inline) == expected


def test_common_option_texts_take_the_shortcut():
    for text in ["Không cung cấp mã OTP cho bất kỳ ai", 'Mật khẩu "mạnh" là gì?',
                 "Wi-Fi công cộng ở quán cà phê", "Dùng 2 lớp bảo vệ: mật khẩu + mã OTP"]:
        assert plain_html(text) == parser().render(text)
    for text in ["Câu 1: Khi nhận được tin nhắn yêu cầu **cung cấp mã OTP**, bạn nên làm gì?",
                 "Mã OTP là *bí mật*; ngân hàng **không bao giờ** hỏi mã này (câu 1).",
                 "**Đúng**", "*Sai*"]:
        assert plain_html(text) == parser().render(text)
    for text in ["1. mục", "- mục", "# tiêu đề", "a\nb", " thụt lề", "a_b_c", "a**b**c",
                 "**a *b* c**", "***x***", "* mục"]:
        assert plain_html(text) is None
