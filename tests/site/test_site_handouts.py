"""PDF handouts: one per handbook (A4) and per lesson version (A5), Vietnamese text intact."""

from __future__ import annotations

import pytest
from site_fixture import make_site_project

import qbank
from qbank.site.build import build_handouts

pypdf = pytest.importorskip("pypdf", reason="pypdf reads the PDFs back (test extra)")


@pytest.fixture(scope="module")
def handouts(tmp_path_factory):
    root = make_site_project(tmp_path_factory.mktemp("handouts"))
    result = build_handouts(qbank.load_project(root), root / "handouts")
    assert result.ok, [d.message("en") for d in result.diagnostics if d.severity == "error"]
    return root / "handouts", result


def _text(path) -> str:
    return "\n".join(p.extract_text() for p in pypdf.PdfReader(str(path)).pages)


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
