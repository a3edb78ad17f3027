"""Less common mistakes, each with its code and position."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Annotated

from pydantic import Field

from qbank.model.validation import validate
from qbank.source.files import MAX_BYTES, read_text
from qbank.source.yamlpos import load_yaml

from helpers import BASE_FILES, found

COURSE = "courses/khoa/course.yaml"


def edit(rel, old, new):
    text = textwrap.dedent(BASE_FILES[rel]).lstrip("\n")
    assert old in text
    return {rel: text.replace(old, new, 1)}


def test_unreadable_and_oversized_files(tmp_path):
    text, diags = read_text(tmp_path / "khong-co.yaml")
    assert text is None and diags[0].code.id == "QB0110"
    assert diags[0].message("vi") == "không đọc được tệp: không tìm thấy"  # no system English
    assert diags[0].message("en") == "cannot read file: No such file or directory"
    assert read_text(tmp_path)[1][0].message("vi") == (
        "không đọc được tệp: là một thư mục, không phải tệp")
    big = tmp_path / "lon.yaml"
    big.write_bytes(b"a: " + b"x" * MAX_BYTES)
    assert [d.code.id for d in read_text(big)[1]] == ["QB0113"]


def test_empty_bank_file_is_a_warning(project_at):
    _, diags = project_at({"question_banks/chung/trong.yaml": ""})
    assert found(diags, "QB0114") == [("trong.yaml", 1, 1)]


def test_blank_text_out_of_range_and_bad_format(project_at):
    files = edit(COURSE, "title: Khóa học", 'title: "   "\nversion: "1 0"')
    files |= edit("qbank.yaml", "pass_threshold: 70", "pass_threshold: 150")
    _, diags = project_at(files)
    assert found(diags, "QB0206") == [("course.yaml", 2, 8)]
    assert found(diags, "QB0209") == [("course.yaml", 3, 10)]
    assert found(diags, "QB0208") == [("qbank.yaml", 5, 45)]


def test_an_error_without_a_specific_code_still_gets_code_QB0200_and_a_position():
    model = dict[str, Annotated[float, Field(multiple_of=5)]]
    loaded = load_yaml("a: 5\nb: 7\n", Path("x.yaml"))
    value, diags = validate(model, loaded.data, loaded.source_map)
    assert value is None
    assert [(d.code.id, d.pos.line, d.pos.col, d.args["key"]) for d in diags] == [
        ("QB0200", 2, 4, "b")]


def test_unknown_framework(project_at):
    _, diags = project_at(edit("qbank.yaml", "organization:", "framework: qd-khong-co\n"
                                                             "organization:"))
    assert found(diags, "QB0315") == [("qbank.yaml", 1, 12)]


def test_lesson_listed_twice(project_at):
    _, diags = project_at(edit(COURSE, "lessons: [lessons/01-bai.md]",
                               "lessons: [lessons/01-bai.md, lessons/01-bai.md]"))
    assert found(diags, "QB0316") == [("course.yaml", 4, 30)]


def test_overlapping_pools_that_cannot_fill_the_test(project_at):
    _, diags = project_at(edit(
        COURSE, "- {id: phan, select: 2, pool: {banks: [chung]}}",
        "- {id: phan, select: 1, pool: {levels: [1]}}\n"
        "    - {id: phan-hai, select: 1, pool: {levels: [1]}}"))
    assert found(diags, "QB0503") == [("course.yaml", 9, 3)]
    assert found(diags, "QB0502") == []
