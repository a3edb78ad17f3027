"""GIFT read as Moodle reads it. The inputs of Moodle's own tests
(question/format/gift/tests/giftformat_test.php) are reproduced as they are written there, and
Moodle's expected question objects are mapped onto qbank's model: the stem, options, keys and
feedback Moodle expects, the format markers removed, weights and question types qbank cannot
hold reported with their line."""

from __future__ import annotations

from pathlib import Path

import yaml

import qbank
from qbank.importers import import_files
from qbank.importers.gift import escape_post, escape_pre, read_text

from helpers import write_project


def _read(text: str):
    drafts, diags = read_text(Path("cau-hoi.gift"), text)
    return drafts, [(d.code.id, d.pos.line, d.message()) for d in diags]


def test_essay_is_named_and_skipped():  # test_import_essay
    drafts, diags = _read("\n// essay\n::Q8:: How are you? {}")
    assert drafts == []
    assert diags == [("QB1160", 3, "dòng 3: câu hỏi loại essay của Moodle (tự luận) không có "
                      "trong qbank; bỏ qua câu này")]


def test_match_with_format_markers_and_a_distractor():  # test_import_match
    [d], diags = _read("""
// question: 2  name: Moodle activities
::Moodle activities::[html]Match the <b>activity</b> to the description.{
    =[html]An activity supporting asynchronous discussions. -> Forum
    =[moodle]A teacher asks a question and specifies a choice of multiple responses. -> Choice
    =[plain]A bank of record entries which participants can add to. -> Database
    =[markdown]A collection of web pages that anyone can add to or edit. -> Wiki
    = -> Chat
}""")
    assert diags == []
    assert (d.source_id, d.id_hint, d.source.number) == (None, "moodle-activities", 3)
    assert d.fields == {
        "type": "matching", "stem": "Match the **activity** to the description.",
        "pairs": [
            {"left": "An activity supporting asynchronous discussions.", "right": "Forum"},
            {"left": "A teacher asks a question and specifies a choice of multiple responses.",
             "right": "Choice"},
            {"left": "A bank of record entries which participants can add to.",
             "right": "Database"},
            {"left": "A collection of web pages that anyone can add to or edit.",
             "right": "Wiki"}],
        "distractors": ["Chat"]}


def test_multichoice_single_with_feedback():  # test_import_multichoice
    [d], diags = _read("""
// multiple choice with specified feedback for right and wrong answers
::Q2:: What's between orange and green in the spectrum?
{
    =yellow # right; good!
    ~red # [html]wrong, it's yellow
    ~[plain]blue # wrong, it's yellow
}""")
    assert diags == []
    assert d.fields == {
        "type": "single_choice", "stem": "What's between orange and green in the spectrum?",
        "options": [{"text": "yellow", "feedback": "right; good!", "correct": True},
                    {"text": "red", "feedback": "wrong, it's yellow"},
                    {"text": "blue", "feedback": "wrong, it's yellow"}]}


def test_multichoice_multi_keeps_positive_weights_as_keys_and_reports_them():
    # test_import_multichoice_multi: no '=' answer, so Moodle's single = 0.
    [d], diags = _read("""
// multiple choice, multiple response with specified feedback for right and wrong answers
::colours:: What's between orange and green in the spectrum?
{
    ~%50%yellow # right; good!
    ~%-100%red # [html]wrong
    ~%50%off-beige # right; good!
    ~%-100%[plain]blue # wrong
}""")
    assert d.fields["type"] == "multiple_response"
    assert d.fields["options"] == [
        {"text": "yellow", "feedback": "right; good!", "correct": True},
        {"text": "red", "feedback": "wrong"},
        {"text": "off-beige", "feedback": "right; good!", "correct": True},
        {"text": "blue", "feedback": "wrong"}]
    assert diags == [("QB1161", 3, "dòng 3: điểm từng phương án của Moodle (A 50%, B -100%, "
                      "C 50%, D -100%) không giữ được vì qbank chấm đúng hoặc sai cả câu; "
                      "đáp án: A, C")]


