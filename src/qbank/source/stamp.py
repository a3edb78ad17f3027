"""`qbank stamp`: record in a variant the hash of the source lesson it was made from."""

from __future__ import annotations

import re
from pathlib import Path

from qbank.diagnostics import Diagnostic, Position, code
from qbank.source.atomic import write_text_atomic
from qbank.source.files import body_hash, read_text, split_front_matter

NOT_A_VARIANT = code(
    "QB0122", "not-a-variant", "error",
    "'{name}' không phải bản giản lược hay bản dịch (tên phải là NN-ten.simple.md hoặc "
    "NN-ten.<mã-ngôn-ngữ>.md)",
    "'{name}' is not a simplified version or translation (NN-name.simple.md or "
    "NN-name.<lang>.md)")

_VARIANT = re.compile(r"^(?P<stem>.+?)\.(simple|[a-z]{2,3})\.md$")
_HASH_LINE = re.compile(r"^source_hash:.*$", re.M)


def stamp_variant(path: Path) -> tuple[list[Diagnostic], str | None]:
    """Write the source's current hash into the variant; returns (diagnostics, new hash or None
    when it was already current). Only the `source_hash:` line changes."""
    match = _VARIANT.match(path.name)
    if not match:
        return [NOT_A_VARIANT.at(Position(path, 1, 1), name=path.name)], None
    source = path.with_name(match["stem"] + ".md")
    src_text, diags = read_text(source)
    if src_text is None:
        return diags, None
    fm, diags = split_front_matter(src_text, source)
    if fm is None:
        return diags, None
    current = body_hash(fm.body)
    raw = path.read_bytes().decode("utf-8")
    text = raw.replace("\r\n", "\n")
    vfm, diags = split_front_matter(text, path)
    if vfm is None:
        return diags, None
    head_end = len("---\n") + len(vfm.yaml_text)
    head = text[:head_end]
    if _HASH_LINE.search(head):
        new_head = _HASH_LINE.sub(f"source_hash: \"{current}\"", head, count=1)
    else:
        new_head = head.rstrip("\n") + f"\nsource_hash: \"{current}\""
    if new_head == head:
        return [], None
    new = new_head + text[head_end:]
    if "\r\n" in raw:
        new = new.replace("\n", "\r\n")
    write_text_atomic(path, new)
    return [], current
