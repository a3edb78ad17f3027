"""The command line in Vietnamese, help included; English with --lang en (issue #14 §2, §3)."""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner

from qbank.cli import main


def invoke(*args, env=None):
    return CliRunner().invoke(main, list(args), env=env)


def test_qbank_alone_prints_its_help_and_exits_0():
    r = invoke()
    assert r.exit_code == 0
    assert r.stdout.startswith("Cách dùng: qbank")
    assert "Tùy chọn:" in r.stdout and "Lệnh:" in r.stdout and "check" in r.stdout
    assert r.stderr == ""


def test_help_pages_have_no_english_chrome():
    for args in ([], ["check", "--help"], ["build", "-h"], ["report"]):
        out = invoke(*args).stdout
        for english in ("Usage:", "Options:", "Commands:", "Show this message",
                        "Show the version"):
            assert english not in out, (args, english)


def test_usage_placeholders_are_vietnamese_too():
    assert invoke("check", "--help").stdout.startswith(
        "Cách dùng: qbank check [TÙY_CHỌN] [ĐƯỜNG_DẪN]")
    init = invoke("init", "--help").stdout
    assert init.startswith("Cách dùng: qbank init [TÙY_CHỌN] THƯ_MỤC") and "--org-name CHỮ" in init


def test_english_with_lang_en_or_qbank_lang():
    assert invoke("check", "--help", "--lang", "en").stdout.startswith("Usage: qbank check")
    out = invoke("--help", env={"QBANK_LANG": "en"}).stdout
    assert out.startswith("Usage: qbank") and "Options:" in out and "Commands:" in out
    # …and back to Vietnamese for the next command in the same process.
    assert invoke("--help").stdout.startswith("Cách dùng:")


def test_unknown_command_is_explained_in_vietnamese_with_a_guess():
    r = invoke("chek")
    assert r.exit_code == 2
    assert "lỗi: không có lệnh 'chek'; có phải ý bạn là 'check'" in r.stderr
    assert "No such command" not in r.stderr and "Usage:" not in r.stderr


def test_a_real_process_without_arguments_exits_0():
    p = subprocess.run([sys.executable, "-m", "qbank"], capture_output=True, text=True)
    assert p.returncode == 0 and p.stdout.startswith("Cách dùng: qbank")
