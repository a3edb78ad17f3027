"""The Open edX export: olxcleaner finds no error; pools, weights, attempts, in-video quizzes,
labels and option order are as the issue #12 fixes need (Open edX's own code: tests/openedx)."""

from __future__ import annotations

import json
import tarfile

import pytest
from lxml import etree
from olxcleaner import validate

import qbank
from qbank.export.identifiers import display_order

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


def _build(tmp_path, project_at, files=None, olx=None):
    files = {"question_banks/them/cau-hoi.yaml": BANK, "courses/khoa/course.yaml": COURSE,
             "courses/khoa/lessons/01-bai.md": LESSON, **(files or {})}
    project, _ = project_at(files)
    if olx:
        qbank_yaml = project.root / "qbank.yaml"
        qbank_yaml.write_text(qbank_yaml.read_text(encoding="utf-8") + f"olx: {olx}\n",
                              encoding="utf-8")
        project = qbank.load_project(project.root)
    result = qbank.build(project, tmp_path / "dist", ["olx"])
    return result, tmp_path / "dist/khoa-1.0/olx"


def _extract(folder, out):
    for tarball in sorted(folder.glob("*.tar.gz")):
        with tarfile.open(tarball) as tar:
            tar.extractall(out, filter="data")
    return out


@pytest.fixture
def exported(tmp_path, project_at):
    result, folder = _build(tmp_path, project_at)
    assert result.ok, [d.message("en") for d in result.diagnostics]
    return _extract(folder, tmp_path / "olx"), result


def _errors(course_dir, allowed=("library_content", "invideoquiz")):
    _, errors, _ = validate(str(course_dir), steps=8, allowed_xblocks=list(allowed))
    return [(e.level.name, e.description) for e in errors.errors
            if e.level.name in ("ERROR", "CRITICAL")]


def test_olxcleaner_reports_no_error(exported):
    out, _ = exported
    assert _errors(out / "course") == []


def _read(out, rel):
    return etree.parse(str(out / rel)).getroot()


def test_course_identity_and_policies(exported):
    out, _ = exported
    root = _read(out, "course/course.xml")
    assert (root.get("org"), root.get("course"), root.get("url_name")) == ("TEST", "KHOA-THU",
                                                                             "2026")
    policy = json.loads((out / "course/policies/2026/policy.json").read_text(encoding="utf-8"))
    course = policy["course/2026"]
    assert course["language"] == "vi"
    assert course["display_name"] == "Khóa học thử"
    assert course["start"] == "2026-01-01T00:00:00Z"
    assert course["advanced_modules"] == ["invideoquiz"]
    # attempts and showanswer are not course-wide: checkpoints would inherit them
    assert "max_attempts" not in course and "showanswer" not in course
    grading = json.loads((out / "course/policies/2026/grading_policy.json").read_text())
    assert grading["GRADE_CUTOFFS"] == {"Pass": 0.8}
    seq = _read(out, "course/sequential/kiem-tra-bai-thi.xml")
    assert (seq.get("graded"), seq.get("format"), seq.get("default_time_limit_minutes")) == (
        "true", grading["GRADER"][0]["type"], "20")
    assert (seq.get("max_attempts"), seq.get("showanswer")) == ("2", "finished")


def test_attempts_only_on_the_final_sequential(exported):
    out, _ = exported
    problems = sorted((out / "course/problem").glob("*.xml"))
    assert problems
    assert [p.name for p in problems if _read(out, f"course/problem/{p.name}").get(
        "max_attempts") is not None] == []


def test_every_problem_weighs_one(exported):
    out, _ = exported
    weights = {p.name: _read(out, f"course/problem/{p.name}").get("weight")
               for p in (out / "course/problem").glob("*.xml")}
    assert set(weights.values()) == {"1"}, weights


def test_each_type_as_capa(exported):
    out, _ = exported
    one = _read(out, "course/problem/bai--mot.xml")
    response = one.find("multiplechoiceresponse")
    # the stem is CAPA's <label>, so Open edX names the choice group with it
    assert etree.tostring(response.find("label"), encoding="unicode").startswith(
        "<label>Chọn <strong>một</strong>.</label>")
    assert response.find("p") is None
    choices = one.findall(".//choicegroup/choice")
    assert [c.get("correct") for c in choices] == ["false", "true"]
    assert choices[0].findtext("choicehint") == "Chưa đúng."
    assert one.find(".//solution") is not None
    text = _read(out, "course/problem/bai--dien.xml").find("stringresponse")
    assert text.findtext("label") == "Mã dùng một lần là mã ____."
    assert (text.get("answer"), text.get("type")) == ("OTP", "ci")
    assert [a.get("answer") for a in text.findall("additional_answer")] == ["mã OTP", "ma OTP"]
    many = _read(out, "course/problem/phan-a--nhieu.xml")
    assert many.find("choiceresponse/label").text == "Chọn nhiều."
    assert [c.get("correct") for c in many.findall(".//checkboxgroup/choice")] == [
        "true", "true", "false"]
    order = _read(out, "course/problem/phan-b--thu-tu.xml")
    assert [[o.text for o in r.iter("option") if o.get("correct") == "True"]
            for r in order.iter("optionresponse")] == [["Một"], ["Hai"], ["Ba"]]
    match = _read(out, "course/problem/phan-b--ghep.xml")
    assert [r.findtext("label") for r in match.iter("optionresponse")] == ["OTP", "VNeID"]
    assert len(list(match.iter("option"))) == 6


def test_dropdown_options_are_not_in_key_order(exported):
    out, _ = exported
    order = _read(out, "course/problem/phan-b--thu-tu.xml")
    lists = [[o.text for o in r.iter("option")] for r in order.iter("optionresponse")]
    shown = [["Một", "Hai", "Ba"][i] for i in display_order("thu-tu", ["Một", "Hai", "Ba"])]
    assert lists == [shown] * 3
    match = _read(out, "course/problem/phan-b--ghep.xml")
    rights = ["Mã một lần", "Định danh", "Mật khẩu"]
    assert [[o.text for o in r.iter("option")] for r in match.iter("optionresponse")] == [
        [rights[i] for i in display_order("ghep", rights)]] * 2


def test_display_order_is_fixed_and_unrelated_to_the_key():
    texts = [f"Bước {i}" for i in range(1, 7)]
    orders = {qid: display_order(qid, texts) for qid in ("a", "b", "c", "d", "e")}
    assert orders == {qid: display_order(qid, texts) for qid in orders}  # same every time
    assert all(sorted(o) == list(range(6)) for o in orders.values())
    assert len({tuple(o) for o in orders.values()}) > 1  # depends on the question, not the key
    assert list(range(6)) not in orders.values()


def test_lossy_mappings_are_warned_never_silent(exported):
    _, result = exported
    lossy = [d for d in result.diagnostics if d.code.id == "QB0910"]
    assert sorted(d.args["kind_en"] for d in lossy) == ["matching", "ordering"]


def test_pools_are_inline_and_the_course_is_the_one_upload(exported):
    out, _ = exported
    assert sorted(p.name for p in out.iterdir()) == ["course"]  # no library tarball by default
    block = _read(out, "course/library_content/kiem-tra-phan-a-ngau-nhien.xml")
    assert block.get("max_count") == "2"
    # no source_library_id: Studio's import would replace the pool with the whole library
    assert block.get("source_library_id") is None and block.get("mode") is None
    assert [p.get("url_name") for p in block] == ["phan-a--mot", "phan-a--nhieu",
                                                  "phan-a--dung-sai", "phan-a--dien"]
    other = _read(out, "course/library_content/kiem-tra-phan-b-ngau-nhien.xml")
    assert [p.get("url_name") for p in other] == ["phan-b--thu-tu", "phan-b--ghep"]
    for p in [*block, *other]:
        assert (out / f"course/problem/{p.get('url_name')}.xml").is_file()


def test_legacy_library_on_request(tmp_path, project_at):
    result, folder = _build(tmp_path, project_at, olx="{library: true}")
    assert result.ok
    out = _extract(folder, tmp_path / "olx")
    library = _read(out, "library/library.xml")
    assert (library.get("org"), library.get("library")) == ("TEST", "KHOA-THU-LIB")
    names = [p.get("url_name") for p in library]
    assert sorted(names) == ["dien", "dung-sai", "ghep", "mot", "nhieu", "thu-tu"]
    for name in names:
        assert (out / f"library/problem/{name}.xml").is_file()
    block = _read(out, "course/library_content/kiem-tra-phan-a-ngau-nhien.xml")
    assert block.get("source_library_id") is None


def test_problem_bank_block_on_request(tmp_path, project_at):
    result, folder = _build(tmp_path, project_at, olx="{pool_block: itembank}")
    assert result.ok
    out = _extract(folder, tmp_path / "olx")
    seq = _read(out, "course/vertical/kiem-tra-phan-a.xml")
    assert [c.tag for c in seq] == ["itembank"]
    bank = _read(out, "course/itembank/kiem-tra-phan-a-ngau-nhien.xml")
    assert bank.get("max_count") == "2" and len(bank) == 4
    assert not (out / "course/library_content").exists()
    assert _errors(out / "course", ("itembank", "invideoquiz")) == []


