"""The Open edX export: olxcleaner finds no error; CAPA, library and grading are as documented."""

from __future__ import annotations

import json
import tarfile

import pytest
from lxml import etree
from olxcleaner import validate

import qbank

BANK = """
questions:
  - {id: mot, type: single_choice, stem: "Chọn **một**.", skills: ["4.2"], level: 1,
     options: [{text: A, feedback: Chưa đúng.}, {text: B, correct: true}], feedback: Vì B.}
  - {id: nhieu, type: multiple_response, stem: Chọn nhiều., skills: ["4.2"], level: 1,
     options: [{text: A, correct: true}, {text: B, correct: true}, {text: C}]}
  - {id: dung-sai, type: true_false, stem: Đúng hay sai?, skills: ["4.2"], level: 1,
     answer: false}
  - {id: dien, type: text_entry, stem: Mã dùng một lần là mã ____., skills: ["4.2"], level: 1,
     answers: [OTP, mã OTP], accept_without_diacritics: true}
  - {id: thu-tu, type: ordering, stem: Sắp xếp., skills: ["4.2"], level: 2,
     items: [Một, Hai, Ba]}
  - {id: ghep, type: matching, stem: Ghép., skills: ["4.2"], level: 2,
     pairs: [{left: OTP, right: Mã một lần}, {left: VNeID, right: Định danh}],
     distractors: [Mật khẩu]}
"""
COURSE = """
id: khoa
title: Khóa học thử
audience: nguoi-dan
code: KHOA-THU
run: "2026"
start: 2026-01-01
end: 2026-12-31
lessons: [lessons/01-bai.md]
checkpoints:
  - {after: bai, questions: [mot, dien]}
final:
  id: kiem-tra
  pass_threshold: 80
  time_limit_minutes: 20
  attempts: 2
  sections:
    - {id: phan-a, select: 2, pool: {banks: [them], levels: [1]}}
    - {id: phan-b, select: 1, pool: {banks: [them], levels: [2]}}
"""
LESSON = """---
id: bai
title: Bài học có video
skills: ["4.2"]
video:
  youtube_id: abcdefghijk
  quiz:
    - {at: 95, question: dung-sai}
---

Nội dung **bài học**. <script>alert(1)</script>
"""


@pytest.fixture
def exported(tmp_path, project_at):
    project, _ = project_at({"question_banks/them/cau-hoi.yaml": BANK,
                             "courses/khoa/course.yaml": COURSE,
                             "courses/khoa/lessons/01-bai.md": LESSON})
    result = qbank.build(project, tmp_path / "dist", ["olx"])
    assert result.ok, [d.message("en") for d in result.diagnostics]
    out = tmp_path / "olx"
    for name in ("khoa", "khoa-library"):
        with tarfile.open(tmp_path / f"dist/khoa-1.0/olx/{name}.tar.gz") as tar:
            tar.extractall(out, filter="data")
    return out, result


def test_olxcleaner_reports_no_error(exported):
    out, _ = exported
    _, errors, _ = validate(str(out / "course"), steps=8,
                            allowed_xblocks=["library_content", "invideoquiz"])
    assert [(e.level.name, e.description) for e in errors.errors
            if e.level.name in ("ERROR", "CRITICAL")] == []


def _read(out, rel):
    return etree.parse(str(out / rel)).getroot()


def test_course_identity_and_policies(exported):
    out, _ = exported
    root = _read(out, "course/course.xml")
    assert (root.get("org"), root.get("course"), root.get("url_name")) == ("TEST", "KHOA-THU",
                                                                             "2026")
    policy = json.loads((out / "course/policies/2026/policy.json").read_text(encoding="utf-8"))
    assert policy["course/2026"]["language"] == "vi"
    assert policy["course/2026"]["display_name"] == "Khóa học thử"
    assert policy["course/2026"]["start"] == "2026-01-01T00:00:00Z"
    assert "invideoquiz" in policy["course/2026"]["advanced_modules"]
    grading = json.loads((out / "course/policies/2026/grading_policy.json").read_text())
    assert grading["GRADE_CUTOFFS"] == {"Pass": 0.8}
    seq = _read(out, "course/sequential/kiem-tra-bai-thi.xml")
    assert (seq.get("graded"), seq.get("format"), seq.get("default_time_limit_minutes")) == (
        "true", grading["GRADER"][0]["type"], "20")


