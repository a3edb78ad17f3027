"""The reviewers' spreadsheet speaks Vietnamese: uses and review states are not English codes
(issue #14 §2), and they still read back as the same questions (test_roundtrip_xlsx)."""

from __future__ import annotations

import openpyxl
from click.testing import CliRunner

from qbank.importers.commands import export_command

from helpers import write_project


def test_use_and_review_columns_are_vietnamese(tmp_path):
    src = write_project(tmp_path / "src", {})
    out = tmp_path / "sheet.xlsx"
    r = CliRunner().invoke(export_command, ["xlsx", str(src), "--bank", "chung", "--out",
                                            str(out)])
    assert r.exit_code == 0, r.output
    values = [str(c.value) for row in openpyxl.load_workbook(out).active.iter_rows()
              for c in row if c.value is not None]
    assert "kiểm tra giữa bài, kiểm tra cuối khóa" in values
    assert "bản nháp" in values
    assert not {"checkpoint, final", "draft", "final", "checkpoint"} & set(values)
