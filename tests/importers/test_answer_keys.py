"""Word and text banks whose keys come at the end ("ĐÁP ÁN" as a table or as lines), or after
each section when the numbering restarts."""

from __future__ import annotations

import docx
from hypothesis import given, settings
from hypothesis import strategies as st

import qbank
from qbank.importers import import_files

from helpers import found, write_project

QUESTIONS = [
    ("Mật khẩu nào an toàn nhất?", ["123456", "Tr@ng-Xanh!Lua2025", "ngaysinh1990"]),
    ("Ứng dụng định danh điện tử của Bộ Công an là ứng dụng nào?", ["Zalo", "Facebook", "VNeID"]),
    ("Những dấu hiệu nào cho thấy đường link có thể là lừa đảo?",
     ["Tên miền viết sai chính tả", "Địa chỉ .gov.vn của cơ quan", "Đòi nhập mã OTP ngay"]),
    ("Có thể đọc mã OTP cho người tự xưng là nhân viên ngân hàng.", ["Đúng", "Sai"]),
]
KEYS = ["B", "C", "A, C", "Sai"]


def _paragraphs(doc, questions=QUESTIONS, start=1):
    for n, (stem, options) in enumerate(questions, start):
        doc.add_paragraph(f"Câu {n}: {stem}")
        for letter, text in zip("ABCD", options, strict=False):
            doc.add_paragraph(f"{letter}. {text}")


def _import(tmp_path, name):
    write_project(tmp_path, {})
    result = import_files([tmp_path / name], "nhap", tmp_path, skills=["4.2"])
    project = qbank.load_project(tmp_path)
    assert not qbank.has_errors(qbank.check(project))
    return result, [e.q for e in project.banks["nhap"].questions]


def _keys(questions):
    out = []
    for q in questions:
        if q.type == "true_false":
            out.append("Đúng" if q.answer else "Sai")
        else:
            out.append(", ".join("ABCD"[i] for i in q.keys))
    return out


def test_key_table_at_the_end_of_a_word_file(tmp_path):
    doc = docx.Document()
    doc.add_paragraph("ĐỀ ÔN TẬP KỸ NĂNG SỐ")
    _paragraphs(doc)
    doc.add_paragraph("ĐÁP ÁN")
    table = doc.add_table(rows=2, cols=5)
    for i, text in enumerate(["Câu", "1", "2", "3", "4"]):
        table.rows[0].cells[i].text = text
    for i, text in enumerate(["Đáp án", "B", "C", "A,C", "S"]):
        table.rows[1].cells[i].text = text
    doc.save(tmp_path / "de-on-tap.docx")
    result, qs = _import(tmp_path, "de-on-tap.docx")
    assert result.ok and result.files[0].imported == 4
    assert _keys(qs) == KEYS
    assert [q.type for q in qs] == ["single_choice", "single_choice", "multiple_response",
                                    "true_false"]


def test_key_table_without_a_heading_in_columns(tmp_path):
    doc = docx.Document()
    _paragraphs(doc)
    table = doc.add_table(rows=3, cols=4)
    for r, row in enumerate([["Câu", "Đáp án", "Câu", "Đáp án"], ["1", "B", "2", "C"],
                             ["3", "A, C", "4", "Sai"]]):
        for c, text in enumerate(row):
            table.rows[r].cells[c].text = text
    doc.save(tmp_path / "cot.docx")
    result, qs = _import(tmp_path, "cot.docx")
    assert _keys(qs) == KEYS


def test_key_lines_at_the_end_of_a_word_file(tmp_path):
    doc = docx.Document()
    _paragraphs(doc)
    doc.add_paragraph("BẢNG ĐÁP ÁN")
    doc.add_paragraph("1.B   2.C   3.A,C")
    doc.add_paragraph("4.Sai")
    doc.save(tmp_path / "dong.docx")
    result, qs = _import(tmp_path, "dong.docx")
    assert _keys(qs) == KEYS


def test_one_key_per_line_as_cau_n(tmp_path):
    text = "\n".join(f"Câu {n}: {stem}\n" + "\n".join(f"{x}. {o}" for x, o in zip("ABCD", opts,
                                                                                strict=False))
                     for n, (stem, opts) in enumerate(QUESTIONS, 1))
    text += "\n\nĐÁP ÁN\n" + "\n".join(f"Câu {n}: {k}" for n, k in enumerate(KEYS, 1)) + "\n"
    (tmp_path / "on-tap.txt").write_text(text, encoding="utf-8")
    result, qs = _import(tmp_path, "on-tap.txt")
    assert _keys(qs) == KEYS


def test_keys_per_section_when_numbering_restarts(tmp_path):
    doc = docx.Document()
    doc.add_paragraph("PHẦN I. AN TOÀN")
    _paragraphs(doc, QUESTIONS[:2])
    doc.add_paragraph("Đáp án phần I: 1-B; 2-C")
    doc.add_paragraph("PHẦN II. NHẬN BIẾT LỪA ĐẢO")
    _paragraphs(doc, QUESTIONS[2:])
    doc.add_paragraph("Đáp án phần II: 1-A,C; 2-Sai")
    doc.save(tmp_path / "phan.docx")
    result, qs = _import(tmp_path, "phan.docx")
    assert _keys(qs) == KEYS


