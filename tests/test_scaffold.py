"""`qbank init`, `qbank stamp`, `qbank schema`: what authors start from."""

from __future__ import annotations

import json
import os

import jsonschema
import yaml
from click.testing import CliRunner

from qbank.cli import main
from qbank.rules.git_ignored import ignored_files


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_init_creates_a_repo_that_checks_clean(tmp_path):
    target = tmp_path / "so-y-te"
    r = invoke("init", target, "--org-name", "Sở Y tế Thanh Hóa", "--org-code", "SYT-THA")
    assert r.exit_code == 0, r.output
    check = invoke("check", target, "--format", "json")
    assert check.exit_code == 0
    # Only what the framework and Phụ lục II leave open, and the sample course to replace
    # before publishing (QB0740): the template warns of nothing else.
    assert {d["code"] for d in json.loads(check.stdout)} <= {"QB0504", "QB0508", "QB0740"}
    config = yaml.safe_load((target / "qbank.yaml").read_text(encoding="utf-8"))
    assert config["organization"] == {"name": "Sở Y tế Thanh Hóa", "code": "SYT-THA"}
    ignore = (target / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert {"dist/", "site/", "du-lieu-ca-nhan/", "*.xlsx"} <= set(ignore)
    hook = yaml.safe_load((target / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert hook["repos"][0]["hooks"][0]["entry"] == "qbank check"
    assert (target / "HUONG-DAN.md").read_text(encoding="utf-8").startswith("# Hướng dẫn")
    assert (target / "mkdocs.yml").is_file()
    assert (target / "courses/khoa-hoc-mau/lessons/01-bai-hoc-dau-tien.simple.md").is_file()


def test_init_wires_every_yaml_file_to_its_schema(tmp_path):
    invoke("init", tmp_path / "r")
    for rel, name in [("qbank.yaml", "qbank"), ("courses/khoa-hoc-mau/course.yaml", "course"),
                      ("question_banks/ngan-hang-mau/cau-hoi.yaml", "question-bank")]:
        path = tmp_path / "r" / rel
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=")
        schema_path = (path.parent / first.split("=", 1)[1]).resolve()
        assert schema_path == (tmp_path / "r/.qbank/schema" / f"{name}.schema.json").resolve()
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
        # Editors read YAML 1.2, where 2026-01-01 is a string: the schema sees what they see.
        data = json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))
        jsonschema.validate(data, schema)


def test_init_refuses_a_folder_with_content(tmp_path):
    (tmp_path / "notes.txt").write_text("giữ nguyên", encoding="utf-8")
    r = invoke("init", tmp_path)
    assert r.exit_code == 2
    assert "không trống" in r.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_schemas_reject_what_check_rejects(tmp_path):
    invoke("schema", "--out", tmp_path)
    schema = json.loads((tmp_path / "question-bank.schema.json").read_text(encoding="utf-8"))
    good = {"questions": [{"id": "a", "type": "true_false", "stem": "S", "answer": True,
                           "skills": ["4.2"], "level": 1}]}
    jsonschema.validate(good, schema)
    bad = {"questions": [{**good["questions"][0], "feedbak": "x"}]}
    try:
        jsonschema.validate(bad, schema)
    except jsonschema.ValidationError as e:
        assert "feedbak" in e.message
    else:
        raise AssertionError("unknown key accepted")


def test_stamp_records_the_source_hash_and_changes_nothing_else(tmp_path):
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    (lessons / "01-a.md").write_text("---\nid: a\ntitle: A\n---\n\nNội dung.\n", encoding="utf-8")
    variant = lessons / "01-a.simple.md"
    original = "---\ntitle: A\nsource_hash: \"000000000000\"\n# ghi chú\n---\n\nNgắn.\n"
    variant.write_text(original, encoding="utf-8")
    r = invoke("stamp", variant)
    assert r.exit_code == 0
    new = variant.read_text(encoding="utf-8")
    from qbank.source.files import body_hash
    expected = body_hash("\nNội dung.\n")
    assert new == original.replace("000000000000", expected)
    assert invoke("stamp", variant).stdout == ""  # already current: no change
    not_variant = invoke("stamp", lessons / "01-a.md")
    assert not_variant.exit_code == 1
    assert "QB0122" in not_variant.stderr


def test_init_repo_builds_its_packages_and_its_site(tmp_path):
    target = tmp_path / "so-y-te"
    invoke("init", target, "--org-name", "Sở Y tế Thanh Hóa", "--org-code", "SYT-THA")
    refused = invoke("build", target, "--only", "json,olx,site")
    assert refused.exit_code == 1 and "QB0741" in refused.stdout  # the sample course
    assert not (target / "site").exists()
    make_sample_course_own(target)
    r = invoke("build", target, "--only", "json,olx,site")
    assert r.exit_code == 0, r.output
    home = (target / "site" / "index.html").read_text(encoding="utf-8")
    assert "Sở Y tế Thanh Hóa" in home and "nguoi-dan/index.html" in home
    lesson = target / "site/nguoi-dan/an-toan-tai-khoan/bai-hoc-dau-tien/index.html"
    assert "Bản dễ đọc" in lesson.read_text(encoding="utf-8")
    assert "fonts.googleapis.com" not in home


def test_schema_from_a_subfolder_writes_into_the_project(tmp_path):
    invoke("init", tmp_path / "r")
    r = invoke("schema", tmp_path / "r" / "courses")
    assert r.exit_code == 0, r.output
    assert (tmp_path / "r/.qbank/schema/course.schema.json").is_file()
    assert not (tmp_path / "r/courses/.qbank").exists()


def make_sample_course_own(root):
    """What an author does first: the sample course gets the department's own id."""
    course = root / "courses/khoa-hoc-mau/course.yaml"
    course.write_text(course.read_text(encoding="utf-8").replace(
        "id: khoa-hoc-mau", "id: an-toan-tai-khoan", 1), encoding="utf-8")


def _git(root, *args):
    import subprocess

    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True)


