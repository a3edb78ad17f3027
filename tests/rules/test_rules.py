"""Each rule fires at the right place on a small project, and not on the clean base project."""

from __future__ import annotations

import textwrap

import pytest

from helpers import BASE_FILES, codes, found

BANK = "question_banks/chung/cau-hoi.yaml"
COURSE = "courses/khoa/course.yaml"
LESSON = "courses/khoa/lessons/01-bai.md"
SIMPLE = "courses/khoa/lessons/01-bai.simple.md"


def replace(rel: str, old: str, new: str) -> dict:
    text = textwrap.dedent(BASE_FILES[rel]).lstrip("\n")
    assert old in text, old
    return {rel: text.replace(old, new, 1)}


CASES = [
    # (id, changed files, code, (file, line, col))
    ("duplicate-id", replace(BANK, "id: q-hai", "id: q-mot"), "QB0303", ("cau-hoi.yaml", 11, 9)),
    ("unknown-question", replace(COURSE, "questions: [q-mot]", "questions: [q-mott]"), "QB0304",
     ("course.yaml", 6, 30)),
    ("unknown-skill-in-question", replace(BANK, 'skills: ["4.2"]\n    level: 2',
                                          'skills: ["4.9"]\n    level: 2'), "QB0305",
     ("cau-hoi.yaml", 15, 14)),
    ("unknown-skill-in-lesson", replace(LESSON, '["4.2"]', '["44.2"]'), "QB0305",
     ("01-bai.md", 4, 10)),
    ("unknown-lesson", replace(COURSE, "after: bai,", "after: bai-khac,"), "QB0307",
     ("course.yaml", 6, 13)),
    ("unknown-bank", replace(COURSE, "banks: [chung]", "banks: [chungg]"), "QB0308",
     ("course.yaml", 10, 44)),
    ("unknown-audience", replace(COURSE, "audience: nguoi-dan", "audience: dan"), "QB0309",
     ("course.yaml", 3, 11)),
    ("unknown-group", replace("qbank.yaml", "group: nguoi-dan", "group: dan"), "QB0313",
     ("qbank.yaml", 3, 46)),
    ("missing-lesson-file", replace(COURSE, "lessons/01-bai.md", "lessons/02-bai.md"), "QB0301",
     ("course.yaml", 4, 11)),
    ("lesson-outside", replace(COURSE, "lessons/01-bai.md", "/etc/passwd"), "QB0302",
     ("course.yaml", 4, 11)),
    ("checkpoint-use", replace(BANK, "feedback: Vì A.", "feedback: Vì A.\n    use: [final]"),
     "QB0314", ("course.yaml", 6, 30)),
    ("single-choice-key", replace(BANK, "{text: Là B}", "{text: Là B, correct: true}"), "QB0401",
     ("cau-hoi.yaml", 6, 7)),
    ("duplicate-option", replace(BANK, "{text: Là B}", "{text: đúng là a}"), "QB0403",
     ("cau-hoi.yaml", 7, 16)),
    ("outside-audience", replace(LESSON, '["4.2"]', '["ND.0.1"]') | replace(
        COURSE, "audience: nguoi-dan", "audience: cbcc"), "QB0501", ("01-bai.md", 4, 10)),
    ("pool-too-small", replace(COURSE, "select: 2", "select: 3"), "QB0502",
     ("course.yaml", 10, 26)),
    ("provisional-skill", replace(LESSON, '["4.2"]', '["ND.0.1"]'), "QB0505",
     ("01-bai.md", 4, 10)),
    ("pools-share-questions", replace(
        COURSE, "- {id: phan, select: 2, pool: {banks: [chung]}}",
        "- {id: phan, select: 1, pool: {banks: [chung]}}\n"
        "    - {id: phan-hai, select: 1, pool: {banks: [chung]}}"), "QB0506",
     ("course.yaml", 11, 39)),
    ("final-value-unset", replace("qbank.yaml", "attempts: 2}", "attempts: null}"), "QB0507",
     ("course.yaml", 8, 3)),
    ("policy-unset", replace("qbank.yaml", "question_count: 2,", "question_count: null,"),
     "QB0508", ("qbank.yaml", 5, 1)),
    ("question-count-mismatch", replace("qbank.yaml", "question_count: 2,",
                                        "question_count: 30,"), "QB0509", ("course.yaml", 9, 3)),
    ("variant-outdated", {SIMPLE: "---\ntitle: T\nsource_hash: 'aaaaaaaaaaaa'\n---\nx\n"}, "QB0601",
     ("01-bai.simple.md", 3, 14)),
    ("missing-simplified", {SIMPLE: None}, "QB0603", ("01-bai.md", 2, 5)),
    ("unlisted-lesson", {"courses/khoa/lessons/02-them.md": "---\nid: them\ntitle: T\n---\n"},
     "QB0310", ("02-them.md", 1, 1)),
    ("orphan-variant", {"courses/khoa/lessons/09-x.mtq.md": "---\ntitle: T\n---\n"}, "QB0311",
     ("09-x.mtq.md", 1, 1)),
]


