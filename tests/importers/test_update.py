"""The reviewer round trip: `qbank export xlsx` → edits in Excel → `qbank import` into the same
project. Questions already there are skipped with a warning, or with --update replaced in place
in their own file; nothing is duplicated and unchanged questions keep their bytes."""

from __future__ import annotations

import openpyxl
from click.testing import CliRunner

import qbank
from qbank.importers import import_files
from qbank.importers.commands import export_command, import_command

from helpers import found, write_project

HEADER = "# Ngân hàng mật khẩu — tổ biên soạn Sở TT&TT.\n# Không xóa dòng này.\n"
BANK = HEADER + """\
title: Mật khẩu
questions:
  # câu một
  - id: q-chon-mot
    type: single_choice
    stem: "Mật khẩu nào **an toàn** nhất?"
    options:
      - {text: "123456", feedback: Quá dễ đoán.}
      - {text: "Tr@ng-Xanh!Lua2025", correct: true}
      - {text: ngày sinh}
    skills: ["4.2"]   # giữ chú thích
    level: 2
    feedback: |-
      Mật khẩu mạnh:
      - dài
      - có ký tự đặc biệt

  # câu hai
  - id: q-dung-sai
    type: true_false
    stem: Ngân hàng có thể hỏi mã OTP.
    answer: false
    skills: ["4.2"]
    level: 1
  - {id: q-dien, type: text_entry, stem: Ứng dụng định danh là ___., answers: [VNeID],
     skills: ["2.6"], level: 1}
"""
OTHER = """\
questions:
  - id: q-khac
    type: true_false
    stem: Nên bật xác thực hai lớp.
    answer: true
    skills: ["4.2"]
    level: 1
"""
BANK_FILE = "question_banks/mat-khau/cau-hoi.yaml"
OTHER_FILE = "question_banks/mat-khau/khac.yaml"


def _export(tmp_path, bank: str = BANK):
    root = write_project(tmp_path / "kho", {BANK_FILE: bank, OTHER_FILE: OTHER})
    sheet = tmp_path / "r.xlsx"
    r = CliRunner().invoke(export_command, ["xlsx", str(root), "--bank", "mat-khau", "--out",
                                            str(sheet)])
    assert r.exit_code == 0, r.output
    return root, sheet


def _questions(root):
    return {e.q.id: e.q.model_dump() for e in qbank.load_project(root).banks["mat-khau"].questions}


def _edit(sheet):
    """A reviewer rewrites the stem of q-chon-mot and moves its key from B to C."""
    wb = openpyxl.load_workbook(sheet)
    ws = wb.active
    header = [c.value for c in ws[3]]
    for row in ws.iter_rows(min_row=4):
        if row[0].value == "q-chon-mot":
            row[header.index("Nội dung câu hỏi")].value = "Mật khẩu nào **khó đoán** nhất?"
            row[header.index("Đáp án đúng")].value = "C"
    wb.save(sheet)


def test_without_update_existing_questions_are_skipped_with_a_warning(tmp_path):
    root, sheet = _export(tmp_path)
    before = {p: (root / p).read_bytes() for p in (BANK_FILE, OTHER_FILE)}
    r = CliRunner().invoke(import_command, [str(sheet), "--bank", "mat-khau", "--project",
                                            str(root)])
    assert r.exit_code == 0, r.output  # nothing lost: every row is already in the project
    assert ("r.xlsx:4: cảnh báo[QB1118] câu hỏi 'q-chon-mot' đã có trong kho "
            "(question_banks/mat-khau/cau-hoi.yaml); bỏ qua. Dùng --update để cập nhật theo "
            "tệp này") in r.stdout
    assert r.stdout.count("[QB1118]") == 4
    assert "r.xlsx: 4 câu hỏi đã có trong kho, bỏ qua (--update để cập nhật)" in r.stderr
    assert sorted(p.name for p in (root / "question_banks/mat-khau").iterdir()) == \
        ["cau-hoi.yaml", "khac.yaml"]
    assert {p: (root / p).read_bytes() for p in before} == before
    result = import_files([sheet], "mat-khau", root)
    assert found(result.diagnostics, "QB1118") == [("r.xlsx", row, 0) for row in (4, 5, 6, 7)]


