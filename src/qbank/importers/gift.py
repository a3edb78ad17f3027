"""GIFT, read the way Moodle reads it (question/format/gift/format.php, `qformat_gift`).

Followed function by function:
- questions are the blocks between blank lines (`qformat_default::readquestions`), lines trimmed;
  `//` comment lines are left out of the text, and their `[id:…]` / `[tag:…]` tokens give the
  question's id and tags (`extract_idnumber_and_tags_from_comment`);
- `\\~ \\= \\# \\{ \\} \\: \\n \\\\` escapes (`escapedchar_pre` / `escapedchar_post`);
- `$CATEGORY: $course$/top/A/B` starts a category (→ tag of its last segment, see moodle.py);
- `::name::` (→ id, slugified when `[id:…]` is absent), the answer block between the first `{`
  and the first `}`, `_____` in the stem when text follows the block, `####` general feedback;
- `[html]`, `[moodle]`, `[plain]`, `[markdown]` format markers on every text
  (`parse_text_with_format`); the stem's format is the default of the others; HTML becomes
  Markdown (moodle_text.py);
- the question type as `readquestion` decides it: no block → description, `{}` → essay,
  `{#…}` → numerical, `~` → multiple choice (single when an `=` answer exists, else multiple
  answers), `=` with `->` → matching, T/TRUE/F/FALSE → true/false, else short answer;
- weights `%50%` (`answerweightparser`), per-answer `#` feedback (`commentparser`), true/false
  `#wrong#right` feedback (`split_truefalse_comment`).
Description, essay and numerical questions are named (QB1160) and skipped; weights, feedback and
answers qbank cannot hold are reported (QB1161–QB1165), and the rest imported.
"""

from __future__ import annotations

import re
from pathlib import Path

from qbank.importers import moodle
from qbank.importers.drafts import Draft, Source, skipped
from qbank.importers.moodle_text import Files, to_markdown
from qbank.vietnamese import slugify

# Placeholders for escaped characters: private-use code points no text carries.
_PRE = {"\\:": "\ue03a", "\\#": "\ue023", "\\=": "\ue03d", "\\{": "\ue07b", "\\}": "\ue07d",
        "\\~": "\ue07e", "\\n": "\ue00a"}
_POST = {v: ("\n" if k == "\\n" else k[1]) for k, v in _PRE.items()}
_BACKSLASH = "\ue05c"
_WEIGHT = re.compile(r"^%-*([0-9]{1,2})\.?([0-9]*)%")
_FORMATS = {"moodle": "moodle", "html": "html", "plain": "plain", "markdown": "markdown"}
# qtype_ordering's `import_from_gift`: {>count [select] [layout] [grading] [show] items…}
_ORDERING = re.compile(
    r">\s*(\d+)\s*(ALL|EXACT|RANDOM|REL|CONTIGUOUS|CONTIG)?\s*"
    r"(HORIZONTAL|HORI|H|1|VERTICAL|VERT|V|0)?\s*"
    r"(ALL_OR_NOTHING|ABSOLUTE_POSITION|ABSOLUTE|ABS|RELATIVE_NEXT_EXCLUDE_LAST|"
    r"RELATIVE_NEXT_INCLUDE_LAST|RELATIVE_ONE_PREVIOUS_AND_NEXT|RELATIVE_ALL_PREVIOUS_AND_NEXT|"
    r"RELATIVE_TO_CORRECT|RELATIVE|REL|LONGEST_ORDERED_SUBSET|LONGEST_CONTIGUOUS_SUBSET)?\s*"
    r"(SHOW|TRUE|YES|1|HIDE|FALSE|NO|0)?\s*(.*)", re.S)
_NUMBERING = {"none", "abc", "ABCD", "iii", "IIII", "123"}
_ID = re.compile(r"\[id:((?:\\]|[^\]\x00-\x1f\x7f])+)\]")
_TAG = re.compile(r"\[tag:((?:\\]|[^\]<>`\x00-\x1f\x7f])+)\]")


def escape_pre(text: str) -> str:
    text = text.replace("\\\\", _BACKSLASH)
    for k, v in _PRE.items():
        text = text.replace(k, v)
    return text.replace(_BACKSLASH, "\\")


def escape_post(text: str) -> str:
    return "".join(_POST.get(c, c) for c in text)


