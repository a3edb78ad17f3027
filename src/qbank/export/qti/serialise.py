"""QTI items and tests as small trees of plain tuples, written as QTI 2.1 or QTI 3.0 text.

Building an lxml tree per item and serialising it was most of a QTI build's time; items are now
`Node`s whose content is either more nodes or `Markup` (XHTML already serialised, from
render.xhtml), written out with string joins. The text is what lxml's pretty print writes for
the same tree (tests compare the two on every question of the repository): an element holding
text keeps its content on one line, any other element puts each child on its own indented line,
and an empty element closes itself.
"""

from __future__ import annotations

from typing import NamedTuple

from qbank.export.qti.version3 import NS30, SCHEMA_LOCATION_30, TEMPLATE_30, kebab
from qbank.export.qti.xml import NS21, SCHEMA_LOCATION_21, TEMPLATE_21, XSI
from qbank.export.xml_text import escape_attr, escape_text
from qbank.render.xhtml import ALLOWED as HTML_ELEMENTS


class Markup(str):
    """Serialised XML content (text escaped, elements written), placed as it is."""


class Node(NamedTuple):
    tag: str  # the QTI 2.1 name (XHTML elements keep theirs in both versions)
    attrs: tuple[tuple[str, str], ...] = ()  # values escaped
    children: tuple = ()  # Node | Markup


class Fixed(Node):
    """A part that is the same in many items (declarations, response processing): written
    once per version and depth, then reused."""

    __slots__ = ()


def node(tag: str, attrs: dict | None = None, *children) -> Node:
    """A Node; None-valued attributes and None or empty children are left out."""
    return Node(tag, tuple([(k, escape_attr(v if type(v) is str else str(v)))
                            for k, v in attrs.items() if v is not None]) if attrs else (),
                tuple([c for c in children if c is not None and c != ""]))


def fixed(part: Node) -> Fixed:
    return Fixed(*part)


def escaped(value) -> Markup:
    return Markup(escape_text(str(value)))


def document(root: Node, version: str, lang: str | None, pretty: bool = True) -> bytes:
    """An item or test file: XML declaration, `root` with the version's namespace, then
    xml:lang (if `lang`) and schema location after its own attributes (where lxml puts
    attributes set last). `pretty=False` writes no indentation at all (tests give that to lxml
    to pretty-print)."""
    v3 = version == "3.0"
    ns, location = (NS30, SCHEMA_LOCATION_30) if v3 else (NS21, SCHEMA_LOCATION_21)
    said = f' xml:lang="{escape_attr(lang)}"' if lang is not None else ""
    extra = (f' xmlns="{ns}" xmlns:xsi="{XSI}"', f'{said} xsi:schemaLocation="{location}"')
    out: list[str] = ["<?xml version='1.0' encoding='UTF-8'?>\n"]
    _write(root, out, "\n" if pretty else None, v3, extra)
    out.append("\n")
    return "".join(out).encode("utf-8")


_NAMES: dict[tuple[str, bool], str] = {}


def _name(tag: str, v3: bool) -> str:
    name = _NAMES.get((tag, v3))
    if name is None:
        name = _NAMES[(tag, v3)] = tag if not v3 or tag in HTML_ELEMENTS else "qti-" + kebab(tag)
    return name


_ATTR_NAMES: dict[str, str] = {}


def _attr_name(name: str) -> str:
    found = _ATTR_NAMES.get(name)
    if found is None:
        found = _ATTR_NAMES[name] = kebab(name)
    return found


def _attrs(el: Node, v3: bool) -> str:
    if not el.attrs:
        return ""
    if not v3 or el.tag in HTML_ELEMENTS:
        return "".join([f' {k}="{v}"' for k, v in el.attrs])
    out = []
    for k, v in el.attrs:
        if k == "template":
            v = v.replace(TEMPLATE_21, TEMPLATE_30) + ".xml"
        out.append(f' {_attr_name(k)}="{v}"')
    return "".join(out)


_FIXED: dict[tuple[int, str | None, bool], str] = {}


def _write(el: Node, out: list[str], indent: str | None, v3: bool,
           root_attrs: tuple[str, str] = ("", "")) -> None:
    """Append `el` to `out`. `indent`: the newline and spaces before a child line, or None
    inside text, where nothing may be added."""
    if type(el) is Fixed:
        key = (id(el), indent, v3)
        done = _FIXED.get(key)
        if done is None:
            part: list[str] = []
            _write(Node(*el), part, indent, v3)
            done = _FIXED[key] = "".join(part)
        out.append(done)
        return
    name = _name(el.tag, v3)
    out.append(f"<{name}{root_attrs[0]}{_attrs(el, v3)}{root_attrs[1]}")
    children = el.children
    if v3 and el.tag == "modalFeedback":  # QTI 3.0 wraps the feedback's content
        children = (Node("contentBody", (), children),)
    if not children:
        out.append("/>")
        return
    out.append(">")
    if indent is None or any(isinstance(c, str) for c in children):
        for c in children:
            if isinstance(c, str):
                out.append(c)
            else:
                _write(c, out, None, v3)
    else:
        inner = indent + "  "
        for c in children:
            out.append(inner)
            _write(c, out, inner, v3)
        out.append(indent)
    out.append(f"</{name}>")
