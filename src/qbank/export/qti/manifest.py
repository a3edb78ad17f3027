"""imsmanifest.xml for QTI 2.1 (IMS CP 1.1) and QTI 3.0 (IMS CP 1.2 profile) packages.

Skills travel per item resource as an IEEE LOM classification (purpose "competency", one
taxonPath per skill: source = the framework, taxon id = the skill code), in the LOM binding each
QTI version uses: imsmd v1.2 for QTI 2.1, the IEEE LOM "loose" binding for QTI 3.0.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from lxml import etree

from qbank.export import cache as build_cache

CACHE_VERSION = "1"  # change whenever the resources this module writes change
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CSM = "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscsmd_v1p1"


@dataclass(frozen=True)
class Flavour:
    cp: str  # content-packaging namespace
    lom: str  # LOM namespace
    qti_md: str  # QTI metadata namespace
    schema: str
    schemaversion: str
    types: dict  # kind -> resource type


QTI21 = Flavour("http://www.imsglobal.org/xsd/imscp_v1p1", "http://www.imsglobal.org/xsd/imsmd_v1p2",
                "http://www.imsglobal.org/xsd/imsqti_metadata_v2p1", "QTIv2.1 Package", "1.0.0",
                {"item": "imsqti_item_xmlv2p1", "test": "imsqti_test_xmlv2p1",
                 "media": "webcontent"})
QTI30 = Flavour("http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1", "http://ltsc.ieee.org/xsd/LOM",
                "http://www.imsglobal.org/xsd/imsqti_metadata_v3p0", "QTI Package", "3.0.0",
                {"item": "imsqti_item_xmlv3p0", "test": "imsqti_test_xmlv3p0",
                 "media": "webcontent"})
FLAVOURS = {"2.1": QTI21, "3.0": QTI30}


@dataclass
class Resource:
    identifier: str
    kind: str  # item | test | media
    href: str
    dependencies: list[str] = field(default_factory=list)
    skills: list[tuple[str, str]] = field(default_factory=list)  # (code, name)
    interaction: str | None = None
    title: str | None = None


def media_id(package_path: str) -> str:
    return "RES-MEDIA-" + hashlib.sha256(package_path.encode()).hexdigest()[:12]


def build(version: str, identifier: str, resources: list[Resource], framework_id: str,
          framework_source: str, lang: str, tool_version: str) -> bytes:
    return b"".join(build_chunks(version, identifier, resources, framework_id,
                                 framework_source, lang, tool_version))


def build_chunks(version: str, identifier: str, resources: list[Resource], framework_id: str,
                 framework_source: str, lang: str, tool_version: str) -> list[bytes]:
    """The manifest's bytes in pieces, to be written as they are (a large bank's manifest
    is tens of MB: joined, it was there twice)."""
    f = FLAVOURS[version]
    cp = lambda tag: f"{{{f.cp}}}{tag}"  # noqa: E731
    root = etree.Element(cp("manifest"), {"identifier": identifier},
                         nsmap={None: f.cp, "lom" if version == "3.0" else "imsmd": f.lom,
                                "imsqti" if version == "2.1" else "qtimd": f.qti_md,
                                **({"csm": CSM} if version == "3.0" else {})})
    meta = etree.SubElement(root, cp("metadata"))
    etree.SubElement(meta, cp("schema")).text = f.schema
    etree.SubElement(meta, cp("schemaversion")).text = f.schemaversion
    etree.SubElement(root, cp("organizations"))
    res_el = etree.SubElement(root, cp("resources"))

    def resource(r: Resource, values: tuple | None = None) -> etree._Element:
        """`values`: (framework id, framework source, language, tool version) other than the
        package's (the marker values of _from_template)."""
        fw_id, fw_source, language, tool = values or (framework_id, framework_source, lang,
                                                       tool_version)
        el = etree.SubElement(res_el, cp("resource"), {"identifier": r.identifier,
                                                       "type": f.types[r.kind], "href": r.href})
        if r.kind == "item":
            md = etree.SubElement(el, cp("metadata"))
            lom = _lom(f, version, r, fw_source, language)
            qti = _qti_metadata(f, r, tool)
            if version == "2.1":
                md.extend([lom, qti])
            else:  # the QTI 3.0 profile fixes this order
                md.extend([qti, _curriculum_standards(r, fw_id), lom])
        etree.SubElement(el, cp("file"), {"href": r.href})
        for dep in r.dependencies:
            etree.SubElement(el, cp("dependency"), {"identifierref": dep})
        return el

    if len(resources) < STREAM_FROM:
        for r in resources:
            resource(r)
        return [_serialise(root)]
    context = (version, framework_id, framework_source, lang, tool_version)
    return _streamed(root, res_el, resources, resource, cp("resource"), context)