def read_text(path: Path, text: str):
    drafts, diags = [], []
    topic: str | None = None
    for block in _blocks(text):
        lines = [(n, line) for n, line in block if not line.startswith("//")]
        if not lines:
            continue
        comments = "\n".join(line for _, line in block if line.startswith("//"))
        if lines[0][1].startswith("$CATEGORY:"):
            number, line = lines[0]
            topic, note = moodle.category_note(Source(path, number, "line"),
                                               escape_post(escape_pre(line[10:])))
            if note is not None:
                diags.append(note)
            lines = lines[1:]
            if not lines:
                continue
        made, more = _question(path, lines, comments)
        diags += more
        if made is not None:
            if topic:
                made.topics.append(topic)
            drafts.append(made)
    return drafts, diags


def _blocks(text: str):
    """Lines between blank lines, trimmed, with their numbers (Moodle's readquestions)."""
    block: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if line:
            block.append((number, line))
        elif block:
            yield block
            block = []
    if block:
        yield block


def _with_format(text: str, default: str = "moodle") -> tuple[str, str]:
    """(format, text) of a GIFT text that may start with [html], [plain], … (masked text in,
    plain text out)."""
    if text.startswith("[") and "]" in text:
        name = text[1:text.index("]")]
        if name in _FORMATS:
            return _FORMATS[name], escape_post(text[text.index("]") + 1:]).strip()
    return default, escape_post(text).strip()


def _md(text: str, default: str, files: Files) -> str:
    fmt, plain = _with_format(text.strip(), default)
    return to_markdown(plain, fmt, files)


def _question(path: Path, lines: list[tuple[int, str]], comments: str):
    source = Source(path, lines[0][0], "line")
    text = escape_pre("\n".join(line for _, line in lines))
    name = None
    if text.startswith("::"):
        text = text[2:]
        if "::" in text:
            end = text.index("::")
            name = escape_post(text[:end]).strip()
            text = text[end + 2:].strip()
    start, finish = text.find("{"), text.find("}")
    if start < 0 and finish < 0:
        return None, [moodle.unsupported(source, "description")]
    if start < 0 or finish < 0 or finish < start:
        return None, [skipped(source, "thiếu dấu { hoặc } quanh phần đáp án",
                              "a { or } around the answers is missing")]
    if "{" in text[finish + 1:] or "}" in text[finish + 1:]:
        return None, [skipped(source, "có hơn một cặp { } (câu GIFT chỉ có một phần đáp án)",
                              "more than one { } block (a GIFT question has one answer block)")]
    answer = text[start + 1:finish].strip()
    stem = text[:start] + ("" if text.endswith("}") else "_____") + text[finish + 1:]
    general = ""
    if "####" in answer:
        cut = answer.rindex("####")
        general, answer = answer[cut + 4:], answer[:cut].strip()
    fmt, _ = _with_format(stem.strip())
    files = Files()  # GIFT embeds no file: an @@PLUGINFILE@@ image is reported as missing
    fields = {"stem": _md(stem, "moodle", files)}
    if general.strip():
        fields["feedback"] = _md(general, fmt, files)
    ordering = _ORDERING.fullmatch(answer)
    if ordering is not None:  # plugins first, as readquestion's try_importing_using_qtypes
        made, diags = _ordering(source, ordering, files)
    elif answer == "":
        return None, [moodle.unsupported(source, "essay")]
    elif answer.startswith("#"):
        return None, [moodle.unsupported(source, "numerical")]
    elif "~" in answer:
        made, diags = _multichoice(source, answer, fmt, files)
    elif "=" in answer and "->" in answer:
        made, diags = _match(answer, fmt, files)
    elif (answer.split("#")[0].strip() if "#" in answer[1:] else answer) in (
            "T", "TRUE", "F", "FALSE"):
        made, diags = _truefalse(source, answer, fmt, files)
    else:
        made, diags = _shortanswer(source, answer, fmt, files)
    if made is None:
        return None, [skipped(source, *diags)]
    for missing in dict.fromkeys(files.missing):
        diags.append(moodle.MISSING_FILE.at(source.position(), name=missing, **source.args()))
    for name in dict.fromkeys(files.refused):
        diags.append(moodle.not_kept(source, f"tệp '{name}' (không phải ảnh PNG, JPEG, GIF, WebP)",
                                     f"file '{name}' (not a PNG, JPEG, GIF or WebP image)"))
    fields = {**made, **fields}
    ident, tags = _id_and_tags(comments)
    draft = Draft(source, {"type": fields.pop("type"), **fields},
                  source_id=slugify(ident) if ident else None,
                  id_hint=slugify(name) if name else None)
    draft.topics.extend(tags)
    return draft, diags


def _id_and_tags(comments: str) -> tuple[str | None, list[str]]:
    m = _ID.search(comments)
    ident = m.group(1).replace("\\]", "]").strip() if m else None
    tags = [t.replace("\\]", "]").strip() for t in _TAG.findall(comments)]
    return ident or None, [t for t in tags if t]


