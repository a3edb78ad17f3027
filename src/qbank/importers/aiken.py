"""Aiken, read the way Moodle reads it (question/format/aiken/format.php,
`qformat_aiken::readquestions`, and its test fixture aiken_errors.txt):

- every line is trimmed and a line shorter than two characters is ignored, so blank lines do not
  matter;
- a line `A) text`, `A. text` (`^[A-Z][).][ \\t]?`, the space may be missing) is an option of the
  open question; with no open question it is reported ("question not started");
- `ANSWER: B` (upper case, as Moodle matches it) closes the question; its first letter names the
  key; fewer than two options is reported and the question dropped;
- any other line starts a new question, its stem on that one line; a question still open then
  (no ANSWER line yet) is reported as not completed and dropped, as Moodle does; so is one still
  open at the end of the file.
Every question is single choice. Moodle escapes `<`, `>`, `&` to show them as typed: qbank keeps
the text as typed.
"""

from __future__ import annotations

import re
from pathlib import Path

from qbank.importers.drafts import Draft, Source, clean, skipped

_OPTION = re.compile(r"^[A-Z][).][ \t]?")


def read_text(path: Path, text: str):
    drafts, diags = [], []
    question: dict | None = None

    def drop(number: int, vi: str, en: str):
        diags.append(skipped(question["source"], f"{vi} (dòng {number})", f"{en} (line {number})"))

    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if len(line) < 2:
            continue
        if _OPTION.match(line):
            if question is None:
                diags.append(skipped(Source(path, number, "line"),
                                     "phương án khi chưa có câu hỏi nào",
                                     "an option line before any question"))
                continue
            question["options"].append(line[2:].strip())
        elif line.startswith("ANSWER:"):
            if question is None:
                diags.append(skipped(Source(path, number, "line"),
                                     "dòng ANSWER khi chưa có câu hỏi nào",
                                     "an ANSWER line before any question"))
                continue
            made = _draft(question, line[line.index(":") + 1:].strip()[:1], number)
            (drafts if isinstance(made, Draft) else diags).append(made)
            question = None
        else:
            if question is not None:
                drop(number, "câu hỏi chưa có dòng ANSWER trước câu tiếp theo",
                     "the question has no ANSWER line before the next question")
            question = {"source": Source(path, number, "line"), "stem": line, "options": []}
    if question is not None:
        drop(len(text.splitlines()), "câu hỏi chưa có dòng ANSWER ở cuối tệp",
             "the question has no ANSWER line at the end of the file")
    return drafts, diags


def _draft(question: dict, letter: str, number: int):
    source, options = question["source"], question["options"]
    if len(options) < 2:
        return skipped(source, f"câu hỏi cần ít nhất hai phương án (dòng {number})",
                       f"a question needs at least two options (line {number})")
    index = ord(letter) - ord("A") if letter else -1
    if not 0 <= index < len(options):
        return skipped(source, f"dòng ANSWER không trỏ tới phương án nào ('{letter}')",
                       f"the ANSWER line names no option ('{letter}')")
    opts = [{"text": clean(t), **({"correct": True} if i == index else {})}
            for i, t in enumerate(options)]
    return Draft(source, {"type": "single_choice", "stem": clean(question["stem"]),
                          "options": opts})
