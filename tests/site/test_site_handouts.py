"""PDF handouts: one per handbook (A4) and per lesson version (A5), Vietnamese text intact."""

from __future__ import annotations

import re

import pypdf  # a test extra: reads the PDFs back
import pytest
from site_fixture import LESSON, make_site_project

import qbank
from qbank.site.build import build_handouts

LINK = "https://example.org/huong-dan-thu"
# The fixture's lesson with a web link, which a printed page must spell out.
LINKED = LESSON.replace("nhiều vụ như vậy.", f"nhiều vụ như vậy. Xem [hướng dẫn]({LINK}).")


@pytest.fixture(scope="module")
def handouts(tmp_path_factory):
    root = make_site_project(tmp_path_factory.mktemp("handouts"),
                             {"courses/khoa/lessons/02-lua-dao.md": LINKED})
    result = build_handouts(qbank.load_project(root), root / "handouts")
    assert result.ok, [d.message("en") for d in result.diagnostics if d.severity == "error"]
    return root / "handouts", result


def _text(path) -> str:
    """The PDF's text with every run of white space (line breaks included) as one space, so a
    phrase is found wherever the lines wrap."""
    return " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(str(path)).pages).split())


def _has(text: str, phrase: str) -> bool:
    """`phrase` in `text` ignoring white space: a long address may wrap inside itself."""
    return "".join(phrase.split()) in "".join(text.split())


def _fonts(path) -> set[str]:
    """Base names of the fonts a PDF uses, without the subset tag ("ABCDEF+Noto-Sans")."""
    names = set()
    for page in pypdf.PdfReader(str(path)).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            names.add(str(font.get_object()["/BaseFont"]).lstrip("/").split("+")[-1])
    return names


def _size_mm(path) -> tuple[int, int]:
    box = pypdf.PdfReader(str(path)).pages[0].mediabox
    return round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)


def test_a_handout_per_handbook_and_lesson_version(handouts):
    out, result = handouts
    names = sorted(p.relative_to(out).as_posix() for p in result.files)
    assert names == ["cbcc.pdf", "nguoi-dan.pdf", "nguoi-dan/bai.pdf", "nguoi-dan/bai.simple.pdf",
                     "nguoi-dan/lua-dao.blt.pdf", "nguoi-dan/lua-dao.pdf",
                     "nguoi-dan/lua-dao.simple.pdf"]
    assert _size_mm(out / "nguoi-dan.pdf") == (210, 297)
    assert _size_mm(out / "nguoi-dan/lua-dao.pdf") == (148, 210)


def test_vietnamese_text_is_extractable(handouts):
    out, _ = handouts
    book = _text(out / "nguoi-dan.pdf")
    assert "Cẩm nang cho người dân" in book and "Nhận diện lừa đảo trực tuyến" in book
    assert "Kẻ gian giục chuyển tiền gấp" in book
    simple = _text(out / "nguoi-dan/lua-dao.simple.pdf")
    assert "Cẩn thận lừa đảo" in simple and "chưa được thẩm định" in simple


def test_translation_handout_carries_its_review_status(handouts):
    out, _ = handouts
    text = _text(out / "nguoi-dan/lua-dao.blt.pdf")
    assert "Bản dịch chưa được thẩm định" in text and "dịch máy" in text


def test_handouts_use_the_print_stylesheet(handouts):
    """The stylesheet reaches WeasyPrint intact: a sans-serif font that carries Vietnamese,
    page numbers "n / total" on every page, link addresses printed after the link text."""
    out, result = handouts
    for path in result.files:
        fonts = _fonts(path)
        assert fonts and all(f.startswith("Noto-Sans") for f in fonts), (path.name, fonts)
    reader = pypdf.PdfReader(str(out / "nguoi-dan.pdf"))
    total = len(reader.pages)
    assert total >= 2
    for n, page in enumerate(reader.pages, 1):
        assert re.search(rf"(^|\s){n} ?/ ?{total}(\s|$)", page.extract_text()), n
    assert _has(_text(out / "nguoi-dan/lua-dao.pdf"), f"hướng dẫn ({LINK})")
    assert _has(_text(out / "nguoi-dan.pdf"), f"hướng dẫn ({LINK})")
