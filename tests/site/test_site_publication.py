"""Publication status and reviewed-only translations, as readers meet them: on every site page
(real mkdocs build), on every handout page (PDF) and on the review sheet."""

from __future__ import annotations

import json
from pathlib import Path

import pypdf
import pytest
from lxml import html as lhtml
from site_fixture import LESSON_DIR, make_site_project

import qbank
from helpers import BASE_FILES
from qbank.site.build import build_handouts, build_site
from qbank.site.pages import plan_site

DRAFT = "Bản nháp — nội dung chưa được cơ quan có thẩm quyền phê duyệt."
NOTE = "Góp ý gửi Tổ biên soạn."
TRANSLATED = "Văn bản thử nghiệm của bộ kiểm thử"  # the draft blt translation's text
# The project's defaults: publication draft, translations reviewed-only; plus a note.
CONFIG = {"qbank.yaml": BASE_FILES["qbank.yaml"] + f"publication: {{note: {NOTE}}}\n"}


@pytest.fixture(scope="module")
def draft_site(tmp_path_factory):
    root = make_site_project(tmp_path_factory.mktemp("draft-site"), CONFIG)
    result = build_site(qbank.load_project(root), root / "site")
    assert result.ok, [d.message("en") for d in result.diagnostics]
    return result.out


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")


def test_every_page_carries_the_draft_banner_with_the_note(draft_site):
    pages = _pages(draft_site)
    assert len(pages) >= 8
    for path in pages:
        doc = lhtml.fromstring(path.read_text(encoding="utf-8"))
        [box] = doc.xpath('//div[contains(@class, "qb-publication")]')
        text = " ".join(box.text_content().split())
        assert DRAFT in text and NOTE in text, path
        assert "not been approved" not in text  # a Vietnamese site has no English line


