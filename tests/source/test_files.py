from __future__ import annotations

from qbank.source.files import body_hash, read_text, split_front_matter


def test_invalid_utf8_reports_line_column_and_byte_offset(tmp_path):
    f = tmp_path / "a.yaml"
    f.write_bytes("a: 1\nb: cha\xf2\n".encode("latin-1"))
    text, diags = read_text(f)
    assert text is None
    d = diags[0]
    assert (d.code.id, d.pos.line, d.pos.col, d.args["offset"]) == ("QB0111", 2, 7, 11)


def test_binary_file_is_refused(tmp_path):
    f = tmp_path / "a.yaml"
    f.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    assert [d.code.id for d in read_text(f)[1]] == ["QB0112"]


def test_bom_and_crlf_are_accepted(tmp_path):
    f = tmp_path / "a.yaml"
    f.write_bytes("\ufeffa: 1\r\nb: 2\r\n".encode("utf-8"))
    assert read_text(f) == ("a: 1\nb: 2\n", [])


def test_front_matter_split_and_lines(tmp_path):
    fm, diags = split_front_matter("---\nid: x\n---\n\n# Tiêu đề\n", tmp_path / "a.md")
    assert diags == []
    assert (fm.yaml_text, fm.yaml_line, fm.body, fm.body_line) == ("id: x", 2, "\n# Tiêu đề\n", 4)
    assert [d.code.id for d in split_front_matter("# x\n", tmp_path)[1]] == ["QB0120"]
    assert [d.code.id for d in split_front_matter("---\nid: x\n", tmp_path)[1]] == ["QB0121"]


def test_body_hash_ignores_line_endings_and_outer_whitespace_but_not_text():
    assert body_hash("\nA\r\nB\n\n") == body_hash("A\nB")
    assert body_hash("A\nB") != body_hash("A\nC")
    assert len(body_hash("x")) == 12
