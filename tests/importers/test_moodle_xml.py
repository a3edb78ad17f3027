"""Moodle XML: a question bank exported the way Moodle writes it (question/format/xml/format.php
`writequestion`: CDATA HTML, `format` attributes, `fraction` percents, base64 `<file>`s next to
`@@PLUGINFILE@@` references, `<tags>`), imported and checked field by field with Moodle's
reading (`import_multichoice`, `import_truefalse`, `import_shortanswer`, `import_match`,
qtype_ordering) mapped onto qbank's model."""

from __future__ import annotations

import base64
import hashlib

import pytest
import yaml

import qbank
from qbank.importers import import_files
from qbank.importers.detect import detect

from helpers import found, write_project

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC")
PNG64 = base64.b64encode(PNG).decode()

EXPORT = f"""\
<?xml version="1.0" encoding="UTF-8"?>
<quiz>
<!-- question: 0  -->
  <question type="category">
    <category>
      <text>$course$/top/Ngân hàng/An toàn trên mạng</text>
    </category>
    <info format="moodle_auto_format">
      <text>Câu hỏi về lừa đảo trực tuyến</text>
    </info>
    <idnumber></idnumber>
  </question>

<!-- question: 101  -->
  <question type="multichoice">
    <name>
      <text>Tin nhắn giả mạo</text>
    </name>
    <questiontext format="html">
      <text><![CDATA[<p dir="ltr" style="text-align: left;">Quan sát tin nhắn:</p><p><img src="@@PLUGINFILE@@/tin%20nh%E1%BA%AFn.png" alt="Tin nhắn báo trúng thưởng" width="300" height="200" class="img-fluid"></p><p>Đây là <strong>dấu hiệu</strong> gì?</p>]]></text>
<file name="tin nhắn.png" path="/" encoding="base64">{PNG64}</file>
    </questiontext>
    <generalfeedback format="html">
      <text><![CDATA[<p>Không bấm vào đường link lạ.</p>]]></text>
    </generalfeedback>
    <defaultgrade>1.0000000</defaultgrade>
    <penalty>0.3333333</penalty>
    <hidden>0</hidden>
    <idnumber>tin-nhan-gia-mao</idnumber>
    <single>true</single>
    <shuffleanswers>true</shuffleanswers>
    <answernumbering>abc</answernumbering>
    <showstandardinstruction>0</showstandardinstruction>
    <correctfeedback format="html">
      <text>Câu trả lời của bạn đúng.</text>
    </correctfeedback>
    <partiallycorrectfeedback format="html">
      <text>Câu trả lời của bạn đúng một phần.</text>
    </partiallycorrectfeedback>
    <incorrectfeedback format="html">
      <text>Câu trả lời của bạn chưa đúng.</text>
    </incorrectfeedback>
    <shownumcorrect/>
    <answer fraction="100" format="html">
      <text><![CDATA[<p>Lừa đảo trúng thưởng</p>]]></text>
      <feedback format="html">
        <text><![CDATA[<p>Đúng: không ai trao thưởng qua link lạ.</p>]]></text>
      </feedback>
    </answer>
    <answer fraction="0" format="html">
      <text><![CDATA[<p>Thông báo của ngân hàng</p>]]></text>
      <feedback format="html">
        <text></text>
      </feedback>
    </answer>
    <answer fraction="0" format="html">
      <text><![CDATA[<p>Tin nhắn quảng cáo hợp lệ</p>]]></text>
      <feedback format="html">
        <text></text>
      </feedback>
    </answer>
    <hint format="html">
      <text><![CDATA[<p>Xem kỹ đường link.</p>]]></text>
    </hint>
    <tags>
      <tag><text>lừa đảo</text>
</tag>
    </tags>
  </question>

<!-- question: 102  -->
  <question type="multichoice">
    <name>
      <text>Bảo vệ tài khoản</text>
    </name>
    <questiontext format="html">
      <text><![CDATA[<p>Những việc nào giúp bảo vệ tài khoản?</p>]]></text>
    </questiontext>
    <generalfeedback format="html">
      <text></text>
    </generalfeedback>
    <defaultgrade>1.0000000</defaultgrade>
    <penalty>0.3333333</penalty>
    <hidden>0</hidden>
    <idnumber></idnumber>
    <single>false</single>
    <shuffleanswers>false</shuffleanswers>
    <answernumbering>abc</answernumbering>
    <showstandardinstruction>0</showstandardinstruction>
    <correctfeedback format="html">
      <text></text>
    </correctfeedback>
    <partiallycorrectfeedback format="html">
      <text></text>
    </partiallycorrectfeedback>
    <incorrectfeedback format="html">
      <text></text>
    </incorrectfeedback>
    <answer fraction="50" format="html">
      <text>Bật xác thực hai lớp</text>
      <feedback format="html">
        <text></text>
      </feedback>
    </answer>
    <answer fraction="50" format="html">
      <text>Dùng mật khẩu khác nhau cho mỗi tài khoản</text>
      <feedback format="html">
        <text></text>
      </feedback>
    </answer>
    <answer fraction="-100" format="html">
      <text>Gửi mã OTP cho người tự xưng nhân viên ngân hàng</text>
      <feedback format="html">
        <text></text>
      </feedback>
    </answer>
  </question>

<!-- question: 103  -->
  <question type="truefalse">
    <name>
      <text>OTP</text>
    </name>
    <questiontext format="moodle_auto_format">
      <text>Ngân hàng có thể gọi điện hỏi mã OTP của khách hàng.</text>
    </questiontext>
    <generalfeedback format="moodle_auto_format">
      <text>Ngân hàng không bao giờ hỏi mã OTP.</text>
    </generalfeedback>
    <defaultgrade>1.0000000</defaultgrade>
    <penalty>1.0000000</penalty>
    <hidden>0</hidden>
    <idnumber></idnumber>
    <answer fraction="0" format="moodle_auto_format">
      <text>true</text>
      <feedback format="moodle_auto_format">
        <text>Sai rồi.</text>
      </feedback>
    </answer>
    <answer fraction="100" format="moodle_auto_format">
      <text>false</text>
      <feedback format="moodle_auto_format">
        <text></text>
      </feedback>
    </answer>
  </question>

<!-- question: 104  -->
  <question type="shortanswer">
    <name>
      <text>Ứng dụng định danh</text>
    </name>
    <questiontext format="html">
      <text><![CDATA[<p>Ứng dụng định danh điện tử của Bộ Công an tên là gì?</p>]]></text>
    </questiontext>
    <generalfeedback format="html">
      <text></text>
    </generalfeedback>
    <defaultgrade>1.0000000</defaultgrade>
    <penalty>0.3333333</penalty>
    <hidden>0</hidden>
    <idnumber></idnumber>
    <usecase>1</usecase>
    <answer fraction="100" format="moodle_auto_format">
      <text>VNeID</text>
      <feedback format="html">
        <text></text>
      </feedback>
    </answer>
    <answer fraction="50" format="moodle_auto_format">
      <text>Định danh điện tử</text>
      <feedback format="html">
        <text></text>
      </feedback>
    </answer>
    <answer fraction="0" format="moodle_auto_format">
      <text>*</text>
      <feedback format="html">
        <text><![CDATA[<p>Xem lại bài 1.</p>]]></text>
      </feedback>
    </answer>
  </question>

<!-- question: 0  -->
  <question type="category">
    <category>
      <text>$course$/top/Ngân hàng/Dịch vụ công</text>
    </category>
    <info format="moodle_auto_format">
      <text></text>
    </info>
    <idnumber></idnumber>
  </question>

<!-- question: 105  -->
  <question type="matching">
    <name>
      <text>Ghép dịch vụ</text>
    </name>
    <questiontext format="html">
      <text><![CDATA[<p>Ghép mỗi ứng dụng với công dụng của nó.</p>]]></text>
    </questiontext>
    <generalfeedback format="html">
      <text></text>
    </generalfeedback>
    <defaultgrade>1.0000000</defaultgrade>
    <penalty>0.3333333</penalty>
    <hidden>0</hidden>
    <idnumber></idnumber>
    <shuffleanswers>true</shuffleanswers>
    <correctfeedback format="html">
      <text></text>
    </correctfeedback>
    <partiallycorrectfeedback format="html">
      <text></text>
    </partiallycorrectfeedback>
    <incorrectfeedback format="html">
      <text></text>
    </incorrectfeedback>
    <subquestion format="html">
      <text><![CDATA[<p>VNeID</p>]]></text>
      <answer>
        <text>Định danh điện tử</text>
      </answer>
    </subquestion>
    <subquestion format="html">
      <text><![CDATA[<p>Cổng Dịch vụ công quốc gia</p>]]></text>
      <answer>
        <text>Nộp hồ sơ trực tuyến</text>
      </answer>
    </subquestion>
    <subquestion format="html">
      <text></text>
      <answer>
        <text>Chơi trò chơi</text>
      </answer>
    </subquestion>
  </question>

<!-- question: 106  -->
  <question type="ordering">
    <name>
      <text>Các bước nộp hồ sơ</text>
    </name>
    <questiontext format="html">
      <text><![CDATA[<p>Sắp xếp các bước nộp hồ sơ trực tuyến.</p>]]></text>
    </questiontext>
    <generalfeedback format="html">
      <text></text>
    </generalfeedback>
    <defaultgrade>1</defaultgrade>
    <penalty>0.3333333</penalty>
    <hidden>0</hidden>
    <idnumber></idnumber>
    <layouttype>VERTICAL</layouttype>
    <selecttype>ALL</selecttype>
    <selectcount>0</selectcount>
    <gradingtype>ALL_OR_NOTHING</gradingtype>
    <showgrading>SHOW</showgrading>
    <numberingstyle>none</numberingstyle>
    <answer fraction="1.0000000" format="moodle_auto_format">
      <text>Đăng nhập bằng VNeID</text>
    </answer>
    <answer fraction="2.0000000" format="moodle_auto_format">
      <text>Điền tờ khai</text>
    </answer>
    <answer fraction="3.0000000" format="moodle_auto_format">
      <text>Nộp lệ phí</text>
    </answer>
  </question>

<!-- question: 107  -->
  <question type="essay">
    <name>
      <text>Tự luận</text>
    </name>
    <questiontext format="html">
      <text><![CDATA[<p>Trình bày cách nhận biết tin nhắn lừa đảo.</p>]]></text>
    </questiontext>
    <generalfeedback format="html">
      <text></text>
    </generalfeedback>
    <defaultgrade>1.0000000</defaultgrade>
    <penalty>0.0000000</penalty>
    <hidden>0</hidden>
    <idnumber></idnumber>
    <responseformat>editor</responseformat>
    <responserequired>1</responserequired>
    <responsefieldlines>10</responsefieldlines>
    <attachments>0</attachments>
    <attachmentsrequired>0</attachmentsrequired>
    <graderinfo format="html">
      <text></text>
    </graderinfo>
    <responsetemplate format="html">
      <text></text>
    </responsetemplate>
  </question>

<!-- question: 108  -->
  <question type="numerical">
    <name>
      <text>Số ký tự</text>
    </name>
    <questiontext format="html">
      <text><![CDATA[<p>Mật khẩu mạnh nên có ít nhất bao nhiêu ký tự?</p>]]></text>
    </questiontext>
    <generalfeedback format="html">
      <text></text>
    </generalfeedback>
    <defaultgrade>1.0000000</defaultgrade>
    <penalty>0.3333333</penalty>
    <hidden>0</hidden>
    <idnumber></idnumber>
    <answer fraction="100" format="moodle_auto_format">
      <text>12</text>
      <feedback format="html">
        <text></text>
      </feedback>
      <tolerance>0</tolerance>
    </answer>
    <unitgradingtype>0</unitgradingtype>
    <unitpenalty>0.1000000</unitpenalty>
    <showunits>3</showunits>
    <unitsleft>0</unitsleft>
  </question>

<!-- question: 109  -->
  <question type="description">
    <name>
      <text>Giới thiệu</text>
    </name>
    <questiontext format="html">
      <text><![CDATA[<p>Phần sau hỏi về dịch vụ công.</p>]]></text>
    </questiontext>
    <generalfeedback format="html">
      <text></text>
    </generalfeedback>
    <defaultgrade>0.0000000</defaultgrade>
    <penalty>0.0000000</penalty>
    <hidden>0</hidden>
    <idnumber></idnumber>
  </question>

<!-- question: 110  -->
  <question type="cloze">
    <name>
      <text>Điền khuyết</text>
    </name>
    <questiontext format="html">
      <text><![CDATA[<p>Ứng dụng {{1:SHORTANSWER:=VNeID}} do Bộ Công an phát triển.</p>]]></text>
    </questiontext>
    <generalfeedback format="html">
      <text></text>
    </generalfeedback>
    <penalty>0.3333333</penalty>
    <hidden>0</hidden>
    <idnumber></idnumber>
  </question>

</quiz>
"""


