"""QTI items are written as strings; the text must be what lxml writes for the same tree.

For every question of the repository (all six types, images, text-entry blanks, option
feedback) and for texts with characters XML escapes, the item written without indentation is
parsed by lxml: lxml's pretty print of it must be the item qbank writes, and QTI 3.0 must be
what the tree converter (export/qti/version3.py) makes of the QTI 2.1 item.
"""

from __future__ import annotations

import json

import pytest
from lxml import etree

import qbank
from qbank.export.media import MediaSet
from qbank.export.qti.items import build_item
from qbank.export.qti.serialise import document
from qbank.export.qti.version3 import convert
from qbank.export.qti.xml import to_bytes

from helpers import REPO

_PARSER = etree.XMLParser(remove_blank_text=False)


def _as_lxml_writes_it(item, version: str) -> bytes:
    plain = document(item.root, version, item.lang, pretty=False)
    return to_bytes(etree.fromstring(plain, _PARSER))


def _check(item) -> None:
    for version in ("2.1", "3.0"):
        assert item.xml(version) == _as_lxml_writes_it(item, version), (item.identifier, version)
    tree21 = etree.fromstring(document(item.root, "2.1", item.lang, pretty=False), _PARSER)
    assert item.xml("3.0") == to_bytes(convert(tree21)), item.identifier


def test_every_repository_item_is_written_as_lxml_writes_it():
    project = qbank.load_project(REPO)
    media = MediaSet(project.root)
    types = set()
    for entry in project.questions.values():
        item = build_item(entry, media, "vi")
        types.add(item.interaction)
        _check(item)
    assert types == {"choiceInteraction", "textEntryInteraction", "orderInteraction",
                     "matchInteraction"}


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
        _check(build_item(project.questions[qid], media, "vi"))