def test_drag_and_drop_for_ordering_and_matching(tmp_path, project_at):
    result, folder = _build(tmp_path, project_at, olx="{ordering: drag_and_drop}")
    assert result.ok
    assert "QB0910" not in {d.code.id for d in result.diagnostics}
    out = _extract(folder, tmp_path / "olx")
    pool = _read(out, "course/library_content/kiem-tra-phan-b-ngau-nhien.xml")
    assert [(c.tag, c.get("url_name")) for c in pool] == [
        ("drag-and-drop-v2", "phan-b--thu-tu"), ("drag-and-drop-v2", "phan-b--ghep")]
    block = _read(out, "course/drag-and-drop-v2/phan-b--ghep.xml")
    assert (block.get("mode"), block.get("weight"), block.get("max_items_per_zone")) == (
        "assessment", "1", "1")
    assert block.get("max_attempts") is None  # inherits the final sequential's
    data = json.loads(block.get("data"))
    assert [z["title"] for z in data["zones"]] == ["OTP", "VNeID", "Không ghép với mục nào"]
    key = {"Mã một lần": ["z1"], "Định danh": ["z2"], "Mật khẩu": ["z3"]}
    rights = list(key)
    assert [(i["displayName"], i["zones"]) for i in data["items"]] == [
        (rights[i], key[rights[i]]) for i in display_order("ghep", rights)]
    assert (out / data["targetImg"].replace("/static/", "course/static/", 1)).is_file()
    policy = json.loads((out / "course/policies/2026/policy.json").read_text(encoding="utf-8"))
    assert policy["course/2026"]["advanced_modules"] == ["drag-and-drop-v2", "invideoquiz"]
    assert _errors(out / "course", ("library_content", "invideoquiz", "drag-and-drop-v2")) == []


def test_checkpoint_attempts_on_request(tmp_path, project_at):
    result, folder = _build(tmp_path, project_at, olx="{checkpoint_attempts: 3}")
    assert result.ok
    out = _extract(folder, tmp_path / "olx")
    assert _read(out, "course/problem/bai--mot.xml").get("max_attempts") == "3"
    assert _read(out, "course/problem/phan-a--mot.xml").get("max_attempts") is None


def test_lesson_html_video_and_in_video_quiz(exported):
    out, _ = exported
    html = (out / "course/html/bai-van-ban.html").read_text(encoding="utf-8")
    assert "<strong>bài học</strong>" in html and "<script" not in html
    vertical = _read(out, "course/vertical/bai-noi-dung.xml")
    assert [c.tag for c in vertical] == ["html", "video", "problem", "invideoquiz"]
    video = _read(out, "course/video/video-bai.xml")
    assert video.get("youtube_id_1_0") == "abcdefghijk"
    ivq = _read(out, "course/invideoquiz/bai-cau-hoi-trong-video.xml")
    assert ivq.get("video_id") == "video-bai"
    assert json.loads(ivq.get("timemap")) == {"95": "bai-q1-dung-sai"}


def test_no_invideoquiz_module_without_in_video_questions(tmp_path, project_at):
    result, folder = _build(tmp_path, project_at, {
        "courses/khoa/lessons/01-bai.md": LESSON.replace(
            "  quiz:\n    - {at: 95, question: dung-sai}\n", "")})
    assert result.ok
    out = _extract(folder, tmp_path / "olx")
    policy = json.loads((out / "course/policies/2026/policy.json").read_text(encoding="utf-8"))
    assert policy["course/2026"]["advanced_modules"] == []
    assert not (out / "course/invideoquiz").exists()


def test_two_questions_at_the_same_second_are_an_error(tmp_path, project_at):
    lesson = LESSON.replace("    - {at: 95, question: dung-sai}\n",
                            "    - {at: 95, question: dung-sai}\n"
                            "    - {at: 95, question: mot}\n")
    result, folder = _build(tmp_path, project_at, {"courses/khoa/lessons/01-bai.md": lesson})
    assert not result.ok
    [d] = [d for d in result.diagnostics if d.code.id == "QB0920"]
    assert (d.pos.path.name, d.pos.line) == ("01-bai.md", 9)
    assert d.message("en") == ("questions 'mot' and 'dung-sai' both appear at second 95 of the "
                               "video: Open edX (the invideoquiz block) keeps one question per "
                               "second")
    assert not folder.exists()


def test_ids_the_in_video_block_would_confuse_are_an_error(tmp_path, project_at):
    bank = BANK + """
  - {id: xem-video-bai, type: true_false, stem: Xem video?, skills: ["4.2"], level: 3,
     answer: true}
"""
    lesson = LESSON.replace("question: dung-sai}", "question: xem-video-bai}")
    result, _ = _build(tmp_path, project_at, {"question_banks/them/cau-hoi.yaml": bank,
                                              "courses/khoa/lessons/01-bai.md": lesson})
    found = [d for d in result.diagnostics if d.code.id == "QB0921"]
    assert [(d.args["inner"], d.args["outer"].rsplit("@", 1)[1]) for d in found] == [
        ("video-bai", "bai-q1-xem-video-bai")]
    assert not result.ok


def test_tarballs_are_deterministic(tmp_path, project_at):
    project, _ = project_at({"question_banks/them/cau-hoi.yaml": BANK,
                             "courses/khoa/course.yaml": COURSE,
                             "courses/khoa/lessons/01-bai.md": LESSON})
    qbank.build(project, tmp_path / "a", ["olx"])
    qbank.build(project, tmp_path / "b", ["olx"])
    for name in ("khoa.tar.gz",):
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
