"""qbank → xlsx (`qbank export xlsx`) → `qbank import` gives back the same questions."""

from __future__ import annotations

import datetime
import zipfile

import openpyxl
from click.testing import CliRunner

import qbank
from qbank.importers import import_files
from qbank.importers.commands import export_command

from helpers import write_project

BANK = """
questions:
  - id: q-chon-mot
    type: single_choice
    stem: "Mật khẩu nào **an toàn** nhất?"
    options:
      - {text: "123456", feedback: Quá dễ đoán.}
      - {text: "Tr@ng-Xanh!Lua2025", correct: true}
      - {text: ngày sinh}
    shuffle: false
    skills: ["4.2"]
    level: 2
    use: [final]
    tags: [mat-khau]
    feedback: |-
      Mật khẩu mạnh:
      - dài
      - có ký tự đặc biệt
    review: {status: reviewed, reviewer: Lê Thị B, date: "2025-06-01"}
    version: 2
  - id: q-nhieu
    type: multiple_response
    stem: Việc nào giúp an toàn?
    options:
      - {text: Bật xác thực hai lớp, correct: true}
      - {text: Chia sẻ mã OTP}
      - {text: Cập nhật phần mềm, correct: true}
      - {text: Dùng một mật khẩu cho mọi nơi}
      - {text: Sao lưu dữ liệu, correct: true}
    skills: ["4.1", "4.2"]
    level: 3
  - id: q-dung-sai
    type: true_false
    stem: Ngân hàng có thể hỏi mã OTP.
    answer: false
    skills: ["4.2"]
    level: 1
    use: [checkpoint]
  - id: q-dien
    type: text_entry
    stem: Ứng dụng định danh điện tử là ___.
    answers: [VNeID, Vneid]
    accept_without_diacritics: true
    skills: ["2.6"]
    level: 1
  - id: q-sap-xep
    type: ordering
    stem: Sắp xếp các bước đăng nhập.
    items: [Mở ứng dụng, Nhập số định danh, Nhập mật khẩu]
    skills: ["2.6"]
    level: 2
  - id: q-ghep
    type: matching
    stem: Ghép ứng dụng với công dụng.
    pairs:
      - {left: VNeID, right: Định danh}
      - {left: Zalo, right: Nhắn tin}
    distractors: [Chơi game]
    skills: ["2.1"]
    level: 4
"""


def test_export_then_import_gives_the_same_questions(tmp_path):
    src = write_project(tmp_path / "src", {"question_banks/chung/cau-hoi.yaml": BANK})
    sheet = tmp_path / "review.xlsx"
    r = CliRunner().invoke(export_command, ["xlsx", str(src), "--bank", "chung", "--out",
                                            str(sheet)])
    assert r.exit_code == 0, r.output
    assert "6 câu hỏi" in r.stderr
    again = CliRunner().invoke(export_command, ["xlsx", str(src), "--bank", "chung", "--out",
                                                str(sheet)])
    assert again.exit_code == 2  # exists, no --force

    dst = write_project(tmp_path / "dst", {"question_banks/chung/cau-hoi.yaml": None,
                                           "courses/khoa/course.yaml": None})
    result = import_files([sheet], "chung", dst)
    assert result.diagnostics == [] and result.files[0].imported == 6
    before = {e.q.id: e.q.model_dump() for e in qbank.load_project(src).banks["chung"].questions}
    loaded = qbank.load_project(dst)
    assert loaded.load_diagnostics == []
    after = {e.q.id: e.q.model_dump() for e in loaded.banks["chung"].questions}
    assert after == before


def test_export_is_byte_identical_on_rerun_and_still_imports(tmp_path):
    src = write_project(tmp_path / "src", {"question_banks/chung/cau-hoi.yaml": BANK})
    first, second = tmp_path / "lan-1.xlsx", tmp_path / "lan-2.xlsx"
    for sheet in (first, second):
        r = CliRunner().invoke(export_command, ["xlsx", str(src), "--bank", "chung", "--out",
                                                str(sheet)])
        assert r.exit_code == 0, r.output
    assert first.read_bytes() == second.read_bytes()
    # Nothing in the file depends on when it was written.
    with zipfile.ZipFile(first) as z:
        assert z.namelist() == sorted(z.namelist())
        assert {i.date_time for i in z.infolist()} == {(2000, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode("utf-8")
    assert core.count("2000-01-01T00:00:00Z") == 2
    wb = openpyxl.load_workbook(first)
    assert wb.properties.modified == wb.properties.created == datetime.datetime(2000, 1, 1)

    dst = write_project(tmp_path / "dst", {"question_banks/chung/cau-hoi.yaml": None,
                                           "courses/khoa/course.yaml": None})
    result = import_files([second], "chung", dst)
    assert result.diagnostics == [] and result.files[0].imported == 6
    before = {e.q.id: e.q.model_dump() for e in qbank.load_project(src).banks["chung"].questions}
    after = {e.q.id: e.q.model_dump() for e in qbank.load_project(dst).banks["chung"].questions}
    assert after == before
