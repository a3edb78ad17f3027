"""qbank build: the bundle, its formats, determinism and atomicity."""

from __future__ import annotations

import hashlib
import json
import zipfile

import jsonschema
import pytest
from click.testing import CliRunner
from lxml import etree

import qbank
from qbank.cli import main
from qbank.export import registry

from xsd import package_problems

QTI21 = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"
QTI30 = "{http://www.imsglobal.org/xsd/imsqtiasi_v3p0}"

BANK = """
questions:
  - id: chon-mot
    type: single_choice
    stem: "Chọn **một** đáp án. <script>alert(1)</script>"
    options:
      - {text: Sai một, feedback: "Chưa đúng <img src=x onerror=alert(1)>"}
      - {text: Đúng, correct: true}
    skills: ["4.2"]
    level: 1
    feedback: "Xem [hướng dẫn](javascript:alert(1)) và [trang](https://dichvucong.gov.vn)."
  - id: dien-otp
    type: text_entry
    stem: "Mã dùng một lần gọi là mã ____."
    answers: [OTP, mã OTP]
    accept_without_diacritics: true
    skills: ["4.2"]
    level: 1
  - id: sap-xep
    type: ordering
    stem: Sắp xếp.
    items: [Một, Hai, Ba]
    skills: ["4.2"]
    level: 2
  - id: ghep
    type: matching
    stem: Ghép.
    pairs: [{left: OTP, right: Mã một lần}, {left: VNeID, right: Định danh}]
    distractors: [Mật khẩu]
    skills: ["4.2"]
    level: 2
  - id: nhieu
    type: multiple_response
    stem: Chọn các ý đúng.
    options: [{text: A, correct: true}, {text: B, correct: true}, {text: C}]
    skills: ["4.2"]
    level: 1
"""


COURSE = """
id: khoa
title: Khóa học
audience: nguoi-dan
lessons: [lessons/01-bai.md]
checkpoints:
  - {after: bai, questions: [q-mot, chon-mot, dien-otp, sap-xep, ghep, nhieu]}
final:
  id: kiem-tra
  sections:
    - {id: phan, select: 2, pool: {banks: [chung]}}
"""
FILES = {"question_banks/them/cau-hoi.yaml": BANK, "courses/khoa/course.yaml": COURSE}


@pytest.fixture
def built(tmp_path, project_at):
    project, _ = project_at(FILES)
    result = qbank.build(project, tmp_path / "dist")
    assert result.ok, [d.message("en") for d in result.diagnostics]
    return tmp_path / "dist"


def test_bundle_layout(built):
    bundle = built / "khoa-1.0"
    names = sorted(p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if p.is_file())
    assert names == ["HUONG-DAN-NOP.html", "HUONG-DAN-NOP.md", "MANIFEST.json", "course.json",
                     "olx/khoa.tar.gz",
                     "qti21/khoa.zip", "qti30/khoa.zip",
                     "questions.json", "review.html", "schema/course-1.schema.json",
                     "schema/questions-1.schema.json"]
    with zipfile.ZipFile(built / "khoa-1.0.zip") as zf:
        assert sorted(zf.namelist()) == [f"khoa-1.0/{n}" for n in names]
    assert sorted(p.name for p in (built / "schema").iterdir()) == [
        "course-1.schema.json", "questions-1.schema.json"]


@pytest.mark.parametrize("version", ["qti21", "qti30"])
def test_every_qti_file_validates_against_the_official_schemas(built, version):
    package = built / "khoa-1.0" / version / "khoa.zip"
    assert package_problems(package) == {}
    with zipfile.ZipFile(package) as zf:
        names = set(zf.namelist())
    assert {"imsmanifest.xml", "items/chon-mot.xml", "items/dien-otp.xml", "items/sap-xep.xml",
            "items/ghep.xml", "items/nhieu.xml", "tests/checkpoint-bai.xml",
            "tests/kiem-tra.xml"} <= names


def _xml(built, version, name):
    with zipfile.ZipFile(built / "khoa-1.0" / version / "khoa.zip") as zf:
        return etree.fromstring(zf.read(name))


