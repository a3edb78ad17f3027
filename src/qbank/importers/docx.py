"""Word banks (.docx): paragraphs read with python-docx, then the "Câu 1:" block reader.

A paragraph counts as bold when every run that carries text is bold (directly or through its
style): that is how authors mark the key when they leave out the "Đáp án:" line. Line breaks
inside a paragraph split it into lines that keep the paragraph's number.
"""

from __future__ import annotations

from pathlib import Path

import docx

from qbank.diagnostics import Diagnostic
from qbank.importers.archive import check_zip, unreadable
from qbank.importers.drafts import Draft, Options
from qbank.importers.text_blocks import Line, read_lines


def _bold(paragraph) -> bool:
    runs = [r for r in paragraph.runs if r.text.strip()]
    if not runs:
        return False
    style_bold = bool(paragraph.style is not None and paragraph.style.font.bold)
    return all(r.bold or (r.bold is None and (style_bold or (r.style is not None and
                                                             r.style.font.bold)))
               for r in runs)


def paragraph_lines(path: Path) -> list[Line]:
    document = docx.Document(str(path))
    lines = []
    for i, p in enumerate(document.paragraphs, 1):
        bold = _bold(p)
        for part in p.text.split("\n"):
            lines.append(Line(i, part, bold))
    return lines


def read(path: Path, options: Options) -> tuple[list[Draft], list[Diagnostic]]:
    diags = check_zip(path)
    if diags:
        return [], diags
    try:
        lines = paragraph_lines(path)
    except Exception as e:  # noqa: BLE001 - python-docx raises many kinds for a broken file
        return [], [unreadable(path, f"không mở được bằng python-docx ({type(e).__name__})",
                               f"python-docx cannot open it ({type(e).__name__})")]
    return read_lines(path, lines, "paragraph")
