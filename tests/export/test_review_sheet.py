"""The review sheet's question blocks: every question with its key, feedback and tags, and text
the author typed shown as text, never as markup; the same sheet with and without the cache."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

import qbank
from qbank.export.bundle import build

BANK = """
questions:
  - id: chon-mot
    type: single_choice
    stem: "Khi được hỏi **mã OTP**, bạn làm gì?"
    options:
      - {text: Đọc mã cho người gửi, feedback: "Chưa *đúng*."}
      - {text: Không cung cấp, correct: true}
    skills: ["4.2"]
    level: 1
    feedback: Mã OTP là bí mật.
    review: {status: reviewed, reviewer: "Nguyễn <b>Văn</b> & 'A'"}
  - id: co-lien-ket
    type: multiple_response
    stem: "Xem [trang](https://dichvucong.gov.vn) rồi chọn:"
    options: [{text: "`OTP`", correct: true}, {text: "A <b> & c", correct: true}, {text: C}]
    skills: ["4.2"]
    level: 2
    use: [final]
  - id: dien
    type: text_entry
    stem: "Mã dùng một lần gọi là mã ____."
    answers: [OTP, "<mã> & OTP"]
    accept_without_diacritics: true
    skills: ["4.2"]
    level: 1
"""
COURSE = """
id: khoa
title: Khóa học
audience: nguoi-dan
lessons: [lessons/01-bai.md]
final:
  id: kiem-tra
  sections:
    - {id: phan, select: 2, pool: {banks: [chung, them]}}
"""


@pytest.fixture
def sheets(project_at, tmp_path_factory, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("user-cache")))
    project, diags = project_at({"question_banks/them/cau-hoi.yaml": BANK,
                                 "courses/khoa/course.yaml": COURSE})
    assert not qbank.has_errors(diags), diags
    out = tmp_path_factory.mktemp("out")
    texts = []
    for run, cache in (("plain", False), ("cold", True), ("warm", True)):
        assert build(project, out / run, ["review"], cache=cache).ok
        texts.append(next((out / run).glob("khoa-*/review.html")).read_text(encoding="utf-8"))
    return texts


def _text(el) -> str:
    return " ".join(el.text_content().split())


def _blocks(text):
    doc = lxml_html.fromstring(text)
    return {s.get("id"): s for s in doc.xpath("//section[@class='q']")}


def test_every_question_has_its_block_in_order(sheets):
    doc = lxml_html.fromstring(sheets[0])
    ids = [s.get("id") for s in doc.xpath("//section[@class='q']")]
    assert ids == ["q-mot", "q-hai", "chon-mot", "co-lien-ket", "dien"]
    heads = [s.findtext(".//h3") for s in doc.xpath("//section[@class='q']")]
    assert heads == ["Câu 1. Một lựa chọn", "Câu 2. Đúng/Sai", "Câu 3. Một lựa chọn",
                     "Câu 4. Nhiều lựa chọn", "Câu 5. Điền đáp án"]
    assert "<th>Số câu hỏi trong phiếu</th><td>5</td>" in sheets[0]


def test_keys_feedback_and_tags(sheets):
    blocks = _blocks(sheets[0])
    one = blocks["chon-mot"]
    assert one.xpath("div[@class='stem']/p/strong")[0].text == "mã OTP"
    key = one.xpath(".//li[@class='key']")
    assert [li.text_content().split()[0] for li in key] == ["B."]
    assert "✔ đáp án đúng" in key[0].text_content()
    assert _text(one.xpath(".//li[1]/div[@class='feedback']")[0]) == "Phản hồi: Chưa đúng."
    assert _text(one.xpath("div[@class='feedback']")[0]) == "Giải thích: Mã OTP là bí mật."
    tags = _text(one.xpath("p[@class='tags']")[0])
    assert tags.startswith("Mức độ: 1 – ") and "Sử dụng: kiểm tra sau bài, kiểm tra cuối khóa" \
        in tags and "Kỹ năng: 4.2 " in tags and "Trạng thái: đã thẩm định" in tags
    many = blocks["co-lien-ket"]
    assert [li.get("class") for li in many.xpath(".//li")] == ["key", "key", ""]
    assert many.xpath(".//a")[0].get("href") == "https://dichvucong.gov.vn"
    answer = _text(blocks["dien"].xpath("p[strong='Đáp án:']")[0])
    assert answer == "Đáp án: OTP · <mã> & OTP (không phân biệt chữ hoa/thường; chấp nhận gõ " \
        "không dấu)"


def test_typed_text_is_shown_as_text(sheets):
    blocks = _blocks(sheets[0])
    tags = blocks["chon-mot"].xpath("p[@class='tags']")[0]
    assert _text(tags).endswith("(Nguyễn <b>Văn</b> & 'A')")
    assert not tags.xpath(".//b")
    option = blocks["co-lien-ket"].xpath(".//li")[1]
    assert "A <b> & c" in option.text_content() and not option.xpath(".//b")
    assert "Nguyễn &lt;b&gt;Văn&lt;/b&gt; &amp; &#39;A&#39;" in sheets[0]


def test_the_cache_changes_nothing(sheets):
    plain, cold, warm = sheets
    assert plain == cold == warm