def _import(tmp_path, name="moodle-export.xml", content=EXPORT, fmt="auto", **kw):
    write_project(tmp_path, {})
    source = tmp_path / name
    source.write_text(content, encoding="utf-8")
    result = import_files([source], "nhap", tmp_path, fmt, skills=["4.2"], **kw)
    return result, source


def _line(text: str, needle: str) -> int:
    return text[:text.index(needle)].count("\n") + 1


def test_moodle_xml_export_is_detected_and_imported_field_by_field(tmp_path):
    result, source = _import(tmp_path)
    assert detect(source) == "moodlexml"
    [fr] = result.files
    assert fr.format == "moodlexml" and fr.imported == 6 and fr.skipped == 4
    project = qbank.load_project(tmp_path)
    assert not qbank.has_errors(qbank.check(project))
    data = yaml.safe_load((tmp_path / "question_banks/nhap/moodle-export.yaml").read_text())
    qs = {q["id"]: q for q in data["questions"]}
    assert list(qs) == ["tin-nhan-gia-mao", "bao-ve-tai-khoan", "otp", "ung-dung-dinh-danh",
                        "ghep-dich-vu", "cac-buoc-nop-ho-so"]

    digest = hashlib.sha256(PNG).hexdigest()[:8]
    mc = qs["tin-nhan-gia-mao"]
    assert mc["type"] == "single_choice"
    assert mc["stem"] == (f"Quan sát tin nhắn:\n\n![Tin nhắn báo trúng thưởng]"
                          f"(media/tin-nhan-{digest}.png)\n\nĐây là **dấu hiệu** gì?")
    assert mc["options"] == [
        {"text": "Lừa đảo trúng thưởng", "correct": True,
         "feedback": "Đúng: không ai trao thưởng qua link lạ."},
        {"text": "Thông báo của ngân hàng"}, {"text": "Tin nhắn quảng cáo hợp lệ"}]
    assert mc["feedback"] == "Không bấm vào đường link lạ."
    assert mc["tags"] == ["an-toan-tren-mang", "lua-dao"]
    assert (tmp_path / f"question_banks/nhap/media/tin-nhan-{digest}.png").read_bytes() == PNG

    mr = qs["bao-ve-tai-khoan"]
    assert mr["type"] == "multiple_response" and mr["shuffle"] is False
    assert [o.get("correct", False) for o in mr["options"]] == [True, True, False]

    tf = qs["otp"]
    assert tf["type"] == "true_false" and tf["answer"] is False
    assert tf["feedback"] == "Ngân hàng không bao giờ hỏi mã OTP."

    te = qs["ung-dung-dinh-danh"]
    assert te["type"] == "text_entry" and te["answers"] == ["VNeID"]
    assert te["case_sensitive"] is True

    match = qs["ghep-dich-vu"]
    assert match["pairs"] == [{"left": "VNeID", "right": "Định danh điện tử"},
                              {"left": "Cổng Dịch vụ công quốc gia",
                               "right": "Nộp hồ sơ trực tuyến"}]
    assert match["distractors"] == ["Chơi trò chơi"]
    assert match["tags"] == ["dich-vu-cong"]

    order = qs["cac-buoc-nop-ho-so"]
    assert order["items"] == ["Đăng nhập bằng VNeID", "Điền tờ khai", "Nộp lệ phí"]


