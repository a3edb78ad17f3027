"""The shortcut for plain one-line texts gives exactly what the Markdown parser gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from qbank.render.markdown import parser, plain_html, render

ALPHABET = st.sampled_from(
    list("aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạếềểễệốồổỗộớờởỡợứừửữựíìỉĩịýỳỷỹỵ")
    + list("AĂÂĐÊÔƠƯ0123456789 .,;:?\"'()/%@$^{}") + list("\\`*_[]<>!&~|#=+-")
    + ["\n", "\r", "\t", "\x00", "\x0b", "\x0c", "\x1c", "\x85", "\u00a0", "\u2028", "\u3000",
       "  ", "1. ", "- ", "> ", "# "])


@settings(max_examples=3000, deadline=None)
@given(st.lists(ALPHABET, max_size=40).map("".join))
def test_plain_texts_render_as_the_parser_renders_them(text):
    fast = plain_html(text)
    if fast is not None:
        assert fast == parser().render(text)
    assert render(text) == parser().render(text)


def test_common_option_texts_take_the_shortcut():
    for text in ["Không cung cấp mã OTP cho bất kỳ ai", 'Mật khẩu "mạnh" là gì?',
                 "Wi-Fi công cộng ở quán cà phê", "Dùng 2 lớp bảo vệ: mật khẩu + mã OTP"]:
        assert plain_html(text) == parser().render(text)
    for text in ["**đậm**", "1. mục", "- mục", "# tiêu đề", "a\nb", " thụt lề", "a_b_c"]:
        assert plain_html(text) is None
