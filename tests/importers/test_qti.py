"""QTI packages → qbank: round trips from qbank's own QTI 2.1 / 3.0 packages, hostile XML and
archives refused, interactions qbank has no type for left out with their file."""

from __future__ import annotations

import zipfile

import pytest
from click.testing import CliRunner

import qbank
from qbank.importers import import_files
from qbank.importers.commands import import_command

from helpers import found, write_project

BANK = """
questions:
  - id: q-chon-mot
    type: single_choice
    stem: "Mật khẩu nào **an toàn** nhất? Xem *kỹ* từng `phương án`."
    options:
      - {text: "123456", feedback: Quá dễ đoán.}
      - {text: "Tr@ng-Xanh!Lua2025", correct: true}
      - {text: ngày sinh}
    shuffle: false
    skills: ["4.2"]
    level: 2
    feedback: |-
      Mật khẩu mạnh:

      - dài
      - có ký tự đặc biệt

      Xem [hướng dẫn](https://dichvucong.gov.vn).
  - id: q-nhieu
    type: multiple_response
    stem: Việc nào giúp an toàn?
    options:
      - {text: Bật xác thực **hai lớp**, correct: true}
      - {text: Chia sẻ mã OTP}
      - {text: Cập nhật phần mềm, correct: true}
      - {text: Dùng một mật khẩu cho mọi nơi}
    skills: ["4.1", "4.2"]
    level: 3
  - id: q-dung-sai
    type: true_false
    stem: Ngân hàng có thể hỏi mã OTP.
    answer: false
    skills: ["4.2"]
    level: 1
    feedback: Không bao giờ.
  - id: q-dien
    type: text_entry
    stem: Ứng dụng định danh điện tử của Bộ Công an là ___.
    answers: [VNeID, định danh điện tử]
    accept_without_diacritics: true
    skills: ["2.6"]
    level: 1
  - id: q-dien-hoa
    type: text_entry
    stem: Viết tắt của mật khẩu dùng một lần là ___ (chữ hoa).
    answers: [OTP]
    case_sensitive: true
    skills: ["4.2"]
    level: 1
  - id: q-sap-xep
    type: ordering
    stem: Sắp xếp các bước đăng nhập.
    items: [Mở ứng dụng, Nhập số định danh, Nhập mật khẩu]
    skills: ["2.6"]
    level: 2
  - id: q-ghep
    type: matching
    stem: Ghép ứng dụng với công dụng.
    pairs:
      - {left: VNeID, right: Định danh}
      - {left: Zalo, right: Nhắn tin}
    distractors: [Chơi game]
    skills: ["2.1"]
    level: 4
"""
COURSE = """
id: khoa
title: Khóa học
audience: nguoi-dan
lessons: [lessons/01-bai.md]
checkpoints:
  - {after: bai, questions: [q-chon-mot]}
final:
  id: kiem-tra
  sections:
    - {id: phan, select: 2, pool: {banks: [chung]}}
"""
COMPARED = ("type", "stem", "options", "answer", "answers", "case_sensitive",
            "accept_without_diacritics", "items", "pairs", "distractors", "shuffle", "skills",
            "feedback")


def _fields(q) -> dict:
    dumped = q.model_dump()
    return {k: dumped[k] for k in COMPARED if k in dumped}


@pytest.mark.parametrize("version", ["qti30", "qti21"])
def test_qbank_qti_package_imports_back_to_the_same_questions(tmp_path, version):
    src = write_project(tmp_path / "src", {"question_banks/chung/cau-hoi.yaml": BANK,
                                           "courses/khoa/course.yaml": COURSE})
    project = qbank.load_project(src)
    built = qbank.build(project, tmp_path / "dist", formats=[version])
    assert built.ok, [d.message("en") for d in built.diagnostics]
    package = tmp_path / "dist" / "khoa-1.0" / version / "khoa.zip"

    dst = write_project(tmp_path / "dst", {"question_banks/chung/cau-hoi.yaml": None,
                                           "courses/khoa/course.yaml": None})
    result = import_files([package], "nhap", dst)
    assert result.diagnostics == [] and result.files[0].imported == 7
    text = (dst / "question_banks/nhap/khoa.yaml").read_text(encoding="utf-8")
    assert "# nguồn: khoa.zip, items/q-dien.xml" in text
    before = {e.q.id: _fields(e.q) for e in project.banks["chung"].questions}
    loaded = qbank.load_project(dst)
    assert loaded.load_diagnostics == []
    after = {e.q.id: _fields(e.q) for e in loaded.banks["nhap"].questions}
    assert after == before
    assert {e.q.review.status.value for e in loaded.banks["nhap"].questions} == {"draft"}

    # The extracted folder reads the same as the zip.
    folder = tmp_path / "giai-nen"
    with zipfile.ZipFile(package) as z:
        z.extractall(folder)
    other = write_project(tmp_path / "other", {"question_banks/chung/cau-hoi.yaml": None,
                                               "courses/khoa/course.yaml": None})
    again = import_files([folder], "nhap", other)
    assert again.diagnostics == []
    from_folder = (other / "question_banks/nhap/giai-nen.yaml").read_text(encoding="utf-8")
    assert from_folder.split("questions:")[1] == \
        text.split("questions:")[1].replace("khoa.zip, ", "giai-nen, ")