def test_moodle_xml_reports_what_it_skips_and_what_it_cannot_keep(tmp_path):
    result, source = _import(tmp_path)
    at = {(d.code.id, d.pos.line): d.message() for d in result.diagnostics}
    skipped = {line: msg for (c, line), msg in at.items() if c == "QB1160"}
    names = {"essay": "tự luận", "numerical": "trả lời bằng số",
             "description": "đoạn mô tả, không phải câu hỏi", "cloze": "điền khuyết nhúng Cloze"}
    expected = {}
    for qtype, name in names.items():
        line = _line(EXPORT, f'<question type="{qtype}">')
        expected[line] = (f"dòng {line}: câu hỏi loại {qtype} của Moodle ({name}) không có "
                          "trong qbank; bỏ qua câu này")
    assert skipped == expected
    mr = _line(EXPORT, "<text>Bảo vệ tài khoản</text>") - 2
    assert at[("QB1161", mr)].endswith(
        "(A 50%, B 50%, C -100%) không giữ được vì qbank chấm đúng hoặc sai cả câu; đáp án: A, B")
    sa = _line(EXPORT, '<question type="shortanswer">')
    assert at[("QB1162", sa)].endswith(
        "đáp án 'Định danh điện tử' chỉ được 50% điểm trong Moodle; qbank không nhận đáp án này")
    assert ("QB1163", sa) in at
    category = _line(EXPORT, "<text>$course$/top/Ngân hàng/An toàn trên mạng</text>") - 2
    assert at[("QB1164", category)].endswith(
        "danh mục Moodle '$course$/top/Ngân hàng/An toàn trên mạng' → thẻ 'an-toan-tren-mang' "
        "cho các câu hỏi sau")
    mc = _line(EXPORT, '<question type="multichoice">')
    kept = sorted(d.message() for d in result.diagnostics
                  if d.code.id == "QB1165" and d.pos.line == mc)
    assert kept == [
        f"dòng {mc}: không giữ được 1 gợi ý (hint): qbank không có chỗ cho phần này",
        f"dòng {mc}: không giữ được phản hồi theo kết quả (khi trả lời đúng, đúng một phần, sai): "
        "qbank không có chỗ cho phần này"]
    tf = _line(EXPORT, '<question type="truefalse">')
    assert at[("QB1165", tf)].endswith("không giữ được phản hồi riêng của câu trả lời 'Đúng': "
                                       "qbank không có chỗ cho phần này")
    assert result.ok  # nothing above is an error: the file is written, exit code 0