def test_interactions_and_scoring_per_type(built):
    ns = QTI21
    one = _xml(built, "qti21", "items/chon-mot.xml")
    inter = one.find(f".//{ns}choiceInteraction")
    assert (inter.get("maxChoices"), inter.get("shuffle")) == ("1", "true")
    assert one.findtext(f".//{ns}correctResponse/{ns}value") == "B"
    many = _xml(built, "qti21", "items/nhieu.xml")
    assert many.find(f".//{ns}choiceInteraction").get("maxChoices") == "0"
    assert [v.text for v in many.iter(f"{ns}value")][:2] == ["A", "B"]
    assert many.find(f"{ns}responseProcessing").get("template").endswith("match_correct")
    te = _xml(built, "qti21", "items/dien-otp.xml")
    keys = [(e.get("mapKey"), e.get("caseSensitive")) for e in te.iter(f"{ns}mapEntry")]
    assert keys == [("OTP", "false"), ("mã OTP", "false"), ("ma OTP", "false")]
    assert te.find(f".//{ns}p/{ns}textEntryInteraction") is not None  # in place of the blank
    order = _xml(built, "qti21", "items/sap-xep.xml")
    assert [v.text for v in order.iter(f"{ns}value")][:3] == ["I1", "I2", "I3"]
    match = _xml(built, "qti21", "items/ghep.xml")
    assert [v.text for v in match.iter(f"{ns}value")][:2] == ["L1 R1", "L2 R2"]
    assert len(match.findall(f".//{ns}simpleAssociableChoice")) == 5


def test_feedback_is_modal_feedback_and_markup_is_sanitised(built):
    for version, ns in (("qti21", QTI21), ("qti30", QTI30)):
        item = _xml(built, version, "items/chon-mot.xml")
        text = etree.tostring(item, encoding="unicode")
        assert not [el for el in item.iter() if etree.QName(el).localname in ("script", "iframe")]
        assert not [a for el in item.iter() for a in el.attrib if a.lower().startswith("on")]
        assert "javascript:" not in " ".join(v for el in item.iter() for v in el.attrib.values())
        assert "&lt;script&gt;" in text  # shown as text, never run
        tag = "modalFeedback" if version == "qti21" else "qti-modal-feedback"
        feedback = item.findall(f"{ns}{tag}")
        assert [f.get("identifier") for f in feedback] == ["EXPLANATION", "A"]
        assert item.find(".//{*}a").get("href") == "https://dichvucong.gov.vn"


def test_final_test_draws_per_learner_and_computes_pass(built):
    test = _xml(built, "qti30", "tests/kiem-tra.xml")
    section = test.find(f".//{QTI30}qti-assessment-section")
    assert section.find(f"{QTI30}qti-selection").get("select") == "2"
    assert section.find(f"{QTI30}qti-ordering").get("shuffle") == "true"
    refs = [r.get("identifier") for r in section.iter(f"{QTI30}qti-assessment-item-ref")]
    assert refs == ["q-mot", "q-hai"]  # the pool of bank 'chung'
    assert test.find(f"{QTI30}qti-time-limits").get("max-time") == "600"
    passing = test.find(f".//{QTI30}qti-gte/{QTI30}qti-base-value").text
    assert float(passing) == pytest.approx(2 * 0.70)


def test_skills_travel_as_manifest_metadata(built):
    manifest = _xml(built, "qti21", "imsmanifest.xml")
    res = [r for r in manifest.iter("{*}resource") if r.get("href") == "items/chon-mot.xml"][0]
    assert [t.findtext("{*}id") for t in res.iter("{*}taxon")] == ["4.2"]
    manifest3 = _xml(built, "qti30", "imsmanifest.xml")
    assert "4.2" in [g.text for g in manifest3.iter("{*}GUID")]


def test_json_documents_validate_against_their_schemas(built):
    bundle = built / "khoa-1.0"
    for doc_name, schema_name in (("course.json", "course-1.schema.json"),
                                  ("questions.json", "questions-1.schema.json")):
        doc = json.loads((bundle / doc_name).read_text(encoding="utf-8"))
        schema = json.loads((built / "schema" / schema_name).read_text(encoding="utf-8"))
        jsonschema.validate(doc, schema)
        assert doc["$schema"] == f"schema/{schema_name}" and doc["format_version"] == 1
    questions = json.loads((bundle / "questions.json").read_text(encoding="utf-8"))["questions"]
    by_id = {q["id"]: q for q in questions}
    assert by_id["chon-mot"]["options"][1] == {"text": "Đúng", "correct": True, "feedback": None}
    assert by_id["chon-mot"]["skills_detail"][0]["name"] == "Bảo vệ dữ liệu cá nhân và quyền riêng tư"
    course = json.loads((bundle / "course.json").read_text(encoding="utf-8"))
    assert course["final"]["pass_threshold"] == 70 and course["final"]["attempts"] == 2


