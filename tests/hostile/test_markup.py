"""XSS payloads in any source field never reach an output in a form that runs."""

from __future__ import annotations

import json
import re
import tarfile
import zipfile

import pytest
from lxml import etree, html

import qbank

PAYLOADS = [
    "<script>alert('x')</script>",
    "<img src=x onerror=alert(1)>",
    "<iframe src=\"https://evil.example/\"></iframe>",
    "[bấm vào đây](javascript:alert(1))",
    "[tải về](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![ảnh](javascript:alert(1))",
    "![ảnh](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "<a href=\"javascript:alert(1)\" onclick=\"alert(2)\">x</a>",
    "<svg onload=alert(1)>",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "[x](JaVaScRiPt:alert(1)) [y]( javascript:alert(1))",
]
TEXT = " ".join(PAYLOADS)

BANK = {"question_banks/xss/cau-hoi.yaml": "questions:\n" + "".join(
    f"  - id: xss-{i}\n    type: single_choice\n    stem: {json.dumps(p)}\n    options:\n"
    f"      - {{text: {json.dumps(p)}, correct: true, feedback: {json.dumps(p)}}}\n"
    f"      - {{text: an toàn {i}}}\n    skills: ['4.2']\n    level: 1\n"
    f"    feedback: {json.dumps(TEXT)}\n" for i, p in enumerate(PAYLOADS))}
COURSE = {"courses/khoa/course.yaml": (
    "id: khoa\ntitle: Khóa\naudience: nguoi-dan\nstart: 2026-01-01\nend: 2026-12-31\n"
    "description: " + json.dumps(TEXT) + "\nlessons: [lessons/01-bai.md]\ncheckpoints:\n"
    "  - {after: bai, questions: [" + ", ".join(f"xss-{i}" for i in range(len(PAYLOADS)))
    + "]}\nfinal:\n  id: kiem-tra\n  sections:\n    - {id: phan, select: 2, pool: {banks: [chung]}}\n"),
    "courses/khoa/lessons/01-bai.md": "---\nid: bai\ntitle: Bài\nskills: ['4.2']\n---\n\n"
    + "\n\n".join(PAYLOADS) + "\n"}

DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "svg", "style", "form", "base", "meta"}


def _dangers(root) -> list[str]:
    found = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        tag = etree.QName(el).localname.lower()
        if tag in DANGEROUS_TAGS:
            found.append(f"<{tag}>")
        for name, value in el.attrib.items():
            name = etree.QName(name).localname.lower()
            if name.startswith("on") or name == "style":
                found.append(f"{tag}@{name}")
            if name in ("href", "src", "action", "formaction", "xlink:href") and re.match(
                    r"\s*(javascript|data|vbscript):", value, re.I):
                found.append(f"{tag}@{name}={value[:30]}")
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from helpers import write_project

    root = tmp_path_factory.mktemp("xss")
    write_project(root, BANK | COURSE)
    result = qbank.build(qbank.load_project(root), root / "dist")
    assert result.ok, [d.message("en") for d in result.diagnostics if d.severity == "error"]
    return root / "dist" / "khoa-1.0"


def test_qti_packages(built):
    for version in ("qti21", "qti30"):
        with zipfile.ZipFile(built / version / "khoa.zip") as zf:
            for name in zf.namelist():
                if name.endswith(".xml"):
                    assert _dangers(etree.fromstring(zf.read(name))) == [], (version, name)


def test_olx_export(built):
    for tarball in sorted((built / "olx").glob("*.tar.gz")):  # the course (and any library)
        with tarfile.open(tarball) as tar:
            for member in tar.getmembers():
                if member.isfile() and member.name.endswith((".xml", ".html")):
                    data = tar.extractfile(member).read()
                    root = (etree.fromstring(data) if member.name.endswith(".xml")
                            else html.fromstring(b"<div>" + data + b"</div>"))
                    assert _dangers(root) == [], member.name


def test_review_sheet(built):
    doc = html.parse(str(built / "review.html")).getroot()
    body = doc.find("body")
    assert _dangers(body) == []
    assert "<script>alert('x')</script>" in body.text_content()  # shown as text


def test_json_html_fields(built):
    questions = json.loads((built / "questions.json").read_text(encoding="utf-8"))["questions"]
    for q in questions:
        for field in ("stem_html", "feedback_html"):
            if q.get(field):
                assert _dangers(html.fromstring(f"<div>{q[field]}</div>")) == [], q["id"]