def test_moodle_xml_second_import_writes_the_same_bytes(tmp_path):
    _import(tmp_path)
    bank = tmp_path / "question_banks/nhap"
    first = {p.relative_to(bank): p.read_bytes() for p in sorted(bank.rglob("*")) if p.is_file()}
    result = import_files([tmp_path / "moodle-export.xml"], "nhap", tmp_path, "moodlexml",
                          force=True, skills=["4.2"])
    assert result.files[0].imported == 6
    again = {p.relative_to(bank): p.read_bytes() for p in sorted(bank.rglob("*")) if p.is_file()}
    assert again == first and len(first) == 2


def test_a_referenced_file_missing_from_the_export_is_reported(tmp_path):
    content = EXPORT.replace(f'<file name="tin nhắn.png" path="/" encoding="base64">{PNG64}'
                             '</file>', "")
    result, _ = _import(tmp_path, content=content)
    [d] = [d for d in result.diagnostics if d.code.id == "QB1166"]
    assert d.message().endswith("tệp 'tin nhắn.png' được dùng trong câu hỏi nhưng không có "
                                "trong tệp xuất; đã bỏ")
    data = yaml.safe_load((tmp_path / "question_banks/nhap/moodle-export.yaml").read_text())
    assert data["questions"][0]["stem"] == ("Quan sát tin nhắn:\n\nTin nhắn báo trúng thưởng"
                                            "\n\nĐây là **dấu hiệu** gì?")
    assert not (tmp_path / "question_banks/nhap/media").exists()