NS21 = "http://www.imsglobal.org/xsd/imsqti_v2p1"
MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" identifier="M">
  <resources>
{resources}
  </resources>
</manifest>
"""


def _item(identifier: str, body: str, declarations: str = "", feedback: str = "",
          prolog: str = '<?xml version="1.0" encoding="UTF-8"?>\n') -> str:
    return (f'{prolog}<assessmentItem xmlns="{NS21}" identifier="{identifier}" title="t" '
            f'adaptive="false" timeDependent="false">\n{declarations}\n'
            f"<itemBody>\n{body}\n</itemBody>\n{feedback}\n</assessmentItem>\n")


def _package(path, items: dict[str, str], extra: dict[str, bytes] | None = None,
             manifest: str | None = None):
    resources = "\n".join(f'    <resource identifier="R{i}" type="imsqti_item_xmlv2p1" '
                          f'href="{name}"><file href="{name}"/></resource>'
                          for i, name in enumerate(items))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("imsmanifest.xml", manifest or MANIFEST.format(resources=resources))
        for name, text in items.items():
            z.writestr(name, text)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return path


CHOICE = _item(
    "ngoai-1",
    '<p>Đoạn mở đầu <span>có</span> <b>đậm</b> và <i>nghiêng</i>.</p>'
    '<script>alert(1)</script><p onclick="alert(1)">Xem <a href="javascript:alert(1)">đây</a>'
    ' và <a href="https://dichvucong.gov.vn">cổng</a>.<iframe src="https://x">lạ</iframe></p>'
    '<choiceInteraction responseIdentifier="RESPONSE" maxChoices="0" shuffle="true">'
    "<prompt>Chọn các ý đúng:</prompt>"
    '<simpleChoice identifier="c1">Một<feedbackInline outcomeIdentifier="FEEDBACK" '
    'identifier="c1" showHide="show">Đúng vậy.</feedbackInline></simpleChoice>'
    '<simpleChoice identifier="c2">Hai</simpleChoice>'
    '<simpleChoice identifier="c3">Ba</simpleChoice></choiceInteraction>',
    '<responseDeclaration identifier="RESPONSE" cardinality="multiple" baseType="identifier">'
    "<correctResponse><value>c1</value><value>c3</value></correctResponse>"
    "</responseDeclaration>",
    '<modalFeedback outcomeIdentifier="FEEDBACK" identifier="chung" showHide="show">'
    "<p>Giải thích chung.</p></modalFeedback>")
TRUE_FALSE = _item(
    "ngoai-2",
    '<choiceInteraction responseIdentifier="RESPONSE" maxChoices="1">'
    "<prompt>Trời xanh.</prompt>"
    '<simpleChoice identifier="a">Sai</simpleChoice>'
    '<simpleChoice identifier="b">Đúng</simpleChoice></choiceInteraction>',
    '<responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">'
    "<correctResponse><value>b</value></correctResponse></responseDeclaration>")
HOTSPOT = _item(
    "ngoai-3",
    "<p>Bấm vào biểu tượng khóa.</p>\n"
    '<hotspotInteraction responseIdentifier="RESPONSE" maxChoices="1">'
    '<object data="anh.png" type="image/png"/></hotspotInteraction>',
    '<responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier"/>')


def test_a_foreign_package_imports_with_unsafe_markup_dropped_and_hotspot_skipped(tmp_path):
    write_project(tmp_path, {})
    package = _package(tmp_path / "ngoai.zip", {"items/mot.xml": CHOICE,
                                                "items/hai.xml": TRUE_FALSE,
                                                "items/diem-nong.xml": HOTSPOT,
                                                "items/hong.xml": "<a>\n<b></a>"})
    r = CliRunner().invoke(import_command, [str(package), "--bank", "nhap", "--project",
                                            str(tmp_path), "--skill", "4.2"])
    assert r.exit_code == 1
    assert ("ngoai.zip/items/diem-nong.xml:6: lỗi[QB1102] items/diem-nong.xml: không nhập "
            "được câu hỏi: chưa hỗ trợ kiểu tương tác hotspotInteraction") in r.stdout
    result = import_files([package], "nhap", tmp_path, skills=["4.2"], force=True)
    assert found(result.diagnostics, "QB1102") == [("diem-nong.xml", 6, 0), ("hong.xml", 2, 0)]
    assert "XML không hợp lệ ở dòng 2" in result.diagnostics[1].message()
    assert str(result.diagnostics[0].pos.path).endswith("ngoai.zip/items/diem-nong.xml")
    assert "ngoai.zip (qti): 2 câu hỏi → " in r.stderr
    assert "question_banks/nhap/ngoai.yaml; 2 câu không nhập được" in r.stderr
    questions = {e.q.id: e.q for e in qbank.load_project(tmp_path).banks["nhap"].questions}
    assert sorted(questions) == ["ngoai-1", "ngoai-2"]
    one = questions["ngoai-1"]
    assert one.type == "multiple_response" and one.skills == ["4.2"]
    assert one.stem == ("Đoạn mở đầu có **đậm** và *nghiêng*.\n\n"
                        "Xem đây và [cổng](https://dichvucong.gov.vn).\n\nChọn các ý đúng:")
    assert [(o.text, o.correct, o.feedback) for o in one.options] == [
        ("Một", True, "Đúng vậy."), ("Hai", False, None), ("Ba", True, None)]
    assert one.feedback == "Giải thích chung."
    two = questions["ngoai-2"]
    assert (two.type, two.stem, two.answer) == ("true_false", "Trời xanh.", True)

    # A lone item file reads the same way.
    single = tmp_path / "mot-cau.xml"
    single.write_text(TRUE_FALSE, encoding="utf-8")
    result = import_files([single], "le", tmp_path, skills=["4.2"])
    # Its identifier is already in the project (imported from the package above): not doubled.
    assert found(result.diagnostics, "QB1118") == [("mot-cau.xml", 0, 0)]
    assert not (tmp_path / "question_banks/le").exists()
    other = write_project(tmp_path / "khac", {})
    result = import_files([single], "le", other, skills=["4.2"])
    assert result.diagnostics == [] and result.files[0].format == "qti"
    assert "answer: true" in (other / "question_banks/le/mot-cau.yaml").read_text("utf-8")


SECRET = "BI-MAT-KHONG-DUOC-DOC"


@pytest.mark.parametrize("prolog", [
    '<?xml version="1.0"?>\n<!DOCTYPE assessmentItem [\n  <!ENTITY xxe SYSTEM "file://{secret}">\n]>\n',
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    ' <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n'
    ' <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">\n]>\n',
], ids=["external-entity", "billion-laughs"])
def test_xml_entities_and_doctype_are_refused(tmp_path, prolog):
    write_project(tmp_path, {})
    secret = tmp_path / "bi-mat.txt"
    secret.write_text(SECRET, encoding="utf-8")
    hostile = _item("doc", "<p>&xxe; &lol3;</p>", prolog=prolog.format(secret=secret))
    package = _package(tmp_path / "doc.zip", {"items/ok.xml": TRUE_FALSE,
                                              "items/doc.xml": hostile})
    result = import_files([package], "nhap", tmp_path, skills=["4.2"])
    assert found(result.diagnostics, "QB1108") == [("doc.xml", 2, 0)]
    assert str(result.diagnostics[0].pos.path).endswith("doc.zip/items/doc.xml")
    assert "DOCTYPE/ENTITY" in result.diagnostics[0].message()
    assert not (tmp_path / "question_banks/nhap").exists()
    assert not result.files[0].written
    assert all(SECRET not in d.message() and SECRET not in d.message("en")
               for d in result.diagnostics)

    # The same refusal for a manifest, and for an extracted folder.
    folder = tmp_path / "thu-muc"
    (folder / "items").mkdir(parents=True)
    (folder / "items/ok.xml").write_text(TRUE_FALSE, encoding="utf-8")
    (folder / "imsmanifest.xml").write_text(
        prolog.format(secret=secret) + MANIFEST.split("?>\n", 1)[1].format(
            resources='<resource identifier="R" type="imsqti_item_xmlv2p1" href="items/ok.xml"/>'),
        encoding="utf-8")
    result = import_files([folder], "nhap", tmp_path, skills=["4.2"])
    assert found(result.diagnostics, "QB1108") == [("imsmanifest.xml", 2, 0)]
    assert not (tmp_path / "question_banks/nhap").exists()


def test_zip_slip_and_zip_bomb_in_a_qti_package(tmp_path):
    write_project(tmp_path, {})
    slip = _package(tmp_path / "truot.zip", {"items/ok.xml": TRUE_FALSE},
                    {"../../ngoai/ok.xml": b"x"})
    bomb = _package(tmp_path / "bom.zip", {"items/ok.xml": TRUE_FALSE},
                    {"items/to.xml": b" " * (30 * 2**20)})
    result = import_files([slip, bomb], "nhap", tmp_path, skills=["4.2"])
    assert found(result.diagnostics, "QB1106") == [("truot.zip", 0, 0)]
    assert "'../../ngoai/ok.xml'" in result.diagnostics[0].message()
    assert found(result.diagnostics, "QB1107") == [("bom.zip", 0, 0)]
    assert not (tmp_path / "question_banks/nhap").exists()
    assert not (tmp_path.parent / "ngoai").exists()

    # A manifest whose resource points outside the package is refused the same way.
    escape = _package(tmp_path / "tro-ra.zip", {}, manifest=MANIFEST.format(
        resources='<resource identifier="R" type="imsqti_item_xmlv2p1" href="../../etc/passwd"/>'))
    result = import_files([escape], "nhap", tmp_path, skills=["4.2"])
    assert found(result.diagnostics, "QB1106") == [("tro-ra.zip", 0, 0)]
    assert not (tmp_path / "question_banks/nhap").exists()
