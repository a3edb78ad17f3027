"""Printable handouts (PDF, WeasyPrint): A4 per handbook, A5 large type per lesson version.

Rendered from the same sanitised HTML as the site, with a print stylesheet and fonts that
carry every Vietnamese diacritic (Noto Sans, DejaVu Sans from Debian). Each translated handout
carries its review status, as the site does, and every page the publication banner (qbank.yaml
`publication:`) until the content is published.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, select_autoescape
from markupsafe import Markup

from qbank.diagnostics import Position
from qbank.resolve.project import Lesson, Project
from qbank.site.handbooks import Handbook, load_handbooks
from qbank.languages import using as using_languages
from qbank.publication import banner
from qbank.site.audio import of_version, qr_svg, site_url
from qbank.site.pages import (
    dest,
    lesson_src,
    render_markdown,
    reviewed_translations_only,
    site_languages,
)
from qbank.site.versions import (
    FULL,
    SIMPLE,
    english_site,
    lesson_versions,
    review_text,
    version_label,
)
from qbank.source.paths import decode_src, resolve_ref

# Tai Viet text: the site theme's own copy of Tai Heritage Pro (SIL, OFL), which stacks vowel
# and tone marks where Noto Sans Tai Viet overlaps them. Its CSS name is qbank's, so a PDF's font
# list (pdffonts) shows that the bundled file was used, not whatever the system has.
FONTS = Path(__file__).parent / "theme" / "assets" / "qbank" / "fonts"
TAI_VIET_FAMILY = "Tai Heritage Pro qbank"

CSS = """
@font-face { font-family: "%(tai)s"; src: url("%(tai_regular)s") format("woff");
  unicode-range: U+AA80-AADF; }
@font-face { font-family: "%(tai)s"; font-weight: bold; src: url("%(tai_bold)s") format("woff");
  unicode-range: U+AA80-AADF; }
@page { size: %(size)s; margin: %(margin)s;
  %(top)s
  @bottom-center { content: counter(page) " / " counter(pages); font-size: 10pt; } }