def test_scripts_links_and_entities_in_moodle_html(tmp_path):
    question = """\
<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="truefalse">
    <name><text>An toàn</text></name>
    <questiontext format="html">
      <text><![CDATA[<p>Mở <a href="javascript:alert(1)">liên kết này</a>, xem <a href="https://dichvucong.gov.vn">Cổng</a> &amp; 2*3<script>alert(1)</script></p><ul><li>Một</li><li>Hai</li></ul>]]></text>
    </questiontext>
    <answer fraction="100"><text>true</text></answer>
    <answer fraction="0"><text>false</text></answer>
  </question>
</quiz>
"""
    result, _ = _import(tmp_path, "mot-cau.xml", question)
    data = yaml.safe_load((tmp_path / "question_banks/nhap/mot-cau.yaml").read_text())
    [q] = data["questions"]
    assert q["stem"] == ("Mở liên kết này, xem [Cổng](https://dichvucong.gov.vn) & 2\\*3\n\n"
                         "- Một\n- Hai")
    assert q["answer"] is True


def test_a_doctype_is_refused_and_nothing_written(tmp_path):
    bad = EXPORT.replace("<quiz>", '<!DOCTYPE quiz [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
                                   "<quiz>", 1)
    result, _ = _import(tmp_path, content=bad)
    assert found(result.diagnostics, "QB1108") == [("moodle-export.xml", 2, 0)]
    assert not (tmp_path / "question_banks/nhap/moodle-export.yaml").exists()


