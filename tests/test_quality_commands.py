"""qbank coverage, stats and fix, through the command line."""

from __future__ import annotations

import json
import unicodedata

from click.testing import CliRunner

from qbank.cli import main

from helpers import write_project


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_coverage_lists_items_with_lessons_questions_and_gaps(tmp_path):
    write_project(tmp_path, {"courses/khoa/lessons/02-them.md": "---\nid: them\ntitle: Thêm\n"
                                                                "skills: ['1.1']\n---\nx\n"})
    course = (tmp_path / "courses/khoa/course.yaml")
    course.write_text(course.read_text(encoding="utf-8").replace(
        "lessons: [lessons/01-bai.md]", "lessons: [lessons/01-bai.md, lessons/02-them.md]"),
        encoding="utf-8")
    data = json.loads(invoke("coverage", tmp_path, "--format", "json").stdout)
    items = {i["code"]: i for i in data[0]["items"]}
    assert items["4.2"]["lessons"] == ["bai"]
    assert items["4.2"]["checkpoint"] == ["q-mot"]
    assert items["4.2"]["final_pool"] == ["q-mot", "q-hai"]
    assert items["4.2"]["gaps"] == []
    assert items["1.1"]["gaps"] == ["taught-not-assessed"]
    assert len(items) == 29  # 24 competencies + 5 citizens' items of letter 3139
    md = invoke("coverage", tmp_path, "--format", "md").stdout
    assert "| 4.2 | Bảo vệ dữ liệu cá nhân và quyền riêng tư | 1 | 1 | 2 | — |" in md
    assert "| 1.1 | Duyệt, tìm kiếm và lọc dữ liệu, thông tin và nội dung số | 1 | 0 | 0 | " \
           "dạy nhưng chưa kiểm tra |" in md
    assert invoke("coverage", tmp_path, "--course", "khong-co").exit_code == 2


def test_stats_counts_every_dimension(tmp_path):
    write_project(tmp_path, {})
    data = json.loads(invoke("stats", tmp_path, "--format", "json").stdout)
    assert data == {"questions": 2, "course": {"khoa": 2}, "bank": {"chung": 2},
                    "type": {"single_choice": 1, "true_false": 1}, "skill": {"4.2": 2},
                    "level": {"1": 1, "2": 1}, "use": {"checkpoint": 2, "final": 2},
                    "review": {"draft": 2}}
    assert "ngân hàng\n  chung  " in invoke("stats", tmp_path).stdout


NFD_BANK = ("# Ghi chú của tác giả: giữ nguyên dòng này\n"
            "questions:\n"
            "  - id: q-nfd\n"
            "    type: true_false\n"
            "    stem: " + unicodedata.normalize("NFD", "Kỹ năng số rất cần thiết.") + "   \n"
            "    answer: true      # chú thích cuối dòng\n"
            "    skills: ['4.2']\n"
            "    level: 1\n"
            "    feedback: Vì\u200b đúng.\n")


def test_fix_dry_run_shows_a_diff_and_writes_nothing(tmp_path):
    write_project(tmp_path, {"question_banks/chung/nfd.yaml": NFD_BANK})
    path = tmp_path / "question_banks/chung/nfd.yaml"
    before = path.read_bytes()
    r = invoke("fix", tmp_path, "--dry-run")
    assert r.exit_code == 0
    assert "-    stem: " in r.stdout and "+    stem: Kỹ năng số rất cần thiết." in r.stdout
    assert ("question_banks/chung/nfd.yaml: chuẩn hóa Unicode NFC (dấu tổ hợp); bỏ ký tự ẩn, "
            "đổi khoảng trắng không ngắt; bỏ khoảng trắng cuối dòng") in r.stderr
    assert "nfc; invisible-characters; trailing-whitespace" in invoke(
        "fix", tmp_path, "--dry-run", "--lang", "en").stderr
    assert path.read_bytes() == before


def test_fix_repairs_nfd_and_changes_no_other_byte(tmp_path):
    write_project(tmp_path, {"question_banks/chung/nfd.yaml": NFD_BANK})
    path = tmp_path / "question_banks/chung/nfd.yaml"
    assert invoke("fix", tmp_path).exit_code == 0
    expected = (NFD_BANK.replace(unicodedata.normalize("NFD", "Kỹ năng số rất cần thiết.") + "   ",
                                 "Kỹ năng số rất cần thiết.").replace("\u200b", ""))
    assert path.read_text(encoding="utf-8") == expected
    assert "# chú thích cuối dòng" in expected
    assert invoke("fix", tmp_path, "--dry-run").stdout == ""  # nothing left to repair
