"""Small helpers for building QTI 2.1 XML with lxml."""

from __future__ import annotations

from lxml import etree

NS21 = "http://www.imsglobal.org/xsd/imsqti_v2p1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SCHEMA_LOCATION_21 = f"{NS21} http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd"


def q(tag: str) -> str:
    return f"{{{NS21}}}{tag}"


# Document elements declare the namespace; the others take it from their parent when appended
# (lxml drops their own redundant declaration), which saves a namespace map per element.
_ROOTS = {"assessmentItem", "assessmentTest", "assessmentSection"}
_NSMAP = {None: NS21}


_QNAMES: dict[str, str] = {}


def E(tag: str, attrs: dict | None = None, *children, text: str | None = None) -> etree._Element:
    """An element in the QTI 2.1 namespace; None-valued attributes are left out."""
    name = _QNAMES.get(tag)
    if name is None:
        name = _QNAMES[tag] = q(tag)
    nsmap = _NSMAP if tag in _ROOTS else None
    if attrs:
        el = etree.Element(name, {k: str(v) for k, v in attrs.items() if v is not None},
                           nsmap=nsmap)
    else:
        el = etree.Element(name, nsmap=nsmap)
    if text is not None:
        el.text = text
    for child in children:
        if child is not None:
            el.append(child)
    return el


def value(v) -> etree._Element:
    return E("value", text=str(v))


def base(base_type: str, v) -> etree._Element:
    return E("baseValue", {"baseType": base_type}, text=str(v))


def var(identifier: str) -> etree._Element:
    return E("variable", {"identifier": identifier})


def set_outcome(identifier: str, expr: etree._Element) -> etree._Element:
    return E("setOutcomeValue", {"identifier": identifier}, expr)


def outcome(identifier: str, base_type: str, cardinality: str = "single",
            default=None) -> etree._Element:
    el = E("outcomeDeclaration", {"identifier": identifier, "cardinality": cardinality,
                                  "baseType": base_type})
    if default is not None:
        el.append(E("defaultValue", None, value(default)))
    return el


def to_bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
