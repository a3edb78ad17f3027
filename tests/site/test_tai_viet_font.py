"""Tai Viet text renders with the bundled Tai Heritage Pro: in Chromium and in a PDF handout.

The page's Tai Viet text is a placeholder (a row of letters of the block, labelled as test data
in Vietnamese), not a translation: nobody here can write Thái.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
from site_fixture import make_site_project

import qbank
from qbank.site.build import build_handouts, build_site

CANDIDATES = ["/usr/bin/chromium", "/snap/bin/chromium", "/usr/bin/chromium-browser"]
CHROMIUM = os.environ.get("QBANK_CHROMIUM") or next(
    (c for c in CANDIDATES if Path(c).exists()), CANDIDATES[0])
REQUIRED = bool(os.environ.get("QBANK_REQUIRE_BROWSER"))

# Consonant + vowel sign above + tone mark: the stacks Noto Sans Tai Viet overlaps.
TAI_VIET = "\uaa95\uaab3\uaabf \uaa80\uaab8\uaac1 \uaa91\uaab7\uaac2"
PLACEHOLDER = f"""---
title: Trang thử chữ Thái (không phải bản dịch)
source_hash: '000000000000'
review: draft
machine_translated: false
---

# Trang thử chữ Thái

{TAI_VIET}

Dòng chữ trên chỉ là ký tự mẫu của bộ kiểm thử, không phải bản dịch.
"""
PAGE = "nguoi-dan/khoa/lua-dao/tmm.html"
TAI_P = "article [lang=tmm] > p"  # the first paragraph of the Thái text


def _project(root: Path) -> Path:
    make_site_project(root, {
        "courses/khoa/lessons/02-lua-dao.tmm.md": PLACEHOLDER,
        "mkdocs.yml": ("site_name: Cẩm nang thử\ndocs_dir: handbooks\n"
                       "theme: {name: material, language: vi, font: false}\n"
                       "plugins:\n  - qbank:\n      languages: [tmm]\n  - search\n  - offline\n"),
    })
    return root


@pytest.fixture(scope="module")
def project_root(tmp_path_factory):
    return _project(tmp_path_factory.mktemp("tai-viet"))


def test_pdf_handout_embeds_the_bundled_tai_heritage_font(project_root, tmp_path):
    pdffonts = shutil.which("pdffonts")
    if pdffonts is None:
        pytest.skip("pdffonts (poppler-utils) not installed")
    result = build_handouts(qbank.load_project(project_root), tmp_path)
    assert result.ok
    pdf = tmp_path / "nguoi-dan" / "lua-dao.tmm.pdf"
    listing = subprocess.run([pdffonts, str(pdf)], capture_output=True, text=True,
                             check=True).stdout
    fonts = [line.split()[0].split("+", 1)[-1] for line in listing.splitlines()[2:]]
    # The CSS name is qbank's own: no system font can be called that.
    assert "Tai-Heritage-Pro-qbank" in fonts, listing
    assert not any("TaiViet" in f for f in fonts), listing  # not Noto Sans Tai Viet
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout if shutil.which("pdftotext") else TAI_VIET
    assert TAI_VIET.split()[0] in text


def test_site_ships_the_font_and_its_licence(project_root):
    result = build_site(qbank.load_project(project_root), project_root / "site")
    assert result.ok
    fonts = result.out / "assets" / "qbank" / "fonts"
    assert (fonts / "TaiHeritagePro-Regular.woff").stat().st_size > 50_000
    assert "SIL OPEN FONT LICENSE Version 1.1" in (fonts / "OFL.txt").read_text(encoding="utf-8")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_chromium_renders_tai_viet_with_the_bundled_font(project_root):
    if not Path(CHROMIUM).exists():
        if REQUIRED:
            raise RuntimeError(f"QBANK_REQUIRE_BROWSER is set but {CHROMIUM} is missing")
        pytest.skip(f"{CHROMIUM} not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    site = project_root / "site-browser"
    result = build_site(qbank.load_project(project_root), site)
    assert result.ok
    handler = functools.partial(_Quiet, directory=str(result.out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/{PAGE}")
            page.evaluate("document.fonts.ready.then(() => true)")
            loaded = page.evaluate(
                "[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)")
            assert any("Tai Heritage Pro qbank" in f for f in loaded)
            first = page.evaluate(f"document.querySelector('{TAI_P}').textContent")
            assert first == TAI_VIET
            cdp = page.context.new_cdp_session(page)
            cdp.send("DOM.enable")
            cdp.send("CSS.enable")
            root = cdp.send("DOM.getDocument")["root"]["nodeId"]
            node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": TAI_P})["nodeId"]
            fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    used = {(f["familyName"], f["isCustomFont"]) for f in fonts}
    tai = [f for f in fonts if "Tai Heritage" in f["familyName"]]
    assert tai and all(f["isCustomFont"] for f in tai), used  # the web font, not a system one
    assert sum(f["glyphCount"] for f in tai) >= len(TAI_VIET.replace(" ", "")), used
