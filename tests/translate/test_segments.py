"""Cutting a lesson into segments and putting it back: every construct keeps its layout."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from qbank.render.markdown import render
from qbank.translate.placeholders import problems, protect, restore
from qbank.translate.segments import cut

BODY = """
Tiêu đề kiểu gạch dưới
======================

Tiêu đề hai
dòng
---

> - Ý trong trích dẫn
>   còn tiếp
>
> > Trích dẫn lồng

- Ý một

  Đoạn thứ hai trong ý

  | Cột một | Cột hai |
  |---------|---------|
  | Ô một   | Ô \\| hai |

Ngắt dòng bằng hai dấu cách  
và bằng gạch chéo\\
và xuống dòng thường

1) Ngoặc đơn
2) Thứ hai

    vẫn thuộc ý thứ hai

[tham-chieu]: https://example.org
Xem [liên kết][tham-chieu], <https://example.org/a> và _nghiêng_.

```
không dịch
```

<div>HTML thô hiện thành chữ</div>
"""


def _tags(html: str) -> list[str]:
    return re.findall(r"</?[a-z0-9]+", html)


def test_each_kind_of_block_is_one_segment():
    found = [(s.kind, s.text) for s in cut(BODY).slots]
    assert found == [
        ("heading", "Tiêu đề kiểu gạch dưới"),
        ("heading", "Tiêu đề hai\ndòng"),
        ("item", "Ý trong trích dẫn\ncòn tiếp"),
        ("paragraph", "Trích dẫn lồng"),
        ("item", "Ý một"),
        ("item", "Đoạn thứ hai trong ý"),
        ("cell", "Cột một"), ("cell", "Cột hai"), ("cell", "Ô một"), ("cell", "Ô \\| hai"),
        ("paragraph", "Ngắt dòng bằng hai dấu cách  \nvà bằng gạch chéo\\\nvà xuống dòng thường"),
        ("item", "Ngoặc đơn"), ("item", "Thứ hai"), ("item", "vẫn thuộc ý thứ hai"),
        ("paragraph", "Xem [liên kết][tham-chieu], <https://example.org/a> và _nghiêng_."),
        ("paragraph", "<div>HTML thô hiện thành chữ</div>"),  # shown as text: translated
    ]


def test_rebuilding_keeps_every_layout_character_and_the_rendered_structure():
    layout = cut(BODY)
    assert layout.rebuild(lambda s: s.text) == BODY
    translated = layout.rebuild(lambda s: restore(protect(s.text), "[tn] " + protect(s.text).text))
    assert _tags(render(translated)) == _tags(render(BODY))
    assert "| [tn] Ô một   | [tn] Ô \\| hai |" in translated
    assert "> - [tn] Ý trong trích dẫn\n>   còn tiếp\n" in translated
    # a longer translation of a one-line list item continues under the item, not outside it
    longer = layout.rebuild(lambda s: "[tn] một\n[tn] hai" if s.text == "Ý một" else s.text)
    assert "\n- [tn] một\n  [tn] hai\n" in longer
    assert _tags(render(longer)) == _tags(render(BODY))


def test_marked_vietnamese_segments_keep_the_structure_and_emphasis():
    layout = cut(BODY)
    marked = layout.rebuild(lambda s: None, mark=("\u2e18", "\u2e19"))
    assert _tags(render(marked)) == _tags(render(BODY))
    assert "<em>nghiêng</em>" in render(marked)


def test_placeholders_protect_links_images_code_and_autolinks():
    text = ("Mở ![ảnh [nhỏ]](<../media/a b.png> \"t\") rồi [trang **A** `x`](https://a.vn/(b)) "
            "\\[không phải liên kết\\] ``mã ` lạ`` <https://b.vn>")
    protected = protect(text)
    assert protected.text == ("Mở <1>ảnh [nhỏ]</1> rồi <2>trang **A** {3}</2> "
                              "\\[không phải liên kết\\] {4} {5}")
    assert restore(protected, protected.text) == text
    assert problems(protected, "{5} <2>A {3}</2> <1>b</1> {4}") == {}
    assert problems(protected, "<1>b</1> <2>A</2> {4} {5} {5}") == {"missing": ["{3}"],
                                                                    "extra": ["{5}"]}
    assert problems(protected, "</1>b<1> <2>A {3}</2> {4} {5}") == {"reversed": ["<1>…</1>"]}


_PIECES = st.sampled_from(["chữ", "Đoạn", " ", "  ", "\n", "\n\n", "# ", "- ", "1. ", "> ", "|",
                           "---", "`", "*", "**", "_", "[", "]", "(", ")", "!", "<", ">", "\\",
                           "    ", "\t", "=", "https://x.vn", "{1}", "ô"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
@example("chữ`chữ`\\{1}")  # an escaped brace after a code span: once restored as the code
def test_any_text_rebuilds_byte_for_byte_and_restores_its_placeholders(body):
    layout = cut(body)
    assert layout.rebuild(lambda s: s.text) == body
    assert layout.rebuild(lambda s: None) == body
    for slot in layout.slots:
        protected = protect(slot.text)
        assert restore(protected, protected.text) == slot.text
        assert not problems(protected, protected.text)
