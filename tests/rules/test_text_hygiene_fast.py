"""The fast paths of the text rules give the same answers as the plain definitions."""

from __future__ import annotations

import unicodedata

from qbank.rules import item_writing, text_hygiene
from qbank.vietnamese import fold


def test_no_character_of_the_fast_path_is_from_a_lookalike_alphabet():
    for a, b in ((0, 0x24F), (0x300, 0x36F), (0x1E00, 0x1EFF), (0x2000, 0x206F)):
        for cp in range(a, b + 1):
            assert text_hygiene._NO_LOOKALIKE.fullmatch(chr(cp))
            assert not unicodedata.name(chr(cp), "").startswith(text_hygiene._ALPHABETS)


def test_lookalike_is_still_found_in_vietnamese_text():
    # A Cyrillic "о" inside a Vietnamese word, next to letters the fast path accepts.
    assert text_hygiene._lookalike("Không chia sẻ mã OTP với ngườі lạ")[0] == "і"
    assert text_hygiene._lookalike("Đăng nhập Cổng dịch vụ công") is None


def test_fold_matches_the_shared_definition():
    samples = ["Định danh điện tử ĐÃ ĐƯỢC cấp", "Kỹ năng số", "Tiếng Việt: ắằẳẵặ ếềểễệ ọộ ựữ",
               "ñ ç ü ø Å", "a\u0301b\u0323c", "日本語 한국어 Ωμέγα", "plain ascii"]
    for text in samples:
        assert item_writing.fold(text) == fold(text)


def test_fold_matches_for_every_character_of_the_first_planes():
    assert item_writing._COMMON_MARKS.fullmatch("\u0301\u0323\u031b")
    assert not item_writing._COMMON_MARKS.search("\u034f")  # combining class 0
    for cp in range(0x20, 0x3000):
        text = f"Tiê\u0301ng {chr(cp)} Việt"
        assert item_writing.fold(text) == fold(text), hex(cp)
