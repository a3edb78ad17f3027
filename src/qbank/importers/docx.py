"""Word banks (.docx): paragraphs read with python-docx, then the "Câu 1:" block reader.

A paragraph counts as bold when every run that carries text is bold (directly or through its
style): that is how authors mark the key when they leave out the "Đáp án:" line. Line breaks
inside a paragraph split it into lines that keep the paragraph's number.
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
from docx.table import Table

from qbank.diagnostics import Diagnostic
from qbank.importers.archive import check_zip, unreadable
from qbank.importers.drafts import Draft, Options, letters, truth
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
    """The document's paragraphs in order, numbered as Word counts them; a table becomes the
    key lines it holds (see table_lines), numbered as the paragraph before it."""
    document = docx.Document(str(path))
    lines = []
    i = 0
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines += [Line(i, text, table=True) for text in table_lines(block)]
            continue
        i += 1
        bold = _bold(block)
        for part in block.text.split("\n"):
            lines.append(Line(i, part, bold))
    return lines


def _cells(row) -> list[str]:
    """A row's cell texts, a merged cell once."""
    out, seen = [], []
    for cell in row.cells:
        if seen and cell._tc is seen[-1]:
            continue
        seen.append(cell._tc)
        out.append(" ".join(cell.text.split()))
    return out


def _number(text: str) -> bool:
    return bool(re.fullmatch(r"[0-9]{1,4}\.?", text))


def _unlabelled(row: list[str]) -> list[str]:
    """The row without a leading label cell ("Câu", "Đáp án")."""
    return row[1:] if row and row[0] and not _number(row[0]) and not _answer(row[0]) else row


def _horizontal(rows: list[list[str]]) -> list[str] | None:
    """Rows of numbers each over a row of keys → one key line per pair of rows."""
    if len(rows) < 2 or len(rows) % 2:
        return None
    out = []
    for numbers, answers in zip(rows[0::2], rows[1::2], strict=True):
        numbers, answers = _unlabelled(numbers), _unlabelled(answers)
        pairs = [(n, a) for n, a in zip(numbers, answers, strict=False) if n or a]
        if len(numbers) != len(answers) or not pairs or not all(
                _number(n) and (not a or _answer(a)) for n, a in pairs):
            return None
        out.append(" ".join(f"{n.rstrip('.')}.{a}" for n, a in pairs if a))
    return out


def _vertical(rows: list[list[str]]) -> list[str] | None:
    """Columns number | key (possibly repeated across the table) → one key line per row."""
    out = []
    for row in rows:
        if not _number(row[0]):
            if out:
                return None
            continue  # header row
        cells = row + [""] * (len(row) % 2)
        pairs = [(cells[k].rstrip("."), cells[k + 1]) for k in range(0, len(cells), 2)
                 if cells[k] or cells[k + 1]]
        if not all(_number(n) and (not a or _answer(a)) for n, a in pairs):
            return None
        out.append(" ".join(f"{n}.{a}" for n, a in pairs if a))
    return out or None


def table_lines(table) -> list[str]:
    """An answer-key table as "1.B 2.C" lines: rows of question numbers each over a row of keys
    (a leading "Câu" / "Đáp án" label cell allowed), or columns number | key. A table that is
    not a key gives no line (its text is not read as questions)."""
    rows = [r for r in (_cells(r) for r in table.rows) if any(r)]
    return _horizontal(rows) or _vertical(rows) or []


def _answer(text: str) -> bool:
    text = text.strip()
    return bool(text) and (letters(text) is not None or truth(text) is not None)


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
