"""YAML loading that keeps the line and column of every key and value.

libyaml (PyYAML's C loader) composes the node graph; this module turns nodes into plain Python
data itself, so that it can record positions by data path, refuse duplicate keys and unknown tags,
and bound alias expansion and nesting before they exhaust memory or the stack.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from qbank.diagnostics import Diagnostic, Position, code

try:
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

YAML_SYNTAX = code(
    "QB0101", "yaml-syntax", "error",
    "lỗi cú pháp YAML: {problem}", "YAML syntax error: {problem}",
    "Kiểm tra thụt lề (dùng dấu cách, không dùng tab), dấu hai chấm sau tên trường và dấu ngoặc kép.",
    "Check indentation (spaces, not tabs), the colon after each key, and quotes.")
DUPLICATE_KEY = code(
    "QB0102", "duplicate-key", "error",
    "khóa '{key}' bị lặp lại (đã có ở dòng {first_line})",
    "duplicate key '{key}' (first at line {first_line})",
    "Mỗi khóa chỉ được xuất hiện một lần trong cùng một khối; xóa hoặc đổi tên một trong hai.",
    "A key may appear only once in a mapping; remove or rename one of them.")
UNSUPPORTED_TAG = code(
    "QB0103", "yaml-tag", "error",
    "thẻ YAML '{tag}' không được hỗ trợ", "unsupported YAML tag '{tag}'",
    "qbank chỉ đọc YAML an toàn: bỏ thẻ bắt đầu bằng '!'.",
    "qbank reads safe YAML only: remove tags starting with '!'.")
TOO_LARGE = code(
    "QB0104", "yaml-too-large", "error",
    "tài liệu YAML quá lớn sau khi mở rộng bí danh (hơn {limit} nút)",
    "YAML document too large after alias expansion (more than {limit} nodes)",
    "Bỏ các bí danh (&, *) lồng nhau; tách tệp thành nhiều tệp nhỏ hơn.",
    "Remove nested aliases (&, *); split the file into smaller ones.")
TOO_DEEP = code(
    "QB0105", "yaml-too-deep", "error",
    "cấu trúc YAML lồng quá sâu (hơn {limit} cấp)", "YAML nesting too deep (more than {limit} levels)")
NOT_NFC = code(
    "QB0106", "not-nfc", "warning",
    "văn bản ở dạng Unicode tổ hợp (NFD) tại {count} chỗ; qbank đã chuẩn hóa về NFC khi đọc",
    "text uses decomposed Unicode (NFD) in {count} place(s); qbank normalised it to NFC on load",
    "Chạy 'qbank fix' để lưu tệp ở dạng NFC.", "Run 'qbank fix' to store the file as NFC.")

MAX_NODES = 2_000_000
MAX_DEPTH = 200


@dataclass(frozen=True)
class Mark:
    line: int  # 1-based
    col: int  # 1-based


@dataclass
class SourceMap:
    """Positions of values (and of mapping keys) by data path, e.g. ('questions', 3, 'stem')."""

    path: Path
    values: dict[tuple, Mark] = field(default_factory=dict)
    keys: dict[tuple, Mark] = field(default_factory=dict)

    def position(self, loc: tuple = (), key: bool = False) -> Position:
        """The closest known position for a data path (walking up to its parents)."""
        loc = tuple(loc)
        while True:
            if key and loc in self.keys:
                m = self.keys[loc]
                return Position(self.path, m.line, m.col)
            if loc in self.values:
                m = self.values[loc]
                return Position(self.path, m.line, m.col)
            if not loc:
                return Position(self.path, 1, 1)
            loc = loc[:-1]


@dataclass
class YamlResult:
    data: Any
    source_map: SourceMap
    diagnostics: list[Diagnostic]


class _Builder:
    def __init__(self, path: Path, line_offset: int):
        self.map = SourceMap(path)
        self.line_offset = line_offset
        self.diags: list[Diagnostic] = []
        self.count = 0
        self.constructor = yaml.constructor.SafeConstructor()
        self.not_nfc: list[Position] = []

    def mark(self, node) -> Mark:
        m = node.start_mark
        return Mark(m.line + 1 + self.line_offset, m.column + 1)

    def pos(self, node) -> Position:
        m = self.mark(node)
        return Position(self.map.path, m.line, m.col)

    def build(self, node, path: tuple, depth: int):
        self.count += 1
        if self.count > MAX_NODES:
            raise _Abort(TOO_LARGE.at(self.pos(node), limit=MAX_NODES))
        if depth > MAX_DEPTH:
            raise _Abort(TOO_DEEP.at(self.pos(node), limit=MAX_DEPTH))
        self.map.values[path] = self.mark(node)
        if isinstance(node, yaml.MappingNode):
            return self.build_mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                self.diags.append(UNSUPPORTED_TAG.at(self.pos(node), tag=node.tag))
            return [self.build(child, path + (i,), depth + 1)
                    for i, child in enumerate(node.value)]
        return self.build_scalar(node)

    def build_mapping(self, node, path: tuple, depth: int) -> dict:
        if node.tag != "tag:yaml.org,2002:map":
            self.diags.append(UNSUPPORTED_TAG.at(self.pos(node), tag=node.tag))
        try:
            self.constructor.flatten_mapping(node)  # YAML merge keys (<<)
        except yaml.constructor.ConstructorError as e:
            raise _Abort(YAML_SYNTAX.at(self.pos(node), problem=e.problem))
        out: dict = {}
        first: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.diags.append(YAML_SYNTAX.at(self.pos(key_node),
                                                 problem="complex mapping keys"))
                continue
            key = self.build_scalar(key_node)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                key = str(key)
            if key in first:
                self.diags.append(DUPLICATE_KEY.at(self.pos(key_node), key=key,
                                                   first_line=first[key].line))
                continue
            first[key] = self.mark(key_node)
            self.map.keys[path + (key,)] = first[key]
            out[key] = self.build(value_node, path + (key,), depth + 1)
        return out

    def build_scalar(self, node):
        fn = self.constructor.yaml_constructors.get(node.tag)
        if fn is None or node.tag.startswith("tag:yaml.org,2002:python"):
            self.diags.append(UNSUPPORTED_TAG.at(self.pos(node), tag=node.tag))
            return node.value
        try:
            value = fn(self.constructor, node)
        except (yaml.constructor.ConstructorError, ValueError) as e:
            self.diags.append(YAML_SYNTAX.at(self.pos(node), problem=str(e).splitlines()[0]))
            return node.value
        if isinstance(value, str) and not unicodedata.is_normalized("NFC", value):
            self.not_nfc.append(self.pos(node))
            value = unicodedata.normalize("NFC", value)
        elif isinstance(value, bytes):
            self.diags.append(UNSUPPORTED_TAG.at(self.pos(node), tag=node.tag))
            return None
        return value


class _Abort(Exception):
    def __init__(self, diag: Diagnostic):
        self.diag = diag


def load_yaml(text: str, path: Path, line_offset: int = 0) -> YamlResult:
    """Parse one YAML document; never raises for bad content."""
    builder = _Builder(path, line_offset)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = (mark.line + 1 + line_offset) if mark else 0
        col = (mark.column + 1) if mark else 0
        problem = e.problem or e.context or "?"
        if "\t" in text and "tab" in problem.lower() or "found character '\\t'" in problem:
            problem = "tab character where indentation is expected"
        return YamlResult(None, builder.map, [YAML_SYNTAX.at(Position(path, line, col),
                                                             problem=problem)])
    except (yaml.YAMLError, RecursionError) as e:
        return YamlResult(None, builder.map,
                          [YAML_SYNTAX.at(Position(path, 1 + line_offset, 1), problem=str(e))])
    if node is None:
        return YamlResult(None, builder.map, [])
    try:
        data = builder.build(node, (), 0)
    except _Abort as a:
        return YamlResult(None, builder.map, builder.diags + [a.diag])
    except RecursionError:
        return YamlResult(None, builder.map,
                          builder.diags + [TOO_DEEP.at(builder.pos(node), limit=MAX_DEPTH)])
    if builder.not_nfc:
        builder.diags.append(NOT_NFC.at(builder.not_nfc[0], count=len(builder.not_nfc)))
    return YamlResult(data, builder.map, builder.diags)
