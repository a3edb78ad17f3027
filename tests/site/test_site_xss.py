"""XSS payloads in lessons and front pages never reach the built site in a form that runs."""

from __future__ import annotations

import pytest
from lxml import html as lhtml
from site_fixture import make_site_project

import qbank
from hostile.test_markup import PAYLOADS, _dangers
from qbank.site.build import build_site

BODY = "\n\n".join(PAYLOADS)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = make_site_project(tmp_path_factory.mktemp("xss-site"), {
        "courses/khoa/lessons/01-bai.md": f"---\nid: bai\ntitle: Bài\nskills: ['4.2']\n---\n\n{BODY}\n",
        "courses/khoa/lessons/01-bai.blt.md": "---\ntitle: <script>alert(1)</script>\n"
                                              f"source_hash: '000000000000'\n---\n\n{BODY}\n",
        "handbooks/nguoi-dan/index.md": f"---\ntitle: Giới thiệu\n---\n\n{BODY}\n",
        "handbooks/tro-giup.md": f"---\ntitle: '<img src=x onerror=alert(1)>'\n---\n\n{BODY}\n",
    })
    result = build_site(qbank.load_project(root), root / "site")
    assert result.ok, [d.message("en") for d in result.diagnostics if d.severity == "error"]
    return result.out


def _page_dangers(doc) -> list[str]:
    """Payloads that would run anywhere in the page (theme parts included)."""
    found = _dangers(doc.xpath("//article")[0])
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        found += [f"{el.tag}@{name}" for name in el.attrib if name.lower().startswith("on")]
        if el.tag in ("script", "iframe", "svg", "img") and (
                "alert" in (el.text or "") or el.get("src") in ("x", "https://evil.example/")):
            found.append(f"<{el.tag}>")
    return found


@pytest.mark.parametrize("rel", ["nguoi-dan/khoa/bai/index.html", "nguoi-dan/khoa/bai/blt.html",
                                 "nguoi-dan/index.html",
                                 "tro-giup.html", "nguoi-dan/tro-giup.html", "index.html"])
def test_payloads_arrive_as_text(site, rel):
    doc = lhtml.fromstring((site / rel).read_text(encoding="utf-8"))
    assert _page_dangers(doc) == []
    assert "alert(" in doc.xpath("//article")[0].text_content()


def test_titles_are_text_in_navigation_and_search(site):
    doc = lhtml.fromstring((site / "index.html").read_text(encoding="utf-8"))
    labels = [e.text_content().strip() for e in doc.xpath("//nav//span[@class='md-ellipsis']")]
    assert "<img src=x onerror=alert(1)>" in labels
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "<img src=x" not in index and "<script>" not in index
