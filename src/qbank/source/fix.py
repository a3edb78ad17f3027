"""`qbank fix`: the safe repairs, applied to the source text itself so that comments, layout
and every other byte stay as they were.

Safe means meaning-preserving: Unicode NFC, invisible characters (zero-width spaces, BOM inside
text, non-breaking spaces → spaces), trailing whitespace in YAML, repeated spaces inside one-line
YAML texts (what QB0705 reports; indentation and the spaces before a comment are layout and
stay), and legacy TCVN3/VNI text converted to Unicode when a converter is available
(qbank.importers.legacy).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from qbank.source.atomic import write_text_atomic

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_TRAILING = re.compile(r"[ \t]+$", re.M)


@dataclass
class FileFix:
    path: Path
    before: str
    after: str
    changes: list[str]

    def diff(self, root: Path) -> str:
        rel = self.path.relative_to(root).as_posix()
        return "".join(difflib.unified_diff(self.before.splitlines(keepends=True),
                                            self.after.splitlines(keepends=True),
                                            f"a/{rel}", f"b/{rel}"))


def _legacy_converter():
    try:
        from qbank.importers.legacy import fix_text  # noqa: PLC0415 - optional until it exists
    except ImportError:
        return None
    return fix_text


# What each repair is called in the report.
CHANGE_LABELS_VI = {"legacy-encoding": "chuyển bảng mã cũ TCVN3/VNI sang Unicode",
                    "nfc": "chuẩn hóa Unicode NFC (dấu tổ hợp)",
                    "invisible-characters": "bỏ ký tự ẩn, đổi khoảng trắng không ngắt",
                    "trailing-whitespace": "bỏ khoảng trắng cuối dòng",
                    "repeated-spaces": "bỏ dấu cách thừa trong văn bản"}


def fix_text(text: str, yaml_file: bool) -> tuple[str, list[str]]:
    """(repaired text, names of the repairs made)."""
    changes = []
    legacy = _legacy_converter()
    if legacy is not None:
        new = legacy(text)
        if new != text:
            changes.append("legacy-encoding")
            text = new
    new = unicodedata.normalize("NFC", text)
    if new != text:
        changes.append("nfc")
        text = new
    new = _INVISIBLE.sub("", text).replace("\u00a0", " ")
    if new != text:
        changes.append("invisible-characters")
        text = new
    if yaml_file:  # in Markdown, two trailing spaces are a line break
        new = _TRAILING.sub("", text)
        if new != text:
            changes.append("trailing-whitespace")
            text = new
    new = _single_spaces(text) if yaml_file else _front_matter_spaces(text)
    if new != text:
        changes.append("repeated-spaces")
        text = new
    return text, changes


_SPACES = re.compile(r"  +")


def _single_spaces(text: str) -> str:
    """One-line YAML texts with runs of spaces made single, and quoted texts without spaces at
    their ends: exactly what QB0705 reports. Only the characters of those values change."""
    if "  " not in text and '" ' not in text and " \"" not in text and "' " not in text:
        return text
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return text  # `qbank check` reports the syntax error; nothing is safe to change
    lines = text.split("\n")
    edits: list[tuple[int, int, int, str]] = []
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            stack += [v for _, v in node.value]
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value
        elif isinstance(node, yaml.ScalarNode) and node.style in (None, '"', "'"):
            start, end = node.start_mark, node.end_mark
            if start.line != end.line:
                continue
            source = lines[start.line][start.column:end.column]
            quote = node.style or ""
            inner = source[len(quote):len(source) - len(quote)] if quote else source
            fixed = _SPACES.sub(" ", inner.strip(" ") if quote else inner)
            if fixed != inner and fixed:
                edits.append((start.line, start.column, end.column, quote + fixed + quote))
    for line, a, b, value in sorted(edits, reverse=True):
        lines[line] = lines[line][:a] + value + lines[line][b:]
    return "\n".join(lines)


def _front_matter_spaces(text: str) -> str:
    """_single_spaces over a Markdown file's front matter; the body is left as written."""
    if not text.startswith("---\n"):
        return text
    end = text.find("\n---", 3)
    if end < 0:
        return text
    return "---\n" + _single_spaces(text[4:end + 1]) + text[end + 1:]


def source_files(root: Path) -> list[Path]:
    files = [root / "qbank.yaml"]
    files += sorted((root / "courses").rglob("*.yaml")) + sorted((root / "courses").rglob("*.md"))
    files += sorted((root / "question_banks").rglob("*.yaml"))
    return [f for f in files if f.is_file()]


def plan(root: Path) -> list[FileFix]:
    """The repairs `qbank fix` would make, without writing anything."""
    out = []
    for path in source_files(root):
        raw = path.read_bytes()
        try:
            before = raw.decode("utf-8")
        except UnicodeDecodeError:
            continue  # reported by `qbank check` (QB0111); not a safe fix
        after, changes = fix_text(before, path.suffix in (".yaml", ".yml"))
        if changes:
            out.append(FileFix(path, before, after, changes))
    return out


def apply(fixes: list[FileFix]) -> None:
    for fix in fixes:
        write_text_atomic(fix.path, fix.after)
