"""What a translation was made from, segment by segment: `NN-slug.<code>.segments.yaml`.

`qbank translate import` writes it beside the translation `NN-slug.<code>.md`. For every segment
it keeps the Vietnamese text translated, the translation (with the PO file's placeholders), and
whether a named reviewer checked it. The site, `qbank check` and `qbank translate status` compare
it with the lesson as it is now: a segment whose Vietnamese changed is *stale* and falls back to
Vietnamese alone, while the rest of the translation stays.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from qbank.diagnostics import Diagnostic, Position, code
from qbank.resolve.project import Lesson
from qbank.source.atomic import write_text_atomic
from qbank.translate.placeholders import problems, protect, restore
from qbank.translate.segments import SUMMARY, TITLE, Layout, Slot, cut, text_hash, translatable

BAD_STORE = code(
    "QB1420", "translation-record-unreadable", "error",
    "không đọc được tệp ghi các đoạn đã dịch: {reason}",
    "cannot read the record of translated segments: {reason}",
    "Tệp này do 'qbank translate import' viết; đừng sửa tay. Nhập lại tệp PO để viết lại nó.",
    "'qbank translate import' writes this file; do not edit it. Import the PO file again.")

TRANSLATED, REVIEWED, FUZZY = "translated", "reviewed", "fuzzy"
STALE, MISSING = "stale", "untranslated"
HEAD = ("# Ghi chép của qbank: mỗi đoạn của bản dịch được dịch từ câu tiếng Việt nào, ai dịch, "
        "ai thẩm định.\n# Do 'qbank translate import' viết, không sửa tay.\n")


@dataclass
class Entry:
    key: str
    source: str               # the Vietnamese text, as Markdown
    translation: str          # with the PO file's placeholders
    status: str = TRANSLATED  # translated | reviewed | fuzzy
    translator: str | None = None
    reviewer: str | None = None

    def markdown(self) -> str | None:
        """The translation as Markdown, None if its placeholders no longer fit."""
        protected = protect(self.source)
        if problems(protected, self.translation):
            return None
        return restore(protected, self.translation)


@dataclass
class Store:
    lesson: str                # the lesson's id, or the bank's id for a bank's questions
    language: str
    entries: dict[str, Entry] = field(default_factory=dict)  # in source order
    owner: str = "lesson"      # "lesson" or "bank"

    def shown(self, key: str, reviewed_only: bool) -> Entry | None:
        entry = self.entries.get(key)
        if entry is None or entry.status == FUZZY:
            return None
        if reviewed_only and not (entry.status == REVIEWED and entry.reviewer):
            return None
        return entry


def store_path(translation: Path) -> Path:
    """`NN-slug.<code>.md` → `NN-slug.<code>.segments.yaml`."""
    return translation.with_name(translation.name[:-3] + ".segments.yaml")


def load_store(path: Path) -> tuple[Store | None, list[Diagnostic]]:
    if not path.is_file():
        return None, []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        owner = "bank" if "bank" in data else "lesson"
        store = Store(str(data[owner]), str(data["language"]), owner=owner)
        for item in data.get("segments") or []:
            entry = Entry(str(item["key"]), str(item["source"]), str(item["translation"]),
                          str(item.get("status", TRANSLATED)), item.get("translator"),
                          item.get("reviewer"))
            store.entries[entry.key] = entry
    except (OSError, UnicodeDecodeError, yaml.YAMLError, KeyError, TypeError) as e:
        reason = type(e).__name__ if not str(e) else str(e).splitlines()[0]
        return None, [BAD_STORE.at(Position(path, 1, 1), reason=reason)]
    return store, []


def save_store(path: Path, store: Store) -> None:
    items = []
    for e in store.entries.values():
        item = {"key": e.key, "status": e.status, "source": e.source,
                "translation": e.translation}
        if e.translator:
            item["translator"] = e.translator
        if e.reviewer:
            item["reviewer"] = e.reviewer
        items.append(item)
    data = {store.owner: store.lesson, "language": store.language, "segments": items}
    write_text_atomic(path, HEAD + yaml.safe_dump(data, allow_unicode=True, sort_keys=False,
                                                   width=100000))


# --- a lesson's segments and their state -----------------------------------------------------

@dataclass
class Segment:
    """A segment of a lesson: in its body (`slot`) or in its front matter (title, summary); or
    one text of a question (kind `<question-id>:<field>`, e.g. `q-mot:options.0.text`)."""

    kind: str
    text: str
    line: int                # 1-based line in the lesson or bank file
    col: int
    slot: Slot | None = None
    path: Path | None = None  # the file, when it is not the lesson's

    @property
    def key(self) -> str:
        return f"{self.kind}:{text_hash(self.text)}"


def lesson_segments(lesson: Lesson) -> tuple[Layout, list[Segment]]:
    layout = cut(lesson.body)
    out = []
    for kind, value in ((TITLE, lesson.meta.title), (SUMMARY, lesson.meta.summary)):
        if value and translatable(value):
            pos = lesson.pos(kind)
            out.append(Segment(kind, value, pos.line or 1, pos.col or 1, path=lesson.path))
    for slot in layout.slots:
        out.append(Segment(slot.kind, slot.text, lesson.body_line + slot.line - 1, slot.col,
                           slot, lesson.path))
    return layout, out


@dataclass
class State:
    segment: Segment
    state: str                   # reviewed | translated | fuzzy | stale | untranslated
    previous: Entry | None = None  # for a stale segment: what its older text was translated as


def states(segments: list[Segment], store: Store | None) -> list[State]:
    """Each segment's state; a segment not in the store is *stale* when it took the place of a
    translated one (its Vietnamese changed), *untranslated* otherwise."""
    entries = store.entries if store else {}
    keys = [s.key for s in segments]
    old = list(entries)
    replaced: dict[int, Entry] = {}
    matcher = difflib.SequenceMatcher(a=old, b=keys, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op != "replace":
            continue
        gone = [entries[k] for k in old[a0:a1] if k not in set(keys)]
        for j in range(b0, b1):
            same_kind = [e for e in gone if e.key.rsplit(":", 1)[0] == segments[j].kind]
            if same_kind and keys[j] not in entries:
                replaced[j] = same_kind.pop(0)
                gone.remove(replaced[j])
    out = []
    for j, seg in enumerate(segments):
        entry = entries.get(seg.key)
        if entry is not None:
            out.append(State(seg, entry.status, entry))
        elif j in replaced:
            out.append(State(seg, STALE, replaced[j]))
        else:
            out.append(State(seg, MISSING))
    return out
