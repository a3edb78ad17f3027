"""Images whose file names have Vietnamese letters or spaces, in a lesson and in a question:
found by `qbank check` (written plain, in the `<…>` form, stored NFD as macOS writes them), and
referenced under an ASCII-safe name that exists in every output (OLX, QTI 3.0, QTI 2.1, JSON,
review sheet, site, handouts)."""

from __future__ import annotations

import hashlib
import json
import re
import struct
import tarfile
import unicodedata
import zipfile
import zlib
from pathlib import Path, PurePosixPath

import pypdf
import pytest

import qbank
from qbank.export.media import package_name
from qbank.site.build import build_handouts, build_site
from qbank.site.handbooks import load_handbooks

from helpers import found, write_project
from xsd import package_problems


def _png(rgb: tuple[int, int, int], size: int = 4) -> bytes:
    row = b"\x00" + bytes(rgb) * size

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(row * size)) + chunk(b"IEND", b""))


GREEN, RED = _png((0x0B, 0x5D, 0x1E)), _png((200, 10, 10))
# On disk decomposed (NFD), as a Mac writes it; every source names it composed (NFC).
SCREEN_NFD = unicodedata.normalize("NFD", "màn hình VNeID.png")
LESSON = """
    ---
    id: bai
    title: Bài học
    skills: ["4.2"]
    ---

    Nội dung bài học.

    ![Ảnh thủ tục](../media/ảnh-thủ-tục.png)

    ![Màn hình VNeID](<../media/màn hình VNeID.png>)
    """
BANK = """
    questions:
      - id: q-mot
        type: single_choice
        stem: "Xem hình: ![Màn hình VNeID](<../../courses/khoa/media/màn hình VNeID.png>)"
        media:
          - {src: ../../courses/khoa/media/ảnh-thủ-tục.png, alt: Ảnh thủ tục}
        options:
          - {text: Đúng là A, correct: true}
          - {text: Là B}
        skills: ["4.2"]
        level: 1
        feedback: "Như hình: ![Ảnh thủ tục](../../courses/khoa/media/ảnh-thủ-tục.png)"
      - id: q-hai
        type: true_false
        stem: Câu hỏi hai.
        answer: true
        skills: ["4.2"]
        level: 2
        feedback: Vì đúng.
    """
COVER = _png((10, 10, 200))
FILES = {
    "handbooks/media/bìa sổ tay.png": COVER,
    "handbooks/nguoi-dan/index.md": "---\ntitle: Cẩm nang cho người dân\n---\n\n"
                                    "![Bìa sổ tay](<../media/bìa sổ tay.png>)\n",
    "courses/khoa/media/ảnh-thủ-tục.png": GREEN,
    f"courses/khoa/media/{SCREEN_NFD}": RED,
    "courses/khoa/lessons/01-bai.md": LESSON,
    "question_banks/chung/cau-hoi.yaml": BANK,
}
NAME = re.compile(r"^[a-z0-9-]+-[0-9a-f]{10}\.png$")


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = write_project(tmp_path_factory.mktemp("media"), FILES)
    return qbank.load_project(root)


@pytest.fixture(scope="module")
def bundle(project):
    result = qbank.build(project, project.root / "dist")
    assert result.ok, [d.message("en") for d in result.diagnostics if d.severity == "error"]
    return project.root / "dist" / "khoa-1.0"


def _images(html: str) -> list[str]:
    return re.findall(r'<(?:qti-)?img [^>]*?src="([^"]*)"', html)


def _names(srcs) -> set[str]:
    return {PurePosixPath(s).name for s in srcs}


EXPECTED = {package_name(Path("ảnh-thủ-tục.png"), GREEN),
            package_name(Path("màn hình VNeID.png"), RED)}


