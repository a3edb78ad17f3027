"""Question blocks typed as prose, in Word or plain text:

    Câu 1: Nội dung câu hỏi?          (or "Câu 1." — numbering may restart in each section)
    A. Phương án                       (or "A)" / "a."; a leading "*" or bold marks the key)
    B. Phương án
    Đáp án: B                          (letters "A, C", or Đúng / Sai)
    Giải thích: Vì …

Lines are (number, text, bold) so that Word paragraphs and text lines share one reader; the
number is the paragraph or line the position points at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from qbank.importers.drafts import Draft, Source, clean, key, letters, skipped, truth

STEM = re.compile(r"^\s*(?:câu|cau|question)\s*(?:hỏi|hoi)?\s*(\d+)\s*[:.)]\s*(.*)$", re.I)
OPTION = re.compile(r"^\s*(\*)?\s*([A-Ha-h])\s*[.)]\s+(.*)$")
KEY = re.compile(r"^\s*(?:đáp án đúng|đáp án|dap an dung|dap an|đa|answer)\s*[:：]\s*(.*)$",
                 re.I)
FEEDBACK = re.compile(r"^\s*(?:giải thích|hướng dẫn|lời giải|giai thich|feedback)\s*[:：]\s*(.*)$",
                      re.I)
LEVEL = re.compile(r"^\s*(?:mức độ|muc do)\s*[:：]\s*(.*)$", re.I)
TOPIC = re.compile(r"^\s*(?:chủ đề|chu de)\s*[:：]\s*(.*)$", re.I)
SKILL = re.compile(r"^\s*(?:kỹ năng|kĩ năng|ky nang|mã kỹ năng)\s*[:：]\s*(.*)$", re.I)


@dataclass
class Line:
    number: int
    text: str
    bold: bool = False


@dataclass
class _Block:
    start: Line
    stem: list[str]
    options: list[tuple[str, str, bool]] = field(default_factory=list)  # (label, text, marked)
    key: str | None = None
    feedback: list[str] = field(default_factory=list)
    level: str | None = None
    topics: list[str] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    last: str = "stem"


def blocks(lines: list[Line]) -> list[_Block]:
    out: list[_Block] = []
    current: _Block | None = None
    for line in lines:
        text = line.text.strip()
        if not text:
            continue
        m = STEM.match(text)
        if m:
            current = _Block(line, [m.group(2)] if m.group(2).strip() else [])
            out.append(current)
            continue
        if current is None:
            continue  # title, instructions, section headings before the first question
        if (m := KEY.match(text)) is not None:
            current.key, current.last = m.group(1), "key"
        elif (m := FEEDBACK.match(text)) is not None:
            current.feedback.append(m.group(1))
            current.last = "feedback"
        elif (m := LEVEL.match(text)) is not None:
            current.level = m.group(1)
        elif (m := TOPIC.match(text)) is not None:
            current.topics.append(m.group(1))
        elif (m := SKILL.match(text)) is not None:
            current.skills += [s for s in re.split(r"[\s,;]+", m.group(1)) if s]
        elif (m := OPTION.match(text)) is not None and current.last in ("stem", "option"):
            current.options.append((m.group(2).upper(), m.group(3), bool(m.group(1)) or
                                    line.bold))
            current.last = "option"
        elif current.last == "stem":
            current.stem.append(text)
        elif current.last == "option":
            label, prev, marked = current.options[-1]
            current.options[-1] = (label, prev + " " + text, marked)
        elif current.last == "feedback":
            current.feedback.append(text)
    return out


def read_lines(path: Path, lines: list[Line], kind: str):
    """(drafts, diagnostics) from the lines of a Word document or a text file."""
    drafts, diags = [], []
    for b in blocks(lines):
        source = Source(path, b.start.number, kind)
        made = _draft(b, source)
        if isinstance(made, Draft):
            drafts.append(made)
        else:
            diags.append(skipped(source, *made))
    return drafts, diags


def _draft(b: _Block, source: Source):
    stem = clean("\n".join(b.stem))
    if not stem:
        return "thiếu nội dung câu hỏi sau 'Câu N:'", "no question text after 'Câu N:'"
    f: dict = {"stem": stem}
    labels = [label for label, _, _ in b.options]
    if len(set(labels)) != len(labels):
        return "hai phương án cùng một chữ cái", "two options have the same letter"
    texts = {label: clean(text) for label, text, _ in b.options}
    marked = [label for label, _, m in b.options if m]
    raw = clean(b.key) if b.key else ""
    folded = {key(t) for t in texts.values()}
    if texts and folded <= {"dung", "sai", "true", "false"}:
        value = truth(raw) if raw else None
        if value is None:
            picked = (letters(raw) if raw else None) or marked
            value = truth(texts[picked[0]]) if picked and picked[0] in texts else None
        if value is None:
            return "không có đáp án Đúng/Sai", "no true/false key"
        f.update(type="true_false", answer=value)
    elif not texts:
        if not raw:
            return "không có phương án và đáp án", "no options and no key"
        f.update(type="text_entry", answers=[a.strip() for a in raw.split(";") if a.strip()])
    else:
        keys = letters(raw) if raw else marked
        if raw and keys is None:
            keys = [label for label, t in texts.items() if key(t) == key(raw)] or None
            if keys is None:
                return (f"đáp án '{raw}' không phải chữ cái phương án",
                        f"the key '{raw}' is not an option letter")
        if not keys:
            return ("không có đáp án đúng (dòng 'Đáp án:', chữ đậm hoặc dấu '*')",
                    "no key ('Đáp án:' line, bold or a leading '*')")
        missing = [k for k in keys if k not in texts]
        if missing:
            return (f"đáp án '{', '.join(missing)}' không có trong các phương án",
                    f"the key '{', '.join(missing)}' is not among the options")
        f.update(type="single_choice" if len(set(keys)) == 1 else "multiple_response",
                 options=[{"text": t, **({"correct": True} if label in keys else {})}
                          for label, t in texts.items()])
    if b.feedback:
        f["feedback"] = clean("\n".join(b.feedback))
    if b.level:
        f["level"] = b.level
    if b.skills:
        f["skills"] = b.skills
    return Draft(source, f, [clean(t) for t in b.topics])


def read_text_file(path: Path, text: str):
    lines = [Line(i, t) for i, t in enumerate(text.splitlines(), 1)]
    return read_lines(path, lines, "line")