STREAM_FROM = 200  # resources; below this the whole tree is small


def _serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _streamed(root, res_el, resources, resource, tag, context: tuple) -> list[bytes]:
    """The same bytes as _serialise() of the whole tree, holding one resource's tree at a time:
    a large bank's manifest tree took ~100 MB. Each resource is serialised on its own, then
    given the indentation it has inside the document, without the namespace declarations that
    a lone subtree repeats. Any text holding a line break (which indentation would alter)
    falls back to the whole tree. Item resources' chunks go to and come from the build cache.
    """
    store = build_cache.current()
    probe = etree.SubElement(res_el, tag)
    declarations = etree.tostring(probe, encoding="UTF-8")[len(b"<resource"):-len(b"/>")]
    head, _, tail = _serialise(root).partition(b"    <resource/>\n")
    res_el.remove(probe)
    chunks = [head]
    templates: dict[tuple, list[str]] = {}
    for r in resources:
        chunk = _from_template(r, resource, res_el, declarations, context, templates)
        if chunk is not None:
            chunks.append(chunk)
            continue
        k = None
        if store is not None and store.db is not None and r.kind == "item":
            k = build_cache.key("manifest-resource", CACHE_VERSION, *context, repr(r))
            cached = store.get(k)
            if cached is not None:
                chunks.append(cached)
                continue
        el = resource(r)
        if any("\n" in (t or "") for node in el.iter() for t in (node.text, node.tail)):
            res_el.remove(el)
            for r2 in resources:
                resource(r2)
            return [_serialise(root)]
        text = etree.tostring(el, encoding="UTF-8", pretty_print=True)
        res_el.remove(el)
        text = text.replace(declarations, b"", 1)
        chunk = b"".join(b"    " + line + b"\n" for line in text.splitlines())
        if k is not None:
            store.put(k, chunk)
        chunks.append(chunk)
    chunks.append(tail)
    return chunks


# Item resources differ only in a few values: each shape (version, title or not, number of
# skills and dependencies) is serialised once by lxml with marker values, and every resource of
# that shape is that text with its own values put in, escaped as lxml escapes them. Values that
# lxml would treat specially (control characters, line breaks) take the element path above;
# tests compare both paths on awkward texts.
_SLOT = re.compile(r"QBSLOT([a-z]+[0-9]*)X")
_SAFE = re.compile(r"[^\x00-\x1f\x7f\ud800-\udfff\ufffe\uffff]+")
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ATTR_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})
_ATTR_SLOTS = {"id", "href", "lang", "fw"}


