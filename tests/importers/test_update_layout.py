"""`qbank import --update` keeps the author's layout: only the values the sheet changed are
rewritten, where they stand; comments, flow lists, quotes and block texts of untouched fields
keep their bytes."""

from __future__ import annotations

import openpyxl

import qbank
from qbank.importers import import_files

from test_update import BANK, BANK_FILE, _export


def _set(sheet, ident, **cells):
    wb = openpyxl.load_workbook(sheet)
    ws = wb.active
    header = [c.value for c in ws[3]]
    for row in ws.iter_rows(min_row=4):
        if row[0].value == ident:
            for name, value in cells.items():
                row[header.index(name)].value = value
    wb.save(sheet)


def _update(root, sheet):
    result = import_files([sheet], "mat-khau", root, update=True)
    assert result.ok
    assert qbank.load_project(root).load_diagnostics == []
    return (root / BANK_FILE).read_text(encoding="utf-8")


def test_only_the_changed_values_are_rewritten(tmp_path):
    root, sheet = _export(tmp_path)
    _set(sheet, "q-chon-mot", **{"Nội dung câu hỏi": "Mật khẩu nào **khó đoán** nhất?",
                                 "Đáp án đúng": "C"})
    _set(sheet, "q-dien", **{"Mức độ": "Thông hiểu"})
    text = _update(root, sheet)
    expected = BANK.replace('stem: "Mật khẩu nào **an toàn** nhất?"',
                            'stem: "Mật khẩu nào **khó đoán** nhất?"')
    expected = expected.replace('      - {text: "Tr@ng-Xanh!Lua2025", correct: true}\n'
                                "      - {text: ngày sinh}\n",
                                "      - {text: Tr@ng-Xanh!Lua2025}\n"
                                "      - {text: ngày sinh, correct: true}\n")
    expected = expected.replace('skills: ["2.6"], level: 1}', 'skills: ["2.6"], level: 2}')
    assert text == expected


def test_a_block_text_stays_a_block_and_added_keys_go_last(tmp_path):
    root, sheet = _export(tmp_path)
    _set(sheet, "q-chon-mot", **{"Giải thích": "Mật khẩu mạnh:\n- dài\n- khó đoán",
                                 "Chủ đề": "Mật khẩu"})
    _set(sheet, "q-dung-sai", **{"Giải thích": "Ngân hàng không bao giờ hỏi mã OTP."})
    text = _update(root, sheet)
    expected = BANK.replace("      - có ký tự đặc biệt\n",
                            "      - khó đoán\n    tags:\n    - mat-khau\n")
    expected = expected.replace(
        "    answer: false\n    skills: [\"4.2\"]\n    level: 1\n",
        "    answer: false\n    skills: [\"4.2\"]\n    level: 1\n"
        "    feedback: Ngân hàng không bao giờ hỏi mã OTP.\n")
    assert text == expected


def test_a_removed_value_takes_its_line_with_it(tmp_path):
    root, sheet = _export(tmp_path)
    _set(sheet, "q-chon-mot", **{"Giải thích": None})
    text = _update(root, sheet)
    start = BANK.index("    feedback: |-\n")
    end = BANK.index("\n\n  # câu hai")
    assert text == BANK[:start].rstrip("\n") + BANK[end:]
    q = next(e.q for e in qbank.load_project(root).banks["mat-khau"].questions
             if e.q.id == "q-chon-mot")
    assert q.feedback is None