def test_banner_is_not_indexed_for_search(draft_site):
    index = json.loads((draft_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not [d for d in index["docs"] if "cơ quan có thẩm quyền" in d["text"]]


def test_unreviewed_translation_is_withheld_and_simplified_text_shown(draft_site):
    doc = lhtml.fromstring((draft_site / f"{LESSON_DIR}/blt.html").read_text(encoding="utf-8"))
    text = " ".join(doc.text_content().split())
    assert TRANSLATED not in text and "Bản dịch thử nghiệm" not in text
    assert "Không chuyển tiền cho người lạ." in text  # the simplified Vietnamese version
    assert ("Bản dịch tiếng Thái Đen của bài này chưa được người thông thạo ngôn ngữ thẩm định "
            "nên chưa đăng") in text
    switcher = doc.xpath('//nav[contains(@class, "qb-versions")]')[0].text_content()
    assert "Thái Đen (blt) – chờ thẩm định" in " ".join(switcher.split())
    everything = "".join(p.read_text(encoding="utf-8") for p in draft_site.rglob("*.html"))
    everything += (draft_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert TRANSLATED not in everything


def test_reviewed_translation_is_published(tmp_path):
    reviewed = {"courses/khoa/lessons/02-lua-dao.blt.md": None}
    root = make_site_project(tmp_path, CONFIG | reviewed)
    from qbank.source.stamp import stamp_variant

    path = root / "courses/khoa/lessons/02-lua-dao.blt.md"
    path.write_text("---\ntitle: Bản dịch thử nghiệm\nsource_hash: '000000000000'\n"
                    "review: {status: reviewed, reviewer: Người duyệt thử}\n---\n\n"
                    f"{TRANSLATED}.\n", encoding="utf-8")
    stamp_variant(path)
    plan = plan_site(qbank.load_project(root))
    page = plan.page(f"{LESSON_DIR}/blt.md")
    assert TRANSLATED in page.html and page.lang == "blt"


def test_published_project_has_no_banner(tmp_path):
    config = {"qbank.yaml": BASE_FILES["qbank.yaml"] + "publication: {status: published}\n"}
    plan = plan_site(qbank.load_project(make_site_project(tmp_path, config)))
    assert plan.pages and not [p for p in plan.pages if "qb-publication" in p.html]


def test_approved_project_says_so_and_no_more(tmp_path):
    config = {"qbank.yaml": BASE_FILES["qbank.yaml"] + "publication: {status: approved}\n"}
    plan = plan_site(qbank.load_project(make_site_project(tmp_path, config)))
    assert all("Nội dung đã được phê duyệt nhưng chưa được công bố chính thức." in p.html
               for p in plan.pages)


def test_unknown_publication_status_is_an_error(project_at):
    _, diags = project_at({"qbank.yaml": BASE_FILES["qbank.yaml"] + "publication: official\n"})
    assert [d for d in diags if d.severity == "error" and d.pos.path.name == "qbank.yaml"]


def _page_texts(path: Path) -> list[str]:
    return [" ".join((p.extract_text() or "").split()) for p in pypdf.PdfReader(str(path)).pages]


def test_every_handout_page_carries_the_banner_and_withheld_translation_is_not_printed(
        tmp_path):
    root = make_site_project(tmp_path, CONFIG)
    result = build_handouts(qbank.load_project(root), root / "handouts")
    assert result.ok
    out = root / "handouts"
    pdfs = sorted(out.rglob("*.pdf"))
    assert not (out / "nguoi-dan/lua-dao.blt.pdf").exists()
    assert out / "nguoi-dan.pdf" in pdfs and out / "nguoi-dan/lua-dao.simple.pdf" in pdfs
    for pdf in pdfs:
        for n, text in enumerate(_page_texts(pdf), 1):
            # Once in the page's top margin; the first page shows it in the text too.
            assert "".join(DRAFT.split()) in "".join(text.split()), (pdf.name, n)
    first = _page_texts(out / "nguoi-dan.pdf")[0]
    assert NOTE in first and "not been approved" not in first


def test_review_sheet_shows_status_sources_and_unsourced_lessons(tmp_path, project_at):
    lesson = ("---\nid: bai\ntitle: Bài học\nskills: [\"4.2\"]\nsources:\n"
              "  - title: Kế hoạch phong trào Bình dân học vụ số\n    issuer: UBND tỉnh Thanh Hóa\n"
              "    ref: số 01/KH-UBND\n    url: https://thanhhoa.gov.vn/\n    checked: 2026-12-01\n"
              "---\n\nNội dung bài học.\n")
    unsourced = "---\nid: bai-hai\ntitle: Bài hai\n---\n\nTheo Nghị định số 13/2023/NĐ-CP.\n"
    course = BASE_FILES["courses/khoa/course.yaml"].replace(
        "lessons: [lessons/01-bai.md]", "lessons: [lessons/01-bai.md, lessons/02-bai-hai.md]")
    project, _ = project_at({"courses/khoa/lessons/01-bai.md": lesson,
                             "courses/khoa/lessons/02-bai-hai.md": unsourced,
                             "courses/khoa/course.yaml": course})
    result = qbank.build(project, tmp_path / "dist", formats=["review"])
    assert result.ok, [d.message("en") for d in result.diagnostics]
    doc = lhtml.fromstring((tmp_path / "dist/khoa-1.0/review.html").read_text(encoding="utf-8"))
    text = " ".join(doc.text_content().split())
    assert doc.xpath('//p[@class="publication"]')[0].text_content() == DRAFT
    assert doc.xpath('//tr[th="Tình trạng công bố"]/td')[0].text_content() == "bản nháp"
    assert ("Kế hoạch phong trào Bình dân học vụ số — UBND tỉnh Thanh Hóa, số 01/KH-UBND "
            "(https://thanhhoa.gov.vn/); kiểm tra ngày 01/12/2026") in text
    assert ("Chưa ghi nguồn: bài nêu văn bản pháp luật «Nghị định số 13/2023/NĐ-CP» "
            "(courses/khoa/lessons/02-bai-hai.md:6).") in text