def test_review_sheet_marks_keys_and_prints_on_a4(built):
    html = (built / "khoa-1.0" / "review.html").read_text(encoding="utf-8")
    assert "@page { size: A4" in html
    assert 'class="key"><span class="label">B.</span> Đúng <span class="mark">✔ đáp án đúng' in html
    assert "thứ tự đúng: Một → Hai → Ba" in html
    assert "OTP ↔ Mã một lần" in html
    assert "<script" not in html.split("<body>")[1]
    assert "Thủ trưởng đơn vị" in html


def test_manifest_lists_every_file_with_its_hash(built):
    bundle = built / "khoa-1.0"
    manifest = json.loads((bundle / "MANIFEST.json").read_text(encoding="utf-8"))
    assert manifest["qbank_version"] == qbank.__version__
    assert manifest["build_options"]["formats"] == ["qti30", "qti21", "json", "olx", "review"]
    for f in manifest["files"]:
        data = (bundle / f["path"]).read_bytes()
        assert f["size"] == len(data) and f["sha256"] == hashlib.sha256(data).hexdigest()
    assert len(manifest["files"]) == 10  # with HUONG-DAN-NOP.md and .html


def test_same_sources_give_byte_identical_output(tmp_path, project_at, monkeypatch):
    project, _ = project_at(FILES)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    qbank.build(project, tmp_path / "a")
    qbank.build(qbank.load_project(project.root), tmp_path / "b")

    def files(root):
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*")
                if p.is_file()}

    assert files(tmp_path / "a") == files(tmp_path / "b")
    with zipfile.ZipFile(tmp_path / "a" / "khoa-1.0.zip") as zf:
        assert {i.date_time for i in zf.infolist()} == {(2026, 1, 1, 0, 0, 0)}


def test_bad_content_never_builds_and_leaves_the_old_output(tmp_path, project_at):
    project, _ = project_at()
    out = tmp_path / "dist"
    assert qbank.build(project, out).ok
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    bank = (project.root / "question_banks/chung/cau-hoi.yaml")
    bank.write_text(bank.read_text(encoding="utf-8").replace("level: 2", "level: 9"),
                    encoding="utf-8")
    r = CliRunner().invoke(main, ["build", str(project.root), "--out", str(out)])
    assert r.exit_code == 1
    assert "QB0902" in r.stdout and "giữ nguyên" in r.stdout
    assert before == {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}


def test_a_failing_writer_leaves_the_old_output_and_no_temporary_folder(tmp_path, project_at,
                                                                       monkeypatch):
    project, _ = project_at()
    out = tmp_path / "dist"
    assert qbank.build(project, out).ok
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    registry.load_writers()

    def broken(ctx, bundle):
        raise OSError(28, "No space left on device")

    monkeypatch.setitem(registry.WRITERS, "review",
                        registry.Writer("review", "broken", broken))
    result = qbank.build(project, out)
    assert not result.ok
    assert [d.code.id for d in result.diagnostics if d.severity == "error"] == ["QB0903"]
    failed = next(d for d in result.diagnostics if d.code.id == "QB0903")
    assert failed.message("vi").startswith("không ghi được kết quả: ổ đĩa đã đầy;")
    assert failed.message("en").startswith("could not write the output: No space left on device;")
    assert before == {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert sorted(p.name for p in out.iterdir()) == ["khoa-1.0", "khoa-1.0.zip", "schema"]


def test_only_selects_writers_and_unknown_format_is_a_usage_error(tmp_path, project_at):
    project, _ = project_at()
    r = CliRunner().invoke(main, ["build", str(project.root), "--out", str(tmp_path / "o"),
                                  "--only", "qti21"])
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in (tmp_path / "o/khoa-1.0").iterdir()) == [
        "HUONG-DAN-NOP.html", "HUONG-DAN-NOP.md", "MANIFEST.json", "qti21"]
    r = CliRunner().invoke(main, ["build", str(project.root), "--only", "pdf"])
    assert r.exit_code == 2 and "QB0901" in r.stdout
    assert "Các định dạng: json, olx, qti21, qti30, review, site, handouts." in r.stdout
    assert CliRunner().invoke(main, ["build", str(project.root), "--only", ""]).exit_code == 2
    r = CliRunner().invoke(main, ["build", str(project.root), "--course", "khong-co"])
    assert r.exit_code == 2 and "không có khóa học 'khong-co'" in r.stderr
