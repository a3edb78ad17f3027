"""Plain text "Câu 1:" blocks, GIFT and Aiken: fixtures written here, imported, checked."""

from __future__ import annotations

import qbank
from qbank.importers import import_files

from helpers import found, write_project

GIFT = """\
// Ngân hàng GIFT
::otp-1::Ngân hàng có hỏi mã OTP không? {F}

::mat-khau::Mật khẩu nào mạnh nhất? {
  =Tr@ng-Xanh!Lua2025#Dài và khó đoán.
  ~123456#Quá dễ.
  ~ngaysinh1990
  ####Mật khẩu mạnh dài, khó đoán.
}

Những việc nào giúp an toàn? {~%50%Bật xác thực hai lớp ~%50%Cập nhật phần mềm ~%-100%Chia sẻ OTP}

Ứng dụng định danh điện tử là {=VNeID =Vneid} của Bộ Công an.

Ghép ứng dụng với công dụng. {=VNeID -> Định danh =Zalo -> Nhắn tin}

Câu lỗi không có ngoặc đáp án
"""

AIKEN = """\
Ứng dụng nào do Bộ Công an phát triển?
A. Zalo
B. VNeID
C. Facebook
ANSWER: B

Cổng Dịch vụ công quốc gia?
A) dichvucong.gov.vn
B) dichvucong.com
ANSWER: C
"""

TEXT = """\
PHẦN I. AN TOÀN
Câu 1: Mật khẩu nào an toàn nhất?
a. 123456
b. Tr@ng-Xanh!Lua2025
Đáp án: b
Giải thích: Dài, khó đoán.

PHẦN II. DỊCH VỤ CÔNG
Câu 1. Có thể đăng nhập Bình dân học vụ số bằng VNeID.
A. Đúng
B. Sai
Đáp án: Đúng
Câu 2: Câu này quên đáp án?
A. Một
B. Hai
"""


def _run(tmp_path, name: str, content: str, fmt: str = "auto"):
    write_project(tmp_path, {})
    source = tmp_path / name
    source.write_text(content, encoding="utf-8")
    result = import_files([source], "nhap", tmp_path, fmt, skills=["4.2"])
    project = qbank.load_project(tmp_path)
    assert not qbank.has_errors(qbank.check(project))
    return result, {e.q.id: e.q for e in project.banks["nhap"].questions}


def test_gift(tmp_path):
    result, qs = _run(tmp_path, "ngan-hang.gift", GIFT)
    assert result.files[0].format == "gift"
    assert found(result.diagnostics, "QB1102") == []
    # A block without { } is Moodle's description, not a question: named and skipped.
    assert found(result.diagnostics, "QB1160") == [("ngan-hang.gift", 17, 0)]
    assert result.files[0].skipped == 1
    assert qs["otp-1"].type == "true_false" and qs["otp-1"].answer is False
    mk = qs["mat-khau"]
    assert mk.keys == [0] and mk.options[0].feedback == "Dài và khó đoán."
    assert mk.feedback == "Mật khẩu mạnh dài, khó đoán."
    types = sorted(q.type for q in qs.values())
    assert types == ["matching", "multiple_response", "single_choice", "text_entry",
                     "true_false"]
    entry = next(q for q in qs.values() if q.type == "text_entry")
    assert entry.answers == ["VNeID", "Vneid"] and "___" in entry.stem


def test_aiken(tmp_path):
    result, qs = _run(tmp_path, "aiken.txt", AIKEN)
    assert result.files[0].format == "aiken"
    assert [d.message() for d in result.diagnostics] == [
        "dòng 7: không nhập được câu hỏi: dòng ANSWER không trỏ tới phương án nào ('C')"]
    [q] = qs.values()
    assert q.options[q.keys[0]].text == "VNeID"


def test_plain_text_blocks_with_numbering_restarting_per_section(tmp_path):
    result, qs = _run(tmp_path, "on-tap.txt", TEXT)
    assert result.files[0].format == "txt"
    assert found(result.diagnostics, "QB1102") == [("on-tap.txt", 13, 0)]
    assert len(qs) == 2
    tf = next(q for q in qs.values() if q.type == "true_false")
    assert tf.answer is True


def test_legacy_bytes_in_a_text_file_are_converted(tmp_path):
    write_project(tmp_path, {})
    source = tmp_path / "cu.txt"
    source.write_bytes("Câu 1: Kü n¨ng sè lµ g×?\nA. Kh¶ n¨ng dïng m¸y tÝnh\nB. Kh«ng biÕt\n"
                       "Đáp án: A\n".encode())
    result = import_files([source], "nhap", tmp_path, skills=["4.2"])
    assert found(result.diagnostics, "QB1104") == [("cu.txt", 1, 0)] * 3
    q = qbank.load_project(tmp_path).banks["nhap"].questions[0].q
    assert q.stem == "Kỹ năng số là gì?" and q.options[0].text == "Khả năng dùng máy tính"
