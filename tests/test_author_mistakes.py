"""The mistakes a new department author makes (issue #14 §1): each is reported at its cause,
with the right advice, and does not hide the rest of the project."""

from __future__ import annotations

import json
import os
import textwrap

from click.testing import CliRunner

import qbank
from qbank.cli import main
from qbank.source.yamlpos import load_yaml

from helpers import BASE_FILES, found, write_project


def _base(rel: str) -> str:
    return textwrap.dedent(BASE_FILES[rel]).lstrip("\n")


BANK = _base("question_banks/chung/cau-hoi.yaml")
COURSE = _base("courses/khoa/course.yaml")
LESSON = _base("courses/khoa/lessons/01-bai.md")


def check_json(root, *args):
    r = CliRunner().invoke(main, ["check", str(root), "--format", "json", *args])
    return r.exit_code, json.loads(r.stdout)


def test_an_unknown_key_in_course_yaml_does_not_hide_the_rest_of_the_course(project_at):
    course = COURSE.replace("title: Khóa học", "titel: Khóa học").replace(
        "lessons: [lessons/01-bai.md]", "lessons: [lessons/01-bai.md, lessons/02-thieu.md]"
    ).replace("{after: bai, questions: [q-mot]}", "{after: bai, questions: [q-khong-co]}")
    project, diags = project_at({"courses/khoa/course.yaml": course})
    assert found(diags, "QB0201") == [("course.yaml", 2, 1)]  # titel
    assert not found(diags, "QB0202")  # no "missing 'title'" besides "did you mean 'title'?"
    # Still checked: the missing lesson file and the checkpoint's unknown question.
    assert found(diags, "QB0301") == [("course.yaml", 4, 30)]
    assert found(diags, "QB0304") == [("course.yaml", 6, 30)]
    assert project.courses[0].course.title == "Khóa học"


def test_a_tab_in_a_bank_reports_the_tab_first_and_keeps_the_other_questions(tmp_path):
    bank = BANK.replace("    answer: true", "\tanswer: true")
    write_project(tmp_path, {"question_banks/chung/cau-hoi.yaml": bank})
    project = qbank.load_project(tmp_path)
    diags = qbank.check(project)
    assert [q for q in project.questions] == ["q-mot"]  # the question without the tab
    first = diags[0] if diags[0].severity == "error" else next(
        d for d in diags if d.severity == "error")
    assert (first.code.id, first.pos.line) == ("QB0101", 14)
    # The final test's pool misses q-hai because of the tab: said so, after the cause.
    pool = [d for d in diags if d.code.id == "QB0502"]
    assert pool and pool[0].follows is not None and pool[0].follows.line == 14
    errors = [d.code.id for d in diags if d.severity == "error"]
    assert errors.index("QB0101") < errors.index("QB0502")
    text = CliRunner().invoke(main, ["check", str(tmp_path)]).stdout
    assert "(do lỗi ở question_banks/chung/cau-hoi.yaml:14)" in text
    assert "tab character" not in text  # no English in the Vietnamese message


def test_a_follow_on_unknown_question_names_its_cause_and_guesses_nothing(tmp_path):
    bank = BANK
    other = ("questions:\n  - id: q-mo\n    type: true_false\n    stem: Khác.\n    answer: true\n"
             "    skills: ['4.2']\n    level: 1\n    feedback: Vì.\n")
    write_project(tmp_path, {"question_banks/chung/cau-hoi.yaml": bank.replace(
        "    stem: Câu hỏi một?", "\tstem: Câu hỏi một?"),
        "question_banks/khac/cau-hoi.yaml": other})
    code, records = check_json(tmp_path)
    unknown = [r for r in records if r["code"] == "QB0304"]
    assert len(unknown) == 1
    assert unknown[0]["message"].endswith("(do lỗi ở question_banks/chung/cau-hoi.yaml:4)")
    assert "q-mo" not in unknown[0]["hint"]  # no guess at another bank's question
    assert records.index(unknown[0]) > next(i for i, r in enumerate(records)
                                            if r["code"] == "QB0101")


