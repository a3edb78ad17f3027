"""Broken and hostile files: each ends in a positioned diagnostic, never a traceback or a hang."""

from __future__ import annotations

import os

from click.testing import CliRunner
from helpers import BASE_FILES, found

from qbank.cli import main


def test_symlinked_lesson_and_media_pointing_outside_are_refused(project_at, tmp_path):
    outside = tmp_path.parent / "bi-mat.md"
    outside.write_text("---\nid: x\ntitle: x\n---\nbí mật\n", encoding="utf-8")
    project, _ = project_at()
    lessons = project.root / "courses/khoa/lessons"
    os.symlink(outside, lessons / "02-lien-ket.md")
    os.symlink("/etc/passwd", lessons / "anh.png")
    course = project.root / "courses/khoa/course.yaml"
    course.write_text(course.read_text(encoding="utf-8").replace(
        "lessons: [lessons/01-bai.md]", "lessons: [lessons/01-bai.md, lessons/02-lien-ket.md]"),
        encoding="utf-8")
    (lessons / "01-bai.md").write_text("---\nid: bai\ntitle: Bài\nskills: ['4.2']\n---\n\n"
                                       "![ảnh](anh.png) ![ảnh 2](../../../../etc/passwd)\n",
                                       encoding="utf-8")
    r = CliRunner().invoke(main, ["check", str(project.root), "--format", "json"])
    assert r.exit_code == 1
    import json
    got = {(d["path"], d["line"], d["col"], d["code"]) for d in json.loads(r.stdout)
           if d["code"] == "QB0302"}
    assert got == {("courses/khoa/course.yaml", 4, 30, "QB0302"),
                   ("courses/khoa/lessons/01-bai.md", 7, 8, "QB0302"),
                   ("courses/khoa/lessons/01-bai.md", 7, 26, "QB0302")}
    assert "bí mật" not in r.stdout


def test_case_only_collision(project_at):
    _, diags = project_at({"question_banks/chung/Cau-Hoi.yaml": "questions: []\n"})
    assert found(diags, "QB0317") == [("cau-hoi.yaml", 0, 0)]


def test_hostile_yaml_files_end_in_diagnostics(project_at):
    bomb = "a: &a ['x','x','x','x','x','x','x','x','x']\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n"
        for i in range(8))
    files = {
        "question_banks/chung/bom.yaml": bomb,
        "question_banks/chung/sau.yaml": "a: " + "[" * 5000 + "]" * 5000 + "\n",
        "question_banks/chung/lon.yaml": "questions: []\nx: '" + "a" * 6_000_000 + "'\n",
        "question_banks/chung/nhi-phan.yaml": bytes(range(256)) * 4,
        "question_banks/chung/bom-utf8.yaml": "\ufeffquestions: []\n",
        "question_banks/chung/the.yaml": "questions: !!python/object/apply:os.system ['ls']\n",
        "question_banks/chung/lap.yaml": "questions: []\nquestions: []\n",
    }
    _, diags = project_at(files)
    codes = {(d.pos.path.name, d.code.id) for d in diags if d.severity == "error"}
    assert codes >= {("bom.yaml", "QB0104"), ("sau.yaml", "QB0105"), ("lon.yaml", "QB0113"),
                     ("nhi-phan.yaml", "QB0112"), ("the.yaml", "QB0103"), ("lap.yaml", "QB0102")}
    assert not [d for d in diags if d.pos and d.pos.path.name == "bom-utf8.yaml"]
    assert BASE_FILES  # the rest of the project still loads
