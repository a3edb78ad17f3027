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


def convert(root21: etree._Element) -> etree._Element:
    """A QTI 3.0 copy of a QTI 2.1 item or test built by qbank."""
    nsmap = {None: NS30, "xsi": XSI}
    root = _convert(root21, nsmap)
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION_30)
    return root


def _convert(el21: etree._Element, nsmap: dict) -> etree._Element:
    local = etree.QName(el21).localname
    html = local in HTML_ELEMENTS
    name = local if html else f"qti-{kebab(local)}"
    el = etree.Element(f"{{{NS30}}}{name}", nsmap=nsmap)
    for attr, val in el21.attrib.items():
        if attr.startswith(f"{{{XSI}}}"):
            continue
        if attr.startswith("{"):
            el.set(attr, val)  # xml:lang
            continue
        if not html:
            attr = kebab(attr)
            if attr == "template":
                val = val.replace("http://www.imsglobal.org/question/qti_v2p1/rptemplates/",
                                  TEMPLATE_30) + ".xml"
        el.set(attr, val)
    el.text = el21.text
    el.tail = el21.tail
    target = el
    if local == "modalFeedback":
        target = etree.SubElement(el, f"{{{NS30}}}qti-content-body")
        target.text, el.text = el.text, None
    for child in el21:
        target.append(_convert(child, nsmap))
    return el
