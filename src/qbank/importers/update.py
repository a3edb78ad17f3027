"""`qbank import --update`: a reviewed sheet (`qbank export xlsx`) read back into the questions
it came from, each replaced in place in its own bank file.

Only what the sheet changed is rewritten: inside a question, each field (and each option or
pair of a list that kept its length) is compared with the file, and only the values that differ
are replaced where they stand, so the author's comments, flow lists (`skills: ["4.2"]`), quotes
and block texts of untouched fields keep their bytes. A key the sheet adds goes after the last
key of its mapping; a flow collection or a list whose shape changed is rewritten whole. The
other questions, the file's header comment, its BOM and line ends stay byte for byte. A
question whose content is the same as in the sheet is not rewritten, so a file with no change
keeps its bytes (and its modification time). Each file is written atomically.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import TypeAdapter, ValidationError

from qbank.diagnostics import Position, code
from qbank.importers.drafts import Source
from qbank.importers.writer import _Dumper, dump_question
from qbank.model.question import Question
from qbank.source.atomic import write_text_atomic

UPDATED = code(
    "QB1119", "import-updated", "info",
    "câu hỏi '{id}' đã được cập nhật theo {source} ({where})",
    "question '{id}' updated from {source} ({where_en})")

_QUESTION = TypeAdapter(Question)


def _same(old, new: dict) -> bool:
    try:
        return _QUESTION.validate_python(old).model_dump() == \
            _QUESTION.validate_python(new).model_dump()
    except ValidationError:
        return False


def _without_added_defaults(q: dict, old: dict, ident: str) -> dict:
    """`q` without the keys the sheet spells out (shuffle, use, version, …) that the file left to
    their defaults, when leaving them out means the same question."""
    for k in [k for k in q if k not in old]:
        trimmed = {key: v for key, v in q.items() if key != k}
        if _same({**trimmed, "id": ident}, {**q, "id": ident}):
            q = trimmed
    return q


def _with_kept_defaults(q: dict, old: dict, ident: str) -> dict:
    """`q` with the keys the file spells out and the sheet leaves out (`case_sensitive: false`)
    kept as the file has them, when keeping them means the same question."""
    for k in [k for k in old if k not in q and k != "id"]:
        kept = {**q, k: old[k]}
        if _same({**kept, "id": ident}, {**q, "id": ident}):
            q = kept
    return q


def _end(node: yaml.Node) -> int:
    """Character offset just after the last scalar or flow collection of `node` (the end mark
    of a block collection lies past the comments that follow it, so it is not used)."""
    if isinstance(node, yaml.ScalarNode) or getattr(node, "flow_style", False):
        return node.end_mark.index
    if isinstance(node, yaml.MappingNode):
        return max(max(_end(k), _end(v)) for k, v in node.value)
    return max(_end(child) for child in node.value)


def _question_nodes(text: str) -> list[tuple[str, yaml.Node]]:
    """(id, node) of each question in a bank file's `questions:` list."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode):
        return []
    for k, v in root.value:
        if k.value == "questions" and isinstance(v, yaml.SequenceNode):
            out = []
            for item in v.value:  # one entry per item, so indices match the loaded list
                ident = next((val.value for key, val in item.value
                              if key.value == "id" and isinstance(val, yaml.ScalarNode)),
                             None) if isinstance(item, yaml.MappingNode) else None
                out.append((ident, item))
            return out
    return []


def _flow(value) -> str:
    """`value` as flow YAML on one line (inside [...] or {...})."""
    text = yaml.dump([value], Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=True, width=1 << 20)
    return text.strip()[1:-1]


def _like(node: yaml.Node, value, column: int, flow: bool) -> str:
    """`value` written the way `node` was: flow collections stay flow, a quoted one-line text
    keeps its quotes, the rest as block YAML."""
    if isinstance(node, yaml.ScalarNode) and node.style in ('"', "'") and \
            isinstance(value, str) and "\n" not in value:
        return yaml.dump(value, Dumper=_Dumper, allow_unicode=True, default_style=node.style,
                         width=1 << 20).split("\n")[0]
    if flow or getattr(node, "flow_style", False):
        return _flow(value)
    return _block(value, column)


def _block(value, column: int) -> str:
    """`value` as block YAML whose lines after the first are indented by `column`."""
    if isinstance(value, str) and "\n" not in value or not isinstance(value, (str, dict, list)):
        return _flow(value)
    text = yaml.dump(value, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100,
                     default_flow_style=False).rstrip("\n")
    if text.endswith("\n..."):
        text = text[:-4].rstrip("\n")
    lines = text.split("\n")
    return "\n".join([lines[0]] + [" " * column + line if line else "" for line in lines[1:]])


def _value_text(key: str, value, column: int) -> str:
    """What follows a block mapping key: ': value' or ':' and an indented block."""
    text = yaml.dump({key: value}, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     width=100, default_flow_style=False).rstrip("\n")
    lines = text.split("\n")
    first = lines[0][len(yaml.dump(key, Dumper=_Dumper, allow_unicode=True).split("\n")[0]):]
    return "\n".join([first] + [" " * column + line if line else "" for line in lines[1:]])