def test_numerical_is_named_not_read_as_multiple_choice():  # test_import_numerical
    drafts, diags = _read("\n// math range question\n"
                          "::Q5:: What is a number from 1 to 5? {#3:2~#Completely wrong}")
    assert drafts == []
    assert diags == [("QB1160", 3, "dòng 3: câu hỏi loại numerical của Moodle (trả lời bằng số) "
                      "không có trong qbank; bỏ qua câu này")]


SHORTANSWER = """
// question: 666  name: Shortanswer
::Shortanswer::Which is the best animal?{
    =Frog#Good!
    =%50%Cat#What is it with Moodlers and cats?
    =%0%*#Completely wrong
    ####[html]Here is some general feedback!
}"""


def test_shortanswer_weights():  # test_import_shortanswer(_with_general_feedback)
    [d], diags = _read(SHORTANSWER)
    assert d.fields == {"type": "text_entry", "stem": "Which is the best animal?",
                        "answers": ["Frog"], "feedback": "Here is some general feedback!"}
    assert diags == [
        ("QB1165", 3, "dòng 3: không giữ được phản hồi riêng của đáp án 'Frog': qbank không có "
         "chỗ cho phần này"),
        ("QB1162", 3, "dòng 3: đáp án 'Cat' chỉ được 50% điểm trong Moodle; qbank không nhận "
         "đáp án này"),
        ("QB1163", 3, "dòng 3: đáp án '*' (mọi câu trả lời khác, 0% điểm) bị bỏ: qbank tính mọi "
         "câu trả lời không khớp là sai")]


def test_truefalse_with_both_feedbacks():  # test_import_truefalse
    [d], diags = _read("""
// true/false
::Q1:: 42 is the Absolute Answer to everything.{
FALSE#42 is the Ultimate Answer.#You gave the right answer.}""")
    assert d.fields == {"type": "true_false", "answer": False,
                        "stem": "42 is the Absolute Answer to everything."}
    assert [m for _, _, m in diags] == [
        "dòng 3: không giữ được phản hồi khi trả lời sai ('42 is the Ultimate Answer.'): qbank "
        "không có chỗ cho phần này",
        "dòng 3: không giữ được phản hồi khi trả lời đúng ('You gave the right answer.'): qbank "
        "không có chỗ cho phần này"]


def test_truefalse_t_and_true():  # test_import_truefalse_true_answer1/2
    for word in ("T", "TRUE"):
        [d], diags = _read(f"// name 0-11\n::2-08 TSL::TSL is blablabla.{{{word}}}")
        assert d.fields == {"type": "true_false", "answer": True, "stem": "TSL is blablabla."}
        assert d.id_hint == "2-08-tsl" and d.source.number == 2 and diags == []


def test_backslashes_and_escapes():  # test_import_backslash
    assert escape_post(escape_pre(r"A \\ B \\\\ C")) == r"A \ B \\ C"
    [d], _ = _read(r"Dấu \{ \} \= \~ \# \: giữ nguyên{T}")
    assert d.fields["stem"] == "Dấu { } = ~ # : giữ nguyên"


def test_pre_content_in_html():  # test_import_pre_content, as a true/false question
    [d], _ = _read(r"""
::Q001::[html]<p>What would running the test method print?</p>
<pre>
    public void test() \{
        method1();
    \}
</pre>
{T}""")
    assert d.fields["stem"] == ("What would running the test method print?\n\n```\n"
                                "public void test() {\nmethod1();\n}\n```")


