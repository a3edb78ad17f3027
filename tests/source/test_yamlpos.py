"""YAML loading keeps positions and refuses what safe, unambiguous content never needs."""

from __future__ import annotations

from pathlib import Path

from qbank.source.yamlpos import MAX_DEPTH, load_yaml

P = Path("f.yaml")


def codes_at(text):
    r = load_yaml(text, P)
    return [(d.code.id, d.pos.line, d.pos.col) for d in r.diagnostics]


def test_positions_of_keys_and_values_by_data_path():
    r = load_yaml("a:\n  b:\n    - x\n    - {c: 1}\n", P)
    assert r.data == {"a": {"b": ["x", {"c": 1}]}}
    pos = r.source_map.position(("a", "b", 1, "c"))
    assert (pos.line, pos.col) == (4, 11)
    key = r.source_map.position(("a", "b"), key=True)
    assert (key.line, key.col) == (2, 3)
    # An unknown path falls back to its closest known parent.
    parent = r.source_map.position(("a", "b", 7, "zz"))
    assert (parent.line, parent.col) == (3, 5)


def test_line_offset_for_front_matter():
    r = load_yaml("id: x\ntitle: y\n", P, line_offset=1)
    assert r.source_map.position(("title",)).line == 3


def test_duplicate_keys_are_an_error_not_last_one_wins():
    assert codes_at("a: 1\nb: 2\na: 3\n") == [("QB0102", 3, 1)]


def test_custom_tags_are_refused():
    assert codes_at("a: !!python/object:os.system x\n")[0][:2] == ("QB0103", 1)
    assert codes_at("a: !custom x\n")[0][0] == "QB0103"


def test_alias_bomb_is_stopped():
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 9)}]")
    r = load_yaml("\n".join(lines) + "\n", P)
    assert r.data is None
    assert [d.code.id for d in r.diagnostics] == ["QB0104"]


def test_deep_nesting_is_an_error_not_a_crash():
    r = load_yaml("a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n", P)
    assert r.data is None
    assert [d.code.id for d in r.diagnostics] == ["QB0105"]


def test_syntax_error_points_at_the_problem():
    assert codes_at("a: [1, 2\nb: 3\n")[0][0] == "QB0101"
    assert codes_at("a:\n\t- 1\n") == [("QB0101", 2, 1)]


def test_text_is_nfc_after_loading_and_nfd_is_reported_once():
    nfd = "Ky\u0303 na\u0306ng so\u0302\u0301"
    r = load_yaml(f"a: {nfd}\nb: {nfd}\n", P)
    assert r.data == {"a": "Kỹ năng số", "b": "Kỹ năng số"}
    assert [(d.code.id, d.pos.line, d.args["count"]) for d in r.diagnostics] == [("QB0106", 1, 2)]


def test_merge_keys_still_work():
    r = load_yaml("base: &b {level: 1}\nq:\n  <<: *b\n  id: x\n", P)
    assert r.data["q"] == {"level": 1, "id": "x"}


def test_syntax_errors_are_explained_in_vietnamese_without_english():
    cases = {
        "questions:\n  - id: a\n    stem: Câu: hỏi\n":
            ((3, 14), "giá trị có dấu ':' cần đặt trong ngoặc kép"),
        "questions: [a, b\n": ((2, 1), "thiếu dấu phẩy hoặc dấu ']' đóng danh sách"),
        "questions:\n\t- a\n": ((2, 1), "ký tự tab ở chỗ thụt lề (chỉ dùng dấu cách)"),
        'q: "abc\n': ((2, 1), "tệp kết thúc khi dấu ngoặc kép chưa được đóng"),
    }
    for text, ((line, col), vi) in cases.items():
        [d] = load_yaml(text, P).diagnostics
        assert (d.code.id, d.pos.line, d.pos.col) == ("QB0101", line, col), text
        assert d.message("vi").startswith(f"lỗi cú pháp YAML: {vi}"), d.message("vi")
        assert d.message("en").startswith("YAML syntax error: ") and vi not in d.message("en")
        assert d.args["problem"] not in d.message("vi")  # PyYAML's English stays in --lang en