def test_qti_xml_still_goes_to_the_qti_reader(tmp_path):
    item = tmp_path / "item.xml"
    item.write_text('<?xml version="1.0"?>\n<assessmentItem xmlns="http://www.imsglobal.org/'
                    'xsd/imsqti_v2p1" identifier="q"/>', encoding="utf-8")
    assert detect(item) == "qti"


# Written as Moodle's fixtures nested_categories_with_questions.xml and
# sample_questions_with_old_image_tag.xml are: categories without 'top', an essay between them,
# and a Moodle 1.9 multichoice with the old <image>/<image_base64> pair, no format attributes
# and answers spread over lines.
OLD_AND_NESTED = f"""\
<?xml version="1.0" encoding="UTF-8"?>
<quiz>
<!-- question: 0  -->
  <question type="category">
    <category>
      <text>$course$/Iota</text>
    </category>
    <info format="plain_text">
      <text>This is Iota category for test</text>
    </info>
    <idnumber></idnumber>
  </question>

<!-- question: 96  -->
  <question type="truefalse">
    <name>
      <text>Iota Question</text>
    </name>
    <questiontext format="html">
      <text><![CDATA[<p>Testing Iota Question</p>]]></text>
    </questiontext>
    <generalfeedback format="html">
      <text></text>
    </generalfeedback>
    <defaultgrade>1.0000000</defaultgrade>
    <penalty>1.0000000</penalty>
    <hidden>0</hidden>
    <idnumber></idnumber>
    <answer fraction="100" format="moodle_auto_format">
      <text>true</text>
      <feedback format="html">
        <text></text>
      </feedback>
    </answer>
    <answer fraction="0" format="moodle_auto_format">
      <text>false</text>
      <feedback format="html">
        <text></text>
      </feedback>
    </answer>
  </question>

<!-- question: 0  -->
  <question type="category">
    <category>
      <text>$course$/Iota/Kappa</text>
    </category>
    <info format="markdown">
      <text>This is Kappa category for test</text>
    </info>
    <idnumber></idnumber>
  </question>

<!-- question: 106  -->
  <question type="essay">
    <name>
      <text>Kappa Essay Question</text>
    </name>
    <questiontext format="moodle_auto_format">
      <text>Testing Kappa Essay Question</text>
    </questiontext>
    <responseformat>editor</responseformat>
  </question>

<!-- question: 4  -->
  <question type="multichoice">
    <name><text>mcq with image</text>
</name>
    <questiontext format="html">
<text><![CDATA[This is a multichoice question with an image in the old &quot;image&quot; field that was used in Moodle 1.9]]></text>
    </questiontext>
    <image>moodle.png</image>
    <image_base64>
{PNG64}

    </image_base64>
    <generalfeedback>
<text></text>
    </generalfeedback>
    <shuffleanswers>1</shuffleanswers>
    <single>true</single>
    <answernumbering>abc</answernumbering>
      <answer fraction="0">
        <text>
wrong answer
        </text>
      <feedback>
          <text>

          </text>
      </feedback>
    </answer>
      <answer fraction="100">
        <text>
right answer
        </text>
      <feedback>
          <text>

          </text>
      </feedback>
    </answer>
</question>
</quiz>
"""