def test_update_replaces_exactly_the_edited_question_in_place(tmp_path):
    root, sheet = _export(tmp_path)
    before = _questions(root)
    other_bytes = (root / OTHER_FILE).read_bytes()
    _edit(sheet)
    r = CliRunner().invoke(import_command, [str(sheet), "--bank", "mat-khau", "--update",
                                            "--project", str(root)])
    assert r.exit_code == 0, r.output
    assert ("question_banks/mat-khau/cau-hoi.yaml:6: thông tin[QB1119] câu hỏi 'q-chon-mot' "
            "đã được cập nhật theo r.xlsx (trang tính \"Câu hỏi\", dòng 4)") in r.stdout.replace(str(root) + "/", "")
    assert "r.xlsx: đã cập nhật 1 câu hỏi, 3 câu không thay đổi" in r.stderr
    after = _questions(root)
    assert sorted(after) == sorted(before)  # no "-2" copies
    changed = {i for i in after if after[i] != before[i]}
    assert changed == {"q-chon-mot"}
    q = after["q-chon-mot"]
    assert q["stem"] == "Mật khẩu nào **khó đoán** nhất?"
    assert [o["correct"] for o in q["options"]] == [False, False, True]
    assert {k: v for k, v in q.items() if k not in ("stem", "options")} == \
        {k: v for k, v in before["q-chon-mot"].items() if k not in ("stem", "options")}
    # Everything around the replaced question keeps its bytes: header, title, comments, order.
    text = (root / BANK_FILE).read_text(encoding="utf-8")
    head, rest = text.split("  # câu hai\n")
    assert head.startswith(HEADER + "title: Mật khẩu\nquestions:\n  # câu một\n  - id: q-chon-mot\n")
    assert "  # câu hai\n" + rest == BANK[BANK.index("  # câu hai\n"):]
    assert head.endswith("\n\n")
    assert (root / OTHER_FILE).read_bytes() == other_bytes
    assert qbank.load_project(root).load_diagnostics == []

    # The same sheet again: nothing differs, so no file is rewritten.
    updated = (root / BANK_FILE).read_bytes()
    mtime = (root / BANK_FILE).stat().st_mtime_ns
    r = CliRunner().invoke(import_command, [str(sheet), "--bank", "mat-khau", "--update",
                                            "--project", str(root)])
    assert r.exit_code == 0 and "QB1119" not in r.stdout
    assert "r.xlsx: đã cập nhật 0 câu hỏi, 4 câu không thay đổi" in r.stderr
    assert (root / BANK_FILE).read_bytes() == updated
    assert (root / BANK_FILE).stat().st_mtime_ns == mtime


def test_update_keeps_crlf_and_bom_and_adds_new_rows_as_a_new_file(tmp_path):
    root, sheet = _export(tmp_path)
    path = root / BANK_FILE
    path.write_bytes(b"\xef\xbb\xbf" + BANK.replace("\n", "\r\n").encode("utf-8"))
    _edit(sheet)
    wb = openpyxl.load_workbook(sheet)
    ws = wb.active
    ws.append(["q-moi", "Đúng/Sai", "Không chia sẻ mã OTP.", "Đúng", "Sai", None, None, "Đúng",
               None, None, "Nhận biết", None, "4.2"])
    wb.save(sheet)
    result = import_files([sheet], "mat-khau", root, update=True)
    assert found(result.diagnostics, "QB1119") == [("cau-hoi.yaml", 6, 0)]
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf# Ng") and b"\n" not in raw.replace(b"\r\n", b"")
    assert result.files[0].ids == ["q-moi"] and result.files[0].updated == 1
    questions = _questions(root)
    assert questions["q-chon-mot"]["stem"] == "Mật khẩu nào **khó đoán** nhất?"
    assert "q-moi" in questions and not any(i.endswith("-2") for i in questions)
