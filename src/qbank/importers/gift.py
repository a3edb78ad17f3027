"""GIFT (Moodle's text format), the parts question banks use: multiple choice (= right, ~ wrong,
~%50% partial), true/false ({T} {F}), short answer ({=a =b}), matching ({=left -> right}),
"#" feedback on an answer, "####" general feedback, ::title::, // comments, \\ escapes.

GIFT has no parser on PyPI; its grammar is small and line-independent once the answer braces
are found, which is done on the text with escaped characters masked.
"""

from __future__ import annotations

import re
from pathlib import Path

from qbank.importers.drafts import Draft, Source, clean, skipped

_ESCAPES = {"\\~": "\x01", "\\=": "\x02", "\\#": "\x03", "\\{": "\x04", "\\}": "\x05",
            "\\:": "\x06"}
_UNESCAPE = {v: k[1] for k, v in _ESCAPES.items()}
_TITLE = re.compile(r"^\s*::(.*?)::", re.S)
_ANSWER = re.compile(r"([=~])(%-?\d+(?:\.\d+)?%)?([^=~]*)")


def _mask(text: str) -> str:
    for k, v in _ESCAPES.items():
        text = text.replace(k, v)
    return text


def _unmask(text: str) -> str:
    return clean("".join(_UNESCAPE.get(c, c) for c in text))


def read_text(path: Path, text: str):
    drafts, diags = [], []
    lines = _mask(text).splitlines()
    block: list[tuple[int, str]] = []
    for number, line in [*enumerate(lines, 1), (0, "")]:
        if line.strip().startswith("//") or line.strip().startswith("$CATEGORY"):
            continue
        if line.strip():
            block.append((number, line))
            continue
        if block:
            made = _question(path, block)
            (drafts if isinstance(made, Draft) else diags).append(made)
            block = []
    return drafts, diags


def _question(path: Path, block: list[tuple[int, str]]):
    source = Source(path, block[0][0], "line")
    body = "\n".join(line for _, line in block)
    title = None
    if (m := _TITLE.match(body)) is not None:
        title, body = m.group(1).strip(), body[m.end():]
    if body.count("{") != 1 or body.count("}") != 1 or body.index("{") > body.index("}"):
        return skipped(source, "câu GIFT cần đúng một cặp ngoặc { } chứa đáp án",
                       "a GIFT question needs exactly one { } answer block")
    start, end = body.index("{"), body.index("}")
    stem = _unmask(body[:start] + (" ___ " if body[end + 1:].strip() else "") + body[end + 1:])
    inner = body[start + 1:end]
    general = None
    if "####" in inner:
        inner, general = inner.split("####", 1)
    fields = _answers(inner.strip())
    if isinstance(fields, tuple):
        return skipped(source, *fields)
    if not stem:
        return skipped(source, "thiếu nội dung câu hỏi", "the question text is missing")
    fields["stem"] = stem
    if general and general.strip():
        fields["feedback"] = _unmask(general)
    return Draft(source, fields, source_id=title)


def _answers(inner: str):
    if re.fullmatch(r"(?i)(T|TRUE|F|FALSE)(#.*)?", inner, re.S):
        value = inner.split("#")[0].strip().upper() in ("T", "TRUE")
        return {"type": "true_false", "answer": value}
    answers = []
    for m in _ANSWER.finditer(inner):
        text, _, feedback = m.group(3).partition("#")
        answers.append((m.group(1), m.group(2), _unmask(text), _unmask(feedback) or None))
    if not answers:
        return "không có đáp án trong { }", "no answers inside { }"
    if all(a[0] == "=" for a in answers):
        if all("->" in a[2] for a in answers):
            pairs = [dict(zip(("left", "right"), (s.strip() for s in a[2].split("->", 1)),
                              strict=True)) for a in answers]
            distractors = [p["right"] for p in pairs if not p["left"]]
            out = {"type": "matching", "pairs": [p for p in pairs if p["left"]]}
            if distractors:
                out["distractors"] = distractors
            return out
        if len(answers) > 1 or not any(a[0] == "~" for a in answers):
            return {"type": "text_entry", "answers": [a[2] for a in answers]}
    options = []
    for sign, weight, text, feedback in answers:
        correct = sign == "=" or (weight is not None and float(weight.strip("%")) > 0)
        option = {"text": text, **({"correct": True} if correct else {})}
        if feedback:
            option["feedback"] = feedback
        options.append(option)
    keys = sum(o.get("correct", False) for o in options)
    if keys == 0:
        return "không có phương án đúng (=)", "no correct option (=)"
    return {"type": "single_choice" if keys == 1 else "multiple_response", "options": options}