def test_a_bank_saved_in_another_encoding_is_the_cause_of_its_unknown_questions(tmp_path):
    write_project(tmp_path, {})
    path = tmp_path / "question_banks/chung/cau-hoi.yaml"
    path.write_bytes(BANK.encode("cp1258", "replace"))  # Windows' Vietnamese code page
    code, records = check_json(tmp_path)
    cause = next(r for r in records if r["code"] == "QB0111")
    unknown = [r for r in records if r["code"] == "QB0304"]
    assert code == 1 and unknown
    assert all("(do lỗi ở question_banks/chung/cau-hoi.yaml:" in r["message"] for r in unknown)
    assert all(records.index(r) > records.index(cause) for r in unknown)

def test_checkpoint_after_a_file_name_says_the_lessons_id(project_at):
    _, diags = project_at({"courses/khoa/course.yaml": COURSE.replace(
        "after: bai,", "after: 01-bai.md,")})
    d = next(d for d in diags if d.code.id == "QB0211")
    assert (d.pos.line, d.pos.col) == (6, 13)
    assert "ghi 'after: bai'" in d.hint()
    assert "01-bai-md" not in d.hint()
    _, diags = project_at({"courses/khoa/course.yaml": COURSE.replace(
        "after: bai,", "after: 01-bai,")})
    d = next(d for d in diags if d.code.id == "QB0307")
    assert "ghi 'after: bai'" in d.hint()


def test_a_reused_question_id_is_reported_on_the_newer_question(tmp_path):
    new = ("questions:\n  - id: q-hai\n    type: true_false\n    stem: Mới.\n    answer: true\n"
           "    skills: ['4.2']\n    level: 1\n    feedback: Vì.\n")
    # "a-moi" loads before "chung", but it is the file written last.
    write_project(tmp_path, {"question_banks/a-moi/cau-hoi.yaml": new})
    old = tmp_path / "question_banks/chung/cau-hoi.yaml"
    os.utime(old, (1_600_000_000, 1_600_000_000))
    diags = qbank.check(qbank.load_project(tmp_path))
    dup = [d for d in diags if d.code.id == "QB0303"]
    assert [(d.pos.path.parent.name, d.pos.line) for d in dup] == [("a-moi", 2)]
    assert "question_banks/chung/cau-hoi.yaml:11" in dup[0].message()


def test_a_released_question_keeps_its_place_when_a_copy_reuses_its_id(tmp_path):
    from qbank.release import release

    write_project(tmp_path, {})
    release(qbank.load_project(tmp_path))
    copy = ("questions:\n  - id: q-hai\n    type: true_false\n    stem: Bản sao.\n"
            "    answer: true\n    skills: ['4.2']\n    level: 1\n    feedback: Vì.\n")
    (tmp_path / "question_banks/khac").mkdir()
    (tmp_path / "question_banks/khac/x.yaml").write_text(copy, encoding="utf-8")
    os.utime(tmp_path / "question_banks/khac/x.yaml", (1_600_000_000, 1_600_000_000))
    diags = qbank.check(qbank.load_project(tmp_path))
    assert [d.pos.path.name for d in diags if d.code.id == "QB0303"] == ["x.yaml"]


