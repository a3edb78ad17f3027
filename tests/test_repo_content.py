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