def _from_template(r: Resource, resource, res_el, declarations: bytes, context: tuple,
                   templates: dict) -> bytes | None:
    version, framework_id, framework_source, lang, tool_version = context
    if r.kind != "item" or not isinstance(r.interaction, str):
        return None
    values = {"id": r.identifier, "href": r.href, "int": r.interaction}
    if r.title is not None:
        values["title"] = r.title
    for i, (code, name) in enumerate(r.skills):
        values[f"code{i}"], values[f"name{i}"] = code, name
    for i, dep in enumerate(r.dependencies):
        values[f"dep{i}"] = dep
    if not (all(isinstance(v, str) and v for v in values.values())
            and _SAFE.fullmatch("".join(values.values()))):
        return None  # lxml's way, as for any text it treats specially
    shape = (version, r.title is not None, len(r.skills), len(r.dependencies))
    template = templates.get(shape)
    if template is None:
        marked = Resource("QBSLOTidX", "item", "QBSLOThrefX",
                          [f"QBSLOTdep{i}X" for i in range(len(r.dependencies))],
                          [(f"QBSLOTcode{i}X", f"QBSLOTname{i}X") for i in range(len(r.skills))],
                          "QBSLOTintX", "QBSLOTtitleX" if r.title is not None else None)
        slot_context = ("QBSLOTfwX", "QBSLOTsrcX", "QBSLOTlangX", "QBSLOTverX")
        el = resource(marked, slot_context)
        text = etree.tostring(el, encoding="UTF-8", pretty_print=True)
        res_el.remove(el)
        text = text.replace(declarations, b"", 1)
        text = b"".join(b"    " + line + b"\n" for line in text.splitlines()).decode("utf-8")
        # The package's own values are the same in every resource: put in once here.
        package = {"fw": framework_id, "src": framework_source, "lang": lang,
                   "ver": tool_version}
        if not all(_SAFE.fullmatch(v) for v in package.values()):
            return None
        text = _SLOT.sub(lambda m: _escaped(m[1], package[m[1]]) if m[1] in package
                         else m[0], text)
        # Literal text at even places, slot names at odd ones (re.split keeps the groups).
        template = templates[shape] = _SLOT.split(text)
    parts = template[:]
    for i in range(1, len(parts), 2):
        parts[i] = _escaped(parts[i], values[parts[i]])
    return "".join(parts).encode("utf-8")


_NEEDS_ESCAPE = re.compile('[&<>"]')


def _escaped(slot: str, value: str) -> str:
    """A value as lxml writes it in this slot: attribute values also escape quotes."""
    if not _NEEDS_ESCAPE.search(value):
        return value
    return value.translate(_ATTR_ESCAPES if slot in _ATTR_SLOTS or slot.startswith("dep")
                           else _TEXT_ESCAPES)


def _lom(f: Flavour, version: str, r: Resource, framework_source: str, lang: str):
    m = lambda tag: f"{{{f.lom}}}{tag}"  # noqa: E731

    def text(parent, tag, value, language):
        el = etree.SubElement(parent, m(tag))
        if version == "2.1":
            etree.SubElement(el, m("langstring"), {XML_LANG: language}).text = value
        else:
            etree.SubElement(el, m("string"), {"language": language}).text = value
        return el

    def vocabulary(parent, tag, value):
        el = etree.SubElement(parent, m(tag))
        if version == "2.1":
            text(el, "source", "LOMv1.0", "x-none")
            text(el, "value", value, "x-none")
        else:
            etree.SubElement(el, m("source")).text = "LOMv1.0"
            etree.SubElement(el, m("value")).text = value
        return el

    lom = etree.Element(m("lom"))
    if r.title:
        general = etree.SubElement(lom, m("general"))
        text(general, "title", r.title, lang)
    classification = etree.SubElement(lom, m("classification"))
    vocabulary(classification, "purpose", "competency")
    for code, name in r.skills:
        path = etree.SubElement(classification, m("taxonpath" if version == "2.1" else "taxonPath"))
        text(path, "source", framework_source, lang)
        taxon = etree.SubElement(path, m("taxon"))
        etree.SubElement(taxon, m("id")).text = code
        text(taxon, "entry", name, lang)
    return lom


def _curriculum_standards(r: Resource, framework_id: str):
    """QTI 3.0's own place for standards alignment: one GUID (the skill code) per skill."""
    c = lambda tag: f"{{{CSM}}}{tag}"  # noqa: E731
    root = etree.Element(c("curriculumStandardsMetadataSet"))
    md = etree.SubElement(root, c("curriculumStandardsMetadata"), {"providerId": framework_id})
    guids = etree.SubElement(md, c("setOfGUIDs"))
    for code, name in r.skills:
        labelled = etree.SubElement(guids, c("labelledGUID"))
        etree.SubElement(labelled, c("label")).text = name
        etree.SubElement(labelled, c("GUID")).text = code
    return root


def _qti_metadata(f: Flavour, r: Resource, tool_version: str):
    m = lambda tag: f"{{{f.qti_md}}}{tag}"  # noqa: E731
    md = etree.Element(m("qtiMetadata"))
    etree.SubElement(md, m("interactionType")).text = r.interaction
    etree.SubElement(md, m("toolName")).text = "qbank"
    etree.SubElement(md, m("toolVersion")).text = tool_version
    return md