VIETNAMESE = r"""// Xuất từ Moodle: ngân hàng câu hỏi của Sở
$CATEGORY: $course$/top/Ngân hàng/An toàn thông tin

// question: 12  name: otp
// [id:otp-ngan-hang] [tag:lừa đảo] [tag:OTP]
::otp::[html]<p>Ngân hàng có gọi điện hỏi <strong>mã OTP</strong> không?</p>{
	FALSE####[html]<p>Ngân hàng <em>không bao giờ</em> hỏi mã OTP.</p>
}

::Mật khẩu mạnh::Mật khẩu nào mạnh nhất?{
	~[plain]123456#Quá dễ đoán.
	=Tr@ng-Xanh!Lua2025#Dài, có chữ hoa, số và ký hiệu \= khó đoán.
	~ngaysinh1990
	~%-50%Mật khẩu chung cho mọi tài khoản
}

::Nhiều đáp án::Những việc nào giúp bảo vệ tài khoản?{
	~%50%Bật xác thực hai lớp
	~%50%Dùng mật khẩu khác nhau
	~%-100%Chia sẻ mã OTP
}

Ứng dụng định danh điện tử của Bộ Công an là {=VNeID =%100%Ứng dụng VNeID} trên điện thoại.

::Dòng mới::[markdown]Hai bước:\n\n- Đăng nhập\n- Xác thực{TRUE}

$CATEGORY: $course$/top/Ngân hàng/Dịch vụ công

::Tự luận::Vì sao cần bảo vệ dữ liệu cá nhân?{}

Câu thiếu ngoặc đóng {=a
"""


def test_vietnamese_bank_with_categories_tags_and_escapes(tmp_path):
    drafts, diags = _read(VIETNAMESE)
    # [id:…] is the question's identity; a ::name:: only suggests its id (names repeat).
    assert [d.source_id for d in drafts] == ["otp-ngan-hang", None, None, None, None]
    assert [d.id_hint for d in drafts] == ["otp", "mat-khau-manh", "nhieu-dap-an", None,
                                           "dong-moi"]
    otp = drafts[0]
    assert otp.fields == {"type": "true_false", "answer": False,
                          "stem": "Ngân hàng có gọi điện hỏi **mã OTP** không?",
                          "feedback": "Ngân hàng *không bao giờ* hỏi mã OTP."}
    assert otp.topics == ["lừa đảo", "OTP", "An toàn thông tin"]
    mk = drafts[1].fields
    assert mk["type"] == "single_choice"
    assert mk["options"][1] == {"text": "Tr@ng-Xanh!Lua2025",
                                "feedback": "Dài, có chữ hoa, số và ký hiệu = khó đoán.",
                                "correct": True}
    assert drafts[2].fields["type"] == "multiple_response"
    blank = drafts[3].fields
    assert blank == {"type": "text_entry", "answers": ["VNeID", "Ứng dụng VNeID"],
                     "stem": "Ứng dụng định danh điện tử của Bộ Công an là _____ trên điện "
                             "thoại."}
    assert drafts[4].fields["stem"] == "Hai bước:\n\n- Đăng nhập\n- Xác thực"
    assert diags == [
        ("QB1164", 2, "dòng 2: danh mục Moodle '$course$/top/Ngân hàng/An toàn thông tin' → thẻ "
         "'an-toan-thong-tin' cho các câu hỏi sau"),
        ("QB1161", 10, "dòng 10: điểm từng phương án của Moodle (D -50%) không giữ được vì qbank "
         "chấm đúng hoặc sai cả câu; đáp án: B"),
        ("QB1161", 17, "dòng 17: điểm từng phương án của Moodle (A 50%, B 50%, C -100%) không "
         "giữ được vì qbank chấm đúng hoặc sai cả câu; đáp án: A, B"),
        ("QB1164", 27, "dòng 27: danh mục Moodle '$course$/top/Ngân hàng/Dịch vụ công' → thẻ "
         "'dich-vu-cong' cho các câu hỏi sau"),
        ("QB1160", 29, "dòng 29: câu hỏi loại essay của Moodle (tự luận) không có trong qbank; "
         "bỏ qua câu này"),
        ("QB1102", 31, "dòng 31: không nhập được câu hỏi: thiếu dấu { hoặc } quanh phần đáp án")]


