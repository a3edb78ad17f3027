"""QTI 2.1 names every part of the QTI writer shares."""

from __future__ import annotations

NS21 = "http://www.imsglobal.org/xsd/imsqti_v2p1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION_21 = f"{NS21} http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd"
TEMPLATE_21 = "http://www.imsglobal.org/question/qti_v2p1/rptemplates/"
