"""Released items are protected; `qbank diff` lists item changes between revisions."""

from __future__ import annotations

import json
import subprocess

from click.testing import CliRunner

import qbank
from qbank.cli import main

from helpers import found, write_project


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_release_records_items_and_check_refuses_silent_changes(tmp_path):
    write_project(tmp_path, {})
    r = invoke("release", tmp_path)
    assert r.exit_code == 0 and "khoa: 2 câu hỏi đã ghi nhận" in r.stdout
    lock = json.loads((tmp_path / "qbank.lock").read_text(encoding="utf-8"))
    assert sorted(lock["courses"]["khoa"]["items"]) == ["q-hai", "q-mot"]
    bank = tmp_path / "question_banks/chung/cau-hoi.yaml"
    edit(bank, "feedback: Vì A.", "feedback: Vì A là đúng.")  # explanation: allowed
    assert "QB0520" not in {d.code.id for d in qbank.check(qbank.load_project(tmp_path))}
    edit(bank, "{text: Là B}", "{text: Là C}")  # an option: not allowed
    diags = qbank.check(qbank.load_project(tmp_path))
    assert found(diags, "QB0520") == [("cau-hoi.yaml", 2, 9)]
    assert invoke("check", tmp_path).exit_code == 1
    edit(bank, "id: q-mot\n", "id: q-mot\n    version: 2\n")  # an explicit bump: allowed
    assert "QB0520" not in {d.code.id for d in qbank.check(qbank.load_project(tmp_path))}


def test_removed_released_item_is_a_warning_and_bad_lock_an_error(tmp_path):
    write_project(tmp_path, {})
    invoke("release", tmp_path)
    bank = tmp_path / "question_banks/chung/cau-hoi.yaml"
    text = bank.read_text(encoding="utf-8")
    bank.write_text(text[:text.index("  - id: q-hai")], encoding="utf-8")  # q-hai deleted
    lock_lines = (tmp_path / "qbank.lock").read_text(encoding="utf-8").split("\n")
    line = next(n for n, s in enumerate(lock_lines, 1) if s.strip().startswith('"q-hai":'))
    col = lock_lines[line - 1].index('"q-hai"') + 1
    assert found(qbank.check(qbank.load_project(tmp_path)), "QB0521") == [("qbank.lock", line, col)]
    (tmp_path / "qbank.lock").write_text("{không phải json", encoding="utf-8")
    assert found(qbank.check(qbank.load_project(tmp_path)), "QB0522") == [("qbank.lock", 1, 1)]
    bad = next(d for d in qbank.check(qbank.load_project(tmp_path)) if d.code.id == "QB0522")
    assert bad.message("vi") == ("không đọc được qbank.lock: không phải tệp khóa của qbank "
                                 "(JSON hỏng hoặc thiếu 'format', 'courses')")
    assert bad.message("en").startswith("cannot read qbank.lock: Expecting property name")


def test_release_refuses_content_with_errors(tmp_path):
    write_project(tmp_path, {"question_banks/chung/x.yaml": "questions: [{id: X}]\n"})
    assert invoke("release", tmp_path).exit_code == 1
    assert not (tmp_path / "qbank.lock").exists()


def _git(root, *args):
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
                        "HOME": str(root), "PATH": "/usr/bin:/bin"})


def test_diff_between_revisions_and_tags(tmp_path):
    write_project(tmp_path, {})
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "v1")
    _git(tmp_path, "tag", "phat-hanh-1")
    bank = tmp_path / "question_banks/chung/cau-hoi.yaml"
    edit(bank, "answer: true", "answer: false")
    edit(bank, "questions:\n", "questions:\n  - {id: q-moi, type: true_false, stem: Mới, "
                               "answer: true, skills: ['4.2'], level: 1, feedback: Vì.}\n")
    _git(tmp_path, "commit", "-qam", "v2")
    r = invoke("diff", "phat-hanh-1", "HEAD", "--path", tmp_path, "--format", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["courses"]["khoa"] == {"added": ["q-moi"], "removed": [],
                                                       "changed": ["q-hai"]}
    text = invoke("diff", "phat-hanh-1", "--path", tmp_path).stdout
    assert "khoa: 1 thêm, 0 bỏ, 1 sửa" in text and "  ~ q-hai" in text
    bad = invoke("diff", "khong-co-tag", "--path", tmp_path)
    assert bad.exit_code == 2 and "git báo lỗi" in bad.stderr
