"""Validating QTI packages against the official 1EdTech schemas in tests/qti-xsd (offline;
QBANK_QTI_XSD points elsewhere)."""

from __future__ import annotations

import functools
import os
import zipfile
from pathlib import Path

from lxml import etree

XSD_DIR = Path(os.environ.get("QBANK_QTI_XSD", Path(__file__).resolve().parent / "qti-xsd"))
SCHEMAS = {
    "http://www.imsglobal.org/xsd/imsqti_v2p1": "qtiv2p1/imsqti_v2p1.xsd",
    "http://www.imsglobal.org/xsd/imscp_v1p1": "imscp_v1p1.xsd",
    "http://www.imsglobal.org/xsd/imsqtiasi_v3p0": "qtiv3p0/imsqti_asiv3p0_sbacv1p0_v1p0.xsd",
    "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1": "qtiv3p0/imsqtiv3p0_imscpv1p2_v1p0.xsd",
    # Metadata fragments the manifest schemas process laxly, validated on their own.
    "http://www.imsglobal.org/xsd/imsmd_v1p2": "imsmd_v1p2p4.xsd",
    "http://ltsc.ieee.org/xsd/LOM": "imsmd_loose_v1p3p2.xsd",
    "http://www.imsglobal.org/xsd/imsqti_metadata_v2p1": "qtiv2p1/imsqti_metadata_v2p1.xsd",
    "http://www.imsglobal.org/xsd/imsqti_metadata_v3p0": "qtiv3p0/imsqti_metadatav3p0_v1p0.xsd",
    "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscsmd_v1p1": "qtiv3p0/imsqtiv3p0_csmv1p1_v1p0.xsd",
}


@functools.cache
def schema_for(namespace: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD_DIR / SCHEMAS[namespace])))


def problems(doc: etree._Element) -> list[str]:
    """Schema errors of a document and of its metadata fragments ([] when valid)."""
    out = []
    targets = [doc]
    for md in doc.iter("{*}metadata"):
        targets.extend(child for child in md if etree.QName(child).namespace in SCHEMAS
                       and etree.QName(child).namespace != etree.QName(doc).namespace)
    for el in targets:
        schema = schema_for(etree.QName(el).namespace)
        tree = etree.fromstring(etree.tostring(el))
        if not schema.validate(tree):
            out += [f"line {e.line}: {e.message}" for e in schema.error_log]
    return out


def package_problems(path: Path) -> dict[str, list[str]]:
    """{file in the package: schema errors} for every XML file of a QTI zip."""
    out = {}
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name.endswith(".xml"):
                doc = etree.fromstring(zf.read(name), etree.XMLParser(resolve_entities=False,
                                                                      no_network=True))
                found = problems(doc)
                if found:
                    out[name] = found
    return out
