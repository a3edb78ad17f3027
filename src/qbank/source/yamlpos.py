"""YAML loading that keeps the line and column of every key and value.

libyaml (PyYAML's C loader) composes the node graph; this module turns nodes into plain Python
data itself, so that it can record positions by data path, refuse duplicate keys and unknown tags,
and bound alias expansion and nesting before they exhaust memory or the stack.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from qbank.diagnostics import Diagnostic, Position, code

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

YAML_SYNTAX = code(
    "QB0101", "yaml-syntax", "error",
    "lỗi cú pháp YAML: {problem_vi}", "YAML syntax error: {problem}",
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


class _Loader(_BaseLoader):
    """PyYAML's C loader with a memoised resolver: libyaml calls back into Python to resolve
    the tag of every scalar, which dominates loading time on large banks."""

    _cache: dict = {}

    def descend_resolver(self, current_node, current_index):
        pass  # no path resolvers are registered

    def ascend_resolver(self):
        pass

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode and implicit[0]:
            tag = self._cache.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(self._cache) < 100_000:
                    self._cache[value] = tag
            return tag
        return super().resolve(kind, value, implicit)


@dataclass(frozen=True)
class Mark:
    line: int  # 1-based
    col: int  # 1-based


class SourceMap:
    """Positions of values (and of mapping keys) by data path, e.g. ('questions', 3, 'stem').

    Positions are only needed when something is reported, so they are computed on first use by
    parsing the text again; a clean file never pays for them.
    """

    def __init__(self, path: Path, text: str = "", line_offset: int = 0):
        self.path = path
        self._text = text
        self._line_offset = line_offset
        self._values: dict[tuple, Mark] | None = None
        self._keys: dict[tuple, Mark] = {}

    def _index(self) -> None:
        self._values = {}
        if not self._text:
            return
        builder = _Builder(self.path, self._line_offset, record=self)
        try:
            node = yaml.compose(self._text, Loader=_Loader)
            if node is not None:
                builder.build(node, (), 0)
        except (yaml.YAMLError, _Abort, RecursionError):
            pass

    def position(self, loc: tuple = (), key: bool = False) -> Position:
        """The closest known position for a data path (walking up to its parents)."""
        if self._values is None:
            self._index()
        loc = tuple(loc)
        while True:
            if key and loc in self._keys:
                m = self._keys[loc]
                return Position(self.path, m.line, m.col)
            if loc in self._values:
                m = self._values[loc]
                return Position(self.path, m.line, m.col)
            if not loc:
                return Position(self.path, 1 + self._line_offset, 1)
            loc = loc[:-1]


@dataclass
class YamlResult:
    data: Any
    source_map: SourceMap
    diagnostics: list[Diagnostic]


class _Builder:
    """Turns a node graph into plain data; with `record`, fills a SourceMap's positions."""

    def __init__(self, path: Path, line_offset: int, record: SourceMap | None = None):
        self.path = path
        self.line_offset = line_offset
        self.record = record
        self.diags: list[Diagnostic] = []
        self.count = 0
        self.constructor = yaml.constructor.SafeConstructor()
        self.not_nfc: list[Position] = []

    def mark(self, node) -> Mark:
        m = node.start_mark
        return Mark(m.line + 1 + self.line_offset, m.column + 1)

    def pos(self, node) -> Position:
        m = self.mark(node)
        return Position(self.path, m.line, m.col)

    def build(self, node, path: tuple, depth: int):
        self.count += 1
        if self.count > MAX_NODES:
            raise _Abort(TOO_LARGE.at(self.pos(node), limit=MAX_NODES))
        if depth > MAX_DEPTH:
            raise _Abort(TOO_DEEP.at(self.pos(node), limit=MAX_DEPTH))
        if self.record is not None:
            self.record._values[path] = self.mark(node)
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
            raise _Abort(YAML_SYNTAX.at(self.pos(node), problem=e.problem,
                                        problem_vi="khóa gộp '<<' phải trỏ tới một khối "
                                                   "'tên: giá trị'")) from None
        out: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.diags.append(YAML_SYNTAX.at(
                    self.pos(key_node), problem="complex mapping keys",
                    problem_vi="tên trường phải là một giá trị đơn (không phải danh sách, khối)"))
                continue
            key = self.build_scalar(key_node)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                key = str(key)
            if key in out:
                first = next(k for k, _ in node.value if k.value == key_node.value)
                self.diags.append(DUPLICATE_KEY.at(self.pos(key_node), key=key,
                                                   first_line=self.mark(first).line))
                continue
            if self.record is not None:
                self.record._keys[path + (key,)] = self.mark(key_node)
            out[key] = self.build(value_node, path + (key,), depth + 1)
        return out

    def build_scalar(self, node):
        tag = node.tag
        if tag == "tag:yaml.org,2002:str":
            value = node.value
        else:
            fn = self.constructor.yaml_constructors.get(tag)
            if fn is None or tag.startswith("tag:yaml.org,2002:python") or tag.endswith(
                    ":binary"):
                self.diags.append(UNSUPPORTED_TAG.at(self.pos(node), tag=tag))
                return node.value
            try:
                value = fn(self.constructor, node)
            except (yaml.constructor.ConstructorError, ValueError) as e:
                problem = str(e).splitlines()[0]
                vi = (f"ngày '{node.value}' không có thật (cần dạng YYYY-MM-DD)"
                      if tag.endswith(":timestamp") else
                      f"không đọc được giá trị '{node.value}'; đặt trong ngoặc kép nếu là văn bản")
                self.diags.append(YAML_SYNTAX.at(self.pos(node), problem=problem,
                                                 problem_vi=vi))
                return node.value
        if isinstance(value, str) and not value.isascii() and not unicodedata.is_normalized(
                "NFC", value):
            self.not_nfc.append(self.pos(node))
            value = unicodedata.normalize("NFC", value)
        return value


