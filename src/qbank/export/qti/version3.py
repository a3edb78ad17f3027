"""QTI 2.1 → QTI 3.0: the same model under new names.

QTI 3.0 renamed every QTI element to `qti-` plus its kebab-case name and every camelCase
attribute to kebab-case; the XHTML content elements keep their names. A few structures also
changed shape: modal feedback wraps its content in qti-content-body, templates moved to new URIs.
"""

from __future__ import annotations

import re

from lxml import etree

from qbank.export.qti.xml import XSI
from qbank.render.xhtml import ALLOWED as HTML_ELEMENTS

NS30 = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0"
SCHEMA_LOCATION_30 = (f"{NS30} https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/"
                      "imsqti_asiv3p0_v1p0.xsd")
TEMPLATE_30 = "https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/"
_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")


def kebab(name: str) -> str:
    return _CAMEL.sub("-", name).lower()


_TAGS: dict[str, tuple[str, bool]] = {}  # QTI 2.1 tag -> (QTI 3.0 tag, is an XHTML element)
_ATTRS: dict[str, str] = {}  # camelCase attribute -> kebab-case


def _tag(tag21: str) -> tuple[str, bool]:
    found = _TAGS.get(tag21)
    if found is None:
        local = etree.QName(tag21).localname
        html = local in HTML_ELEMENTS
        found = _TAGS[tag21] = (f"{{{NS30}}}{local if html else 'qti-' + kebab(local)}", html)
    return found


def convert(root21: etree._Element) -> etree._Element:
    """A QTI 3.0 copy of a QTI 2.1 item or test built by qbank."""
    tag, html = _tag(root21.tag)
    root = etree.Element(tag, nsmap={None: NS30, "xsi": XSI})
    _copy(root21, root, html)
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION_30)
    return root


def _copy(el21: etree._Element, el: etree._Element, html: bool) -> None:
    """Fill `el` (already created, under its new name) from `el21`: attributes, text, children.
    Children are made in place (SubElement) rather than each as a separate document."""
    for attr, val in el21.attrib.items():
        if attr.startswith("{"):
            if not attr.startswith(f"{{{XSI}}}"):
                el.set(attr, val)  # xml:lang
            continue
        if not html:
            new = _ATTRS.get(attr)
            if new is None:
                new = _ATTRS[attr] = kebab(attr)
            attr = new
            if attr == "template":
                val = val.replace("http://www.imsglobal.org/question/qti_v2p1/rptemplates/",
                                  TEMPLATE_30) + ".xml"
        el.set(attr, val)
    el.text = el21.text
    el.tail = el21.tail
    target = el
    if el21.tag.endswith("}modalFeedback"):
        target = etree.SubElement(el, f"{{{NS30}}}qti-content-body")
        target.text, el.text = el.text, None
    for child in el21:
        tag, child_html = _tag(child.tag)
        _copy(child, etree.SubElement(target, tag), child_html)