html { font-family: "%(tai)s", "Noto Sans", "DejaVu Sans", sans-serif; font-size: %(font)s;
  line-height: 1.5; color: #000; }
h1 { font-size: 1.6em; margin: 0 0 .4em; } h2 { font-size: 1.25em; margin: 1em 0 .3em; }
h1, h2, h3 { break-after: avoid; } li, .notice { break-inside: avoid; }
img { max-width: 100%%; } a { color: #000; }
a[href^="http"]::after { content: " (" attr(href) ")"; font-size: .85em; }
.notice { border: 1.5pt solid #000; padding: .3em .6em; margin: .5em 0 1em; }
.notice p { margin: .2em 0; } .en { font-size: .85em; }
.meta { font-size: .9em; margin-bottom: 1em; }
.lesson { break-before: page; } .cover h1 { font-size: 2em; }
.publication { border-width: 2.5pt; font-weight: bold; }
.audio { display: flex; align-items: center; gap: 1em; border: 1pt solid #000;
  padding: .4em; margin: .5em 0 1em; break-inside: avoid; }
.audio svg { width: 32mm; height: 32mm; flex: none; } .audio p { margin: .2em 0; }
.audio .url { font-size: .8em; overflow-wrap: anywhere; }
"""

TEMPLATE = """<!DOCTYPE html>
<html lang="{{ lang }}"><head><meta charset="utf-8"><title>{{ title }}</title>
<style>{{ css }}</style></head><body>
{% if publication %}<div class="notice publication"><p lang="{{ 'en' if english else 'vi' }}">
{{ publication[1] if english else publication[0] }}</p></div>{% endif %}
{% if cover %}<section class="cover"><h1>{{ title }}</h1><p class="meta">{{ organization }}</p>
{{ cover | safe }}</section>{% endif %}
{% for part in parts %}<section class="{{ 'lesson' if cover else '' }}" lang="{{ part.lang }}">
{% if part.notice %}<div class="notice"><p lang="{{ 'en' if english else 'vi' }}">
{{ part.notice[1] if english else part.notice[0] }}</p></div>{% endif %}
{% if part.audio %}<div class="audio">{% if part.audio.qr %}{{ part.audio.qr | safe }}{% endif %}
<div><p lang="{{ 'en' if english else 'vi' }}">{{ part.audio.text }}</p>
{% if part.audio.url %}<p class="url">{{ part.audio.url }}</p>{% endif %}</div></div>{% endif %}
{{ part.html | safe }}</section>{% endfor %}
</body></html>"""

_env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))


def render_handouts(project: Project, out: Path, languages: list[str] | None = None) -> list[Path]:
    """Write every handout into `out`; returns the files written, in order."""
    with using_languages(project.config):  # language names from qbank.yaml `languages:`
        return _render_handouts(project, out, languages)


def _render_handouts(project: Project, out: Path, languages: list[str] | None) -> list[Path]:
    from weasyprint import HTML

    handbooks = load_handbooks(project)
    languages = site_languages(project, languages)
    reviewed_only = reviewed_translations_only(project)
    publication = banner(project.config)
    organization = project.config.organization.name if project.config else ""
    written = []
    for book in handbooks.books:
        parts = []
        url = site_url(project.root)
        for course, lesson in [(c, lesson) for c in book.courses for lesson in c.lessons]:
            for version in lesson_versions(lesson, languages, reviewed_only):
                if version.fallback:
                    continue  # a copy of another version: not printed twice
                part = _part(project, lesson, version)
                part["audio"] = _audio(version, lesson, url and url.rstrip("/") + "/" + dest(
                    lesson_src(book, course, lesson, version.kind)), english_site(project))
                name = lesson.id if version.kind == FULL else f"{lesson.id}.{version.kind}"
                path = out / book.audience.id / f"{name}.pdf"
                _write(HTML, path, _page(version.title, [part], None, "A5", "12mm", "14pt",
                                         version.lang, organization, publication,
                                         english_site(project)))
                written.append(path)
                if version.kind == FULL:
                    parts.append(part)
        cover = _cover(book, project)
        path = out / f"{book.audience.id}.pdf"
        title = book.intro.meta.title if book.intro else f"Cẩm nang cho {book.audience.title}"
        _write(HTML, path, _page(title, parts, cover, "A4", "18mm", "12pt", "vi", organization,
                                 publication, english_site(project)))
        written.append(path)
    return written


def _write(html_cls, path: Path, html: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    html_cls(string=html, base_url=str(path.parent)).write_pdf(str(path))


def _rewrite(project: Project, base: Path):
    def rewrite(src: str) -> str | None:
        found, diags = resolve_ref(decode_src(src), base, project.root, Position(base))
        return found.resolve().as_uri() if found is not None and not diags else None
    return rewrite


class _Media:
    """render_markdown's media collector, resolving images to local file URIs for WeasyPrint."""

    def __init__(self, project: Project):
        self.project = project

    def rewriter(self, base: Path, prefix: str = ""):
        return _rewrite(self.project, base)


def _part(project: Project, lesson: Lesson, version) -> dict:
    base = version.variant.path.parent if version.variant else lesson.path.parent
    html, _ = render_markdown(version.body, base, _Media(project), "handout.md", version.title)
    notice = None
    if version.variant is not None:
        notice = review_text(version.variant, version.kind not in (FULL, SIMPLE))
        if version.kind != FULL:
            notice = (f"{version_label(version.kind)}. {notice[0]}", notice[1])
    return {"html": html, "lang": version.lang, "notice": notice}


def _audio(version, lesson: Lesson, url: str | None, english: bool) -> dict | None:
    """A recorded version's box: a QR code to its page on the site (mkdocs.yml `site_url`),
    where the player is; without a site address, where to find it."""
    if of_version(version, lesson) is None:
        return None
    if url is None:
        text = ("This lesson has a recording on the handbook site." if english else
                "Bài này có bản nghe trên trang cẩm nang.")
        return {"qr": None, "text": text, "url": None}
    text = ("Scan the code with the phone's camera to listen to this lesson." if english else
            "Quét mã bằng máy ảnh của điện thoại để nghe bài này.")
    return {"qr": qr_svg(url), "text": text, "url": url}


def _cover(book: Handbook, project: Project) -> str:
    if book.intro is None:
        return ""
    html, _ = render_markdown(book.intro.body, book.intro.path.parent, _Media(project),
                              "handout.md")
    # The cover shows the handbook title once: drop the intro's own level-1 heading.
    return html.split("</h1>", 1)[1] if html.startswith("<h1") and "</h1>" in html else html


def _page(title, parts, cover, size, margin, font, lang, organization, publication=None,
          english: bool = False) -> str:
    # The stylesheet is qbank's own text, not content: autoescaping would turn its quotes into
    # &#34; and WeasyPrint would drop every rule with a string (font, page numbers, links).
    # The publication banner (qbank.yaml's own words) is the one string it quotes, CSS-escaped.
    top = ""
    if publication:
        quoted = "".join(c if c.isalnum() or c in " .,;:—–-()/" else f"\\{ord(c):x} "
                         for c in publication[0])
        top = f'@top-center {{ content: "{quoted}"; font-size: 8pt; font-weight: bold; }}'
    css = Markup(CSS % {"size": size, "margin": margin, "font": font, "top": top,
                        "tai": TAI_VIET_FAMILY,
                        "tai_regular": (FONTS / "TaiHeritagePro-Regular.woff").as_uri(),
                        "tai_bold": (FONTS / "TaiHeritagePro-Bold.woff").as_uri()})
    return _env.from_string(TEMPLATE).render(title=title, parts=parts, cover=cover, css=css,
                                             lang=lang, organization=organization,
                                             publication=publication, english=english)