class _Abort(Exception):
    def __init__(self, diag: Diagnostic):
        self.diag = diag


# PyYAML's most frequent complaints, as authors would say them; others are kept as written.
_PROBLEMS_VI = {
    "mapping values are not allowed":
        "dấu hai chấm không được phép ở đây (giá trị có dấu ':' cần đặt trong ngoặc kép)",
    "could not find expected ':'": "thiếu dấu hai chấm sau tên trường",
    "did not find expected key": "thụt lề không khớp: dòng này không thẳng hàng với các trường",
    "did not find expected ',' or ']'": "thiếu dấu phẩy hoặc dấu ']' đóng danh sách",
    "did not find expected ',' or '}'": "thiếu dấu phẩy hoặc dấu '}' đóng khối",
    "did not find expected '-' indicator": "thụt lề không khớp trong danh sách '- '",
    "found unexpected end of stream": "tệp kết thúc khi dấu ngoặc kép chưa được đóng",
    "found character that cannot start any token":
        "ký tự không được đứng đầu giá trị (ví dụ '@', '`', '%'): đặt giá trị trong ngoặc kép",
    "block sequence entries are not allowed":
        "dòng '- ' không được đứng ở đây: kiểm tra thụt lề của danh sách",
    "found a tab character": "ký tự tab ở chỗ thụt lề (chỉ dùng dấu cách)",
    "found undefined alias": "dùng bí danh '*' chưa được khai báo bằng '&'",
    "found unknown escape character": "ký tự thoát '\\' không hợp lệ trong ngoặc kép",
    "tab character where indentation is expected": "ký tự tab ở chỗ thụt lề (chỉ dùng dấu cách)",
}


_QUOTED_VALUE = re.compile(r"""^\s*(?:-\s+)?[^\s:#'"][^:#]*:\s+(?P<q>["'])""")
_KEY_ONLY = re.compile(r"""^\s*(?:-\s+)?[^\s:#'"-][^:#'"]*$""")

QUOTES_VI = ("giá trị mở bằng dấu ngoặc {q} nhưng bên trong lại có dấu {q}, nên giá trị kết thúc "
             "sớm: đặt cả giá trị trong dấu ngoặc {other} ({example})")
INDENT_VI = ("thụt lề không khớp: dòng này thụt vào khác các trường cùng khối phía trên (các "
             "trường của một câu hỏi phải thẳng cột với nhau)")
COLON_VI = ("giá trị có dấu ':' cần đặt trong ngoặc kép, ví dụ  stem: \"Lưu ý: …\"")
OTHER_VI = "cấu trúc YAML không hợp lệ ở đây"


def _vietnamese_problem(problem: str, line: str = "", col: int = 0) -> str:
    """PyYAML's complaint as the author's mistake, judged from the line it stopped at."""
    if problem.startswith(("mapping values are not allowed", "did not find expected key")):
        quoted = _QUOTED_VALUE.match(line)
        if quoted and line[quoted.end():col].count(quoted["q"]) >= 1:
            q = quoted["q"]
            other = "'" if q == '"' else '"'
            example = ("stem: 'Bấm nút \"Đăng nhập\"'" if q == '"'
                       else "stem: \"Chọn mục 'Cài đặt'\"")
            return QUOTES_VI.format(q=q, other=other, example=example)
        if problem.startswith("mapping values") and _KEY_ONLY.match(line[:max(col - 1, 0)]):
            return INDENT_VI
        if problem.startswith("mapping values"):
            return COLON_VI
    for en, vi in _PROBLEMS_VI.items():
        if problem.startswith(en):
            return vi
    return OTHER_VI


def load_yaml(text: str, path: Path, line_offset: int = 0) -> YamlResult:
    """Parse one YAML document; never raises for bad content."""
    builder = _Builder(path, line_offset)
    smap = SourceMap(path, text, line_offset)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = (mark.line + 1 + line_offset) if mark else 0
        col = (mark.column + 1) if mark else 0
        problem = e.problem or e.context or "?"
        lines = text.split("\n")
        at = lines[mark.line][mark.column:mark.column + 1] if mark and mark.line < len(lines) \
            else ""
        if at == "\t" or "\t" in text and "tab" in problem.lower():
            problem = "tab character where indentation is expected"
        if "nesting depth" in problem:  # libyaml ≥ 0.2.5 stops deep documents itself
            return YamlResult(None, smap, [TOO_DEEP.at(Position(path, line, col),
                                                       limit=MAX_DEPTH)])
        line_text = lines[mark.line] if mark and mark.line < len(lines) else ""
        vi = _vietnamese_problem(problem, line_text, col)
        return YamlResult(None, smap, [YAML_SYNTAX.at(Position(path, line, col), problem=problem,
                                                      problem_vi=vi)])
    except (yaml.YAMLError, RecursionError) as e:
        return YamlResult(None, smap, [YAML_SYNTAX.at(Position(path, 1 + line_offset, 1),
                                                      problem=str(e), problem_vi=OTHER_VI)])
    if node is None:
        return YamlResult(None, smap, [])
    try:
        data = builder.build(node, (), 0)
    except _Abort as a:
        return YamlResult(None, smap, builder.diags + [a.diag])
    except RecursionError:
        return YamlResult(None, smap,
                          builder.diags + [TOO_DEEP.at(builder.pos(node), limit=MAX_DEPTH)])
    if builder.not_nfc:
        builder.diags.append(NOT_NFC.at(builder.not_nfc[0], count=len(builder.not_nfc)))
    return YamlResult(data, smap, builder.diags)
