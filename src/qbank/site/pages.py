"""The Project as a list of rendered site pages: home, one handbook per audience, lesson versions.

Everything a page shows is rendered here with qbank's own sanitising renderer
(``qbank.render.xhtml``), never by python-markdown, which passes raw HTML through: a lesson
cannot put a script on the site. Pages are addressed by their source path in the site
(``nguoi-dan/index.md``); links between them are relative, so the site works from any folder,
any static server and from ``file://``.

Layout::

    index.md                                  home: "who am I?" in one tap
    <name>.md                                 shared front pages (VNeID log-in, help)
    <audience>/index.md                       a handbook's introduction and table of contents
    <audience>/<name>.md                      its front pages
    <audience>/<course>/<lesson>/index.md     a lesson in full Vietnamese
    <audience>/<course>/<lesson>/simple.md    in simplified Vietnamese
    <audience>/<course>/<lesson>/<code>.md    in each site language (or the fallback)
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from lxml import etree

from qbank.export.media import MediaSet
from qbank.languages import using as using_languages
from qbank.publication import banner
from qbank.render.xhtml import fragment
from qbank.resolve.project import CourseEntry, Lesson, Project
from qbank.site.audio import of_version, player_html
from qbank.site.handbooks import FrontPage, Handbook, Handbooks, load_handbooks
from qbank.site.versions import (
    FULL,
    SIMPLE,
    Version,
    english_site,
    language_name,
    lesson_versions,
    notices_html,
    version_label,
)
from qbank.translate.view import MARK_CLOSE, MARK_OPEN
from qbank.vietnamese import slugify

DEFAULT_TITLE = "Cẩm nang phổ cập kỹ năng số"


@dataclass
class SitePage:
    src_uri: str
    title: str
    html: str
    toc: list[dict] = field(default_factory=list)  # mkdocs toc tokens
    search: bool = True        # in the search index
    lang: str = "vi"           # the language of the text shown
    kind: str = ""             # "home", "handbook", "front", or a lesson version kind


@dataclass
class SitePlan:
    pages: list[SitePage]
    nav: list                  # mkdocs nav structure (titles, HTML-escaped → src_uri)
    media: dict[str, Path]     # site path → source file
    handbooks: Handbooks
    languages: list[str]

    def page(self, src_uri: str) -> SitePage | None:
        return next((p for p in self.pages if p.src_uri == src_uri), None)


def dest(src_uri: str) -> str:
    """Where a page lands in the built site (mkdocs with use_directory_urls: false)."""
    return src_uri[:-3] + ".html" if src_uri.endswith(".md") else src_uri


def href(from_src: str, to: str) -> str:
    """A relative link from page `from_src` to page (or file) `to`."""
    start = posixpath.dirname(dest(from_src)) or "."
    return posixpath.relpath(dest(to), start)


def site_languages(project: Project, configured: list[str] | None = None) -> list[str]:
    """The translation languages of the site: the configured ones, else every one used."""
    if configured:
        return list(dict.fromkeys(configured))
    listed = [lang.code for lang in (project.config.languages if project.config else [])]
    if listed:  # qbank.yaml `languages:`
        return list(dict.fromkeys(listed))
    found = {kind for c in project.courses for lesson in c.lessons for kind in lesson.variants
             if kind != SIMPLE}
    return sorted(found)


def lesson_src(book: Handbook, course: CourseEntry, lesson: Lesson, kind: str = FULL) -> str:
    name = "index" if kind == FULL else kind
    return f"{book.audience.id}/{course.id}/{lesson.id}/{name}.md"


def plan_site(project: Project, languages: list[str] | None = None,
              site_title: str = DEFAULT_TITLE) -> SitePlan:
    """Every page of the site, rendered; nothing is written."""
    with using_languages(project.config):  # language names from qbank.yaml `languages:`
        return _plan_site(project, languages, site_title)


def _plan_site(project: Project, languages: list[str] | None, site_title: str) -> SitePlan:
    handbooks = load_handbooks(project)
    languages = site_languages(project, languages)
    reviewed_only = reviewed_translations_only(project)
    media = MediaSet(project.root)
    pages: list[SitePage] = []
    nav: list = []

    home_title = handbooks.home.meta.title if handbooks.home else site_title
    pages.append(_home(handbooks, home_title, media))
    nav.append({"Trang chủ": "index.md"})
    for page in handbooks.shared:
        pages.append(_front(page, page.name + ".md", media, search=True))
    for book in handbooks.books:
        aud = book.audience.id
        section: list = [f"{aud}/index.md"]
        pages.append(_handbook_index(book, media))
        for page in book.pages:
            shared = page in handbooks.shared
            src = f"{aud}/{page.name}.md"
            # A shared page is indexed once, at the site root, not once per handbook.
            pages.append(_front(page, src, media, search=not shared))
            section.append({escape(page.meta.title): src})
        for course in book.courses:
            lessons = []
            for lesson in course.lessons:
                versions = lesson_versions(lesson, languages, reviewed_only)
                for version in versions:
                    pages.append(_lesson_page(book, course, lesson, version, versions, media,
                                              english_site(project)))
                lessons.append({escape(lesson.meta.title): lesson_src(book, course, lesson)})
            if lessons:
                section.append({escape(course.course.title): lessons})
        nav.append({escape(book.audience.title): section})
    top = publication_html(project)
    for page in pages:
        page.html = top + page.html
    return SitePlan(pages, nav, dict(media.files), handbooks, languages)


def reviewed_translations_only(project: Project) -> bool:
    return project.config is None or project.config.site.translations == "reviewed-only"


def publication_html(project: Project) -> str:
    """The banner at the top of every page until qbank.yaml says `publication: published`."""
    text = banner(project.config)
    if text is None:
        return ""
    vi, en = text
    lang, words = ("en", en) if english_site(project) else ("vi", vi)
    return ('<div class="admonition danger qb-publication" role="note" data-search-exclude>'
            f'<p class="admonition-title" lang="{lang}">{escape(words)}</p></div>')


# --- rendering ------------------------------------------------------------------------------

def render_markdown(body: str, base: Path, media: MediaSet, src_uri: str,
                    title: str | None = None) -> tuple[str, list[dict]]:
    """Sanitised HTML of a Markdown text with heading ids, and its table of contents.

    When `title` is given and the text does not start with a level-1 heading, one is added.
    """
    prefix = posixpath.relpath(".", posixpath.dirname(dest(src_uri)) or ".") + "/"
    prefix = "" if prefix == "./" else prefix
    root = fragment(body, media.rewriter(base, prefix))
    first = next(iter(root), None)
    if title is not None and (first is None or first.tag != "h1" or (root.text or "").strip()):
        h1 = etree.Element("h1")
        h1.text = title
        h1.tail = root.text
        root.text = None
        root.insert(0, h1)
    toc = _add_heading_ids(root)
    html = escape(root.text or "", quote=False) + "".join(
        etree.tostring(child, encoding="unicode", method="html") for child in root)
    return _vietnamese_marks(html, toc), toc


# A segment of a translation shown in Vietnamese (qbank.translate.view) is marked up as such.
_VI_OPEN = '<span class="qb-vi" lang="vi">'
_VI_CLOSE = '<small class="qb-vi-mark"> (chưa dịch)</small></span>'


def _vietnamese_marks(html: str, toc: list[dict]) -> str:
    if MARK_OPEN not in html:
        return html
    stack = list(toc)
    while stack:
        token = stack.pop()
        token["name"] = token["name"].replace(MARK_OPEN, "").replace(MARK_CLOSE, "")
        stack.extend(token["children"])
    return html.replace(MARK_OPEN, _VI_OPEN).replace(MARK_CLOSE, _VI_CLOSE)


def _add_heading_ids(root: etree._Element) -> list[dict]:
    tokens: list[dict] = []
    stack: list[dict] = []
    used: set[str] = set()
    for el in root.iter("h1", "h2", "h3", "h4", "h5", "h6"):
        name = "".join(el.itertext()).strip()
        base = slugify(name) if name else "muc"
        slug, n = base, 1
        while slug in used:
            n += 1
            slug = f"{base}-{n}"
        used.add(slug)
        el.set("id", slug)
        token = {"level": int(el.tag[1]), "id": slug, "name": escape(name), "children": []}
        while stack and stack[-1]["level"] >= token["level"]:
            stack.pop()
        (stack[-1]["children"] if stack else tokens).append(token)
        stack.append(token)
    return tokens


def _insert_after_h1(html: str, extra: str) -> str:
    end = html.find("</h1>")
    if end < 0:
        return extra + html
    end += len("</h1>")
    return html[:end] + extra + html[end:]


def _home(handbooks: Handbooks, title: str, media: MediaSet) -> SitePage:
    src = "index.md"
    if handbooks.home is not None:
        html, toc = render_markdown(handbooks.home.body, handbooks.home.path.parent, media, src,
                                    title)
    else:
        html, toc = f"<h1>{escape(title)}</h1>", []
    items = "".join(
        f'<li><a class="md-button md-button--primary" href="{escape(href(src, b.audience.id + "/index.md"))}">'
        f"{escape(b.audience.title)}</a></li>" for b in handbooks.books)
    html += ('<section class="qb-who" aria-labelledby="ban-la-ai">'
             '<h2 id="ban-la-ai">Bạn là ai?</h2>'
             '<p>Chọn nhóm của bạn để mở cuốn cẩm nang dành riêng cho bạn.</p>'
             f'<ul class="qb-audiences">{items}</ul></section>')
    toc.append({"level": 2, "id": "ban-la-ai", "name": "Bạn là ai?", "children": []})
    if handbooks.shared:
        links = "".join(f'<li><a href="{escape(href(src, p.name + ".md"))}">'
                        f"{escape(p.meta.title)}</a></li>" for p in handbooks.shared)
        html += f'<h2 id="huong-dan-chung">Hướng dẫn chung</h2><ul>{links}</ul>'
        toc.append({"level": 2, "id": "huong-dan-chung", "name": "Hướng dẫn chung",
                    "children": []})
    return SitePage(src, title, html, toc, kind="home")


def _front(page: FrontPage, src: str, media: MediaSet, search: bool) -> SitePage:
    html, toc = render_markdown(page.body, page.path.parent, media, src, page.meta.title)
    return SitePage(src, page.meta.title, html, toc, search=search, kind="front")


def _handbook_index(book: Handbook, media: MediaSet) -> SitePage:
    src = f"{book.audience.id}/index.md"
    title = book.intro.meta.title if book.intro else f"Cẩm nang cho {book.audience.title}"
    if book.intro is not None:
        html, toc = render_markdown(book.intro.body, book.intro.path.parent, media, src, title)
    else:
        html, toc = (f"<h1>{escape(title)}</h1><p>Cẩm nang phổ cập kỹ năng số dành cho "
                     f"{escape(book.audience.title.lower())}.</p>"), []
    if book.pages:
        links = "".join(f'<li><a href="{escape(href(src, f"{book.audience.id}/{p.name}.md"))}">'
                        f"{escape(p.meta.title)}</a></li>" for p in book.pages)
        html += f'<h2 id="bat-dau">Bắt đầu</h2><ul>{links}</ul>'
        toc.append({"level": 2, "id": "bat-dau", "name": "Bắt đầu", "children": []})
    for course in book.courses:
        if not course.lessons:
            continue
        cid = "khoa-" + course.id
        items = []
        for lesson in course.lessons:
            full = href(src, lesson_src(book, course, lesson))
            simple = href(src, lesson_src(book, course, lesson, SIMPLE))
            minutes = (f' <span class="qb-minutes">({lesson.meta.duration_minutes} phút)</span>'
                       if lesson.meta.duration_minutes else "")
            items.append(f'<li><a href="{escape(full)}">{escape(lesson.meta.title)}</a>{minutes}'
                         f' · <a href="{escape(simple)}">bản dễ đọc</a></li>')
        html += f'<h2 id="{cid}">{escape(course.course.title)}</h2><ol>{"".join(items)}</ol>'
        toc.append({"level": 2, "id": cid, "name": escape(course.course.title), "children": []})
    if not any(c.lessons for c in book.courses):
        html += ('<p class="qb-empty">Các bài học cho nhóm này đang được biên soạn. '
                 "Trong lúc chờ, bạn có thể đọc cẩm nang của nhóm "
                 f'<a href="{escape(href(src, "index.md"))}">khác</a>.</p>')
    return SitePage(src, title, html, toc, kind="handbook")


def _lesson_page(book: Handbook, course: CourseEntry, lesson: Lesson, version: Version,
                 versions: list[Version], media: MediaSet, english: bool = False) -> SitePage:
    src = lesson_src(book, course, lesson, version.kind)
    shown = version.variant.path.parent if version.variant else lesson.path.parent
    html, toc = render_markdown(version.body, shown, media, src, version.title)
    full_href = href(src, lesson_src(book, course, lesson))
    switcher = _switcher(book, course, lesson, version, versions, src)
    notices = notices_html(version, full_href, english) + _player(version, lesson, media, src,
                                                                  english)
    lang = version.lang
    if lang != "vi":
        html = f'<div lang="{escape(lang)}">{html}</div>'
    page_html = _insert_after_h1(html, switcher + notices) if lang == "vi" else \
        switcher + notices + html
    return SitePage(src, version.title, page_html, toc,
                    # A fallback page repeats another page's text: indexed once, there.
                    search=not version.fallback, lang=lang, kind=version.kind)


def _player(version: Version, lesson: Lesson, media: MediaSet, src: str, english: bool) -> str:
    """The recording of the version shown, if it has one (qbank.site.audio)."""
    found = of_version(version, lesson)
    if found is None:
        return ""
    audio, base = found
    return player_html(audio, base, media.add, lambda path: href(src, path),
                       language_name(audio.language, "en" if english else "vi"), english)


def _switcher(book, course, lesson, current: Version, versions: list[Version], src: str) -> str:
    items = []
    for v in versions:
        label = escape(version_label(v.kind))
        if v.kind not in (FULL, SIMPLE):
            label += f' <span class="qb-code">({escape(v.kind)})</span>'
        if v.withheld:
            label += '<span class="qb-missing"> – chờ thẩm định</span>'
        elif v.fallback and v.kind != SIMPLE:
            label += '<span class="qb-missing"> – chưa dịch</span>'
        target = escape(href(src, lesson_src(book, course, lesson, v.kind)))
        if v is current:
            items.append(f'<li><a href="{target}" aria-current="page">{label}</a></li>')
        else:
            hreflang = "vi" if v.lang == "vi" else escape(v.lang)
            items.append(f'<li><a href="{target}" hreflang="{hreflang}">{label}</a></li>')
    return ('<nav class="qb-versions" aria-label="Chọn phiên bản, ngôn ngữ" data-search-exclude>'
            '<span class="qb-versions-label">Đọc bài này:</span>'
            f'<ul>{"".join(items)}</ul></nav>')


__all__ = ["SitePage", "SitePlan", "dest", "href", "language_name", "plan_site", "render_markdown"]
