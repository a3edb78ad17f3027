"""QTI 2.1 → QTI 3.0: the same model under new names (export/qti/serialise.py writes both).

QTI 3.0 renamed every QTI element to `qti-` plus its kebab-case name and every camelCase
attribute to kebab-case; the XHTML content elements keep their names. A few structures also
changed shape: modal feedback wraps its content in qti-content-body, templates moved to new URIs.
"""

from __future__ import annotations

import re

NS30 = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0"
SCHEMA_LOCATION_30 = (f"{NS30} https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/"
                      "imsqti_asiv3p0_v1p0.xsd")
TEMPLATE_30 = "https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/"
_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")


def kebab(name: str) -> str:
    return _CAMEL.sub("-", name).lower()
