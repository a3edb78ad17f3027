"""The built site in a real browser (Debian's Chromium, headless): phone layout, search,
version switcher, accessibility (axe-core), and no request leaving the site."""

from __future__ import annotations

import functools
import http.server
import os
import threading
import unicodedata
from pathlib import Path

import pytest
from site_fixture import LESSON_DIR, make_site_project

import qbank
from qbank.site.build import build_site

# Debian's Chromium; Ubuntu's snap (scripts/setup-system.sh installs one); QBANK_CHROMIUM wins.
CANDIDATES = ["/usr/bin/chromium", "/snap/bin/chromium", "/usr/bin/chromium-browser"]
CHROMIUM = os.environ.get("QBANK_CHROMIUM") or next(
    (c for c in CANDIDATES if Path(c).exists()), CANDIDATES[0])
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
REQUIRED = bool(os.environ.get("QBANK_REQUIRE_BROWSER"))

if not Path(CHROMIUM).exists():
    if REQUIRED:
        raise RuntimeError(f"QBANK_REQUIRE_BROWSER is set but {CHROMIUM} is missing "
                           "(scripts/setup-system.sh installs it)")
    pytest.skip(f"{CHROMIUM} not installed (scripts/setup-system.sh installs it); "
                "set QBANK_REQUIRE_BROWSER=1 to make this a failure", allow_module_level=True)

if REQUIRED:  # a missing test dependency is a failure here, not a skip
    import playwright.sync_api as sync_api
else:
    sync_api = pytest.importorskip("playwright.sync_api")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    root = make_site_project(tmp_path_factory.mktemp("browser-site"))
    result = build_site(qbank.load_project(root), root / "site")
    assert result.ok
    handler = functools.partial(_Quiet, directory=str(result.out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


class Offline:
    """A phone-sized page whose every non-local request is aborted and recorded."""

    def __init__(self, browser, base_url):
        self.context = browser.new_context(viewport={"width": 360, "height": 640},
                                           device_scale_factor=2, is_mobile=True, has_touch=True)
        self.external, self.failed, self.errors = [], [], []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("requestfailed", lambda r: self.failed.append(r.url))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("response", lambda r: self.failed.append(r.url) if r.status >= 400 else None)
        self.base_url = base_url

    def _route(self, route):
        url = route.request.url
        if url.startswith(self.base_url) or url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:
            self.external.append(url)
            route.abort()

    def open(self, rel: str):
        self.page.goto(self.base_url + rel, wait_until="networkidle")
        return self.page

    def close(self):
        self.context.close()


@pytest.fixture
def phone(browser, base_url):
    session = Offline(browser, base_url)
    yield session
    session.close()
    assert session.external == [], "requests left the site"
    assert session.failed == [], "failed requests"
    assert session.errors == [], "script errors"


PAGES = ["index.html", "nguoi-dan/index.html", f"{LESSON_DIR}/index.html",
         f"{LESSON_DIR}/blt.html", f"{LESSON_DIR}/hnj.html", "tro-giup.html"]


def _scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_pages_render_offline_at_360px_without_horizontal_scroll(phone):
    ARTIFACTS.mkdir(exist_ok=True)
    for rel in PAGES:
        page = phone.open(rel)
        assert page.locator("article h1").first.is_visible(), rel
        assert _scroll_width(page) <= 360, rel
    phone.open("index.html").screenshot(path=str(ARTIFACTS / "site-home-360.png"), full_page=True)
    phone.open(f"{LESSON_DIR}/index.html").screenshot(
        path=str(ARTIFACTS / "site-lesson-360.png"), full_page=True)


def test_text_enlarged_to_200_percent_still_fits(phone):
    for rel in ["index.html", f"{LESSON_DIR}/index.html"]:
        page = phone.open(rel)
        page.evaluate("document.documentElement.style.fontSize = '250%'")  # 125% × 2
        assert _scroll_width(page) <= 360, rel
        assert page.locator(".qb-versions a").first.is_visible() or rel == "index.html"


def test_who_am_i_takes_one_tap(phone):
    page = phone.open("index.html")
    page.get_by_role("link", name="Người dân", exact=True).first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("nguoi-dan/index.html")
    assert page.locator("article h1").inner_text() == "Cẩm nang cho người dân"


def _search(page, query: str) -> list[str]:
    page.locator("label.md-header__button[for='__search']").click()
    box = page.locator("input[data-md-component='search-query']")
    box.fill(query)
    page.wait_for_selector(".md-search-result__item", timeout=10000)
    return page.locator(".md-search-result__item a").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))")


@pytest.mark.parametrize("query", ["lua dao", "lừa đảo", "Thanh Hoá",
                                   unicodedata.normalize("NFD", "lừa đảo")])
def test_search_ignores_diacritics(phone, query):
    page = phone.open("index.html")
    hits = [h.removeprefix(phone.base_url) for h in _search(page, query)]
    assert hits and hits[0].startswith(f"{LESSON_DIR}/index.html"), (query, hits)


def test_version_switcher(phone):
    page = phone.open(f"{LESSON_DIR}/index.html")
    page.locator(".qb-versions a", has_text="Bản dễ đọc").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"{LESSON_DIR}/simple.html")
    assert page.locator("article h1").inner_text() == "Cẩn thận lừa đảo"
    page.locator(".qb-versions a", has_text="Mông").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"{LESSON_DIR}/hnj.html")
    assert page.locator(".qb-fallback").is_visible()
    current = page.locator(".qb-versions a[aria-current='page']").inner_text()
    assert "Mông" in current


def test_axe_finds_no_serious_violation(phone):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    for rel in ["index.html", "nguoi-dan/index.html", f"{LESSON_DIR}/index.html",
                f"{LESSON_DIR}/blt.html"]:
        results = axe.run(phone.open(rel))
        bad = [(v["id"], v["impact"], len(v["nodes"])) for v in results.response["violations"]
               if v["impact"] in ("serious", "critical")]
        assert bad == [], rel


def test_search_works_from_file_url_without_network(browser, base_url, tmp_path_factory):
    """The offline plugin inlines the index; the bundled iframe-worker runs the search."""
    root = make_site_project(tmp_path_factory.mktemp("file-site"))
    out = build_site(qbank.load_project(root), root / "site").out
    context = browser.new_context(viewport={"width": 360, "height": 640})
    external = []
    context.route("http*://**/*", lambda route: (external.append(route.request.url),
                                                  route.abort()))
    page = context.new_page()
    page.goto((out / "index.html").as_uri(), wait_until="load")
    page.locator("label.md-header__button[for='__search']").click()
    page.locator("input[data-md-component='search-query']").fill("lua dao")
    page.wait_for_selector(".md-search-result__item", timeout=10000)
    first = page.locator(".md-search-result__item a").first.get_attribute("href")
    context.close()
    assert f"{LESSON_DIR}/index.html" in first
    assert external == []
