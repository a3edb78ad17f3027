"""What every importer produces: draft questions with their source position, and the shared
steps that turn a draft into a valid qbank question (NFC, legacy text, defaults, validation).

Importers only read their format; deciding what is a valid question, and saying so in Vietnamese
with the exact row or paragraph, happens once here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from qbank.diagnostics import Diagnostic, Position, code
from qbank.importers.legacy import find_legacy, fix_text
from qbank.model.question import Question
from qbank.vietnamese import fold, slugify

SKIPPED = code(
    "QB1102", "import-skipped", "error", "{where}: không nhập được câu hỏi: {reason}",
    "{where_en}: question not imported: {reason_en}",
    "Sửa ô/đoạn này trong tệp gốc rồi nhập lại (dùng --force để ghi đè kết quả cũ).",
    "Fix it in the source file and import again (--force overwrites the previous result).")
LEGACY_CONVERTED = code(
    "QB1104", "import-legacy-converted", "info",
    "{where}: văn bản gõ bằng bảng mã cũ {encoding} đã được chuyển sang Unicode: '{text}' → "
    "'{fixed}'",
    "{where_en}: text typed in the legacy encoding {encoding} converted to Unicode: '{text}' → "
    "'{fixed}'")
NO_SKILL = code(
    "QB1110", "import-no-skill", "error",
    "{count} câu hỏi không có mã kỹ năng; tệp này chưa được nhập",
    "{count} question(s) have no skill code; this file was not imported",
    "Thêm cột 'Kỹ năng' (mã trong 'qbank framework'), hoặc dùng --skill MÃ, hoặc mục 'topics' "
    "trong tệp --map, hoặc --skill auto để qbank gợi ý mã theo từ khóa của khung (câu hỏi nhập ở "
    "trạng thái draft để người thẩm định xem lại).",
    "Add a 'Kỹ năng' column (codes from 'qbank framework'), or use --skill CODE, or 'topics' in "
    "the --map file, or --skill auto to have qbank suggest codes from the framework's word list "
    "(questions imported as draft for a reviewer).")
UNKNOWN_LEVEL = code(
    "QB1111", "import-unknown-level", "warning",
    "{where}: không hiểu mức độ '{value}'; tạm dùng mức 1 (Nhận biết)",
    "{where_en}: unknown level '{value}'; level 1 (remember) used",
    "Dùng Nhận biết / Thông hiểu / Vận dụng / Vận dụng cao, 1–4, hoặc khai báo trong 'levels' "
    "của tệp --map.",
    "Use Nhận biết / Thông hiểu / Vận dụng / Vận dụng cao, 1–4, or declare it under 'levels' in "
    "the --map file.")

_QUESTION = TypeAdapter(Question)

# Level names as Vietnamese tests write them, folded to lowercase ASCII.
LEVELS = {"nhan biet": 1, "nb": 1, "co ban": 1, "de": 1, "muc 1": 1, "1": 1,
          "thong hieu": 2, "th": 2, "trung binh": 2, "muc 2": 2, "2": 2,
          "van dung": 3, "vd": 3, "kho": 3, "nang cao": 3, "muc 3": 3, "3": 3,
          "van dung cao": 4, "vdc": 4, "rat kho": 4, "muc 4": 4, "4": 4}
TRUE_WORDS = {"dung", "d", "true", "t", "co", "x", "đ"}
FALSE_WORDS = {"sai", "s", "false", "f", "khong"}


@dataclass(frozen=True)
class Source:
    """Where a draft came from: the file, and a sheet + row, a paragraph or a line in it."""

    path: Path
    number: int  # row, paragraph or line (1-based)
    kind: str = "line"  # row | paragraph | line | item
    sheet: str | None = None
    item: str | None = None  # a file inside a package (QTI)

    def where(self, lang: str = "vi") -> str:
        vi = {"row": "dòng", "paragraph": "đoạn", "line": "dòng", "item": "câu hỏi"}
        en = {"row": "row", "paragraph": "paragraph", "line": "line", "item": "item"}
        parts = []
        if self.sheet is not None:
            parts.append(f"trang tính \"{self.sheet}\"" if lang == "vi" else
                         f"sheet \"{self.sheet}\"")
        if self.item is not None:
            parts.append(self.item)
        elif self.number:
            parts.append(f"{(vi if lang == 'vi' else en)[self.kind]} {self.number}")
        return ", ".join(parts) or self.path.name

    def comment(self) -> str:
        """The YAML comment written above the imported question."""
        return f"nguồn: {self.path.name}, {self.where('vi')}"

    def position(self) -> Position:
        if self.item is not None:  # a file inside a package: package path / file
            return Position(self.path / self.item, self.number, 0)
        return Position(self.path, self.number, 0)

    def args(self) -> dict:
        return {"where": self.where("vi"), "where_en": self.where("en")}


def skipped(source: Source, reason: str, reason_en: str) -> Diagnostic:
    return SKIPPED.at(source.position(), reason=reason, reason_en=reason_en, **source.args())


@dataclass
class Draft:
    """A question as read from a file, in qbank's YAML shape, not yet validated.

    `fields` uses the YAML keys; `level` may still be a word ("Trung bình"), `topics` are
    names to become tags (and skills through the map file)."""

    source: Source
    fields: dict
    topics: list[str] = field(default_factory=list)
    source_id: str | None = None
    # An id to start from when the source has a name but no identity (a Moodle question name:
    # not unique, so never matched against the project's ids like source_id).
    id_hint: str | None = None
    # Files the question's texts embed ("media/…" relative to the bank file → bytes), written
    # beside the bank file with it (Moodle XML images).
    files: dict[str, bytes] = field(default_factory=dict)


@dataclass
class Options:
    """Choices from the command line and the --map file that shape every draft."""

    skills: list[str] = field(default_factory=list)
    levels: dict[str, int] = field(default_factory=dict)  # folded name → level
    topic_skills: dict[str, list[str]] = field(default_factory=dict)  # folded topic → skills
    columns: dict[str, str] = field(default_factory=dict)  # folded header → field
    # Where each skill code of the --map file is written, to point at it when it is unknown.
    skill_positions: dict[str, Position] = field(default_factory=dict)


def key(text: str) -> str:
    """A header or label folded for matching: "Nội dung câu hỏi (*)" → "noi dung cau hoi"."""
    text = re.sub(r"\(.*?\)", " ", fold(str(text)).lower())
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def clean(text) -> str:
    """Cell or paragraph text as qbank stores it: NFC, lines trimmed, a lone line break inside a
    sentence joined with a space, blank lines kept as paragraph breaks."""
    if text is None:
        return ""
    text = unicodedata.normalize("NFC", str(text)).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\u200b", "")
    paragraphs = re.split(r"\n\s*\n", text.strip())
    return "\n\n".join(_paragraph(p) for p in paragraphs if p.strip())


_BLOCK_LINE = re.compile(r"^\s*(?:[-*+>#|]|\d+[.)])\s")


def _paragraph(text: str) -> str:
    """Lines of one paragraph: a Markdown list or quote line keeps its line break (and its
    indentation); any other break is a stray one inside a sentence and becomes a space."""
    out: list[str] = []
    for line in text.split("\n"):
        if not line.strip():
            continue
        if out and not _BLOCK_LINE.match(line):
            out[-1] = out[-1] + " " + " ".join(line.split())
        else:
            indent = line[:len(line) - len(line.lstrip())] if out else ""
            out.append(indent + " ".join(line.split()))
    return "\n".join(out)


def letters(answer: str) -> list[str] | None:
    """Option letters in a key: "A, C", "A;C", "a c", "AC" → ["A", "C"]; None if not letters."""
    text = answer.strip().upper()
    parts = [p for p in re.split(r"[\s,;/&+]+|\bVÀ\b", text) if p]
    if parts and all(re.fullmatch(r"[A-Z]", p) for p in parts):
        return parts
    if re.fullmatch(r"[A-H]{2,8}", text) and len(set(text)) == len(text):
        return list(text)
    return None


def truth(answer: str) -> bool | None:
    word = key(answer)
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None


def level_of(value, source: Source, options: Options) -> tuple[int, list[Diagnostic]]:
    if value is None or str(value).strip() == "":
        return 1, []
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 1 <= value <= 4:
        return int(value), []
    folded = key(str(value))
    found = options.levels.get(folded) or LEVELS.get(folded)
    if found:
        return found, []
    return 1, [UNKNOWN_LEVEL.at(source.position(), value=str(value), **source.args())]


def _texts(fields: dict):
    """(container, key) of every text in a draft's fields, to repair them in place."""
    for k in ("stem", "feedback"):
        if isinstance(fields.get(k), str):
            yield fields, k
    for o in fields.get("options") or []:
        yield o, "text"
        if isinstance(o.get("feedback"), str):
            yield o, "feedback"
    for k in ("answers", "items", "distractors"):
        values = fields.get(k) or []
        for i in range(len(values)):
            yield values, i
    for p in fields.get("pairs") or []:
        yield p, "left"
        yield p, "right"


