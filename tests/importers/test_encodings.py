"""Text banks saved in the encodings Windows offers: UTF-8 (with/without BOM), "Unicode"
(UTF-16 with BOM), Windows-1258, and legacy TCVN3/VNI bytes; each imports as NFC Unicode."""

from __future__ import annotations

import unicodedata

from click.testing import CliRunner

import qbank
from qbank.importers import import_files
from qbank.importers.commands import import_command

from helpers import found, write_project

TEXT = """\
Câu 1: Mật khẩu nào khó đoán nhất?
A. Ngày sinh của mình
*B. Tr@ng-Xanh!Lua2025
Giải thích: Dài, trộn chữ và ký tự đặc biệt.

Câu 2: Ứng dụng định danh điện tử của Bộ Công an là gì?
A. Zalo
B. VNeID
Đáp án: B
"""
STEMS = ["Mật khẩu nào khó đoán nhất?", "Ứng dụng định danh điện tử của Bộ Công an là gì?"]
TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text: str) -> bytes:
    """Text as Vietnamese Windows saves it: letters with a hat or horn precomposed where the
    code page has them, tone marks as separate combining characters."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            ch.encode("cp1258")
            out.append(ch)
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
            out.append(base + "".join(c for c in parts if c in TONES))
    return "".join(out).encode("cp1258")


def _import(tmp_path, content: bytes, name: str = "on-tap.txt"):
    write_project(tmp_path, {})
    source = tmp_path / name
    source.write_bytes(content)
    result = import_files([source], "nhap", tmp_path, skills=["4.2"])
    stems = [e.q.stem for e in qbank.load_project(tmp_path).banks["nhap"].questions] \
        if result.files[0].written else []
    return result, stems


def test_windows_1258_file_imports_as_nfc_and_says_so(tmp_path):
    raw = cp1258(TEXT)
    assert b"\xd2" in raw or b"\xf2" in raw  # really holds combining tone marks
    result, stems = _import(tmp_path, raw)
    assert stems == STEMS
    assert all(unicodedata.is_normalized("NFC", s) for s in stems)
    assert found(result.diagnostics, "QB1116") == [("on-tap.txt", 0, 0)]
    note = [d for d in result.diagnostics if d.code.id == "QB1116"][0]
    assert note.message() == "đã đọc tệp theo bảng mã Windows-1258 (tiếng Việt)"
    assert note.severity is qbank.Severity.INFO
    assert result.ok and result.files[0].imported == 2


def test_utf16_with_bom_imports(tmp_path):
    raw = TEXT.encode("utf-16")
    assert raw[:2] in (b"\xff\xfe", b"\xfe\xff")
    result, stems = _import(tmp_path, raw)
    assert stems == STEMS
    assert found(result.diagnostics, "QB1116") == [("on-tap.txt", 0, 0)]
    assert "UTF-16" in result.diagnostics[0].message()
    assert "QB1115" not in {d.code.id for d in result.diagnostics}


def test_utf8_with_and_without_bom_gives_no_note(tmp_path):
    for raw in (TEXT.encode("utf-8"), TEXT.encode("utf-8-sig")):
        result, stems = _import(tmp_path, raw)
        assert stems == STEMS and result.diagnostics == []
        (tmp_path / "question_banks/nhap/on-tap.yaml").unlink()


def test_legacy_tcvn3_bytes_are_still_converted(tmp_path):
    # "Câu 1: Kỹ năng số cơ bản" typed with .VnTime: bytes of the TCVN3 font, not Windows-1258.
    text = "Câu 1: Kü n¨ng sè c¬ b¶n lµ g×?\nA. Mét\n*B. Hai\n"
    result, stems = _import(tmp_path, text.encode("latin-1"))
    assert stems == ["Kỹ năng số cơ bản là gì?"]
    assert found(result.diagnostics, "QB1104") == [("on-tap.txt", 1, 0)]
    assert [d.args["encoding"] for d in result.diagnostics if d.code.id == "QB1116"] == \
        ["Windows-1252"]


def test_unrecognised_encoding_is_a_clear_qb1101(tmp_path):
    write_project(tmp_path, {})
    source = tmp_path / "la.txt"
    source.write_bytes(TEXT.encode("utf-16-le"))  # no BOM: not text any reader can tell
    r = CliRunner().invoke(import_command, [str(source), "--bank", "nhap", "--skill", "4.2",
                                            "--project", str(tmp_path)])
    assert r.exit_code == 1
    assert "la.txt: lỗi[QB1101] không đọc được tệp: không nhận ra bảng mã của tệp" in r.stdout
    assert "hãy mở tệp và lưu lại theo UTF-8" in r.stdout
    assert not (tmp_path / "question_banks/nhap").exists()
