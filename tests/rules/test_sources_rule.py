"""QB0530: a lesson that states a law, an amount, a phone number or a deadline lists its
sources; simplified versions inherit the lesson's."""

from __future__ import annotations

import pytest

from helpers import found

from qbank.rules.sources import claims

LESSON = """---
id: bai
title: Bài học
skills: ["4.2"]
{sources}---

# Bảo vệ dữ liệu cá nhân

Dữ liệu cá nhân được bảo vệ theo Nghị định số 13/2023/NĐ-CP của Chính phủ.
"""
SOURCES = """sources:
  - title: Nghị định về bảo vệ dữ liệu cá nhân
    issuer: Chính phủ
    ref: số 13/2023/NĐ-CP
    checked: 2026-12-01
"""


def test_law_without_sources_is_noted_at_its_place(project_at):
    _, diags = project_at({"courses/khoa/lessons/01-bai.md": LESSON.format(sources="")})
    assert found(diags, "QB0530") == [("01-bai.md", 9, 34)]
    [d] = [d for d in diags if d.code.id == "QB0530"]
    assert d.code.severity.value == "info"
    assert d.message("vi") == ("bài học nêu văn bản pháp luật ('Nghị định số 13/2023/NĐ-CP') "
                               "nhưng chưa ghi nguồn ('sources:')")
    assert d.message("en") == ("the lesson states a legal document ('Nghị định số 13/2023/NĐ-CP')"
                               " but lists no 'sources:'")


def test_lesson_with_sources_is_fine_and_its_simplified_version_inherits_them(project_at):
    simple = ("---\ntitle: Bài học\nsource_hash: '000000000000'\n---\n\n"
              "Gọi tổng đài 1900 1234 nếu cần.\n")
    _, diags = project_at({"courses/khoa/lessons/01-bai.md": LESSON.format(sources=SOURCES),
                           "courses/khoa/lessons/01-bai.simple.md": simple})
    assert found(diags, "QB0530") == []


def test_simplified_version_with_empty_sources_is_checked_on_its_own(project_at):
    simple = ("---\ntitle: Bài học\nsource_hash: '000000000000'\nsources: []\n---\n\n"
              "Gọi tổng đài 1900 1234 nếu cần.\n")
    _, diags = project_at({"courses/khoa/lessons/01-bai.md": LESSON.format(sources=SOURCES),
                           "courses/khoa/lessons/01-bai.simple.md": simple})
    assert found(diags, "QB0530") == [("01-bai.simple.md", 7, 5)]


def test_lesson_without_claims_needs_no_sources(project_at):
    _, diags = project_at({})
    assert found(diags, "QB0530") == []


@pytest.mark.parametrize("line, kind, text", [
    ("Theo Quyết định 2345/QĐ-NHNN, ngân hàng", "law", "Quyết định 2345/QĐ-NHNN"),
    ("Thông tư 17/2024 có hiệu lực", "law", "Thông tư 17/2024"),
    ("Luật An ninh mạng quy định", "law", "Luật An ninh mạng quy"),
    ("chuyển trên 10 triệu đồng một lần", "money", "10 triệu đồng"),
    ("lệ phí 50.000 đồng", "money", "lệ phí 50.000 đồng"),
    ("40% người dân cài ứng dụng", "percent", "40%"),
    ("gọi **113** ngay", "phone", "gọi 113"),
    ("số 0912 345 678 lạ", "phone", "0912 345 678"),
    ("nộp trước ngày 31/12/2025.", "deadline", "trước ngày 31/12/2025"),
    ("từ ngày 1 tháng 7 năm 2025", "deadline", "ngày 1 tháng 7 năm 2025"),
    ("khóa sau tối đa 5 lần nhập sai", "limit", "tối đa 5 lần"),
])
def test_what_counts_as_a_claim(line, kind, text):
    [claim] = list(claims(line, 1))
    assert (claim.kind, claim.text) == (kind, text)


@pytest.mark.parametrize("line", [
    "Bà nhập 85.000 đồng rồi xác nhận.",  # a price in a story, not a rule
    "Mật khẩu 123456 rất dễ đoán.",
    "Xem [trang](https://example.gov.vn/2023/12/31/13-2023-nd-cp).",
    "Đặt mật khẩu ít nhất 12 ký tự.",
    "theo luật thì phải làm vậy",
    "```\nNghị định số 13/2023/NĐ-CP\n```",
])
def test_what_does_not_count(line):
    assert list(claims(line, 1)) == []
