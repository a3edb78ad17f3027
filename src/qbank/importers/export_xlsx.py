"""`qbank export xlsx`: one row per question in a sheet reviewers can read and comment in.

The columns carry every field of the question under the header names `qbank import`
recognises, so the sheet reads back into the same questions; reviewers write in "Nhận xét",
which the import ignores. The same questions give a byte-identical file: the document dates and
the zip entries' dates are fixed (SOURCE_DATE_EPOCH) and the entries sorted, so a re-run shows no change in git.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font

from qbank.export.identifiers import choice_id
from qbank.export.workbook import save_workbook
from qbank.model.common import LEVEL_LABELS_VI
from qbank.model.question import (
    ChoiceQuestion,
    Matching,
    Ordering,
    TextEntry,
    TrueFalse,
)

TYPE_LABELS = {"single_choice": "Một lựa chọn", "multiple_response": "Nhiều lựa chọn",
               "true_false": "Đúng/Sai", "text_entry": "Điền từ", "ordering": "Sắp xếp",
               "matching": "Ghép đôi"}
ARROW = " → "
TITLE_ROWS = 2
# The dates written into the document and its zip entries: fixed, so re-runs are identical.


def _option_cells(q) -> list[str]:
    if isinstance(q, ChoiceQuestion):
        return [o.text for o in q.options]
    if isinstance(q, TextEntry):
        return list(q.answers)
    if isinstance(q, Ordering):
        return list(q.items)
    if isinstance(q, Matching):
        return [p.left + ARROW + p.right for p in q.pairs] + [ARROW.lstrip() + d
                                                              for d in q.distractors]
    return []


# Reviewers read Vietnamese; the importer reads these words back (importers.xlsx USE_NAMES,
# STATUS_NAMES), so the sheet still round-trips.
USE_VI = {"checkpoint": "kiểm tra giữa bài", "final": "kiểm tra cuối khóa"}
STATUS_VI = {"draft": "bản nháp", "reviewed": "đã thẩm định", "approved": "đã duyệt"}


def _key(q) -> str:
    if isinstance(q, ChoiceQuestion):
        return ", ".join(choice_id(i) for i in q.keys)
    if isinstance(q, TrueFalse):
        return "Đúng" if q.answer else "Sai"
    return ""


def _row(q, width: int) -> list:
    options = _option_cells(q)
    settings = []
    if isinstance(q, TextEntry):
        if q.case_sensitive:
            settings.append("phân biệt hoa thường")
        if q.accept_without_diacritics:
            settings.append("chấp nhận không dấu")
    option_feedback = "\n".join(f"{choice_id(i)}: {o.feedback}" for i, o in
                                enumerate(getattr(q, "options", [])) if o.feedback)
    shuffle = getattr(q, "shuffle", None)
    return [q.id, TYPE_LABELS[q.type], q.stem, *options, *[None] * (width - len(options)),
            _key(q), q.feedback, option_feedback or None, LEVEL_LABELS_VI[int(q.level)],
            "; ".join(q.tags) or None, ", ".join(q.skills), ", ".join(USE_VI[u.value] for u in q.use),
            None if shuffle is None else ("Có" if shuffle else "Không"),
            "; ".join(settings) or None,
            "\n".join(f"{m.src} | {m.alt}" for m in q.media) or None, q.version,
            STATUS_VI[q.review.status.value], q.review.reviewer, q.review.date, None]


def questions_of(project, course: str | None = None, bank: str | None = None):
    if course:
        return [e.q for e in project.course_questions(project.course(course))]
    banks = [project.banks[bank]] if bank else list(project.banks.values())
    return [e.q for b in banks for e in b.questions]


def export(project, target: Path, course: str | None = None, bank: str | None = None) -> int:
    """Write the sheet; returns the number of questions."""
    questions = questions_of(project, course, bank)
    width = max([4] + [len(_option_cells(q)) for q in questions])
    letters = [choice_id(i) for i in range(width)]
    header = (["Mã câu hỏi", "Loại", "Nội dung câu hỏi"] + [f"Phương án {c}" for c in letters]
              + ["Đáp án đúng", "Giải thích", "Phản hồi phương án", "Mức độ", "Chủ đề",
                 "Kỹ năng", "Sử dụng", "Xáo trộn", "Tùy chọn", "Hình ảnh", "Phiên bản",
                 "Trạng thái", "Người thẩm định", "Ngày thẩm định", "Nhận xét"])
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Câu hỏi"
    ws.cell(1, 1, f"NGÂN HÀNG CÂU HỎI — {course or bank or 'tất cả'}").font = Font(bold=True)
    ws.cell(2, 1, "Người thẩm định ghi ý kiến ở cột 'Nhận xét'; không sửa cột 'Mã câu hỏi'.")
    ws.append(header)
    for cell in ws[TITLE_ROWS + 1]:
        cell.font = Font(bold=True)
    for q in questions:
        ws.append(_row(q, width))
    for row in ws.iter_rows(min_row=TITLE_ROWS + 2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = ws.cell(TITLE_ROWS + 2, 4)
    save_workbook(wb, target)
    return len(questions)
