"""Legacy Vietnamese encodings (TCVN3/ABC, VNI): conversion, the QB0701 check, `qbank fix`."""

from __future__ import annotations

import pytest

from qbank.importers.legacy import find_legacy, fix_text, is_syllable
from qbank.rules import legacy_text
from qbank.source import fix

from helpers import REPO, found, write_project

TCVN3_SAMPLE = "Kü n¨ng sè lµ g×? Kh¶ n¨ng sö dông thiÕt bÞ vµ dÞch vô sè mét c¸ch an toµn."
TCVN3_UNICODE = "Kỹ năng số là gì? Khả năng sử dụng thiết bị và dịch vụ số một cách an toàn."
VNI_SAMPLE = "Kyõ naêng soá giuùp ngöôøi daân ñaêng kyù dòch vuï coâng tröïc tuyeán."
VNI_UNICODE = "Kỹ năng số giúp người dân đăng ký dịch vụ công trực tuyến."


@pytest.mark.parametrize(("legacy", "unicode"), [
    (TCVN3_SAMPLE, TCVN3_UNICODE),
    (VNI_SAMPLE, VNI_UNICODE),
    ("Kh¶ n¨ng ch¬i trß ch¬i ®iÖn tö", "Khả năng chơi trò chơi điện tử"),
    ("NGÖÔØI DAÂN ÑAÊNG KYÙ", "NGƯỜI DÂN ĐĂNG KÝ"),
    ("§óng", "Đúng"),
    ("sèng ë Hµ Néi", "sống ở Hà Nội"),
])
def test_legacy_text_is_converted(legacy, unicode):
    assert fix_text(legacy) == unicode


@pytest.mark.parametrize("clean", [
    TCVN3_UNICODE, VNI_UNICODE, "Hoà bình, hoá học, thuý", "café, Hélène, où", "2 × 3 · 4",
    "Mật khẩu Tr@ng-Xanh!Lua2025 hay matkhau?", "Ban nen lam gi khi quen mat khau?",
])
def test_correct_text_is_left_alone(clean):
    assert fix_text(clean) == clean
    assert find_legacy(clean) == []


def test_only_the_legacy_run_changes_in_a_mixed_line():
    text = "Câu hỏi: \"Kü n¨ng sè\" và \"Kyõ naêng soá\" đều là lỗi."
    runs = find_legacy(text)
    assert [(r.encoding, r.original, r.converted) for r in runs] == [
        ("tcvn3", "Kü n¨ng sè", "Kỹ năng số"), ("vni", "Kyõ naêng soá", "Kỹ năng số")]
    assert text[runs[0].start:runs[0].end] == "Kü n¨ng sè"
    assert fix_text(text) == "Câu hỏi: \"Kỹ năng số\" và \"Kỹ năng số\" đều là lỗi."


def test_syllable_shape():
    assert all(is_syllable(w) for w in ["nghiêng", "người", "quà", "gì", "khuya", "oanh"])
    assert not any(is_syllable(w) for w in ["naêng", "Kü", "daõn", "café", "matkhau"])


def test_the_repository_content_is_not_legacy():
    for folder in ("docs", "src/qbank/templates", "courses", "question_banks"):
        for path in sorted((REPO / folder).rglob("*")):
            if path.suffix in (".md", ".yaml") and path.name not in ("content-quality.md", "chat-luong-noi-dung.md",
                                                                   "importing.md"):
                assert find_legacy(path.read_text(encoding="utf-8")) == [], path


BANK = """\
# Ngân hàng có văn bản dán từ tài liệu cũ
questions:
  - id: q-tcvn3
    type: true_false
    stem: "{tcvn3}"   # TCVN3
    answer: true
    skills: ['4.2']
    level: 1
    feedback: Vì đúng.
  - id: q-vni
    type: true_false
    stem: {vni}
    answer: true
    skills: ['4.2']
    level: 1
    feedback: Vì đúng.
"""


def test_qbank_fix_converts_tcvn3_and_vni_and_changes_no_other_byte(tmp_path):
    text = BANK.format(tcvn3=TCVN3_SAMPLE, vni=VNI_SAMPLE)
    write_project(tmp_path, {"question_banks/chung/cu.yaml": text})
    path = tmp_path / "question_banks/chung/cu.yaml"
    fixes = fix.plan(tmp_path)
    assert [(f.path, f.changes) for f in fixes] == [(path, ["legacy-encoding"])]
    fix.apply(fixes)
    assert path.read_text(encoding="utf-8") == BANK.format(tcvn3=TCVN3_UNICODE, vni=VNI_UNICODE)
    assert fix.plan(tmp_path) == []


def test_qb0701_fires_at_the_field_and_the_lesson_line(project_at):
    lesson = ("---\nid: bai\ntitle: Bài học\nskills: [\"4.2\"]\n---\n\nNội dung bài học.\n"
              "Ghi nhớ: Kü n¨ng sè lµ g×?\n")
    project, _ = project_at({"question_banks/chung/cu.yaml": BANK.format(tcvn3=TCVN3_SAMPLE,
                                                                         vni=VNI_SAMPLE),
                             "courses/khoa/lessons/01-bai.md": lesson})
    diags = list(legacy_text.check(project))
    assert sorted(found(diags, "QB0701")) == [("01-bai.md", 8, 10), ("cu.yaml", 5, 11),
                                              ("cu.yaml", 12, 11)]
    msg = next(d for d in diags if d.code.id == "QB0701" and d.pos.line == 12).message()
    assert msg == ("văn bản có vẻ gõ bằng bảng mã cũ VNI-Windows: 'Kyõ naêng soá giuùp ngöôøi "
                   "daân ñaêng kyù dòch …' (đúng ra là 'Kỹ năng số giúp người dân đăng ký "
                   "dịch vụ công …')")


def test_qb0701_is_silent_on_clean_text(project_at):
    project, _ = project_at({"question_banks/chung/cu.yaml": BANK.format(tcvn3=TCVN3_UNICODE,
                                                                         vni=VNI_UNICODE)})
    assert list(legacy_text.check(project)) == []


def test_qb0701_reports_a_bank_title_typed_in_tcvn3_which_fix_repairs(project_at):
    bank = ("title: Kü n¨ng sè c¬ b¶n\nquestions:\n  - id: tieu-de\n    type: true_false\n"
            "    stem: Mật khẩu nên dài.\n    answer: true\n    skills: ['4.2']\n    level: 1\n"
            "    feedback: Mật khẩu dài khó đoán hơn.\n")
    project, _ = project_at({"question_banks/chung/tieu-de.yaml": bank})
    diags = list(legacy_text.check(project))
    assert found(diags, "QB0701") == [("tieu-de.yaml", 1, 8)]
    assert "'Kỹ năng số cơ bản'" in diags[0].message()
    from qbank.source.fix import fix_text

    fixed, changes = fix_text(bank, yaml_file=True)
    assert fixed.startswith("title: Kỹ năng số cơ bản\n") and "legacy-encoding" in changes
