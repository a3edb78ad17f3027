"""Ordering and matching answers are shown in one fixed order unrelated to the key, the same in
every package (issue #12, point 5): the OLX dropdowns, QTI 3.0 and 2.1, and questions.json."""

from __future__ import annotations

import json
import tarfile
import zipfile

from lxml import etree

import qbank
from qbank.export.identifiers import display_order

BANK = """
questions:
  - {id: sap-xep, type: ordering, stem: Sắp xếp các bước., skills: ["4.2"], level: 1,
     items: [Mở ứng dụng, Đăng nhập, Chọn thủ tục, Điền tờ khai, Nộp hồ sơ]}
  - {id: ghep-doi, type: matching, stem: Ghép., skills: ["4.2"], level: 1,
     pairs: [{left: OTP, right: Mã một lần}, {left: VNeID, right: Định danh},
             {left: QR, right: Mã vạch hai chiều}],
     distractors: [Mật khẩu cố định]}
"""
COURSE = """
id: khoa
title: Khóa học thử
audience: nguoi-dan
lessons: [lessons/01-bai.md]
checkpoints:
  - {after: bai, questions: [sap-xep, ghep-doi]}
"""
ITEMS = ["Mở ứng dụng", "Đăng nhập", "Chọn thủ tục", "Điền tờ khai", "Nộp hồ sơ"]
RIGHTS = ["Mã một lần", "Định danh", "Mã vạch hai chiều", "Mật khẩu cố định"]


def _built(tmp_path, project_at):
    project, _ = project_at({"question_banks/them/cau-hoi.yaml": BANK,
                             "courses/khoa/course.yaml": COURSE})
    result = qbank.build(project, tmp_path / "dist", ["qti30", "qti21", "json", "olx"])
    assert result.ok, [d.message("en") for d in result.diagnostics]
    return tmp_path / "dist/khoa-1.0"


def _texts(elements) -> list[str]:
    return [" ".join("".join(e.itertext()).split()) for e in elements]


def test_every_package_shows_the_same_order_and_not_the_key(tmp_path, project_at):
    bundle = _built(tmp_path, project_at)
    order = [ITEMS[i] for i in display_order("sap-xep", ITEMS)]
    rights = [RIGHTS[i] for i in display_order("ghep-doi", RIGHTS)]
    assert order != ITEMS and rights != RIGHTS  # these ids do not happen to give the key order

    with tarfile.open(bundle / "olx/khoa.tar.gz") as tar:
        olx = {name: etree.fromstring(tar.extractfile(f"course/problem/bai--{name}.xml").read())
               for name in ("sap-xep", "ghep-doi")}
    for response in olx["sap-xep"].iter("optionresponse"):
        assert [o.text for o in response.iter("option")] == order
    for response in olx["ghep-doi"].iter("optionresponse"):
        assert [o.text for o in response.iter("option")] == rights

    for version, prefix in (("qti30", "qti-"), ("qti21", "")):
        with zipfile.ZipFile(bundle / version / "khoa.zip") as zf:
            item = etree.fromstring(zf.read("items/sap-xep.xml"))
            match = etree.fromstring(zf.read("items/ghep-doi.xml"))
        assert _texts(item.iter(f"{{*}}{prefix}simple-choice" if prefix else "{*}simpleChoice")
                      ) == order, version
        sets = list(match.iter(f"{{*}}{prefix}simple-match-set" if prefix
                               else "{*}simpleMatchSet"))
        assert _texts(sets[1]) == rights, version
        # the key is unchanged: the response still lists the items in their right order
        values = [v.text for v in item.iter(f"{{*}}{prefix}value" if prefix else "{*}value")]
        assert values[:5] == ["I1", "I2", "I3", "I4", "I5"], version

    questions = {q["id"]: q for q in json.loads(
        (bundle / "questions.json").read_text(encoding="utf-8"))["questions"]}
    assert [questions["sap-xep"]["items"][i] for i in questions["sap-xep"]["display_order"]
            ] == order
    assert questions["sap-xep"]["items"] == ITEMS  # the key, as authored
    assert questions["ghep-doi"]["display_order"] == display_order("ghep-doi", RIGHTS)


def test_the_order_is_the_same_every_build(tmp_path, project_at):
    first = _built(tmp_path / "a", project_at)
    second = _built(tmp_path / "b", project_at)
    for rel in ("questions.json", "qti30/khoa.zip", "olx/khoa.tar.gz"):
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel
