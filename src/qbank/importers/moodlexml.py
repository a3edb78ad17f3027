"""Moodle XML question files (`<quiz>`), read the way Moodle reads them
(question/format/xml/format.php, `qformat_xml`):

- `import_question`: one `<question type="…">` at a time; `category` questions set the category
  (`import_category`: `<category><text>$course$/top/A/B</text>`, or the older bare text), which
  tags the questions after it (moodle.py); multichoice, truefalse, shortanswer, matching (and
  `match`) and the ordering plugin's `ordering` are imported; every other type (essay,
  numerical, description, cloze/multianswer, calculated…, drag and drop, random…) is named and
  skipped (QB1160) at its line;
- `import_headers`: `<name>` (→ id, slugified, unless `<idnumber>` is set), `<questiontext>`
  and `<generalfeedback>` with their `format` and `<file>`s (`import_text_with_files`), the old
  `<image>`/`<image_base64>` pair, `<tags>` (`import_question_tags`) → tags;
- `import_multichoice`: `<single>` (`trans_single`), `<shuffleanswers>`, answers with their
  `fraction` percent and `<feedback>` (`import_answer`); `import_truefalse`: answers `true` /
  `false` with fraction 100 on the key (older files: true first); `import_shortanswer`:
  `<usecase>` → case_sensitive; `import_match`: `<subquestion>` text + `<answer>`, an empty
  subquestion is a distractor; qtype_ordering: answers in the order of their `fraction`
  (the position Moodle stores there);
- combined feedback (correct / partially correct / incorrect), hints and per-answer feedback
  qbank cannot hold are reported (QB1165), weights as in moodle.py.
Texts are converted to Markdown and embedded `@@PLUGINFILE@@` files written under `media/`
(moodle_text.py). Parsing is qti.py's: entities, DTDs and network off, DOCTYPE refused.
"""

from __future__ import annotations

import base64
import binascii
import re
from pathlib import Path

from qbank.importers import moodle
from qbank.importers.archive import unreadable
from qbank.importers.drafts import Draft, Options, Source, skipped
from qbank.importers.moodle_text import Files, to_markdown
from qbank.importers.qti import parse
from qbank.vietnamese import slugify

FORMATS = {"moodle_auto_format": "moodle", "html": "html", "plain_text": "plain",
           "wiki_like": "wiki", "markdown": "markdown"}
COMBINED = (("correctfeedback", "đúng", "right"), ("partiallycorrectfeedback", "đúng một phần",
                                                  "partly right"),
            ("incorrectfeedback", "sai", "wrong"))


def read(path: Path, options: Options):
    """(drafts, diagnostics) of a Moodle XML file."""
    root, diags = parse(path.read_bytes(), path, path.name)
    if root is None:
        return [], diags
    if root.tag != "quiz":
        return [], [unreadable(path, "không phải tệp Moodle XML (thiếu thẻ <quiz>)",
                               "not a Moodle XML file (no <quiz> element)")]
    drafts: list[Draft] = []
    topic: str | None = None
    for q in root.findall("question"):
        source = Source(path, q.sourceline or 0, "line")
        qtype = (q.get("type") or "").strip()
        if qtype == "category":
            topic, note = moodle.category_note(source, _category(q))
            if note is not None:
                diags.append(note)
            continue
        reader = READERS.get(qtype)
        if reader is None:
            diags.append(moodle.unsupported(source, qtype or "?"))
            continue
        made, more = _question(q, source, reader)
        diags += more
        if made is not None:
            if topic:
                made.topics.insert(0, topic)
            drafts.append(made)
    return drafts, diags


def _category(q) -> str:
    el = q.find("category")
    if el is None:
        return ""
    text = el.find("text")
    return (text.text if text is not None else el.text) or ""


def _format(el, default: str) -> str:
    name = (el.get("format") if el is not None else None) or default
    return FORMATS.get(name.strip(), "html")


def _files(q) -> Files:
    """Every file the question embeds, by its Moodle path (`path` + `name`)."""
    files = Files()
    for f in q.iter("file"):
        name = f.get("name") or ""
        folder = (f.get("path") or "/").strip("/")
        try:
            data = base64.b64decode((f.text or "").encode("ascii", "ignore"), validate=False)
        except (binascii.Error, ValueError):
            continue
        if name and data:
            files.add(f"{folder}/{name}" if folder else name, data)
    return files


def _text(el, files: Files, default: str) -> str:
    """The Markdown of a text field: `<x format="…"><text>…</text><file/>…</x>`."""
    if el is None:
        return ""
    child = el.find("text")
    raw = child.text if child is not None else ""
    return to_markdown(raw or "", _format(el, default), files)


def _plain(el) -> str:
    child = el.find("text") if el is not None else None
    return " ".join(((child.text if child is not None else "") or "").split())


def _fraction(el) -> float:
    try:
        return float(el.get("fraction") or 0) / 100
    except ValueError:
        return 0.0


def _question(q, source: Source, reader):
    files = _files(q)
    text = q.find("questiontext")
    qformat = _format(text, "html")
    fields = {"stem": _text(text, files, "html")}
    image, image_data = q.findtext("image"), q.findtext("image_base64")
    if image and image_data:  # the old image tag (import_headers' backwards compatibility)
        try:
            data = base64.b64decode(image_data.encode("ascii", "ignore"))
        except (binascii.Error, ValueError):
            data = None
        if data:
            name = image.replace("/", "_")
            fields["stem"] += f"\n\n![{name}]({files.place(name, data)})"
    feedback = _text(q.find("generalfeedback"), files, _name(qformat))
    if feedback:
        fields["feedback"] = feedback
    made, diags = reader(q, source, files, _name(qformat))
    if made is None:
        return None, [skipped(source, *diags)]
    combined = [(vi, en) for tag, vi, en in COMBINED if _text(q.find(tag), files, _name(qformat))]
    if combined:
        diags.append(moodle.not_kept(
            source, "phản hồi theo kết quả (khi trả lời " + ", ".join(v for v, _ in combined) + ")",
            "the feedback by outcome (for a " + ", ".join(e for _, e in combined) + " response)"))
    hints = [h for h in q.findall("hint") if _text(h, files, _name(qformat))]
    if hints:
        diags.append(moodle.not_kept(source, f"{len(hints)} gợi ý (hint)",
                                     f"{len(hints)} hint(s)"))
    for name in dict.fromkeys(files.missing):
        diags.append(moodle.MISSING_FILE.at(source.position(), name=name, **source.args()))
    for name in dict.fromkeys(files.refused):
        diags.append(moodle.not_kept(source, f"tệp '{name}' (không phải ảnh PNG, JPEG, GIF, WebP)",
                                     f"file '{name}' (not a PNG, JPEG, GIF or WebP image)"))
    ident = (q.findtext("idnumber") or "").strip()
    name = _plain(q.find("name"))
    draft = Draft(source, {"type": made.pop("type"), **fields, **made},
                  source_id=slugify(ident) if ident else None,
                  id_hint=slugify(name) if name else None)
    draft.files = dict(files.used)
    for group in ("tags", "coursetags"):
        for t in q.findall(f"{group}/tag"):
            tag = _plain(t)
            if tag:
                draft.topics.append(tag)
    return draft, diags


def _name(fmt: str) -> str:
    """The XML name of a format, to use it as another text's default."""
    return next(k for k, v in FORMATS.items() if v == fmt)


def _shuffle(q, default: str) -> dict:
    value = (q.findtext("shuffleanswers") or default).strip().lower()
    return {"shuffle": False} if value in ("false", "0", "") else {}


def _answer_feedback(source, answer, files, qformat, label) -> list:
    text = _text(answer.find("feedback"), files, qformat)
    if not text:
        return []
    return [moodle.not_kept(source, f"phản hồi riêng của {label[0]}",
                            f"the feedback of {label[1]}")]


def _multichoice(q, source, files, qformat):
    single = (q.findtext("single") or "true").strip()
    options, fractions = [], []
    for a in q.findall("answer"):
        option = {"text": _text(a, files, qformat)}
        fb = _text(a.find("feedback"), files, qformat)
        if fb:
            option["feedback"] = fb
        options.append(option)
        fractions.append(_fraction(a))
    if len(options) < 2:
        return None, ("câu nhiều lựa chọn cần ít nhất hai phương án",
                      "a multiple-choice question needs at least two options")
    made, diags = moodle.choice_fields(source, options, fractions,
                                       single not in ("false", "0", ""))
    if made is not None:
        made.update(_shuffle(q, "false"))
    return made, diags


def _truefalse(q, source, files, qformat):
    value, diags = None, []
    for i, a in enumerate(q.findall("answer")):
        text = _plain(a)
        if text not in ("true", "false"):  # older files: true first, then false
            text = "true" if i == 0 else "false"
        full = _fraction(a) >= 0.9999999
        value = full if text == "true" else not full
        diags += _answer_feedback(source, a, files, qformat,
                                  (f"câu trả lời '{'Đúng' if text == 'true' else 'Sai'}'",
                                   f"the '{text}' response"))
    if value is None:
        return None, ("câu đúng/sai không có đáp án", "the true/false question has no answer")
    return {"type": "true_false", "answer": value}, diags


def _shortanswer(q, source, files, qformat):
    answers, diags = [], []
    for a in q.findall("answer"):
        text, fraction = _plain(a), _fraction(a)
        answers.append((text, fraction))
        if fraction >= 0.9999999 and text != "*":
            diags += _answer_feedback(source, a, files, qformat,
                                      (f"đáp án '{moodle.quote(text)}'",
                                       f"answer '{moodle.quote(text)}'"))
    made, more = moodle.text_entry_fields(source, answers)
    if made is None:
        return None, more
    if (q.findtext("usecase") or "0").strip() not in ("0", "", "false"):
        made["case_sensitive"] = True
    return made, diags + more


def _match(q, source, files, qformat):
    pairs, distractors = [], []
    for sub in q.findall("subquestion"):
        left = _text(sub, files, qformat)
        right = _plain(sub.find("answer"))
        if left:
            pairs.append({"left": left, "right": right})
        elif right:
            distractors.append(right)
    out = {"type": "matching", "pairs": pairs, **_shuffle(q, "1")}
    if distractors:
        out["distractors"] = distractors
    return out, []


def _ordering(q, source, files, qformat):
    """qtype_ordering's `import_from_xml`: the answers in the file's order are the right order
    (Moodle writes them sorted by the position it keeps in `fraction`)."""
    items, diags = [], []
    for n, a in enumerate(q.findall("answer"), 1):
        items.append(_text(a, files, qformat))
        diags += _answer_feedback(source, a, files, qformat, (f"mục {n}", f"item {n}"))
    old = q.find("selecttype") is None  # the fields' names before the plugin renamed them
    select = q.findtext("logical" if old else "selecttype")
    count = q.findtext("studentsee" if old else "selectcount")
    diags += moodle.ordering_notes(source, "RANDOM" if select is None else select,
                                   "6" if count is None else count,
                                   q.findtext("gradingtype") or "", len(items))
    return {"type": "ordering", "items": items}, diags


READERS = {"multichoice": _multichoice, "truefalse": _truefalse, "shortanswer": _shortanswer,
           "matching": _match, "match": _match, "ordering": _ordering}


def looks_like(data: bytes) -> bool:
    """True when XML bytes are a Moodle XML file: the root element is <quiz>."""
    head = re.sub(rb"<\?xml[^>]*\?>|<!--.*?-->|\s+", b"", data[:4096], flags=re.S)
    return head.startswith(b"<quiz") or head.startswith(b"\xef\xbb\xbf<quiz")