def test_vietnamese_bank_imports_and_checks(tmp_path):
    write_project(tmp_path, {})
    source = tmp_path / "moodle.txt"
    source.write_text(VIETNAMESE, encoding="utf-8")
    result = import_files([source], "nhap", tmp_path, skills=["4.2"])
    [fr] = result.files
    assert (fr.format, fr.imported, fr.skipped) == ("gift", 5, 2)
    assert not qbank.has_errors(qbank.check(qbank.load_project(tmp_path)))
    data = yaml.safe_load((tmp_path / "question_banks/nhap/moodle.yaml").read_text())
    assert [q["tags"] for q in data["questions"]] == [
        ["lua-dao", "otp", "an-toan-thong-tin"]] + [["an-toan-thong-tin"]] * 4
    assert [q["review"] for q in data["questions"]] == ["draft"] * 5


def test_a_gift_file_without_skill_codes_still_takes_skill_auto(tmp_path):
    write_project(tmp_path, {})
    source = tmp_path / "otp.gift"
    source.write_text("::otp::Kẻ gian gọi điện tự xưng nhân viên ngân hàng và hỏi mã OTP để "
                      "khóa tài khoản. Bạn có nên đọc mã OTP không?{F}\n", encoding="utf-8")
    result = import_files([source], "nhap", tmp_path, skills=["auto"])
    assert result.files[0].imported == 1
    assert any(d.code.id == "QB1134" for d in result.diagnostics)


def test_names_repeated_across_files_give_new_ids_not_skips(tmp_path):
    """Moodle names questions "Câu 1", "Câu 2" in every quiz: a second file's "Câu 1" is a new
    question (id cau-1-2), while an [id:…] already in the project is the same question."""
    write_project(tmp_path, {})
    first, second = tmp_path / "de-1.gift", tmp_path / "de-2.gift"
    first.write_text("::Câu 1::VNeID là ứng dụng định danh điện tử.{T}\n\n"
                     "// [id:otp-1]\n::Câu 2::Ngân hàng hỏi mã OTP qua điện thoại.{F}\n",
                     encoding="utf-8")
    second.write_text("::Câu 1::Mật khẩu mạnh cần dài và khó đoán.{T}\n\n"
                      "// [id:otp-1]\n::Câu 5::Ngân hàng hỏi mã OTP qua điện thoại.{F}\n",
                      encoding="utf-8")
    assert import_files([first], "nhap", tmp_path, skills=["4.2"]).files[0].ids == [
        "cau-1", "otp-1"]
    result = import_files([second], "nhap", tmp_path, skills=["4.2"])
    assert result.files[0].ids == ["cau-1-2"] and result.files[0].existing == 1
    project = qbank.load_project(tmp_path)
    assert sorted(project.questions) == ["cau-1", "cau-1-2", "otp-1", "q-hai", "q-mot"]


def test_examples_of_moodles_gift_docblock():
    """The examples at the top of question/format/gift/format.php."""
    drafts, diags = _read("""Who's buried in Grant's tomb?{~Grant ~Jefferson =no one}

Grant is {~buried =entombed ~living} in Grant's tomb.

Grant is buried in Grant's tomb.{FALSE}

Who's buried in Grant's tomb?{=no one =nobody}

When was Ulysses S. Grant born?{#1822:5}

// [id:Capitals-01]
Match the following countries with their corresponding
capitals.{=Canada->Ottawa =Italy->Rome =Japan->Tokyo}
""")
    assert [d.fields for d in drafts] == [
        {"type": "single_choice", "stem": "Who's buried in Grant's tomb?",
         "options": [{"text": "Grant"}, {"text": "Jefferson"},
                     {"text": "no one", "correct": True}]},
        {"type": "single_choice", "stem": "Grant is _____ in Grant's tomb.",
         "options": [{"text": "buried"}, {"text": "entombed", "correct": True},
                     {"text": "living"}]},
        {"type": "true_false", "answer": False, "stem": "Grant is buried in Grant's tomb."},
        {"type": "text_entry", "answers": ["no one", "nobody"],
         "stem": "Who's buried in Grant's tomb?"},
        {"type": "matching", "stem": "Match the following countries with their corresponding "
                                     "capitals.",
         "pairs": [{"left": "Canada", "right": "Ottawa"}, {"left": "Italy", "right": "Rome"},
                   {"left": "Japan", "right": "Tokyo"}]}]
    assert drafts[-1].source_id == "capitals-01"  # an idnumber becomes a valid qbank id
    assert diags == [("QB1160", 9, "dòng 9: câu hỏi loại numerical của Moodle (trả lời bằng số) "
                      "không có trong qbank; bỏ qua câu này")]


