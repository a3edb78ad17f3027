"""This repository's own courses: they check clean and build into valid packages."""

from __future__ import annotations

import json
import tarfile
import unicodedata

import jsonschema
import pytest
from olxcleaner import validate

import qbank

from helpers import REPO
from xsd import package_problems


@pytest.fixture(scope="module")
def project():
    return qbank.load_project(REPO)


@pytest.fixture(scope="module")
def built(project, tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    result = qbank.build(project, out)
    assert result.ok, [d.message("en") for d in result.diagnostics if d.severity == "error"]
    return out, result


def test_repository_content_has_no_errors(project):
    diags = qbank.check(project)
    assert [(d.code.id, str(d.pos), d.message("en")) for d in diags if d.severity == "error"] == []
    # The only warnings: provisional framework groups (one per course); no other warning.
    assert {d.code.id for d in diags if d.severity == "warning"} <= {"QB0504", "QB0505"}


def test_required_courses_and_sizes(project):
    ids = {c.id: c for c in project.courses}
    citizens = ids["pho-cap-ky-nang-so-nguoi-dan"]
    assert len(citizens.lessons) >= 12
    assert all("simple" in lesson.variants for lesson in citizens.lessons)
    # What the province's plans ask of the citizens' course: results shown on VNeID and App
    # ThanhHoa, device basics and troubleshooting, accessibility, personal-data rights; the
    # final test draws from their bank.
    assert {"ket-qua-tren-vneid-va-app-thanhhoa", "dien-thoai-va-xu-ly-su-co",
            "cai-dat-ho-tro-tiep-can", "quyen-ve-du-lieu-ca-nhan"} <= {
                lesson.id for lesson in citizens.lessons}
    assert "thiet-bi-va-du-lieu-ca-nhan" in {
        bank for section in citizens.course.final.sections for bank in section.pool.banks}
    assert len(ids["ung-dung-ai-cbccvc"].lessons) >= 3
    assert len(project.questions) >= 100
    types = {e.q.type for e in project.questions.values()}
    assert types == {"single_choice", "multiple_response", "true_false", "text_entry",
                     "ordering", "matching"}
    assert all(e.q.feedback and e.q.skills for e in project.questions.values())
    for c in project.courses:
        assert c.course.final is not None
        assert {cp.after for cp in c.course.checkpoints} == {lesson.id for lesson in c.lessons}


def test_citizens_lessons_back_their_claims_with_sources(project):
    """A rule, number or law stated in a citizens' lesson is backed by its `sources:` (QB0530)."""
    unsourced = [str(d.pos) for d in qbank.check(project)
                 if d.code.id == "QB0530" and "pho-cap-ky-nang-so-nguoi-dan" in str(d.pos)]
    assert unsourced == []


def test_ai_course_is_programme_2_with_sourced_lessons_and_a_full_bank(project):
    """The civil servants' AI course carries programme 2's name from the Sở KH&CN letter; every
    lesson has a simplified version and cites its sources; its bank uses all six question types,
    tests skills rather than English words, and nothing in it claims a review it has not had."""
    course = {c.id: c for c in project.courses}["ung-dung-ai-cbccvc"]
    assert course.course.title.startswith(
        "Ứng dụng AI và ChatGPT trong công tác điều hành, báo cáo và xử lý công việc")
    assert len(course.lessons) >= 4
    assert all("simple" in lesson.variants and lesson.meta.sources for lesson in course.lessons)
    bank = [e.q for e in project.questions.values() if e.bank == "ai-cong-vu"]
    assert len(bank) >= 25
    assert {q.type for q in bank} == {"single_choice", "multiple_response", "true_false",
                                      "text_entry", "ordering", "matching"}
    assert all(q.review.status == "draft" for q in bank)
    answers = {a.casefold() for q in bank if q.type == "text_entry" for a in q.answers}
    assert not answers & {"intelligence", "prompt", "hallucination"}
    unsourced = [str(d.pos) for d in qbank.check(project)
                 if d.code.id == "QB0530" and "ung-dung-ai-cbccvc" in str(d.pos)]
    assert unsourced == []


def test_sources_are_nfc():
    for path in list(REPO.glob("courses/**/*.md")) + list(REPO.glob("question_banks/**/*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert unicodedata.is_normalized("NFC", text), path


def test_every_qti_file_of_every_course_validates(project, built):
    out, _ = built
    for course in project.courses:
        for version in ("qti21", "qti30"):
            package = out / f"{course.id}-{course.course.version}" / version / f"{course.id}.zip"
            assert package_problems(package) == {}, package


def test_manifest_dependencies_resolve(project, built):
    import zipfile

    from lxml import etree
    out, _ = built
    for course in project.courses:
        for version in ("qti21", "qti30"):
            package = out / f"{course.id}-{course.course.version}" / version / f"{course.id}.zip"
            with zipfile.ZipFile(package) as zf:
                manifest = etree.fromstring(zf.read("imsmanifest.xml"))
                names = set(zf.namelist())
            ids = {r.get("identifier") for r in manifest.iter("{*}resource")}
            assert {d.get("identifierref") for d in manifest.iter("{*}dependency")} <= ids
            assert {f.get("href") for f in manifest.iter("{*}file")} <= names


def test_olx_of_every_course_passes_olxcleaner(project, built, tmp_path):
    out, _ = built
    for course in project.courses:
        with tarfile.open(out / f"{course.id}-{course.course.version}/olx/{course.id}.tar.gz") as t:
            t.extractall(tmp_path / course.id, filter="data")
        _, errors, _ = validate(str(tmp_path / course.id / "course"), steps=8,
                                allowed_xblocks=["library_content", "invideoquiz"])
        assert [e.description for e in errors.errors
                if e.level.name in ("ERROR", "CRITICAL")] == [], course.id


def test_json_of_every_course_validates(project, built):
    out, _ = built
    schemas = {p.name: json.loads(p.read_text(encoding="utf-8"))
               for p in (out / "schema").iterdir()}
    for course in project.courses:
        bundle = out / f"{course.id}-{course.course.version}"
        for name in ("course.json", "questions.json"):
            doc = json.loads((bundle / name).read_text(encoding="utf-8"))
            jsonschema.validate(doc, schemas[doc["$schema"].removeprefix("schema/")])
