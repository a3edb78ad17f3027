"""Imported questions → one qbank YAML file per source file.

Ids are made once here: the id the source carries (a QTI identifier, an xlsx "Mã câu hỏi") when
it is a valid, unused id, else the slug of the stem; a number is added when taken, so no id
collides with the project's. Each question is preceded by a comment naming its source position.
The file is written atomically, and never over an existing file without --force.

A file that would pass SPLIT_BYTES (a fifth of the size `qbank check` accepts, so reviewers'
edits never push it over) is split into numbered parts `<name>-001.yaml`, `<name>-002.yaml`, …
in source order, each with its own header.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from qbank.diagnostics import Position, code
from qbank.importers.drafts import Source
from qbank.model.common import ID_MAX, ID_RE
from qbank.source.files import MAX_BYTES
from qbank.source.atomic import write_text_atomic
from qbank.vietnamese import slugify

WOULD_OVERWRITE = code(
    "QB1105", "import-would-overwrite", "error",
    "tệp '{target}' đã có; không ghi đè khi không có --force",
    "'{target}' already exists; not overwritten without --force",
    "Thêm --force để thay tệp cũ, hoặc chọn nơi khác bằng --out.",
    "Add --force to replace it, or write elsewhere with --out.")

class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    """Multi-line text (feedback with a list, a stem in paragraphs) as a literal block, the way
    authors write it; PyYAML falls back to quotes when a block cannot hold the text."""


def _str(dumper, value: str):
    return dumper.represent_scalar("tag:yaml.org,2002:str", value,
                                   style="|" if "\n" in value else None)


_Dumper.add_representer(str, _str)
KEY_ORDER = ("id", "type", "stem", "options", "answer", "answers", "case_sensitive",
             "accept_without_diacritics", "items", "pairs", "distractors", "shuffle", "skills",
             "level", "use", "tags", "feedback", "media", "version", "review")


def stem_id(stem: str, words: int = 6) -> str:
    slug = slugify(stem)
    parts = slug.split("-")[:words]
    return "-".join(parts)[:48].rstrip("-") or "cau-hoi"


def assign_ids(items: list[tuple[Source, dict, str | None]], taken: set[str]) -> list[str]:
    """One id per (source, question, id from the source), unique among themselves and `taken`."""
    out = []
    for _, q, source_id in items:
        base = source_id if source_id and ID_RE.match(source_id) and len(source_id) <= ID_MAX \
            else stem_id(q["stem"])
        ident, n = base, 1
        while ident in taken:
            n += 1
            suffix = f"-{n}"
            ident = base[:ID_MAX - len(suffix)].rstrip("-") + suffix
        taken.add(ident)
        out.append(ident)
    return out


def _ordered(q: dict, ident: str) -> dict:
    q = {**q, "id": ident}
    return {k: q[k] for k in KEY_ORDER if k in q} | {k: v for k, v in q.items()
                                                       if k not in KEY_ORDER}


SPLIT_BYTES = MAX_BYTES // 5


def _header(origin: str, title: str | None, part: int = 1, parts: int = 1) -> list[str]:
    lines = [f"# Nhập bằng 'qbank import' từ {origin}. Các câu hỏi ở trạng thái draft: hãy xem lại",
             "# rồi đổi 'review' thành reviewed. Dòng '# nguồn' cho biết vị trí trong tệp gốc."]
    if parts > 1:
        lines.append(f"# Phần {part}/{parts}: tệp lớn được chia để mỗi tệp dưới "
                     f"{SPLIT_BYTES // 1024} KiB.")
    if title:
        lines.append(yaml.dump({"title": title}, Dumper=_Dumper, allow_unicode=True,
                               width=100).rstrip("\n"))
    return lines


def _block(source: Source, q: dict, ident: str, note: str | None = None) -> str:
    lines = [f"  # {source.comment()}"] + ([f"  # {note}"] if note else [])
    for j, line in enumerate(dump_question(q, ident)):
        lines.append(("  - " if j == 0 else "    ") + line if line else "")
    return "\n".join(lines)


def _file(header: list[str], blocks: list[str]) -> str:
    if not blocks:
        return "\n".join([*header, "questions: []"]) + "\n"
    return "\n".join([*header, "questions:", "\n\n".join(blocks)]) + "\n"


def to_yaml_parts(items: list[tuple], title: str | None, origin: str,
                  limit: int = SPLIT_BYTES) -> list[str]:
    """One bank file's text, or several when it would pass `limit` bytes (source order kept).
    Items are (source, question, id) or (source, question, id, comment line)."""
    blocks = [_block(*item) for item in items]
    groups: list[list[str]] = [[]]
    size = 1024  # room for the header
    for b in blocks:
        n = len(b.encode("utf-8")) + 2
        if groups[-1] and size + n > limit:
            groups.append([])
            size = 1024
        groups[-1].append(b)
        size += n
    if len(groups) == 1:
        return [_file(_header(origin, title), blocks)]
    return [_file(_header(origin, title, k, len(groups)), g) for k, g in enumerate(groups, 1)]


def part_paths(target: Path, count: int) -> list[Path]:
    """Where the parts of a split file go: the target itself, or <stem>-001.yaml, …"""
    if count == 1:
        return [target]
    return [target.with_name(f"{target.stem}-{k:03d}{target.suffix}") for k in range(1, count + 1)]


def earlier_parts(target: Path) -> list[Path]:
    """The files an earlier import of the same source may have written: the target and its
    numbered parts."""
    found = [target] if target.exists() else []
    if target.parent.is_dir():
        found += sorted(p for p in target.parent.glob(f"{target.stem}-[0-9][0-9][0-9]"
                                                       f"{target.suffix}"))
    return found


def dump_question(q: dict, ident: str) -> list[str]:
    """The lines of one question as a YAML mapping, keys in the order authors write them."""
    dumped = yaml.dump(_ordered(q, ident), Dumper=_Dumper, allow_unicode=True,
                       sort_keys=False, width=100, default_flow_style=False)
    return dumped.rstrip("\n").split("\n")


def write(target: Path, text: str, force: bool):
    """Write `text` to `target` atomically; a diagnostic instead when it exists and not force."""
    if target.exists() and not force:
        return WOULD_OVERWRITE.at(Position(target), target=target.name)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(target, text)
    return None


def write_parts(target: Path, texts: list[str], force: bool):
    """Write the parts of one imported file (see part_paths); an earlier import's files are
    replaced only with `force`, and its leftover parts removed, so no question is there twice.
    Returns (written paths, None) or ([], the refusal)."""
    paths = part_paths(target, len(texts))
    earlier = earlier_parts(target)
    if earlier and not force:
        return [], WOULD_OVERWRITE.at(Position(earlier[0]), target=earlier[0].name)
    target.parent.mkdir(parents=True, exist_ok=True)
    for path, text in zip(paths, texts, strict=True):
        write_text_atomic(path, text)
    for stale in set(earlier) - set(paths):
        stale.unlink()
    return paths, None
