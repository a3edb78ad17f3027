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


def test_the_repositorys_banks_survive_the_reviewer_round_trip_byte_for_byte(tmp_path):
    """Export every bank of this repository, import the sheets back with --update: no file
    changes (text entries with ten accepted answers, `case_sensitive: false` spelled out,
    indented lists)."""
    import shutil

    from qbank.importers.export_xlsx import export

    from helpers import REPO

    root = tmp_path / "kho"
    root.mkdir()
    for part in ("qbank.yaml", "courses", "question_banks"):
        source = REPO / part
        (shutil.copytree if source.is_dir() else shutil.copy)(source, root / part)
    before = {p: p.read_bytes() for p in (root / "question_banks").rglob("*.yaml")}
    project = qbank.load_project(root)
    for bank in sorted(project.banks):
        sheet = tmp_path / f"{bank}.xlsx"
        export(project, sheet, bank=bank)
        result = import_files([sheet], bank, root, update=True)
        assert result.ok and [f.updated for f in result.files] == [0], bank
    assert {p: p.read_bytes() for p in before} == before


def test_a_changed_list_keeps_its_indentation_and_its_neighbours(tmp_path):
    bank = BANK.replace(
        '  - {id: q-dien, type: text_entry, stem: Ứng dụng định danh là ___., answers: [VNeID],\n'
        '     skills: ["2.6"], level: 1}\n',
        "  - id: q-dien\n    type: text_entry\n    stem: Ứng dụng định danh là ___.\n"
        "    answers:\n      - VNeID\n      - vneid   # viết thường\n    case_sensitive: false\n"
        '    skills: ["2.6"]\n    level: 1\n')
    root, sheet = _export(tmp_path, bank)
    _set(sheet, "q-dien", **{"Phương án C": "Vneid"})
    text = _update(root, sheet)
    assert text == bank.replace("      - vneid   # viết thường\n",
                                "      - vneid   # viết thường\n      - Vneid\n")
