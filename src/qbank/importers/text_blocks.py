"""Question blocks typed as prose, in Word or plain text:

    Câu 1: Nội dung câu hỏi?          (or "Câu 1." — numbering may restart in each section)
    A. Phương án                       (or "A)" / "a."; a leading "*" or bold marks the key)
    B. Phương án
    Đáp án: B                          (letters "A, C", or Đúng / Sai)
    Giải thích: Vì …

The key may also come at the end, or after each section, as test papers print it:

    ĐÁP ÁN                             (or "BẢNG ĐÁP ÁN", "Đáp án phần I:")
    1.B  2.C  3.A,D  4.Đúng            (or "1-B; 2-C", "1B 2C", one "Câu 1: A" per line)

or as a Word table (a row of question numbers over a row of letters, or two columns "Câu" /
"Đáp án"; the docx reader turns a table into such lines). When question numbers restart in each
section, the keys are matched section by section, in order: the n-th run of keys (numbers
restarting, a new "ĐÁP ÁN" heading, or a "Phần II" line) answers the n-th run of questions.

Lines are (number, text, bold) so that Word paragraphs and text lines share one reader; the
number is the paragraph or line the position points at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from qbank.diagnostics import code
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
# "ĐÁP ÁN", "BẢNG ĐÁP ÁN", "Đáp án phần II:", "Đáp án đúng" followed by a list of keys or nothing.
KEY_HEADING = re.compile(r"^\s*(?:bảng|bang)?\s*(?:đáp án|dap an)(?:\s+(?:đúng|dung))?"
                         r"(?:\s+(?:phần|phan|chương|chuong|mục|muc|đề|de)\s+\w+)?"
                         r"\s*[:：.]?\s*(.*)$", re.I)
SECTION = re.compile(r"^\s*(?:phần|phan|chương|chuong|mục|muc|đề|de)\s+\w+\b", re.I)
_KEY_ITEM = re.compile(r"(?:(?<=[\s,;|])|^)(?:câu|cau)?\s*([0-9]{1,4})\s*[.:)\-–/]?\s*", re.I)

KEY_UNMATCHED = code(
    "QB1131", "import-key-without-question", "warning",
    "{where}: bảng đáp án có đáp án cho câu {number} (phần {section}) nhưng không có câu hỏi đó",
    "{where_en}: the answer key has a key for question {number} (part {section}) but no such "
    "question",
    "Kiểm tra số thứ tự câu trong bảng đáp án.", "Check the question numbers in the key.")
KEY_CONFLICT = code(
    "QB1132", "import-key-conflict", "warning",
    "{where}: câu {number} ghi đáp án '{own}' nhưng bảng đáp án ghi '{table}'; dùng '{own}'",
    "{where_en}: question {number} gives the key '{own}' but the answer key says '{table}'; "
    "'{own}' used",
    "Sửa cho hai chỗ giống nhau trong tệp gốc rồi nhập lại.",
    "Make both agree in the source file and import again.")
KEY_SECTIONS = code(
    "QB1133", "import-key-sections", "warning",
    "bảng đáp án có {keys} phần nhưng tệp có {sections} phần câu hỏi (số câu bắt đầu lại); "
    "chỉ ghép {matched} phần đầu",
    "the answer key has {keys} part(s) but the file has {sections} run(s) of questions "
    "(numbering restarts); only the first {matched} matched",
    "Ghi bảng đáp án cho từng phần theo đúng thứ tự các phần câu hỏi.",
    "Give one key per part, in the order of the parts.")


def _row_pairs(numbers: list[str], text: str) -> list[tuple[int, str]] | None:
    """A key printed as two rows, "1 2 3" then "B C A": [] for a row of numbers (kept until
    its keys come), the pairs for the row of keys under it, None for any other line."""
    cells = text.replace("|", " ").split()
    if cells and all(re.fullmatch(r"[0-9]{1,4}", c) for c in cells):
        return []
    if numbers and len(cells) == len(numbers) and all(
            letters(c) is not None or truth(c) is not None for c in cells):
        return [(int(n), c) for n, c in zip(numbers, cells, strict=True)]
    return None


def key_items(text: str) -> list[tuple[int, str]] | None:
    """The (question number, key) pairs of a key line ("1.B 2.C", "Câu 3: A, D", "4-Đúng"), or
    None when the line is not made only of such pairs."""
    found = list(_KEY_ITEM.finditer(text))
    if not found or text[:found[0].start()].strip():
        return None
    out = []
    for m, nxt in zip(found, found[1:] + [None], strict=True):
        answer = text[m.end():nxt.start() if nxt else len(text)].strip(" \t,;.|")
        if not answer or (letters(answer) is None and truth(answer) is None):
            return None
        out.append((int(m.group(1)), answer))
    return out


@dataclass
class Line:
    number: int
    text: str
    bold: bool = False
    table: bool = False  # a line made from an answer-key table (docx)


@dataclass
class _Block:
    start: Line
    stem: list[str]
    number: int = 0
    options: list[tuple[str, str, bool]] = field(default_factory=list)  # (label, text, marked)
    key: str | None = None
    feedback: list[str] = field(default_factory=list)
    level: str | None = None
    topics: list[str] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    last: str = "stem"


@dataclass
class _Keys:
    """The answer keys given apart from the questions: runs of (number, key, line)."""

    runs: list[list[tuple[int, str, Line]]] = field(default_factory=list)
    active: bool = False  # inside an "ĐÁP ÁN" part

    def add(self, items: list[tuple[int, str]], line: Line, new_run: bool = False) -> None:
        for number, answer in items:
            run = self.runs[-1] if self.runs and not new_run else None
            if run is None or (run and number <= run[-1][0]):
                run = []
                self.runs.append(run)
            run.append((number, answer, line))
            new_run = False


def blocks(lines: list[Line], keys: _Keys | None = None) -> list[_Block]:
    out: list[_Block] = []
    current: _Block | None = None
    keys = keys if keys is not None else _Keys()
    pending: list[str] = []  # a row of question numbers waiting for its row of keys
    for line in lines:
        text = line.text.strip()
        if not text:
            continue
        heading = KEY_HEADING.match(text)
        if heading is not None:
            rest = heading.group(1).strip()
            items = key_items(rest) if rest else []
            if items is not None:  # "ĐÁP ÁN" alone, or followed by numbered keys
                keys.active = True
                keys.add(items, line, new_run=True)
                if not items:
                    keys.runs.append([])
                current = None
                continue
        m = STEM.match(text)
        items = key_items(text) if keys.active or line.table or m is None else None
        if items is not None and (keys.active or line.table or len(items) > 1):
            if not keys.active:  # a key table, or a line "1.B 2.C …" without a heading
                keys.active = True
                keys.runs.append([])
            keys.add(items, line)
            continue
        if keys.active and (row := _row_pairs(pending, text)) is not None:
            if row:
                keys.add(row, line)
                pending = []
            else:
                pending = text.split()
            continue
        pending = []
        if keys.active and m is None:
            if SECTION.match(text) and keys.runs and keys.runs[-1]:
                keys.runs.append([])  # "Phần II" inside the key: a new run of numbers
            continue
        if m:
            keys.active = False
            current = _Block(line, [m.group(2)] if m.group(2).strip() else [],
                             int(m.group(1)))
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


def _sections(found: list[_Block]) -> list[list[_Block]]:
    """Runs of questions: a new one each time the numbering restarts."""
    runs: list[list[_Block]] = []
    for b in found:
        if not runs or b.number <= runs[-1][-1].number:
            runs.append([])
        runs[-1].append(b)
    return runs


def _apply_keys(path: Path, found: list[_Block], keys: _Keys, kind: str) -> list:
    """Give each question without a key of its own the key from the answer key."""
    runs = [r for r in keys.runs if r]
    if not runs:
        return []
    sections = _sections(found)
    diags = []
    numbers = [n for run in runs for n, _, _ in run]
    if len({b.number for b in found}) == len(found) and len(set(numbers)) == len(numbers):
        # Questions numbered 1…N across parts: keys match by number, however they are grouped.
        sections, runs = [found], [[k for run in runs for k in run]]
    if len(runs) != len(sections):
        diags.append(KEY_SECTIONS.at(Source(path, runs[0][0][2].number, kind).position(),
                                     keys=len(runs), sections=len(sections),
                                     matched=min(len(runs), len(sections))))
    for part, (run, section) in enumerate(zip(runs, sections, strict=False), 1):
        by_number = {b.number: b for b in section}
        for number, answer, line in run:
            b = by_number.get(number)
            source = Source(path, line.number, kind)
            if b is None:
                diags.append(KEY_UNMATCHED.at(source.position(), number=number, section=part,
                                              **source.args()))
                continue
            marked = [label for label, _, m in b.options if m]
            own = b.key if b.key is not None else ", ".join(marked)
            if not own:
                b.key = answer
            elif _same_key(own) != _same_key(answer):
                where = Source(path, b.start.number, kind)
                diags.append(KEY_CONFLICT.at(where.position(), number=number, own=own,
                                             table=answer, **where.args()))
    return diags


def _same_key(answer: str):
    found = letters(answer)
    if found is not None:
        return sorted(set(found))
    value = truth(answer)
    return value if value is not None else key(answer)


def read_lines(path: Path, lines: list[Line], kind: str):
    """(drafts, diagnostics) from the lines of a Word document or a text file."""
    drafts, diags = [], []
    keys = _Keys()
    found = blocks(lines, keys)
    diags += _apply_keys(path, found, keys, kind)
    for b in found:
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