def test_each_type_as_capa(exported):
    out, _ = exported
    one = _read(out, "course/problem/bai--mot.xml")
    choices = one.findall(".//choicegroup/choice")
    assert [c.get("correct") for c in choices] == ["false", "true"]
    assert choices[0].findtext("choicehint") == "Chưa đúng."
    assert one.find(".//solution") is not None
    text = _read(out, "course/problem/bai--dien.xml").find("stringresponse")
    assert (text.get("answer"), text.get("type")) == ("OTP", "ci")
    assert [a.get("answer") for a in text.findall("additional_answer")] == ["mã OTP", "ma OTP"]
    many = _read(out, "course/problem/phan-a--nhieu.xml")
    assert [c.get("correct") for c in many.findall(".//checkboxgroup/choice")] == [
        "true", "true", "false"]
    assert _read(out, "course/problem/phan-a--nhieu.xml").get("max_attempts") == "2"
    order = _read(out, "course/problem/phan-b--thu-tu.xml")
    assert [[o.text for o in r.iter("option") if o.get("correct") == "True"]
            for r in order.iter("optionresponse")] == [["Một"], ["Hai"], ["Ba"]]
    match = _read(out, "course/problem/phan-b--ghep.xml")
    assert [r.findtext("label") for r in match.iter("optionresponse")] == ["OTP", "VNeID"]
    assert len(list(match.iter("option"))) == 6


def test_lossy_mappings_are_warned_never_silent(exported):
    _, result = exported
    lossy = [d for d in result.diagnostics if d.code.id == "QB0910"]
    assert sorted(d.args["kind_en"] for d in lossy) == ["matching", "ordering"]
    assert "QB0911" in {d.code.id for d in result.diagnostics}  # two pools, one library


def test_randomized_blocks_reference_the_library(exported):
    out, _ = exported
    block = _read(out, "course/library_content/kiem-tra-phan-a-ngau-nhien.xml")
    assert block.get("max_count") == "2"
    assert block.get("source_library_id") == "library-v1:TEST+KHOA-THU-LIB"
    assert [p.get("url_name") for p in block] == ["phan-a--mot", "phan-a--nhieu",
                                                  "phan-a--dung-sai", "phan-a--dien"]
    library = _read(out, "library/library.xml")
    assert (library.get("org"), library.get("library")) == ("TEST", "KHOA-THU-LIB")
    names = [p.get("url_name") for p in library]
    assert sorted(names) == ["dien", "dung-sai", "ghep", "mot", "nhieu", "thu-tu"]
    for name in names:
        assert (out / f"library/problem/{name}.xml").is_file()


def test_lesson_html_video_and_in_video_quiz(exported):
    out, _ = exported
    html = (out / "course/html/bai-van-ban.html").read_text(encoding="utf-8")
    assert "<strong>bài học</strong>" in html and "<script" not in html
    vertical = _read(out, "course/vertical/bai-noi-dung.xml")
    assert [c.tag for c in vertical] == ["html", "video", "problem", "invideoquiz"]
    video = _read(out, "course/video/bai-video.xml")
    assert video.get("youtube_id_1_0") == "abcdefghijk"
    ivq = _read(out, "course/invideoquiz/bai-video-quiz.xml")
    assert ivq.get("video_id") == "bai-video"
    assert json.loads(ivq.get("timemap")) == {"95": "bai--video--dung-sai"}


def test_tarballs_are_deterministic(tmp_path, project_at):
    project, _ = project_at({"question_banks/them/cau-hoi.yaml": BANK,
                             "courses/khoa/course.yaml": COURSE,
                             "courses/khoa/lessons/01-bai.md": LESSON})
    qbank.build(project, tmp_path / "a", ["olx"])
    qbank.build(project, tmp_path / "b", ["olx"])
    for name in ("khoa.tar.gz", "khoa-library.tar.gz"):
        a = (tmp_path / "a/khoa-1.0/olx" / name).read_bytes()
        assert a == (tmp_path / "b/khoa-1.0/olx" / name).read_bytes()
        with tarfile.open(tmp_path / "a/khoa-1.0/olx" / name) as tar:
            members = tar.getmembers()
        assert {(m.uid, m.gid, m.uname, m.gname) for m in members} == {(0, 0, "", "")}
        assert [m.name for m in members if m.isfile()] == sorted(m.name for m in members
                                                                 if m.isfile())


def test_missing_dates_and_threshold_are_warnings(tmp_path, project_at):
    project, _ = project_at({"question_banks/them/cau-hoi.yaml": BANK})
    (project.root / "qbank.yaml").write_text(
        (project.root / "qbank.yaml").read_text(encoding="utf-8").replace(
            "pass_threshold: 70, ", ""), encoding="utf-8")
    result = qbank.build(qbank.load_project(project.root), tmp_path / "dist", ["olx"])
    assert result.ok
    found = sorted((d.code.id, d.args.get("key")) for d in result.diagnostics
                   if d.code.id in ("QB0912", "QB0913"))
    assert found == [("QB0912", None), ("QB0913", "end"), ("QB0913", "start")]
    grading = tarfile.open(tmp_path / "dist/khoa-1.0/olx/khoa.tar.gz").extractfile(
        "course/policies/1.0/grading_policy.json").read()
    assert json.loads(grading)["GRADE_CUTOFFS"] == {"Pass": 0.5}
