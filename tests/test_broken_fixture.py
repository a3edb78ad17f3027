"""The broken fixture tree: every planted mistake is reported at its exact place."""

from __future__ import annotations

import json

from click.testing import CliRunner

from qbank.cli import main

from helpers import FIXTURES

BROKEN = FIXTURES / "broken"

# (path, line, col, code): one line per planted mistake.
PLANTED = {
    ("courses/khoa-cbcc/lessons/01-bai-cbcc.md", 4, 10, "QB0501"),  # citizen skill, civil servants
    ("courses/khoa-loi/course.yaml", 6, 5, "QB0301"),  # lesson file missing
    ("courses/khoa-loi/course.yaml", 7, 5, "QB0302"),  # path leaves the project
    ("courses/khoa-loi/course.yaml", 10, 12, "QB0307"),  # checkpoint after an unknown lesson
    ("courses/khoa-loi/course.yaml", 13, 17, "QB0304"),  # unknown question
    ("courses/khoa-loi/course.yaml", 21, 15, "QB0502"),  # pool too small
    ("courses/khoa-loi/course.yaml", 25, 15, "QB0502"),  # pool empty (unknown bank)
    ("courses/khoa-loi/course.yaml", 27, 17, "QB0308"),  # unknown bank
    ("courses/khoa-loi/lessons/01-bai-mot.md", 11, 14, "QB0306"),  # image missing
    ("courses/khoa-loi/lessons/01-bai-mot.simple.md", 3, 14, "QB0601"),  # outdated variant
    ("courses/khoa-loi/lessons/01-bai-mot.simple.md", 5, 3, "QB0602"),  # reviewed, no reviewer
    ("courses/khoa-loi/lessons/03-khong-front-matter.md", 1, 1, "QB0120"),  # no front matter
    ("courses/khoa-sai-doi-tuong/course.yaml", 3, 11, "QB0309"),  # unknown audience
    ("qbank.yaml", 14, 12, "QB0313"),  # unknown framework group
    ("question_banks/Ngan Hang", 0, 0, "QB0312"),  # bank folder is not an id
    ("question_banks/an-toan/cau-hoi.yaml", 7, 7, "QB0401"),  # two keys in single choice
    ("question_banks/an-toan/cau-hoi.yaml", 13, 11, "QB0203"),  # unknown question type
    ("question_banks/an-toan/cau-hoi.yaml", 17, 9, "QB0205"),  # invalid id
    ("question_banks/an-toan/cau-hoi.yaml", 28, 12, "QB0204"),  # level 7
    ("question_banks/an-toan/cau-hoi.yaml", 33, 14, "QB0305"),  # unknown skill code
    ("question_banks/an-toan/cau-hoi.yaml", 40, 16, "QB0403"),  # duplicate option
    ("question_banks/an-toan/cau-hoi.yaml", 43, 5, "QB0202"),  # text entry without answers
    ("question_banks/an-toan/cau-hoi.yaml", 54, 5, "QB0201"),  # misspelt key
    ("question_banks/an-toan/cau-hoi.yaml", 62, 15, "QB0306"),  # question media missing
    ("question_banks/an-toan/cau-hoi.yaml", 67, 7, "QB0207"),  # matching with one pair
    ("question_banks/an-toan/cau-hoi.yaml", 74, 7, "QB0402"),  # multiple response, no key
    ("question_banks/khac/lap-khoa.yaml", 5, 5, "QB0102"),  # duplicate key
    ("question_banks/khac/lap-khoa.yaml", 9, 9, "QB0303"),  # duplicate id across banks
    ("question_banks/khac/latin1.yaml", 2, 12, "QB0111"),  # not UTF-8
    ("question_banks/khac/tab.yaml", 3, 1, "QB0101"),  # tab indentation
}
# Expected besides the planted mistakes: provisional framework groups, unset policy.
EXPECTED_NOTES = {
    ("courses/khoa-cbcc/course.yaml", 3, 11, "QB0504"),
    ("courses/khoa-loi/course.yaml", 3, 11, "QB0504"),
    ("qbank.yaml", 1, 1, "QB0508"),
    ("courses/khoa-sai-doi-tuong/lessons/01-bai.md", 2, 1, "QB0321"),  # lesson without skills
    ("question_banks/an-toan/cau-hoi.yaml", 40, 16, "QB0705"),  # the double space of QB0403
}


def run(*args):
    return CliRunner().invoke(main, ["check", str(BROKEN), *args])


def test_json_reports_every_planted_mistake_at_its_line_and_nothing_else():
    result = run("--format", "json")
    assert result.exit_code == 1
    # Item-writing advice (QB08xx) is tested on its own; the fixture's questions are minimal.
    records = [r for r in json.loads(result.stdout) if not r["code"].startswith("QB08")]
    got = {(r["path"], r["line"], r["col"], r["code"]) for r in records}
    assert got == PLANTED | EXPECTED_NOTES
    assert len(records) == len(got)  # nothing reported twice
    assert len({p[3] for p in PLANTED}) >= 15


def test_json_records_have_exactly_the_documented_keys():
    records = json.loads(run("--format", "json").stdout)
    assert records
    for r in records:
        assert list(r) == ["code", "severity", "message", "path", "line", "col", "hint"]
        assert r["severity"] in ("error", "warning", "info")


def test_text_output_is_vietnamese_by_default_with_hints():
    out = run().stdout
    assert ("question_banks/an-toan/cau-hoi.yaml:54:5: lỗi[QB0201] khóa không hợp lệ 'feedbak'"
            in out)
    assert "    gợi ý: Có phải ý bạn là 'feedback'?" in out


def test_english_with_lang_option_and_environment(monkeypatch):
    assert "error[QB0201] unknown key 'feedbak'" in run("--lang", "en").stdout
    monkeypatch.setenv("QBANK_LANG", "en")
    assert "hint: Did you mean 'feedback'?" in run().stdout


def test_github_annotations():
    out = run("--format", "github").stdout
    assert ("::error file=question_banks/an-toan/cau-hoi.yaml,line=54,col=5,title=QB0201::"
            in out)
    assert "::notice file=qbank.yaml,line=1,col=1,title=QB0508::" in out