@pytest.mark.parametrize("files, code, where", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_rule_fires_at_position(project_at, files, code, where):
    _, diags = project_at(files)
    assert found(diags, code) == [where], [(d.code.id, d.pos, d.message()) for d in diags]


def test_missing_simplified_version_only_for_citizen_courses(project_at):
    files = {SIMPLE: None} | replace(COURSE, "audience: nguoi-dan", "audience: cbcc")
    _, diags = project_at(files)
    assert "QB0603" not in codes(diags)


def test_variant_reviewed_without_reviewer_is_an_error_and_with_one_is_fine(project_at):
    _, diags = project_at({SIMPLE: "---\ntitle: T\nsource_hash: '000000000000'\nreview: reviewed\n"
                                   "---\nx\n"})
    assert found(diags, "QB0602") == [("01-bai.simple.md", 4, 9)]
    _, diags = project_at({SIMPLE: "---\ntitle: T\nsource_hash: '000000000000'\n"
                                   "review: {status: reviewed, reviewer: Lò Văn A}\n---\nx\n"})
    assert "QB0602" not in codes(diags)


def test_every_question_type_sanity_rule(project_at):
    bank = """
        questions:
          - {id: mr, type: multiple_response, stem: S, skills: ["4.2"], level: 1,
             options: [{text: A}, {text: B}]}
          - {id: mr-all, type: multiple_response, stem: S, skills: ["4.2", "4.2"], level: 1,
             options: [{text: A, correct: true}, {text: B, correct: true}]}
          - {id: te, type: text_entry, stem: S, skills: ["4.2"], level: 1,
             answers: [OTP, otp]}
          - {id: te-case, type: text_entry, stem: S, skills: ["4.2"], level: 1,
             answers: [OTP, otp], case_sensitive: true}
          - {id: ord, type: ordering, stem: S, skills: ["4.2"], level: 1, items: [A, B, a]}
          - {id: mat, type: matching, stem: S, skills: ["4.2"], level: 1,
             pairs: [{left: A, right: X}, {left: B, right: X}], distractors: [Y, y]}
          - {id: rv, type: true_false, stem: S, skills: ["4.2"], level: 1, answer: true,
             review: approved}
        """
    _, diags = project_at({"question_banks/them/cau-hoi.yaml": bank})
    assert found(diags, "QB0402") == [("cau-hoi.yaml", 3, 15)]
    assert found(diags, "QB0406") == [("cau-hoi.yaml", 5, 15)]
    assert found(diags, "QB0407") == [("cau-hoi.yaml", 4, 68)]
    assert found(diags, "QB0404") == [("cau-hoi.yaml", 7, 21)]  # not for case_sensitive
    assert sorted(found(diags, "QB0405")) == [("cau-hoi.yaml", 10, 81), ("cau-hoi.yaml", 12, 52),
                                              ("cau-hoi.yaml", 12, 74)]
    assert found(diags, "QB0408") == [("cau-hoi.yaml", 14, 14)]


def test_a_provisional_skill_is_reported_once_at_its_first_use_with_every_use_counted(
        project_at):
    bank = textwrap.dedent(BASE_FILES[BANK]).lstrip("\n").replace('["4.2"]', '["ND.0.1"]')
    two_files = {BANK: bank, "question_banks/chung/them.yaml": bank.replace("q-mot", "q-ba")
                 .replace("q-hai", "q-bon")}
    _, diags = project_at(two_files)
    assert found(diags, "QB0505") == [("cau-hoi.yaml", 8, 14)]  # the first of four places
    assert [d.args["skills"] for d in diags if d.code.id == "QB0505"] == ["ND.0.1 (4)"]


def test_each_use_of_a_missing_or_outside_image_is_reported_at_its_own_place(project_at):
    bank = textwrap.dedent(BASE_FILES[BANK]).lstrip("\n")
    bank = bank.replace("stem: Câu hỏi một?", 'stem: "Câu hỏi một? ![a](thieu.png) ![b](/etc/x.png)"')
    bank = bank.replace("stem: Câu hỏi hai.", 'stem: "Câu hỏi hai. ![a](thieu.png)"')
    bank = bank.replace("feedback: Vì A.", "feedback: Vì A.\n    media: [{src: thieu.png, alt: A}]")
    _, diags = project_at({BANK: bank, LESSON: textwrap.dedent(BASE_FILES[LESSON]).lstrip("\n")
                           + "\n![c](../../../question_banks/chung/thieu.png)\n"})
    # Two stems and a media entry name the same missing file: each is reported where it is.
    assert found(diags, "QB0306") == [("01-bai.md", 9, 6), ("cau-hoi.yaml", 4, 11),
                                      ("cau-hoi.yaml", 11, 19), ("cau-hoi.yaml", 14, 11)]
    assert found(diags, "QB0302") == [("cau-hoi.yaml", 4, 11)]
    assert {d.args["ref"] for d in diags if d.code.id in ("QB0306", "QB0302")} == {
        "thieu.png", "/etc/x.png", "../../../question_banks/chung/thieu.png"}
