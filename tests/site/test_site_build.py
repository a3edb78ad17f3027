"""The handbook site built for real by mkdocs: pages, versions, notices, offline, search index."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import html as lhtml
from site_fixture import LESSON_DIR, make_site_project

import qbank
from qbank.site.build import build_site
from qbank.site.search import folded_words, other_tone_placement

REPO = Path(__file__).resolve().parents[2]
MKDOCS = [sys.executable, "-m", "mkdocs"]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = make_site_project(tmp_path_factory.mktemp("site-project"))
    result = build_site(qbank.load_project(root), root / "site")
    assert result.ok, [d.message("en") for d in result.diagnostics]
    return result.out


def page(site: Path, rel: str):
    return lhtml.fromstring((site / rel).read_text(encoding="utf-8"))


def test_pages_for_every_audience_lesson_and_version(site):
    for rel in ["index.html", "tro-giup.html", "nguoi-dan/index.html", "nguoi-dan/tro-giup.html",
                "cbcc/index.html", "nguoi-dan/khoa/bai/index.html",
                "nguoi-dan/khoa/bai/simple.html", "nguoi-dan/khoa/bai/blt.html"]:
        assert (site / rel).is_file(), rel
    for kind in ["index", "simple", "blt", "hnj"]:
        assert (site / LESSON_DIR / f"{kind}.html").is_file(), kind
    home = page(site, "index.html")
    targets = home.xpath('//ul[@class="qb-audiences"]//a/@href')
    assert targets == ["nguoi-dan/index.html", "cbcc/index.html"]


def test_switcher_links_every_version(site):
    doc = page(site, f"{LESSON_DIR}/index.html")
    links = doc.xpath('//nav[contains(@class, "qb-versions")]//a')
    assert [a.get("href") for a in links] == ["index.html", "simple.html", "blt.html", "hnj.html"]
    assert links[0].get("aria-current") == "page"
    assert "chưa dịch" in links[3].text_content() and "chưa dịch" not in links[2].text_content()


def test_translation_shows_review_status_and_outdated_notice(site):
    doc = page(site, f"{LESSON_DIR}/blt.html")
    assert doc.xpath('//div[@lang="blt"]//h1')[0].text_content() == "Bản dịch thử nghiệm"
    review = doc.xpath('//div[contains(@class, "qb-review")]')[0].text_content()
    assert "Bản dịch chưa được thẩm định" in review and "dịch máy" in review
    assert "not reviewed" not in review  # no English on a Vietnamese site (issue #14)
    outdated = doc.xpath('//div[contains(@class, "qb-outdated")]')[0].text_content()
    assert "phiên bản cũ hơn" in outdated


def test_missing_translation_falls_back_to_simplified_with_a_vietnamese_notice(site):
    doc = page(site, f"{LESSON_DIR}/hnj.html")
    notice = doc.xpath('//div[contains(@class, "qb-fallback")]')[0]
    assert "chưa có bản dịch tiếng Mông" in notice.xpath('./p[@lang="vi"]')[0].text_content()
    assert not notice.xpath('./p[@lang="en"]')
    assert not doc.xpath('//*[@lang="en"]')  # no English line anywhere on the page
    assert doc.xpath("//h1")[0].text_content() == "Cẩn thận lừa đảo"
    assert not doc.xpath('//div[contains(@class, "qb-outdated")]')  # simple is up to date


RESOURCE_ATTRS = [("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"),
                  ("source", "src"), ("video", "src"), ("audio", "src"), ("object", "data")]


def test_no_request_can_leave_the_site(site):
    pages = list(site.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        doc = lhtml.fromstring(path.read_text(encoding="utf-8"))
        for tag, attr in RESOURCE_ATTRS:
            for value in doc.xpath(f"//{tag}/@{attr}"):
                assert not re.match(r"(https?:)?//", value), (path.name, tag, value)
        # External links only inside the lesson text (content links), never in the theme.
        for a in doc.xpath('//a[starts-with(@href, "http")]'):
            assert a.xpath('ancestor::article'), (path.name, a.get("href"))
    for css in site.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert not re.search(r"url\(\s*['\"]?(https?:)?//|@import", text), css.name
    text = (site / "index.html").read_text(encoding="utf-8")
    assert "iframe-worker-shim.js" in text and "unpkg.com" not in text


def test_search_index_has_folded_text(site):
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["fields"]["folded"]["boost"] < 1
    assert "trimmer" not in index["config"]["pipeline"]
    docs = [d for d in index["docs"] if d["location"].startswith(f"{LESSON_DIR}/index.html")]
    folded = " ".join(d["folded"] for d in docs).split()
    assert {"lua", "dao", "nhan", "dien", "hoa", "hoá"} <= set(folded)
    # Fallback pages repeat another page's text: they are not indexed twice.
    assert not [d for d in index["docs"] if d["location"].startswith(f"{LESSON_DIR}/hnj.html")]
    assert "Đọc bài này" not in json.dumps(index, ensure_ascii=False)  # the switcher


def test_folding_helpers():
    assert folded_words("Lừa ĐẢO trực tuyến, lừa đảo!") == "lua dao truc tuyen"
    assert other_tone_placement("hóa") == "hoá" and other_tone_placement("Thuỷ") == "Thủy"
    assert other_tone_placement("khỏe") == "khoẻ" and other_tone_placement("quý") is None
    assert other_tone_placement("hoàn") is None


def test_mkdocs_build_strict_on_the_repository(tmp_path):
    out = tmp_path / "site"
    run = subprocess.run(MKDOCS + ["build", "--strict", "-d", str(out)], cwd=REPO,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    project = qbank.load_project(REPO)
    audiences = [a.id for a in project.config.audiences]
    assert len(audiences) == 5
    for aud in audiences:
        assert (out / aud / "index.html").is_file()
        assert (out / aud / "dang-nhap-vneid.html").is_file()
        assert (out / aud / "tro-giup.html").is_file()
    for course in project.courses:
        for lesson in course.lessons:
            for kind in ["index", "simple", "blt", "hnj"]:
                assert (out / course.course.audience / course.id / lesson.id / f"{kind}.html"
                        ).is_file()


def test_content_errors_stop_mkdocs_with_qbank_diagnostics(tmp_path):
    root = make_site_project(tmp_path, {"courses/khoa/course.yaml": """
        id: khoa
        title: Khóa học
        audience: nguoi-dan
        lessons: [lessons/01-bai.md, lessons/khong-co.md]
        """})
    run = subprocess.run(MKDOCS + ["build"], cwd=root, capture_output=True, text=True,
                         timeout=120, env={"QBANK_LANG": "vi", "PATH": "/usr/bin:/bin"})
    assert run.returncode == 1
    assert "courses/khoa/course.yaml:4:30: lỗi[QB0301] không tìm thấy tệp 'lessons/khong-co.md'" \
        in run.stderr
    assert "Traceback" not in run.stderr
    assert not (root / "site").exists()
    result = build_site(qbank.load_project(root))
    assert not result.ok and "QB0301" in {d.code.id for d in result.diagnostics}


def test_page_weight_is_reported_and_small(site, capsys):
    """Transfer size (gzip) of each page with its CSS and JS, plus the search index."""
    import gzip

    def gz(path: Path) -> int:
        return len(gzip.compress(path.read_bytes(), mtime=0))

    sizes = {}
    for path in sorted(site.rglob("*.html")):
        if path.name == "404.html":
            continue
        doc = lhtml.fromstring(path.read_text(encoding="utf-8"))
        assets = {v for v in doc.xpath("//script/@src | //link[@rel='stylesheet']/@href")}
        sizes[path.relative_to(site).as_posix()] = gz(path) + sum(
            gz((path.parent / a).resolve()) for a in assets)
    index = gz(site / "search" / "search_index.json")
    largest = max(sizes, key=sizes.get)
    with capsys.disabled():
        print(f"\nsite page weight (gzip, page + CSS + JS): largest {largest} "
              f"{sizes[largest] / 1024:.1f} KB; search index {index / 1024:.1f} KB")
    assert sizes[largest] < 100 * 1024


def test_an_english_site_gets_the_notices_in_english(tmp_path):
    from qbank.site.pages import plan_site

    root = make_site_project(tmp_path)
    config = root / "qbank.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("language: vi", "language: en")
                      if "language: vi" in config.read_text(encoding="utf-8")
                      else config.read_text(encoding="utf-8") + "language: en\n",
                      encoding="utf-8")
    plan = plan_site(qbank.load_project(root), ["blt", "hnj"])
    hnj = next(p for p in plan.pages if p.src_uri.endswith("hnj.md"))
    assert "not yet translated" in hnj.html and "chưa có bản dịch" not in hnj.html


def test_no_english_words_of_the_theme_on_a_vietnamese_site(site):
    home = (site / "index.html").read_text(encoding="utf-8")
    for english in ("Initializing search", "Type to start searching", "Contributors"):
        assert english not in home
    assert "Đang chuẩn bị tìm kiếm" in home