def test_names_are_ascii_deterministic_and_apart():
    sha = lambda data: hashlib.sha256(data).hexdigest()[:10]  # noqa: E731
    assert EXPECTED == {f"anh-thu-tuc-{sha(GREEN)}.png", f"man-hinh-vneid-{sha(RED)}.png"}
    assert all(NAME.match(n) for n in EXPECTED)
    # NFD and NFC spellings of a name are the same name; names folding alike stay apart.
    assert package_name(Path(SCREEN_NFD), RED) == package_name(Path("màn hình VNeID.png"), RED)
    assert package_name(Path("ảnh.png"), GREEN) != package_name(Path("anh.png"), RED)
    assert package_name(Path("ẢNH.PNG"), GREEN).endswith(".png")


def test_check_finds_vietnamese_names_and_reports_a_missing_one_decoded(project_at):
    _, diags = project_at(FILES)
    assert found(diags, "QB0306") == [] and found(diags, "QB0301") == []
    lesson = LESSON.replace("màn hình VNeID.png", "màn hình cũ.png")
    bank = BANK.replace("(<../../courses/khoa/media/màn hình VNeID.png>)",
                        "(../../courses/khoa/media/ảnh-không-có.png)")
    _, diags = project_at(FILES | {"courses/khoa/lessons/01-bai.md": lesson,
                                   "question_banks/chung/cau-hoi.yaml": bank})
    assert sorted(found(diags, "QB0306")) == [("01-bai.md", 11, 20), ("cau-hoi.yaml", 4, 11)]
    messages = sorted(d.message("vi") for d in diags if d.code.id == "QB0306")
    assert messages == ["không tìm thấy tệp media '../../courses/khoa/media/ảnh-không-có.png'",
                        "không tìm thấy tệp media '../media/màn hình cũ.png'"]


def test_olx_references_static_names_that_exist(bundle):
    archives = sorted(p.name for p in (bundle / "olx").glob("*.tar.gz"))
    assert "khoa.tar.gz" in archives
    for archive in archives:  # the course, and the library when there is one
        with tarfile.open(bundle / "olx" / archive) as tar:
            files = {m.name: m for m in tar.getmembers() if m.isfile()}
            top = next(iter(files)).split("/")[0]
            static = {n.split("/static/", 1)[1] for n in files if f"{top}/static/" in n}
            refs = []
            for name in files:
                if name.endswith((".xml", ".html")):
                    refs += _images(tar.extractfile(files[name]).read().decode("utf-8"))
        assert refs and all(r.startswith("/static/") and "/static/static/" not in r for r in refs)
        assert {r.removeprefix("/static/") for r in refs} <= static
        assert _names(refs) == EXPECTED if archive == "khoa.tar.gz" else _names(refs) <= EXPECTED


@pytest.mark.parametrize("version", ["qti30", "qti21"])
def test_qti_items_reference_packaged_ascii_media(bundle, version):
    package = bundle / version / "khoa.zip"
    with zipfile.ZipFile(package) as z:
        names = set(z.namelist())
        item = z.read("items/q-mot.xml").decode("utf-8")
        manifest = z.read("imsmanifest.xml").decode("utf-8")
    refs = _images(item)
    assert _names(refs) == EXPECTED
    assert {str(PurePosixPath("items", r)).replace("items/../", "") for r in refs} <= names
    assert all(f'href="media/{n}"' in manifest for n in EXPECTED)
    assert package_problems(package) == {}


def test_json_and_review_sheet_point_into_the_bundle(bundle):
    doc = json.loads((bundle / "questions.json").read_text(encoding="utf-8"))
    q = next(q for q in doc["questions"] if q["id"] == "q-mot")
    refs = _images(q["stem_html"]) + _images(q["feedback_html"]) + [m["src"] for m in q["media"]]
    assert _names(refs) == EXPECTED and all((bundle / r).is_file() for r in refs)
    review = _images((bundle / "review.html").read_text(encoding="utf-8"))
    assert _names(review) == EXPECTED and all((bundle / r).is_file() for r in review)
    manifest = json.loads((bundle / "MANIFEST.json").read_text(encoding="utf-8"))
    assert {f"media/{n}" for n in EXPECTED} <= set(json.dumps(manifest).replace('"', " ").split())