def test_a_typo_in_a_released_question_never_suggests_qbank_release(tmp_path):
    from qbank.release import release

    write_project(tmp_path, {})
    release(qbank.load_project(tmp_path))
    bank = tmp_path / "question_banks/chung/cau-hoi.yaml"
    text = bank.read_text(encoding="utf-8")
    # A typo in the id: the old id is gone, the new one is a stranger.
    bank.write_text(text.replace("id: q-hai", "id: q-hia"), encoding="utf-8")
    diags = qbank.check(qbank.load_project(tmp_path))
    d = next(d for d in diags if d.code.id == "QB0320")
    assert (d.pos.path.name, d.pos.line) == ("cau-hoi.yaml", 11)
    assert "trả lại 'id: q-hai'" in d.hint()
    assert not found(diags, "QB0521")
    # A typo that breaks the question: its error is reported, not "removed, run qbank release".
    bank.write_text(text.replace("answer: true", "answer: ture"), encoding="utf-8")
    diags = qbank.check(qbank.load_project(tmp_path))
    assert found(diags, "QB0213") == [("cau-hoi.yaml", 14, 13)]
    assert not found(diags, "QB0521")
    assert all("qbank release" not in d.hint() or "Đừng" in d.hint() for d in diags)


def test_yaml_syntax_messages_name_the_real_mistake_in_vietnamese():
    from pathlib import Path

    def message(text):
        (d,) = load_yaml(text, Path("x.yaml")).diagnostics
        return d.message("vi"), (d.pos.line, d.pos.col)

    quotes, pos = message('id: a\nstem: "Bấm "Đăng nhập" rồi"\nlevel: 1\n')
    assert "bên trong lại có dấu \"" in quotes and pos[0] == 2
    indent, _ = message("questions:\n  - id: a\n     stem: abc\n    level: 1\n")
    assert indent.startswith("lỗi cú pháp YAML: thụt lề không khớp")
    colon, _ = message("questions:\n  - id: a\n    stem: Chú ý: abc\n")
    assert "dấu ':' cần đặt trong ngoặc kép" in colon
    tab, _ = message("questions:\n  - id: a\n\tstem: abc\n")
    for text in (quotes, indent, colon, tab, message("start: 2026-13-45\n")[0]):
        assert "not allowed" not in text and "(" not in text.split(":", 1)[1][:3]
        assert not any(w in text for w in ("mapping", "found", "expected", "character"))


def test_a_lesson_without_skills_is_reported(project_at):
    _, diags = project_at({"courses/khoa/lessons/01-bai.md": LESSON.replace(
        'skills: ["4.2"]\n', "")})
    assert found(diags, "QB0321") == [("01-bai.md", 2, 1)]


def test_answer_letter_on_a_single_choice_says_correct_true(project_at):
    bank = BANK.replace("{text: Đúng là A, correct: true}", "{text: Đúng là A}").replace(
        "    options:\n", "    answer: A\n    options:\n", 1)
    project, diags = project_at({"question_banks/chung/cau-hoi.yaml": bank})
    d = next(d for d in diags if d.code.id == "QB0212")
    assert (d.pos.line, d.pos.col) == (5, 5)
    assert "correct: true" in d.message() and "phương án A: 'Đúng là A'" in d.hint()
    # Recovered as meant: the question still counts, with A as its key, and no QB0401.
    assert project.questions["q-mot"].q.keys == [0]
    assert not found(diags, "QB0401")


def test_true_false_answer_in_words_says_true_or_false(project_at):
    project, diags = project_at({"question_banks/chung/cau-hoi.yaml": BANK.replace(
        "answer: true", "answer: Đúng")})
    d = next(d for d in diags if d.code.id == "QB0213")
    assert (d.pos.line, d.pos.col) == (14, 13)
    assert "true (Đúng) hoặc false (Sai)" in d.message()
    assert "Có phải ý bạn là 'answer: true'?" in d.hint()
    assert project.questions["q-hai"].q.answer is True


def test_a_simplified_version_without_source_hash_says_qbank_stamp(project_at):
    _, diags = project_at({"courses/khoa/lessons/01-bai.simple.md":
                           "---\ntitle: Bài học\n---\n\nNgắn gọn.\n"})
    d = next(d for d in diags if d.code.id == "QB0214")
    assert d.pos.path.name == "01-bai.simple.md" and d.pos.line == 2
    assert "qbank stamp" in d.hint() and "01-bai.simple.md" in d.hint()
    # Not "the lesson has no simplified version": it has one, with an error.
    assert not found(diags, "QB0603")


