"""QB0701's shortcut (skip text holding no word that could be legacy evidence) finds exactly
what the full detection finds."""

from __future__ import annotations

import random

from qbank.importers import legacy
from qbank.rules import legacy_text

from helpers import REPO

SAMPLES = [
    "Kü n¨ng sè lµ g×? Kh¶ n¨ng sö dông thiÕt bÞ vµ dÞch vô sè mét c¸ch an toµn.",
    "Kyõ naêng soá giuùp ngöôøi daân ñaêng kyù dòch vuï coâng tröïc tuyeán.",
    "Kh¶ n¨ng ch¬i trß ch¬i ®iÖn tö", "NGÖÔØI DAÂN ÑAÊNG KYÙ", "§óng", "sèng ë Hµ Néi",
    "Kỹ năng số giúp người dân đăng ký dịch vụ công trực tuyến.", "Hoà bình, hoá học, thuý",
    "café, Hélène, où", "2 × 3 · 4", "Câu 1: Khi nhận được tin nhắn yêu cầu **mã OTP**?",
    "Đúng là A\nKh¶ n¨ng sö dông", "(Kh¶ n¨ng) [sö dông] | thiÕt bÞ",
]


def test_the_shortcut_agrees_with_the_full_detection():
    texts = list(SAMPLES)
    for path in sorted(REPO.glob("question_banks/**/*.yaml")) + sorted(
            REPO.glob("courses/**/*.md")):
        texts += path.read_text(encoding="utf-8").splitlines()
    rng = random.Random(757)
    words = " ".join(SAMPLES).split()
    texts += [" ".join(rng.choices(words, k=rng.randint(1, 12))) for _ in range(3000)]
    hits = 0
    for text in texts:
        expected = legacy.find_legacy(text)
        assert legacy_text.find_legacy(text) == expected, text
        hits += bool(expected)
    assert hits > 100  # the comparison covered texts that do hold legacy runs