def repair_legacy(draft: Draft) -> list[Diagnostic]:
    """Convert legacy TCVN3/VNI text in every field of a draft; one note per converted text."""
    notes = []
    for container, k in _texts(draft.fields):
        text = container[k]
        if not isinstance(text, str):
            continue
        runs = find_legacy(text)
        if runs:
            fixed = fix_text(text)
            container[k] = fixed
            notes.append(LEGACY_CONVERTED.at(
                draft.source.position(), encoding=runs[0].encoding_name,
                text=_short(text), fixed=_short(fixed), **draft.source.args()))
    draft.topics = [fix_text(t) for t in draft.topics]
    return notes


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "…"


def finish(draft: Draft, options: Options):
    """(question dict ready for YAML or None, diagnostics, needs_skill)."""
    diags = repair_legacy(draft)
    f = dict(draft.fields)
    level, more = level_of(f.get("level"), draft.source, options)
    diags += more
    f["level"] = level
    tags = [slugify(t) for t in draft.topics if t.strip()]
    if tags:
        f["tags"] = list(dict.fromkeys((f.get("tags") or []) + tags))
    if not f.get("skills"):
        skills = [s for t in draft.topics for s in options.topic_skills.get(key(t), [])]
        f["skills"] = list(dict.fromkeys(skills)) or list(options.skills)
    needs_skill = not f["skills"]
    if needs_skill:
        f["skills"] = ["0"]  # placeholder so that validation reports the other problems
    f.setdefault("review", "draft")
    f["id"] = "x"  # the writer assigns the real id
    try:
        _QUESTION.validate_python(f)
    except ValidationError as e:
        reason, reason_en = _reason(e)
        diags.append(skipped(draft.source, reason, reason_en))
        return None, diags, False
    if needs_skill:
        f["skills"] = []
    del f["id"]
    return f, diags, needs_skill


def _reason(error: ValidationError) -> tuple[str, str]:
    first = error.errors()[0]
    where = ".".join(str(p) for p in first["loc"][1:]) or "câu hỏi"
    if first["type"] == "qbank_blank" or first["type"] == "string_too_short":
        return f"'{where}' để trống", f"'{where}' is blank"
    if first["type"] == "too_short":
        return f"'{where}' quá ít mục", f"'{where}' has too few items"
    return (f"giá trị không hợp lệ ở '{where}': {first['msg']}",
            f"invalid value at '{where}': {first['msg']}")
