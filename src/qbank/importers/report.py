"""The summary `qbank import` prints after the diagnostics: per file, how many questions went
where and how many were left out, so an author sees at once what still needs work."""

from __future__ import annotations

import os
from pathlib import Path

from qbank.importers.run import ImportResult


def _rel(path: Path | None, root: Path) -> str:
    if path is None:
        return "-"
    try:
        return Path(os.path.relpath(path, root)).as_posix()
    except ValueError:
        return path.as_posix()


def to_text(result: ImportResult, root: Path, lang: str) -> str:
    lines = []
    for f in result.files:
        src = f.source.name
        if f.written:
            where = _rel(f.target, root)
            if len(f.targets) > 1:
                where = (f"{_rel(f.targets[0], root)} … {f.targets[-1].name} ({len(f.targets)} "
                         + ("files)" if lang == "en" else "tệp)"))
            if lang == "en":
                lines.append(f"{src} ({f.format}): {f.imported} question(s) → "
                             f"{where}; {f.skipped} not imported")
            else:
                lines.append(f"{src} ({f.format}): {f.imported} câu hỏi → {where}; "
                             f"{f.skipped} câu không nhập được")
        elif not (f.updated or f.unchanged):
            lines.append(f"{src}: " + ("nothing written" if lang == "en" else "không ghi gì"))
        if f.existing:
            lines.append(f"{src}: " + (f"{f.existing} question(s) already in the project, "
                                       "skipped (--update updates them)" if lang == "en" else
                                       f"{f.existing} câu hỏi đã có trong kho, bỏ qua (--update "
                                       "để cập nhật)"))
        if f.updated or f.unchanged:
            lines.append(f"{src}: " + (
                f"{f.updated} question(s) updated, {f.unchanged} unchanged" if lang == "en"
                else f"đã cập nhật {f.updated} câu hỏi, {f.unchanged} câu không thay đổi"))
    total = sum(f.imported for f in result.files)
    skipped = sum(f.skipped for f in result.files)
    if lang == "en":
        lines.append(f"Total: {total} question(s) imported as draft, {skipped} not imported.")
    else:
        lines.append(f"Tổng: {total} câu hỏi đã nhập (trạng thái draft), {skipped} câu không "
                     "nhập được.")
    return "\n".join(lines)
