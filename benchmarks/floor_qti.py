"""The floor of a QTI build: what reading a bank and zipping QTI 2.1 items costs at the least.

    python benchmarks/floor_qti.py PROJECT OUT.zip [--no-gc]

Reads every question file of PROJECT/question_banks with PyYAML's C loader (no positions, no
validation, no rules), formats each question as a minimal QTI 2.1 assessmentItem string (the
texts escaped, not rendered from Markdown) plus one manifest, and writes them into one zip.
bench_peers.py runs it as the "floor" rows: no real build can be faster than this on the same
bank, so it shows how much of qbank's time is its own work. --no-gc turns the cyclic garbage
collector off for the whole run (as a lower bound: reference counting still frees memory).
"""

from __future__ import annotations

import gc
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import yaml

ITEM = """<?xml version='1.0' encoding='UTF-8'?>
<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier={ident} \
title={title} adaptive="false" timeDependent="false">
  <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">
    <correctResponse><value>{key}</value></correctResponse>
  </responseDeclaration>
  <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"/>
  <itemBody>
    <p>{stem}</p>
    <choiceInteraction responseIdentifier="RESPONSE" shuffle="false" maxChoices="1">
{choices}    </choiceInteraction>
  </itemBody>
  <responseProcessing template="http://www.imsglobal.org/question/qti_v2p1/rptemplates/\
match_correct"/>
  <modalFeedback outcomeIdentifier="FEEDBACK" identifier="EXPLANATION" showHide="show">\
{feedback}</modalFeedback>
</assessmentItem>
"""
CHOICE = '      <simpleChoice identifier="{ident}">{text}</simpleChoice>\n'
RESOURCE = ('    <resource identifier="RES-{ident}" type="imsqti_item_xmlv2p1" href="{href}">'
            '<file href="{href}"/></resource>\n')


def item(q: dict) -> tuple[str, str]:
    ident = "Q-" + str(q["id"])
    options = q.get("options") or []
    key = next((f"C{i + 1}" for i, o in enumerate(options) if o.get("correct")), "C1")
    choices = "".join(CHOICE.format(ident=f"C{i + 1}", text=escape(str(o.get("text", ""))))
                      for i, o in enumerate(options))
    stem = str(q.get("stem", ""))
    return ident, ITEM.format(ident=quoteattr(ident), title=quoteattr(stem[:80]), key=key,
                              stem=escape(stem), choices=choices,
                              feedback=escape(str(q.get("feedback", ""))))


def main(argv: list[str]) -> None:
    project, out = Path(argv[0]), Path(argv[1])
    if "--no-gc" in argv:
        gc.disable()
    resources = []
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted((project / "question_banks").rglob("*.yaml")):
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
            for q in data.get("questions") or []:
                ident, xml = item(q)
                href = f"items/{ident}.xml"
                zf.writestr(href, xml.encode("utf-8"))
                resources.append(RESOURCE.format(ident=ident, href=href))
        zf.writestr("imsmanifest.xml", (
            "<?xml version='1.0' encoding='UTF-8'?>\n<manifest xmlns=\"http://www.imsglobal."
            "org/xsd/imscp_v1p1\" identifier=\"MANIFEST\">\n  <organizations/>\n  <resources>\n"
            + "".join(resources) + "  </resources>\n</manifest>\n").encode("utf-8"))


if __name__ == "__main__":
    main(sys.argv[1:])