def test_init_gitignore_keeps_lessons_and_drops_personal_data(tmp_path):
    root = tmp_path / "r"
    invoke("init", root)
    _git(root, "init", "-q")
    lessons = root / "courses/khoa-hoc-mau/lessons"
    kept = ["courses/khoa-hoc-mau/lessons/03-danh-sach-viec-can-lam.md",
            "question_banks/ngan-hang-mau/danh-sach-cau-hoi.yaml",
            "question_banks/ngan-hang-mau/nhap.xlsx", ".github/workflows/qbank.yml",
            ".gitlab-ci.yml", "docs/importing.md"]
    dropped = ["du-lieu-ca-nhan/hoc-vien.txt", "danh-sach-hoc-vien-2026.xlsx",
               "danh-sach-hoc-vien.pdf", "bao-cao/tien-do-2026-11.md", "diem.csv",
               "courses/khoa-hoc-mau/bang-diem.xls", "dist/x.zip", "site/index.html"]
    for rel in kept + dropped:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        if not (root / rel).exists():
            (root / rel).write_text("x", encoding="utf-8")
    ignored = _git(root, "check-ignore", *kept, *dropped).stdout.split()
    assert sorted(ignored) == sorted(dropped)
    assert lessons.is_dir()


def test_check_warns_when_git_ignores_a_content_file(tmp_path):
    root = tmp_path / "r"
    invoke("init", root)
    _git(root, "init", "-q")
    lesson = root / "courses/khoa-hoc-mau/lessons/01-bai-hoc-dau-tien.md"
    (root / "courses/.gitignore").write_text("# cũ\n*bai-hoc*\n", encoding="utf-8")
    r = invoke("check", root, "--format", "json")
    found = [d for d in json.loads(r.stdout) if d["code"] == "QB0950"]
    assert [d["path"] for d in found] == [
        "courses/khoa-hoc-mau/lessons/01-bai-hoc-dau-tien.md",
        "courses/khoa-hoc-mau/lessons/01-bai-hoc-dau-tien.simple.md"]
    assert "'*bai-hoc*'" in found[0]["message"] and "courses/.gitignore:2" in found[0]["message"]
    assert found[0]["severity"] == "warning" and r.exit_code == 0
    # Once tracked, the file is committed whatever the pattern: no warning.
    _git(root, "add", "-f", str(lesson))
    again = json.loads(invoke("check", root, "--format", "json").stdout)
    assert [d["path"] for d in again if d["code"] == "QB0950"] == [
        "courses/khoa-hoc-mau/lessons/01-bai-hoc-dau-tien.simple.md"]
    # A file name that is not UTF-8 (copied from an old disk) is reported, not a crash.
    odd = root / "courses/khoa-hoc-mau/lessons" / os.fsdecode(b"bai-hoc-\xff.md")
    odd.touch()
    assert ("courses/khoa-hoc-mau/lessons/bai-hoc-\ufffd.md", "*bai-hoc*", "courses/.gitignore:2"
            ) in ignored_files(root)
    odd.unlink()
    # Outside a git work tree, nothing to say.
    (root / ".git").rename(root / "git-off")
    assert "QB0950" not in invoke("check", root, "--format", "json").stdout