def test_nested_categories_and_the_old_image_tag(tmp_path):
    result, _ = _import(tmp_path, "cu.xml", OLD_AND_NESTED)
    assert not qbank.has_errors(qbank.check(qbank.load_project(tmp_path)))
    data = yaml.safe_load((tmp_path / "question_banks/nhap/cu.yaml").read_text())
    tf, mc = data["questions"]
    assert (tf["id"], tf["stem"], tf["answer"], tf["tags"]) == (
        "iota-question", "Testing Iota Question", True, ["iota"])
    digest = hashlib.sha256(PNG).hexdigest()[:8]
    assert mc["stem"] == ('This is a multichoice question with an image in the old "image" field '
                          f'that was used in Moodle 1.9\n\n![moodle.png](media/moodle-{digest}.png)')
    assert mc["options"] == [{"text": "wrong answer"}, {"text": "right answer", "correct": True}]
    assert mc["tags"] == ["kappa"]
    assert (tmp_path / f"question_banks/nhap/media/moodle-{digest}.png").read_bytes() == PNG
    assert [(d.code.id, d.args.get("tag") or d.args.get("qtype")) for d in result.diagnostics] == [
        ("QB1164", "iota"), ("QB1164", "kappa"), ("QB1160", "essay")]


def test_command_line_moodlexml_exit_code_and_english_report(tmp_path):
    from click.testing import CliRunner

    from qbank.importers.commands import import_command

    write_project(tmp_path, {})
    source = tmp_path / "moodle-export.xml"
    source.write_text(EXPORT, encoding="utf-8")
    r = CliRunner().invoke(import_command, [str(source), "--bank", "nhap", "--format",
                                            "moodlexml", "--skill", "4.2", "--project",
                                            str(tmp_path), "--lang", "en"])
    assert r.exit_code == 0  # skipped types are warnings: the rest is written
    essay = _line(EXPORT, '<question type="essay">')
    assert (f"moodle-export.xml:{essay}: warning[QB1160] line {essay}: Moodle essay question "
            "(free text graded by a teacher) has no qbank type; skipped") in r.stdout
    assert "Total: 6 question(s) imported as draft, 4 not imported." in r.stderr



def test_ordering_subset_and_partial_grading_are_reported(tmp_path):
    """qtype_ordering's defaults (RANDOM selection, relative grading) show learners some items
    and grade in part; qbank shows all and grades the whole order."""
    question = """\
<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="ordering">
    <name><text>Thứ tự</text></name>
    <questiontext format="html"><text>Sắp xếp các bước.</text></questiontext>
    <selecttype>RANDOM</selecttype>
    <selectcount>3</selectcount>
    <gradingtype>RELATIVE_NEXT_EXCLUDE_LAST</gradingtype>
    <answer fraction="1" format="moodle_auto_format"><text>Một</text></answer>
    <answer fraction="2" format="moodle_auto_format"><text>Hai</text></answer>
    <answer fraction="3" format="moodle_auto_format"><text>Ba</text></answer>
    <answer fraction="4" format="moodle_auto_format"><text>Bốn</text></answer>
  </question>
</quiz>
"""
    result, _ = _import(tmp_path, "thu-tu.xml", question)
    assert [d.message() for d in result.diagnostics] == [
        "dòng 3: không giữ được cách chỉ cho người học 3 trong 4 mục: qbank không có chỗ cho "
        "phần này",
        "dòng 3: không giữ được cách chấm điểm từng phần theo từng mục đứng ngay sau mục đúng, "
        "không tính mục cuối (RELATIVE_NEXT_EXCLUDE_LAST); qbank chấm đúng khi cả thứ tự đúng: "
        "qbank không có chỗ cho phần này"]
    data = yaml.safe_load((tmp_path / "question_banks/nhap/thu-tu.yaml").read_text())
    assert data["questions"][0]["items"] == ["Một", "Hai", "Ba", "Bốn"]


def test_broken_or_foreign_xml_is_reported_not_a_traceback(tmp_path):
    result, _ = _import(tmp_path, "hong.xml",
                        "<?xml version='1.0'?>\n<quiz>\n<question type=\"x\">\n", fmt="moodlexml")
    [d] = result.diagnostics
    assert (d.code.id, d.pos.line) == ("QB1101", 4) and not result.files[0].written
    assert d.message() == "không đọc được tệp: XML không hợp lệ ở dòng 4, cột 1"
    assert "invalid XML at line 4: " in d.message("en")
    result, _ = _import(tmp_path, "khac.xml", "<?xml version='1.0'?>\n<bank/>\n", fmt="moodlexml")
    assert [d.message() for d in result.diagnostics] == [
        "không đọc được tệp: không phải tệp Moodle XML (thiếu thẻ <quiz>)"]


