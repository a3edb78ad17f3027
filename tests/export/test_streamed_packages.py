"""QTI packages are written into their zip as the items are built (the manifest last) and the
review sheet as the template makes it: the packages stay complete and consistent, and a name
can never be written twice into an archive."""

from __future__ import annotations

import io
import zipfile

import pytest
from lxml import etree

from qbank.export.bundle import build, course_build, source_revision
from qbank.export.identifiers import xml_id
from qbank.export.package import ZipWriter, write_zip
from qbank.export.review import render_review


@pytest.fixture
def built(project_at, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    monkeypatch.setenv("QBANK_NO_CACHE", "1")
    project, _ = project_at()
    result = build(project, tmp_path / "out", ["qti21", "qti30", "review"], jobs=1)
    assert result.ok
    return project, tmp_path / "out"


@pytest.mark.parametrize("folder", ["qti21", "qti30"])
def test_every_file_the_manifest_names_is_in_the_package(built, folder):
    project, out = built
    questions = project.course_questions(project.courses[0])
    assert questions
    [package] = out.glob(f"*/{folder}/*.zip")
    with zipfile.ZipFile(package) as zf:
        names = zf.namelist()
        manifest = etree.fromstring(zf.read("imsmanifest.xml"))
    assert len(names) == len(set(names))
    assert names[-1] == "imsmanifest.xml"  # written once everything it lists is in the zip
    hrefs = {el.get("href") for el in manifest.iter("{*}file")}
    assert hrefs == set(names) - {"imsmanifest.xml"}
    assert [n for n in names if n.startswith("items/")] == [
        f"items/{xml_id(e.q.id)}.xml" for e in questions]  # the course's order
    ids = {el.get("identifier") for el in manifest.iter("{*}resource")}
    assert {el.get("identifierref") for el in manifest.iter("{*}dependency")} <= ids


def test_the_review_sheet_written_is_the_rendered_sheet(built):
    project, out = built
    [sheet] = out.glob("*/review.html")
    course = project.courses[0]
    text = sheet.read_text(encoding="utf-8")
    assert text == render_review(course_build(project, course, source_revision(project.root)))
    questions = project.course_questions(course)
    assert f"Câu hỏi ({len(questions)})" in text
    assert all(f'id="{e.q.id}"' in text for e in questions)


def test_a_name_cannot_go_twice_into_an_archive():
    with pytest.raises(ValueError, match="items/a.xml"):
        with ZipWriter(io.BytesIO()) as zw:
            zw.add("items/a.xml", b"<a/>")
            zw.add("items/a.xml", b"<b/>")


def test_entries_keep_the_order_they_were_added_in_and_write_zip_sorts():
    streamed, whole = io.BytesIO(), io.BytesIO()
    with ZipWriter(streamed, epoch=1767225600) as zw:
        zw.add("items/b.xml", b"b")
        zw.add("imsmanifest.xml", b"m")
    write_zip(whole, {"items/b.xml": b"b", "imsmanifest.xml": b"m"}, epoch=1767225600)
    assert zipfile.ZipFile(streamed).namelist() == ["items/b.xml", "imsmanifest.xml"]
    assert zipfile.ZipFile(whole).namelist() == ["imsmanifest.xml", "items/b.xml"]
    assert {i.date_time for i in zipfile.ZipFile(streamed).infolist()} == {(2026, 1, 1, 0, 0, 0)}


def test_an_entry_written_in_pieces_has_the_bytes_of_one_written_whole():
    data = "Câu hỏi về mã OTP và VNeID. ".encode() * 200_000  # ~6 MB, several pieces
    whole, pieces = io.BytesIO(), io.BytesIO()
    with ZipWriter(whole, epoch=1767225600) as zw:
        zw.add("imsmanifest.xml", data)
    with ZipWriter(pieces, epoch=1767225600) as zw:
        zw.add_chunks("imsmanifest.xml", (data[i:i + 70_001]
                                          for i in range(0, len(data), 70_001)))
    assert pieces.getvalue() == whole.getvalue()
    assert zipfile.ZipFile(pieces).read("imsmanifest.xml") == data
