"""QTI items and tests are written as strings; the text must be what lxml writes for the same
tree.

For every question and course test of the repository (all six types, images, text-entry
blanks, option feedback, checkpoints, final tests) and for texts with characters XML escapes,
the file written without indentation is parsed by lxml: lxml's pretty print of it must be the
file qbank writes, and QTI 3.0 must be what an lxml tree conversion (below, renaming as QTI 3.0
renamed) makes of the QTI 2.1 file.
"""

from __future__ import annotations

import json

import pytest
from lxml import etree

import qbank
from qbank.export.media import MediaSet
from qbank.export.qti.assessments import checkpoint_tests, final_test
from qbank.export.qti.items import build_item
from qbank.export.qti.serialise import document
from qbank.export.qti.version3 import NS30, SCHEMA_LOCATION_30, TEMPLATE_30, kebab
from qbank.export.qti.xml import TEMPLATE_21, XSI
from qbank.render.xhtml import ALLOWED as HTML_ELEMENTS

from helpers import REPO

_PARSER = etree.XMLParser(remove_blank_text=False)


def to_bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def convert(root21: etree._Element) -> etree._Element:
    """The QTI 3.0 tree of a QTI 2.1 tree, made element by element with lxml."""
    def name(tag: str) -> tuple[str, bool]:
        local = etree.QName(tag).localname
        html = local in HTML_ELEMENTS
        return f"{{{NS30}}}{local if html else 'qti-' + kebab(local)}", html

    def copy(el21, el, html: bool) -> None:
        for attr, val in el21.attrib.items():
            if attr.startswith("{"):
                if not attr.startswith(f"{{{XSI}}}"):
                    el.set(attr, val)  # xml:lang
                continue
            if not html:
                attr = kebab(attr)
                if attr == "template":
                    val = val.replace(TEMPLATE_21, TEMPLATE_30) + ".xml"
            el.set(attr, val)
        el.text, el.tail = el21.text, el21.tail
        target = el
        if el21.tag.endswith("}modalFeedback"):
            target = etree.SubElement(el, f"{{{NS30}}}qti-content-body")
            target.text, el.text = el.text, None
        for child in el21:
            tag, child_html = name(child.tag)
            copy(child, etree.SubElement(target, tag), child_html)

    tag, html = name(root21.tag)
    root = etree.Element(tag, nsmap={None: NS30, "xsi": XSI})
    copy(root21, root, html)
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION_30)
    return root


def _check(root, lang, written) -> None:
    """`written(version)`: qbank's file for `root` in that QTI version."""
    for version in ("2.1", "3.0"):
        plain = etree.fromstring(document(root, version, lang, pretty=False), _PARSER)
        assert written(version) == to_bytes(plain), (root.attrs, version)
    tree21 = etree.fromstring(document(root, "2.1", lang, pretty=False), _PARSER)
    assert written("3.0") == to_bytes(convert(tree21)), root.attrs


def test_every_repository_item_is_written_as_lxml_writes_it():
    project = qbank.load_project(REPO)
    media = MediaSet(project.root)
    types = set()
    for entry in project.questions.values():
        item = build_item(entry, media, "vi")
        types.add(item.interaction)
        _check(item.root, item.lang, item.xml)
    assert types == {"choiceInteraction", "textEntryInteraction", "orderInteraction",
                     "matchInteraction"}


def test_every_repository_test_is_written_as_lxml_writes_it():
    project = qbank.load_project(REPO)
    found = 0
    for course in project.courses:
        tests = [*checkpoint_tests(project, course),
                 final_test(project, course, 70, 30) if course.course.final else None]
        for _, _, root, _, _ in filter(None, tests):
            _check(root, None, lambda version, root=root: document(root, version, None))
            found += 1
    assert found > 10


@pytest.mark.parametrize("stem", [
    'Câu "trích" & <thẻ> > hết',
    "Điền vào chỗ trống: ___ rồi *nhấn* **Gửi**",
    "Đoạn một.\n\nĐoạn hai có `mã` và [liên kết](https://dichvucong.gov.vn).",
    "- mục một\n- mục hai\n\n___",
])
def test_awkward_texts_are_written_as_lxml_writes_them(project_at, stem):
    question = {"id": "cau-kho", "type": "single_choice", "stem": stem, "skills": ["4.2"],
                "level": 1,
                "feedback": 'Giải thích "có ngoặc" & ký hiệu <, >.',
                "options": [{"text": 'Phương án "A" & <b>', "correct": True,
                             "feedback": "Đúng\nvì thế"},
                            {"text": "**Đậm** và *nghiêng*"}]}
    text_entry = {"id": "dien-tu", "type": "text_entry", "stem": stem, "skills": ["4.2"],
                  "level": 1,
                  "answers": ['a"b', "x & y"]}
    project, diagnostics = project_at({"question_banks/mau/cau-hoi.yaml": json.dumps(
        {"questions": [question, text_entry]}, ensure_ascii=False)})
    assert not [d for d in diagnostics if d.code.id.startswith("QB02")]  # the bank is valid
    media = MediaSet(project.root)
    for qid in ("cau-kho", "dien-tu"):
        item = build_item(project.questions[qid], media, "vi")
        _check(item.root, item.lang, item.xml)
