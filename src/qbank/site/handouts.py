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
from qbank.publication import banner
from qbank.site.pages import render_markdown, reviewed_translations_only, site_languages
from qbank.site.versions import (
    FULL,
    SIMPLE,
    english_site,
    lesson_versions,
    review_text,
    version_label,
)
from qbank.source.paths import decode_src, resolve_ref

CSS = """
@page { size: %(size)s; margin: %(margin)s;
  %(top)s
  @bottom-center { content: counter(page) " / " counter(pages); font-size: 10pt; } }
html { font-family: "Noto Sans", "DejaVu Sans", sans-serif; font-size: %(font)s;
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
{{ part.html | safe }}</section>{% endfor %}
</body></html>"""

_env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))


def render_handouts(project: Project, out: Path, languages: list[str] | None = None) -> list[Path]:
    """Write every handout into `out`; returns the files written, in order."""
    from weasyprint import HTML

    handbooks = load_handbooks(project)
    languages = site_languages(project, languages)
    reviewed_only = reviewed_translations_only(project)
    publication = banner(project.config)
    organization = project.config.organization.name if project.config else ""
    written = []
    for book in handbooks.books:
        parts = []
        for lesson in [lesson for course in book.courses for lesson in course.lessons]:
            for version in lesson_versions(lesson, languages, reviewed_only):
                if version.fallback:
                    continue  # a copy of another version: not printed twice
                part = _part(project, lesson, version)
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
    css = Markup(CSS % {"size": size, "margin": margin, "font": font, "top": top})
    return _env.from_string(TEMPLATE).render(title=title, parts=parts, cover=cover, css=css,
                                             lang=lang, organization=organization,
                                             publication=publication, english=english)