def _trim(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in " \t\r\n":
        end -= 1
    return end


class _Whole(Exception):
    """The node cannot be patched piece by piece: its parent rewrites it whole."""


def _patch(text: str, node: yaml.Node, old, new, flow: bool) -> list[tuple[int, int, str]]:
    """Edits (start, end, replacement) turning `node` (holding `old`) into `new`, touching only
    what differs. Raises _Whole when the node must be rewritten whole."""
    if old == new and type(old) is type(new):
        return []
    flow = flow or bool(getattr(node, "flow_style", False))
    if isinstance(node, yaml.MappingNode) and isinstance(old, dict) and isinstance(new, dict):
        keys = [k.value for k, _ in node.value]
        if len(set(keys)) != len(keys) or set(keys) != set(old):
            raise _Whole
        edits = []
        for k, v in node.value:
            if k.value not in new:
                if flow or k is node.value[0][0]:
                    raise _Whole
                start = text.rfind("\n", 0, k.start_mark.index)
                end = _trim(text, start, _end(v))
                line_end = text.find("\n", end)
                line_end = len(text) if line_end < 0 else line_end
                if text[end:line_end].strip().startswith("#") or not text[end:line_end].strip():
                    end = len(text[:line_end].rstrip("\r"))  # its comment goes with it
                edits.append((start, end, ""))
                continue
            try:
                edits += _patch(text, v, old[k.value], new[k.value], flow)
            except _Whole:
                end = _trim(text, v.start_mark.index, _end(v))
                value = new[k.value]
                if flow or getattr(v, "flow_style", False) or (
                        isinstance(v, yaml.ScalarNode) and v.style in ('"', "'")
                        and isinstance(value, str) and "\n" not in value) or (
                        isinstance(v, yaml.ScalarNode) and not v.style
                        and not isinstance(value, (dict, list))
                        and not (isinstance(value, str) and "\n" in value)):
                    edits.append((v.start_mark.index, end, _like(v, value, 0, flow)))
                else:  # a block list keeps its indentation under the key
                    column = v.start_mark.column if isinstance(v, yaml.SequenceNode) and \
                        v.start_mark.line > k.start_mark.line else k.start_mark.column
                    edits.append((k.end_mark.index, end,
                                  _value_text(k.value, new[k.value], column)))
        added = [k for k in new if k not in old]
        if added:
            if flow:
                raise _Whole
            column = node.value[0][0].start_mark.column
            at = _trim(text, node.start_mark.index, _end(node))
            lines = "".join("\n" + " " * column + k + _value_text(k, new[k], column)
                            for k in added)
            edits.append((at, at, lines))
        return edits
    if isinstance(node, yaml.SequenceNode) and isinstance(old, list) and isinstance(new, list) \
            and not flow and node.value and len(node.value) == len(old) < len(new) \
            and new[:len(old)] == old:
        # Items added at the end (a reviewer's new accepted answer): written after the last
        # item's line, its comment included; the items already there keep their bytes.
        last = node.value[-1]
        dash = text.rfind("-", 0, last.start_mark.index)
        column = dash - (text.rfind("\n", 0, dash) + 1)
        at = text.find("\n", _end(last))
        at = len(text) if at < 0 else at
        at = len(text[:at].rstrip("\r"))
        lines = "".join("\n" + " " * column + "- " + _block(n, column + 2)
                        for n in new[len(old):])
        return [(at, at, lines)]
    if isinstance(node, yaml.SequenceNode) and isinstance(old, list) and isinstance(new, list) \
            and len(old) == len(new) == len(node.value):
        edits = []
        for child, o, n in zip(node.value, old, new, strict=True):
            try:
                edits += _patch(text, child, o, n, flow)
            except _Whole:
                end = _trim(text, child.start_mark.index, _end(child))
                edits.append((child.start_mark.index, end,
                              _like(child, n, child.start_mark.column, flow)))
        return edits
    raise _Whole


def replace_questions(path: Path, new: dict[str, tuple[dict, Source]]):
    """Replace the questions of bank file `path` whose id is a key of `new` (→ (question in YAML
    shape, where in the sheet it came from)). Returns the diagnostics of the updated ones."""
    raw = path.read_bytes()
    text = raw.decode("utf-8")
    try:
        found = _question_nodes(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return []
    newline = "\r\n" if "\r\n" in text else "\n"
    edits, notes = [], []
    for i, (ident, node) in enumerate(found):
        if ident not in new:
            continue
        q, origin = new[ident]
        old = data["questions"][i]
        if _same(old, {**q, "id": ident}):
            continue
        q = _with_kept_defaults(_without_added_defaults(q, old, ident), old, ident)
        try:
            patch = sorted(_patch(text, node, old, {**q, "id": ident}, False))
            if any(a[1] > b[0] for a, b in zip(patch, patch[1:])):
                raise _Whole  # overlapping pieces (a YAML alias): rewrite the question whole
        except _Whole:
            start = node.start_mark.index
            end = _trim(text, start, _end(node))
            indent = " " * node.start_mark.column
            lines = dump_question(q, ident)
            patch = [(start, end, "\n".join(
                [lines[0]] + [indent + line if line else "" for line in lines[1:]]))]
        edits += [(a, b, t.replace("\n", newline)) for a, b, t in patch]
        notes.append(UPDATED.at(Position(path, node.start_mark.line + 1, 0), id=ident,
                                source=origin.path.name, **origin.args()))
    if edits:
        for start, end, block in sorted(edits, reverse=True):
            text = text[:start] + block + text[end:]
        write_text_atomic(path, text)
    return notes
