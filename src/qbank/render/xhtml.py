"""Markdown → well-formed, sanitised XHTML for every output (QTI, OLX, review sheet, JSON).

markdown-it-py renders with raw HTML disabled, so `<script>` in a source arrives as text. The
result is then parsed by lxml and reduced to a small allow-list of elements and attributes that
both QTI 2.1 and QTI 3.0 accept inside item bodies; links keep only http(s)/mailto targets and
images only package-relative sources (rewritten by the caller, e.g. to `media/…`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from html import escape
from urllib.parse import urlsplit

from lxml import etree

from qbank.render.markdown import parser, plain_html

BLOCK = {"p", "ul", "ol", "li", "blockquote", "pre", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
         "table", "thead", "tbody", "tr", "th", "td", "div"}
INLINE = {"a", "em", "strong", "code", "br", "img", "span", "sub", "sup"}
ALLOWED = BLOCK | INLINE
ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt"}, "code": {"class"}, "th": {"class"},
              "td": {"class"}}
LINK_SCHEMES = {"http", "https", "mailto"}
# markdown-it marks table column alignment with a style attribute; QTI allows only class.
_ALIGN = {"text-align:left": "left", "text-align:center": "center", "text-align:right": "right"}

SrcRewrite = Callable[[str], "str | None"]
_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)  # reused: ~30% of a parse

# Parsing Markdown is costly, and every writer renders the same texts (QTI 2.1 and 3.0, JSON,
# OLX course and library); during a build each distinct text that needs the parser is parsed
# once.
_memo: dict[str, str] | None = None


@contextmanager
def memoised(active: bool = True) -> Iterator[None]:
    """Within this block (if `active`), the rendering of a text is computed once and reused."""
    global _memo
    outer = _memo
    if outer is None and active:
        _memo = {}
    try:
        yield
    finally:
        _memo = outer


def _render(text: str) -> str:
    html = plain_html(text)  # cheaper to redo than to keep: most texts of a large bank
    if html is not None:
        return html
    if _memo is None:
        return parser().render(text)
    html = _memo.get(text)
    if html is None:
        html = _memo[text] = parser().render(text)
    return html


# Characters XML 1.0 refuses (lxml raises on them): such a text takes the slow path and fails there.
NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def markdown_to_xhtml(text: str, rewrite_src: SrcRewrite | None = None,
                      inline: bool = False) -> str:
    """Sanitised XHTML fragment (no namespace) of a Markdown text; `inline` drops the <p>
    around a single paragraph (for option texts)."""
    html = plain_xhtml(text, inline)
    return html if html is not None else serialised(text, rewrite_src, inline)


def plain_xhtml(text: str | None, inline: bool = False) -> str | None:
    """markdown_to_xhtml() of a text that is one paragraph of plain words with at most
    *em*/**strong** (most texts of a bank), found without the parser or lxml; None for any
    other text. Such a paragraph has nothing to sanitise."""
    html = plain_html(text, quote=False) if text else None
    if html is None or NOT_XML.search(text):
        return None
    return html[3:-5] if inline else html


def serialised(text: str, rewrite_src: SrcRewrite | None = None, inline: bool = False) -> str:
    """markdown_to_xhtml through the parser and lxml, whatever the text (tests compare)."""
    return to_markup(inline_fragment(text, rewrite_src) if inline else fragment(text, rewrite_src))


def to_markup(root: etree._Element) -> str:
    """The content of a fragment's root (its text and children, not the root itself)."""
    # The leading text is a plain string: escape it (children and tails serialise escaped).
    return escape(root.text or "", quote=False) + "".join(
        etree.tostring(child, encoding="unicode") for child in root)


def fragment(text: str, rewrite_src: SrcRewrite | None = None,
             namespace: str | None = None) -> etree._Element:
    """A <div> whose children are the rendered blocks, optionally in `namespace`."""
    html = _render(text or "")
    root = etree.fromstring(f"<div>{html}</div>", _XML_PARSER)
    _sanitise(root, rewrite_src)
    if namespace:
        for el in root.iter():
            el.tag = f"{{{namespace}}}{el.tag}"
    return root


def inline_fragment(text: str, rewrite_src: SrcRewrite | None = None,
                    namespace: str | None = None) -> etree._Element:
    """Like fragment(), but a single paragraph is unwrapped into inline content."""
    root = fragment(text, rewrite_src, None)
    if len(root) == 1 and root[0].tag == "p" and not (root.text or "").strip():
        p = root[0]
        root.remove(p)
        root.text = p.text
        for child in p:
            root.append(child)
    if namespace:
        for el in root.iter():
            el.tag = f"{{{namespace}}}{el.tag}"
    return root


def _sanitise(root: etree._Element, rewrite_src: SrcRewrite | None) -> None:
    for el in list(root.iter()):
        if el is root:
            continue
        if el.tag not in ALLOWED:
            _unwrap(el)
            continue
        style = el.attrib.get("style")
        for name in list(el.attrib):
            if name not in ATTRIBUTES.get(el.tag, ()):
                del el.attrib[name]
        if style in _ALIGN and el.tag in ("th", "td"):
            el.set("class", _ALIGN[style])
        if el.tag == "a":
            href = el.get("href", "")
            if urlsplit(href).scheme.lower() not in LINK_SCHEMES:
                _unwrap(el)
        elif el.tag == "img":
            src = el.get("src", "")
            new = None if urlsplit(src).scheme else (rewrite_src(src) if rewrite_src else src)
            if not new:
                _replace_with_text(el, el.get("alt", ""))
            else:
                el.set("src", new)
                el.set("alt", el.get("alt", ""))


def _unwrap(el: etree._Element) -> None:
    """Replace an element by its content (text and children)."""
    parent = el.getparent()
    index = parent.index(el)
    children = list(el)
    tail = el.tail or ""
    _append_text(parent, index, el.text or "")
    for offset, child in enumerate(children):
        parent.insert(index + offset, child)
    parent.remove(el)  # lxml removes the tail with the element
    _append_text(parent, index + len(children), tail)


def _replace_with_text(el: etree._Element, text: str) -> None:
    parent = el.getparent()
    index = parent.index(el)
    _append_text(parent, index, text + (el.tail or ""))
    parent.remove(el)


def _append_text(parent: etree._Element, index: int, text: str) -> None:
    """Add text just before position `index` among parent's children."""
    if not text:
        return
    if index == 0:
        parent.text = (parent.text or "") + text
    else:
        prev = parent[index - 1]
        prev.tail = (prev.tail or "") + text