def test_an_image_moodle_wrote_into_gift_is_reported_missing():
    """GIFT carries no files: Moodle's export leaves @@PLUGINFILE@@ references behind."""
    [d], diags = _read('::Hình::[html]<p>Biển báo nào?</p>'
                       '<p><img src="@@PLUGINFILE@@/bien-bao.png" alt="Biển báo"></p>{T}')
    assert d.fields["stem"] == "Biển báo nào?\n\nBiển báo"
    assert diags == [("QB1166", 1, "dòng 1: tệp 'bien-bao.png' được dùng trong câu hỏi nhưng "
                      "không có trong tệp xuất; đã bỏ")]


def test_ordering_plugin_gift():
    """qtype_ordering's GIFT (tests/fixtures/testexport.gift.txt of the plugin): items one a
    line; the numbering style 'none' is not an item; its count 2 means all six items
    (`import_from_gift` keeps a count only when it is above 2)."""
    [d], diags = _read("""// question: 123  name: Moodle
// [id:myid]
::Moodle::[html]Put these words in order.{>2     none
Modular
Object
Oriented
Dynamic
Learning
Environment
}""")
    assert d.source_id == "myid"
    assert d.fields == {"type": "ordering", "stem": "Put these words in order.",
                        "items": ["Modular", "Object", "Oriented", "Dynamic", "Learning",
                                  "Environment"]}
    assert diags == [("QB1165", 3, "dòng 3: không giữ được cách chấm điểm từng phần theo từng "
                      "mục đứng ngay sau mục đúng, không tính mục cuối (RELATIVE_NEXT_EXCLUDE_LAST)"
                      "; qbank chấm đúng khi cả thứ tự đúng: qbank không có chỗ cho phần này")]
    [d], diags = _read("Sắp xếp các bước nộp hồ sơ.{>4 ALL VERTICAL ALL_OR_NOTHING SHOW\n"
                       "Đăng nhập bằng VNeID\nĐiền tờ khai\nNộp lệ phí\nNhận kết quả}")
    assert d.fields["items"] == ["Đăng nhập bằng VNeID", "Điền tờ khai", "Nộp lệ phí",
                                 "Nhận kết quả"]
    assert diags == []


def test_any_text_is_read_without_a_traceback():
    """Whatever a teacher's file holds, the GIFT and Aiken readers answer with drafts and
    diagnostics, never an exception."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from qbank.importers.aiken import read_text as read_aiken

    pieces = st.sampled_from(["{", "}", "=", "~", "#", "####", "->", "%50%", "%-100%", "::", "\\",
                              "\n", "\n\n", "[html]", "[plain]", "<b>", "</p>", "$CATEGORY:",
                              "// [tag:a]", "T", "FALSE", "A) ", "ANSWER: ", "Câu ", "đáp án",
                              "@@PLUGINFILE@@/a.png", ">3 ALL\n", " "])

    @settings(max_examples=300, deadline=None)
    @given(st.lists(pieces, max_size=40).map("".join))
    def check(text):
        for reader in (read_text, read_aiken):
            drafts, diags = reader(Path("x.txt"), text)
            assert all(d.source.number >= 1 for d in drafts)
            assert all(d.pos is not None for d in diags)

    check()
