"""Aiken (Moodle): a question line, options "A." or "A)", then "ANSWER: B"; blank lines
between questions. Positions are the question's first line."""

from __future__ import annotations

import re
from pathlib import Path

from qbank.importers.drafts import Draft, Source, clean, skipped

_OPTION = re.compile(r"^([A-Z])\s*[.)]\s+(.*)$")
_ANSWER = re.compile(r"^ANSWER\s*:\s*(.*)$", re.I)


def read_text(path: Path, text: str):
    drafts, diags = [], []
    block: list[tuple[int, str]] = []
    for number, line in [*enumerate(text.splitlines(), 1), (0, "")]:
        if line.strip():
            block.append((number, line.strip()))
            continue
        if block:
            made = _draft(path, block)
            (drafts if isinstance(made, Draft) else diags).append(made)
            block = []
    return drafts, diags


def _draft(path: Path, block: list[tuple[int, str]]):
    source = Source(path, block[0][0], "line")
    stem, options, answer = [], [], None
    for _, line in block:
        if (m := _ANSWER.match(line)) is not None:
            answer = m.group(1).strip().upper()
        elif (m := _OPTION.match(line)) is not None:
            options.append((m.group(1), m.group(2)))
        elif not options:
            stem.append(line)
    if not stem:
        return skipped(source, "thiếu nội dung câu hỏi", "the question text is missing")
    labels = [label for label, _ in options]
    if answer is None or answer not in labels:
        return skipped(source, f"dòng ANSWER không trỏ tới phương án nào ('{answer or ''}')",
                       f"the ANSWER line names no option ('{answer or ''}')")
    opts = [{"text": clean(t), **({"correct": True} if label == answer else {})}
            for label, t in options]
    return Draft(source, {"type": "single_choice", "stem": clean("\n".join(stem)),
                          "options": opts})