def test_site_lesson_and_handbook_pages_show_their_images(project, tmp_path):
    result = build_site(project, tmp_path / "site")
    assert result.ok, [d.message("en") for d in result.diagnostics if d.severity == "error"]
    page = tmp_path / "site/nguoi-dan/khoa/bai/index.html"
    refs = _images(page.read_text(encoding="utf-8"))
    assert _names(refs) == EXPECTED
    assert all((page.parent / r).resolve().read_bytes() in (GREEN, RED) for r in refs)
    intro = tmp_path / "site/nguoi-dan/index.html"
    [cover] = _images(intro.read_text(encoding="utf-8"))
    assert NAME.match(PurePosixPath(cover).name) and cover.startswith("../media/bia-so-tay-")
    assert (intro.parent / cover).resolve().read_bytes() == COVER


def test_a_missing_handbook_image_is_reported_at_its_position(project_at):
    page = "---\ntitle: Cẩm nang cho người dân\n---\n\nGiới thiệu.\n\n![Bìa](<../media/bìa cũ.png>)\n"
    project, _ = project_at(FILES | {"handbooks/nguoi-dan/index.md": page})
    diags = load_handbooks(project).diagnostics
    assert found(diags, "QB0306") == [("index.md", 7, 9)]
    assert [d.message("vi") for d in diags if d.code.id == "QB0306"] == [
        "không tìm thấy tệp media '../media/bìa cũ.png'"]


def test_handout_prints_both_images(project, tmp_path):
    result = build_handouts(project, tmp_path / "handouts")
    assert result.ok, [d.message("en") for d in result.diagnostics if d.severity == "error"]
    reader = pypdf.PdfReader(str(tmp_path / "handouts/nguoi-dan/bai.pdf"))
    assert sum(len(page.images) for page in reader.pages) == 2


def test_an_image_in_an_option_is_packaged_in_qti(project_at, tmp_path):
    bank = BANK.replace("- {text: Là B}", '- {text: "Là B ![Màn hình VNeID](<../../courses/'
                                          'khoa/media/màn hình VNeID.png>)"}')
    project, diags = project_at(FILES | {"question_banks/chung/cau-hoi.yaml": bank})
    assert found(diags, "QB0306") == []
    result = qbank.build(project, tmp_path / "dist", formats=["qti21", "qti30"])
    assert result.ok, [d.message("en") for d in result.diagnostics if d.severity == "error"]
    for version, tag in (("qti21", "simpleChoice"), ("qti30", "qti-simple-choice")):
        package = tmp_path / "dist/khoa-1.0" / version / "khoa.zip"
        with zipfile.ZipFile(package) as z:
            item = z.read("items/q-mot.xml").decode("utf-8")
            names = set(z.namelist())
        choice = re.search(rf'<{tag} identifier="B"[^>]*>(.*?)</{tag}>', item, re.S).group(1)
        [src] = _images(choice)
        assert PurePosixPath(src).name in EXPECTED and f"media/{PurePosixPath(src).name}" in names
        assert package_problems(package) == {}


def test_an_image_in_an_option_is_packaged_in_olx(project_at, tmp_path):
    bank = BANK.replace("- {text: Là B}", '- {text: "Là B ![Màn hình VNeID](<../../courses/'
                                          'khoa/media/màn hình VNeID.png>)", feedback: "Xem '
                                          '![ảnh](../../courses/khoa/media/ảnh-thủ-tục.png)"}')
    project, diags = project_at(FILES | {"question_banks/chung/cau-hoi.yaml": bank})
    assert found(diags, "QB0306") == []
    result = qbank.build(project, tmp_path / "dist", formats=["olx"])
    assert result.ok, [d.message("en") for d in result.diagnostics if d.severity == "error"]
    with tarfile.open(tmp_path / "dist/khoa-1.0/olx/khoa.tar.gz") as tar:
        names = set(tar.getnames())
        problems = [tar.extractfile(n).read().decode() for n in names
                    if n.startswith("course/problem/") and "q-mot" in n]
    assert problems
    for xml in problems:
        srcs = _images(xml)
        assert _names(srcs) == EXPECTED  # the option's image and its hint's image
        assert all(s.startswith("/static/") and f"course{s}" in names for s in srcs)