def test_keys_for_every_section_at_the_end(tmp_path):
    doc = docx.Document()
    doc.add_paragraph("PHẦN I")
    _paragraphs(doc, QUESTIONS[:2])
    doc.add_paragraph("PHẦN II")
    _paragraphs(doc, QUESTIONS[2:])
    doc.add_paragraph("ĐÁP ÁN")
    doc.add_paragraph("Phần I")
    table = doc.add_table(rows=2, cols=2)
    for i, (n, k) in enumerate([("1", "B"), ("2", "C")]):
        table.rows[0].cells[i].text, table.rows[1].cells[i].text = n, k
    doc.add_paragraph("Phần II")
    doc.add_paragraph("1.AC 2.S")
    doc.save(tmp_path / "cuoi.docx")
    result, qs = _import(tmp_path, "cuoi.docx")
    assert _keys(qs) == KEYS


def test_key_problems_are_reported_where_they_are(tmp_path):
    doc = docx.Document()
    _paragraphs(doc)
    doc.add_paragraph("Đáp án: A")  # question 4's own key, which the table contradicts
    doc.add_paragraph("ĐÁP ÁN")
    doc.add_paragraph("1.B 2.C 4.B 7.D")  # paragraph 18; no key for 3, and no question 7
    doc.save(tmp_path / "loi.docx")
    write_project(tmp_path, {})
    result = import_files([tmp_path / "loi.docx"], "nhap", tmp_path, skills=["4.2"])
    assert found(result.diagnostics, "QB1131") == [("loi.docx", 18, 0)]
    [conflict] = [d for d in result.diagnostics if d.code.id == "QB1132"]
    assert conflict.message() == ("đoạn 13: câu 4 ghi đáp án 'A' nhưng bảng đáp án ghi 'B'; "
                                  "dùng 'A'")
    assert found(result.diagnostics, "QB1102") == [("loi.docx", 9, 0)]  # question 3: no key


def test_keys_per_section_with_numbering_that_continues(tmp_path):
    doc = docx.Document()
    doc.add_paragraph("PHẦN I")
    _paragraphs(doc, QUESTIONS[:2])
    doc.add_paragraph("Đáp án phần I: 1.B 2.C")
    doc.add_paragraph("PHẦN II")
    _paragraphs(doc, QUESTIONS[2:], start=3)
    doc.add_paragraph("Đáp án phần II: 3.A,C 4.Sai")
    doc.save(tmp_path / "lien.docx")
    result, qs = _import(tmp_path, "lien.docx")
    assert _keys(qs) == KEYS
    assert not [d for d in result.diagnostics if d.code.id.startswith("QB113")]


def test_fewer_key_parts_than_question_parts_are_matched_in_order(tmp_path):
    doc = docx.Document()
    _paragraphs(doc, QUESTIONS[:2])
    doc.add_paragraph("PHẦN II")
    _paragraphs(doc, QUESTIONS[2:])
    doc.add_paragraph("ĐÁP ÁN")
    doc.add_paragraph("1.B 2.C")  # part I only
    doc.save(tmp_path / "thieu.docx")
    write_project(tmp_path, {})
    result = import_files([tmp_path / "thieu.docx"], "nhap", tmp_path, skills=["4.2"])
    [note] = [d for d in result.diagnostics if d.code.id == "QB1133"]
    assert note.message() == ("bảng đáp án có 1 phần nhưng tệp có 2 phần câu hỏi (số câu bắt "
                              "đầu lại); chỉ ghép 1 phần đầu")
    assert note.pos.line == 18  # the key line
    # Part II has no key: its questions are reported, part I is kept.
    assert found(result.diagnostics, "QB1102") == [("thieu.docx", 10, 0), ("thieu.docx", 14, 0)]
    assert result.files[0].imported == 2


def test_the_sample_word_file_still_reads_the_same(tmp_path):
    import shutil

    from helpers import REPO

    shutil.copy(REPO / "tests/fixtures/samples/bo-cau-hoi-on-tap.docx", tmp_path / "mau.docx")
    result, qs = _import(tmp_path, "mau.docx")
    assert result.files[0].imported == 12
    assert not [d for d in result.diagnostics if d.code.id in ("QB1131", "QB1132", "QB1133")]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Câu 1: Hỏi?", "Câu 2. Hỏi", "A. Một", "B) Hai", "ĐÁP ÁN",
                                 "Đáp án: B", "Đáp án phần II:", "1.B 2.C", "1 2 3", "B C A",
                                 "Phần II", "Câu 1: A", "², ³", "1-Đúng; 2-S", "", "x"])
                | st.text(max_size=30), max_size=30))
def test_any_lines_read_without_an_exception(lines):
    from pathlib import Path

    from qbank.importers.text_blocks import read_text_file

    drafts, diags = read_text_file(Path("x.txt"), "\n".join(lines))
    assert all(d.pos is not None for d in diags)
