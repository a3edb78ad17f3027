"""HUONG-DAN-NOP.md / .html in every bundle: which file goes where, for the person who
receives the bundle."""

from __future__ import annotations

import hashlib
import json
import re

from lxml import html

import qbank
from qbank.export.bundle import build
from qbank.render.markdown import render

from helpers import write_project


def _bundle(tmp_path, formats=None, name="dist"):
    project = qbank.load_project(tmp_path / "p")
    result = build(project, tmp_path / name, formats, cache=False)
    assert result.ok, [d.message() for d in result.diagnostics if d.severity == "error"]
    [folder] = result.bundles
    return folder


def test_every_bundle_says_which_file_to_upload_where(tmp_path):
    write_project(tmp_path / "p", {})
    folder = _bundle(tmp_path)
    guide = (folder / "HUONG-DAN-NOP.md").read_text(encoding="utf-8")
    assert guide.startswith("# Hướng dẫn nộp gói khóa học “Khóa học”\n")
    rows = {m.group(1): m.group(2) for m in re.finditer(r"^\| `([^`]+)`[^|]* \| (.*) \|$",
                                                       guide, re.M)}
    assert rows["olx/khoa.tar.gz"].startswith("**Tệp cần tải lên** nền tảng Open edX")
    assert "QTI 3.0" in rows["qti30/khoa.zip"] and "QTI 2.1" in rows["qti21/khoa.zip"]
    assert "JSON" in rows["course.json"] and "thẩm định" in rows["review.html"]
    # Every file named in the table is in the bundle.
    for rel in rows:
        assert (folder / rel).exists(), rel
    # Studio steps, in order, with the course key the tarball carries.
    steps = guide.split("## Tải khóa học lên Open edX Studio")[1].split("##")[0]
    assert [int(n) for n in re.findall(r"^(\d)\. ", steps, re.M)] == list(range(1, 8))
    assert "Organization `TEST`, Course Number `khoa`, Course Run `1.0`" in steps
    assert "**Tools → Import**" in steps and "`olx/khoa.tar.gz`" in steps
    assert "## Hệ thống học tập khác (QTI)" in guide and "## Thẩm định" in guide


def test_the_html_is_the_same_markdown_rendered_and_both_are_in_the_manifest(tmp_path):
    write_project(tmp_path / "p", {})
    folder = _bundle(tmp_path)
    md = (folder / "HUONG-DAN-NOP.md").read_text(encoding="utf-8")
    page = (folder / "HUONG-DAN-NOP.html").read_text(encoding="utf-8")
    assert render(md) in page
    assert '<html lang="vi">' in page and "<script" not in page and "http" not in page.split(
        "<body>")[0]
    doc = html.document_fromstring(page)
    assert doc.findtext(".//h1") == "Hướng dẫn nộp gói khóa học “Khóa học”"
    assert doc.find(".//table") is not None
    manifest = json.loads((folder / "MANIFEST.json").read_text(encoding="utf-8"))
    files = {f["path"]: f["sha256"] for f in manifest["files"]}
    for name in ("HUONG-DAN-NOP.md", "HUONG-DAN-NOP.html"):
        assert files[name] == hashlib.sha256((folder / name).read_bytes()).hexdigest()


def test_the_guide_is_byte_identical_across_builds(tmp_path):
    write_project(tmp_path / "p", {})
    first = _bundle(tmp_path, name="a")
    second = _bundle(tmp_path, name="b")
    for name in ("HUONG-DAN-NOP.md", "HUONG-DAN-NOP.html"):
        assert (first / name).read_bytes() == (second / name).read_bytes()


def test_a_partial_build_describes_only_what_it_holds(tmp_path):
    write_project(tmp_path / "p", {})
    folder = _bundle(tmp_path, ["json"])
    guide = (folder / "HUONG-DAN-NOP.md").read_text(encoding="utf-8")
    assert "`course.json`" in guide and "MANIFEST.json" in guide
    assert "olx/" not in guide and "qti" not in guide and "review.html" not in guide
    assert "Open edX Studio" not in guide


def test_the_optional_library_is_described_as_optional_when_built(tmp_path):
    from helpers import BASE_FILES

    config = BASE_FILES["qbank.yaml"].rstrip() + "\n        olx: {library: true}\n"
    write_project(tmp_path / "p", {"qbank.yaml": config})
    folder = _bundle(tmp_path)
    assert (folder / "olx/khoa-library.tar.gz").is_file()
    guide = (folder / "HUONG-DAN-NOP.md").read_text(encoding="utf-8")
    row = next(line for line in guide.splitlines() if line.startswith("| `olx/khoa-library"))
    assert "Không bắt buộc" in row and "Khóa học ở trên không cần tệp này" in row
    assert "## Thư viện câu hỏi (không bắt buộc)" in guide
    assert "Library Code `khoa-LIB`" in guide
    # Without the option, no word about a library.
    write_project(tmp_path / "q", {})
    project = qbank.load_project(tmp_path / "q")
    [plain] = build(project, tmp_path / "d2", None, cache=False).bundles
    assert "library" not in (plain / "HUONG-DAN-NOP.md").read_text(encoding="utf-8").lower()