def test_provisional_framework_warnings_are_said_once_and_can_be_acknowledged(tmp_path):
    second = COURSE.replace("id: khoa", "id: khoa-hai").replace("id: kiem-tra", "id: kt-hai").replace(
        "after: bai,", "after: bai-hai,")
    lesson = LESSON.replace("id: bai", "id: bai-hai")
    write_project(tmp_path, {"courses/khoa-hai/course.yaml": second,
                             "courses/khoa-hai/lessons/01-bai.md": lesson})
    diags = qbank.check(qbank.load_project(tmp_path))
    group = [d for d in diags if d.code.id == "QB0504"]
    assert len(group) == 1 and "; 2 khóa học)" in group[0].message()
    assert "acknowledge: [QB0504]" in group[0].hint()
    config = tmp_path / "qbank.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "acknowledge: [QB0504]\n",
                      encoding="utf-8")
    code, records = check_json(tmp_path)
    assert "QB0504" not in {r["code"] for r in records}
    assert code == 0


def test_scaffold_placeholders_warn_in_check_and_stop_the_build(tmp_path):
    root = tmp_path / "r"
    assert CliRunner().invoke(main, ["init", str(root)]).exit_code == 0
    code, records = check_json(root)
    assert code == 0
    got = {(r["path"], r["line"], r["col"]) for r in records if r["code"] == "QB0740"}
    assert got == {("qbank.yaml", 4, 9), ("qbank.yaml", 5, 9),
                   ("courses/khoa-hoc-mau/course.yaml", 2, 5), ("handbooks/index.md", 7, 13)}
    r = CliRunner().invoke(main, ["build", str(root), "--only", "json"])
    assert r.exit_code == 1
    assert "lỗi[QB0741] không xuất bản: mã đơn vị vẫn là giá trị mẫu của 'qbank init': 'DONVI'" \
        in r.stdout
    assert "còn giá trị mẫu" in r.stderr
    assert not (root / "dist").exists()
    # With the organization filled in, the sample course alone still stops the build.
    config = root / "qbank.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        '"Tên cơ quan, đơn vị"', "Sở Y tế").replace("code: DONVI", "code: SYT"), encoding="utf-8")
    index = root / "handbooks/index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("Tên cơ quan, đơn vị", "Sở Y tế"),
                     encoding="utf-8")
    r = CliRunner().invoke(main, ["build", str(root), "--only", "json"])
    assert r.exit_code == 1 and "'khoa-hoc-mau'" in r.stdout


def test_an_unknown_key_in_qbank_yaml_does_not_hide_the_courses(project_at):
    config = textwrap.dedent(BASE_FILES["qbank.yaml"]).lstrip("\n") + "outputz: [qti30]\n"
    _, diags = project_at({"qbank.yaml": config, "courses/khoa/course.yaml": COURSE.replace(
        "questions: [q-mot]", "questions: [q-khong-co]")})
    assert found(diags, "QB0201") == [("qbank.yaml", 6, 1)]
    assert found(diags, "QB0304") == [("course.yaml", 6, 30)]  # the course was still checked


def test_a_lesson_whose_front_matter_cannot_be_read_is_the_cause_of_its_checkpoint_error(
        project_at):
    lesson = LESSON.replace("title: Bài học", 'title: "Bài "một" học"')
    _, diags = project_at({"courses/khoa/lessons/01-bai.md": lesson})
    errors = [d for d in diags if d.severity == "error"]
    assert errors[0].code.id == "QB0101" and errors[0].pos.path.name == "01-bai.md"
    after = next(d for d in diags if d.code.id == "QB0307")
    assert after.follows == errors[0].pos and after.extra_hint is None
    assert "(do lỗi ở courses/khoa/lessons/01-bai.md:3)" in CliRunner().invoke(
        main, ["check", str(errors[0].pos.path.parents[3])]).stdout
