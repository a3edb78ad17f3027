"""The authors' guide that `qbank init` writes (HUONG-DAN.md) and the Vietnamese docs it installs:
every example in the guide is a valid file, and a course made only of them checks clean."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner

from qbank.cli import main

from helpers import REPO

TYPES = ["single_choice", "multiple_response", "true_false", "text_entry", "ordering",
         "matching"]
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def _blocks(text: str, lang: str) -> list[str]:
    return re.findall(rf"^```{lang}\n(.*?)^```$", text, re.M | re.S)


def test_the_guide_covers_what_an_author_needs(tmp_path):
    invoke("init", tmp_path / "r", "--org-name", "Sở Y tế", "--org-code", "SYT")
    guide = (tmp_path / "r/HUONG-DAN.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (.*)$", guide, re.M)
    for needed in ("Thay khóa học mẫu bằng khóa học của đơn vị", "Khóa học (`course.yaml`)",
                   "Bài học", "Bản giản lược và `qbank stamp`", "Câu hỏi: sáu loại", "Ảnh"):
        assert needed in headings
    bank = next(b for b in _blocks(guide, "yaml") if "type: matching" in b)
    assert re.findall(r"^    type: (\w+)$", bank, re.M) == TYPES
    for word in ("checkpoints:", "final:", "sections:", "qbank stamp", "source_hash",
                 "media:", "alt:", "courses/khoa-hoc-mau"):
        assert word in guide, word


def test_a_course_made_of_the_guides_examples_checks_clean(tmp_path):
    root = tmp_path / "r"
    invoke("init", root, "--org-name", "Sở Y tế", "--org-code", "SYT")
    guide = (root / "HUONG-DAN.md").read_text(encoding="utf-8")
    yaml_blocks, md_blocks = _blocks(guide, "yaml"), _blocks(guide, "markdown")
    course_yaml = next(b for b in yaml_blocks if b.startswith("id: an-toan-tren-mang"))
    bank, image_bank = [b for b in yaml_blocks if b.startswith("questions:")]
    lesson, simple = md_blocks
    # Replace the sample course and bank, as the guide says.
    for sample in ("courses/khoa-hoc-mau", "question_banks/ngan-hang-mau"):
        for p in sorted((root / sample).rglob("*"), reverse=True):
            p.unlink() if p.is_file() else p.rmdir()
        (root / sample).rmdir()
    course = root / "courses/an-toan-tren-mang"
    (course / "lessons").mkdir(parents=True)
    (course / "media").mkdir()
    (course / "course.yaml").write_text(course_yaml, encoding="utf-8")
    (course / "lessons/01-mat-khau.md").write_text(lesson, encoding="utf-8")
    (course / "lessons/01-mat-khau.simple.md").write_text(simple, encoding="utf-8")
    (course / "lessons/02-lua-dao.md").write_text(
        "---\nid: lua-dao\ntitle: Nhận biết lừa đảo\nskills: [\"4.2\"]\n---\n\n"
        "Không bấm vào đường link lạ.\n", encoding="utf-8")
    for name in ("doi-mat-khau.png", "vneid-trang-chu.png"):
        (course / "media" / name).write_bytes(PNG)
    (root / "question_banks/an-toan").mkdir(parents=True)
    (root / "question_banks/an-toan/cau-hoi.yaml").write_text(bank, encoding="utf-8")
    (root / "question_banks/an-toan/anh.yaml").write_text(image_bank, encoding="utf-8")
    first = json.loads(invoke("check", root, "--format", "json").stdout)
    assert [d["code"] for d in first if d["severity"] == "error"] == []
    assert "QB0601" in {d["code"] for d in first}  # the simplified version is not stamped yet
    command = next(b for b in _blocks(guide, "sh") if "qbank stamp" in b).split()
    assert invoke(*command[1:-1], root / command[-1]).exit_code == 0
    after = json.loads(invoke("check", root, "--format", "json").stdout)
    assert not [d for d in after if d["severity"] == "error" or d["code"] == "QB0601"]


def test_init_installs_the_docs_and_they_are_in_vietnamese(tmp_path):
    invoke("init", tmp_path / "r")
    installed = sorted(p.name for p in (tmp_path / "r/docs").iterdir())
    assert installed == sorted(p.name for p in (REPO / "docs").iterdir())
    index = (tmp_path / "r/docs/README.md").read_text(encoding="utf-8")
    assert index.startswith("# Tài liệu qbank")
    links = re.findall(r"\]\(([\w.-]+\.md)\)", index)
    assert all(link in installed for link in links)
    assert {"dinh-dang.md", "importing.md", "chat-luong-noi-dung.md", "diagnostics.md",
            "nop-goi.md", "ci.md", "rosters.md"} <= set(links)
    for name in ("importing.md", "nop-goi.md", "ci.md", "dinh-dang.md", "chat-luong-noi-dung.md"):
        text = (tmp_path / "r/docs" / name).read_text(encoding="utf-8")
        first = text.splitlines()[0]
        assert re.search(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", first), name
