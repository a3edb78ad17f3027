"""Lesson `sources:`: read from front matter (lessons and simplified versions), exported in
course.json so that reviewers and other systems see where a lesson's rules come from."""

from __future__ import annotations

import json

import jsonschema

import qbank
LESSON = """
---
id: bai
title: Bài học
skills: ["4.2"]
sources:
  - title: "Kế hoạch triển khai phong trào Bình dân học vụ số"
    issuer: "UBND tỉnh Thanh Hóa"
    ref: "số 01/KH-UBND"
    url: "https://thanhhoa.gov.vn/"
    checked: 2026-12-01
  - title: Tài liệu hướng dẫn
    checked: "2026-11-30"
---

Nội dung bài học.
"""

SIMPLE_OWN = """
---
title: Bài học
source_hash: '000000000000'
sources:
  - title: Tờ gấp dễ đọc
---

Ngắn gọn.
"""


def _course(project_at, tmp_path, files, stamp=False):
    project, _ = project_at(files)
    if stamp:  # the simplified version was written with a placeholder hash
        from qbank.source.stamp import stamp_variant

        stamp_variant(tmp_path / "courses/khoa/lessons/01-bai.simple.md")
        project = qbank.load_project(tmp_path)
    result = qbank.build(project, tmp_path / "dist", formats=["json"])
    assert result.ok, [d.message("en") for d in result.diagnostics]
    bundle = tmp_path / "dist" / "khoa-1.0"
    doc = json.loads((bundle / "course.json").read_text(encoding="utf-8"))
    schema = json.loads((bundle / "schema" / "course-1.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(doc, schema)
    return doc["lessons"][0]


def test_course_json_carries_lesson_sources_and_simple_version_inherits_them(project_at, tmp_path):
    lesson = _course(project_at, tmp_path, {"courses/khoa/lessons/01-bai.md": LESSON})
    assert lesson["sources"] == [
        {"title": "Kế hoạch triển khai phong trào Bình dân học vụ số",
         "issuer": "UBND tỉnh Thanh Hóa", "ref": "số 01/KH-UBND", "url": "https://thanhhoa.gov.vn/",
         "checked": "2026-12-01"},
        {"title": "Tài liệu hướng dẫn", "issuer": None, "ref": None, "url": None,
         "checked": "2026-11-30"}]
    [simple] = lesson["variants"]
    assert simple["kind"] == "simple" and simple["sources"] == lesson["sources"]


def test_simple_version_may_cite_its_own_sources(project_at, tmp_path):
    files = {"courses/khoa/lessons/01-bai.md": LESSON,
             "courses/khoa/lessons/01-bai.simple.md": SIMPLE_OWN}
    lesson = _course(project_at, tmp_path, files, stamp=True)
    assert [s["title"] for s in lesson["variants"][0]["sources"]] == ["Tờ gấp dễ đọc"]
    assert len(lesson["sources"]) == 2


def test_lesson_without_sources_exports_an_empty_list(project_at, tmp_path):
    assert _course(project_at, tmp_path, {})["sources"] == []


def test_source_without_title_or_with_a_bad_date_is_an_error(project_at):
    bad = LESSON.replace('  - title: Tài liệu hướng dẫn\n    checked: "2026-11-30"\n',
                         '  - issuer: Sở\n    checked: "hôm qua"\n')
    _, diags = project_at({"courses/khoa/lessons/01-bai.md": bad})
    messages = {(d.pos.line, d.message("en")) for d in diags if d.code.severity == "error"}
    assert (11, "missing required key 'title'") in messages
    assert (12, "'sources[1].checked' must be a date YYYY-MM-DD") in messages
