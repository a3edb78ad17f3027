"""`qbank import --update`: a reviewed sheet (`qbank export xlsx`) read back into the questions
it came from, each replaced in place in its own bank file.

Only the text of the replaced question changes: the other questions, their order, comments and
blank lines, the file's header comment, its BOM and line ends stay byte for byte. A question
whose content is the same as in the sheet is not rewritten, so a file with no change keeps its
bytes (and its modification time). Each file is written atomically.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import TypeAdapter, ValidationError

from qbank.diagnostics import Position, code
from qbank.importers.drafts import Source
from qbank.importers.writer import dump_question
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
        q = _without_added_defaults(q, old, ident)
        start = node.start_mark.index
        end = _end(node)
        while end > start and text[end - 1] in " \t\r\n":
            end -= 1
        indent = " " * node.start_mark.column
        lines = dump_question(q, ident)
        block = newline.join([lines[0]] + [indent + line if line else "" for line in lines[1:]])
        edits.append((start, end, block))
        notes.append(UPDATED.at(Position(path, node.start_mark.line + 1, 0), id=ident,
                                source=origin.path.name, **origin.args()))
    if edits:
        for start, end, block in sorted(edits, reverse=True):
            text = text[:start] + block + text[end:]
        write_text_atomic(path, text)
    return notes