def test_undecodable_embedded_file_is_reported_missing(tmp_path):
    content = EXPORT.replace(PNG64, "@@@ không phải base64 @@@")
    result, _ = _import(tmp_path, content=content)
    assert [d.args["name"] for d in result.diagnostics if d.code.id == "QB1166"] == [
        "tin nhắn.png"]


def test_a_data_uri_that_is_not_base64_writes_no_empty_image(tmp_path):
    content = EXPORT.replace("@@PLUGINFILE@@/tin%20nh%E1%BA%AFn.png", "data:image/png;base64,!!!!")
    assert content != EXPORT
    result, _ = _import(tmp_path, content=content)
    assert [d.args["name"] for d in result.diagnostics if d.code.id == "QB1166"] == [
        "data:image/png;base64,!!!!"]
    assert not [p for p in (tmp_path / "question_banks").rglob("media/*") if p.stat().st_size == 0]


def test_any_html_converts_without_a_traceback():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from qbank.importers.moodle_text import Files, to_markdown

    pieces = st.sampled_from(["<p>", "</p>", "<b>", "<ul><li>", "</li></ul>", "<table><tr><td>",
                              "<img src=\"@@PLUGINFILE@@/a b.png\">", "<img src=\"data:image/png;"
                              "base64,xx\">", "<a href=\"javascript:x\">", "</a>", "<pre>", "&amp;",
                              "<script>", "</script>", "Câu hỏi", "*", "_", "\n", "<br>", "<",
                              ">", "[", "]", "(", ")"])

    @settings(max_examples=300, deadline=None)
    @given(st.lists(pieces, max_size=30).map("".join), st.sampled_from(
        ["html", "moodle", "plain", "markdown"]))
    def check(text, fmt):
        files = Files()
        files.add("a b.png", PNG)
        out = to_markdown(text, fmt, files)
        # HTML is converted (scripts dropped); plain and Markdown texts stay as written, and
        # qbank's Markdown renderer escapes raw HTML.
        assert "<script" not in out.lower() or fmt in ("plain", "markdown")
        assert all(rel.startswith("media/") for rel in files.used)

    check()


def test_update_from_a_new_export_brings_the_new_image(tmp_path):
    start = EXPORT.index("<!-- question: 101  -->")
    one = EXPORT[:start] + EXPORT[start:EXPORT.index("<!-- question: 102  -->")] + "</quiz>\n"
    result, source = _import(tmp_path, "mot.xml", one)
    assert result.files[0].ids == ["tin-nhan-gia-mao"]
    new_png = PNG + b"\x00"  # other bytes, so another file name
    again = tmp_path / "xuat-lai.xml"  # the bank exported again from Moodle, image changed
    again.write_text(one.replace(PNG64, base64.b64encode(new_png).decode())
                     .replace("Quan sát tin nhắn:", "Quan sát kỹ tin nhắn:"), encoding="utf-8")
    result = import_files([again], "nhap", tmp_path, "moodlexml", skills=["4.2"], update=True)
    assert result.files[0].updated == 1
    digest = hashlib.sha256(new_png).hexdigest()[:8]
    data = yaml.safe_load((tmp_path / "question_banks/nhap/mot.yaml").read_text())
    assert f"media/tin-nhan-{digest}.png" in data["questions"][0]["stem"]
    assert (tmp_path / f"question_banks/nhap/media/tin-nhan-{digest}.png").read_bytes() == new_png


@pytest.mark.parametrize("name, src", [
    ("setup.exe", "@@PLUGINFILE@@/setup.exe"),
    ("ve.svg", "@@PLUGINFILE@@/ve.svg"),
    (None, "data:image/svg+xml;base64," + base64.b64encode(b"<svg><script>x</script></svg>")
     .decode())])
def test_embedded_files_that_are_not_plain_images_are_not_written(tmp_path, name, src):
    content = EXPORT.replace("@@PLUGINFILE@@/tin%20nh%E1%BA%AFn.png", src)
    if name:
        content = content.replace('<file name="tin nhắn.png"', f'<file name="{name}"')
    result, _ = _import(tmp_path, content=content)
    refused = [d for d in result.diagnostics if d.code.id == "QB1165" and "không phải ảnh" in
               d.message()]
    assert len(refused) == 1
    assert not list((tmp_path / "question_banks").rglob("media/*"))