def _weight(answer: str) -> tuple[float | None, str]:
    m = _WEIGHT.match(answer)
    if m is None:
        return None, answer
    number = answer[1:answer.index("%", 1)]
    try:
        return float(number) / 100, answer[answer.index("%", 1) + 1:]
    except ValueError:
        return None, answer


def _comment(answer: str, fmt: str, files: Files) -> tuple[str, str | None]:
    text, _, feedback = answer.partition("#")
    fb = _md(feedback, fmt, files) if feedback.strip() else None
    return _md(text, fmt, files), fb


def _split(answer: str, sep: str) -> list[str]:
    parts = answer.split(sep)
    if parts and not parts[0].strip():
        parts = parts[1:]
    return [p.strip() for p in parts]


def _multichoice(source: Source, answer: str, fmt: str, files: Files):
    single = "=" in answer
    answers = _split(answer.replace("=", "~="), "~")
    if len(answers) < 2:
        return None, ("câu nhiều lựa chọn cần ít nhất hai phương án",
                      "a multiple-choice question needs at least two options")
    options, fractions = [], []
    for a in answers:
        if a.startswith("="):
            fraction, a = 1.0, a[1:]
        else:
            weight, rest = _weight(a)
            fraction, a = (weight, rest) if weight is not None else (0.0, a)
        text, feedback = _comment(a, fmt, files)
        options.append({"text": text, **({"feedback": feedback} if feedback else {})})
        fractions.append(fraction)
    return moodle.choice_fields(source, options, fractions, single)


def _match(answer: str, fmt: str, files: Files):
    answers = _split(answer, "=")
    if len(answers) < 2:
        return None, ("câu ghép đôi cần ít nhất hai cặp", "a matching question needs two pairs")
    pairs, distractors = [], []
    for a in answers:
        if "->" not in a:
            return None, (f"cặp ghép đôi thiếu '->': '{moodle.quote(escape_post(a))}'",
                          f"a matching pair has no '->': '{moodle.quote(escape_post(a))}'")
        left, right = a.split("->", 1)
        left, right = _md(left, fmt, files), escape_post(right).strip()
        if left:
            pairs.append({"left": left, "right": right})
        else:
            distractors.append(right)
    out = {"type": "matching", "pairs": pairs}
    if distractors:
        out["distractors"] = distractors
    return out, []


def _truefalse(source: Source, answer: str, fmt: str, files: Files):
    bits = answer.split("#", 2)
    value = bits[0].strip() in ("T", "TRUE")
    diags = []
    for i, (vi, en) in ((1, ("phản hồi khi trả lời sai", "the feedback for a wrong answer")),
                        (2, ("phản hồi khi trả lời đúng", "the feedback for a right answer"))):
        if len(bits) > i and bits[i].strip():
            text = moodle.quote(_md(bits[i], fmt, files))
            diags.append(moodle.not_kept(source, f"{vi} ('{text}')", f"{en} ('{text}')"))
    return {"type": "true_false", "answer": value}, diags


def _shortanswer(source: Source, answer: str, fmt: str, files: Files):
    answers, diags = [], []
    for a in _split(answer, "="):
        weight, rest = _weight(a)
        fraction = 1.0 if weight is None else weight
        text, feedback = _comment(rest, fmt, files)
        answers.append((text, fraction))
        if feedback and fraction >= 0.9999999 and text != "*":
            diags.append(moodle.not_kept(
                source, f"phản hồi riêng của đáp án '{moodle.quote(text)}'",
                f"the feedback of answer '{moodle.quote(text)}'"))
    made, more = moodle.text_entry_fields(source, answers)
    return made, (diags + more) if made is not None else more


def _ordering(source: Source, m: re.Match, files: Files):
    """The ordering plugin's GIFT: one item a line, in the right order; a first line that is
    only a numbering style (none, abc, 123, …) is the style, not an item."""
    count, select, _, grading, _, rest = m.groups()
    lines = [line.strip() for line in rest.split("\n")]
    if lines and lines[0] in _NUMBERING:
        lines = lines[1:]
    items = [_md(line, "moodle", files) for line in lines if line]
    if len(items) < 2:
        return None, ("câu sắp xếp cần ít nhất hai mục", "an ordering question needs two items")
    count = count if count.isdigit() and 2 < int(count) <= len(items) else str(min(6, len(items)))
    return {"type": "ordering", "items": items}, moodle.ordering_notes(
        source, select or "RANDOM", count, grading or "", len(items))
