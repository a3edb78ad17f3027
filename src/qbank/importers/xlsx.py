"""Excel banks (.xlsx) in the templates Vietnamese offices use.

Title rows and merged cells sit above the header row, so the header is found as the first row
whose cells mean "question" plus an option or a key, by their names after folding diacritics
("Nội dung câu hỏi", "Câu hỏi", "Phương án A", "Đáp án A", "Đáp án đúng", …). Every sheet with
such a header is read; each row below it becomes a draft with its sheet and row number.
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl

from qbank.diagnostics import Diagnostic, Position, code
from qbank.importers.archive import check_zip, unreadable
from qbank.importers.drafts import (
    Draft,
    Options,
    Source,
    clean,
    key,
    letters,
    skipped,
    truth,
)

UNKNOWN_HEADER = code(
    "QB1103", "import-unknown-header", "warning",
    "trang tính \"{sheet}\", ô {cell}: không hiểu tiêu đề cột '{name}'; bỏ qua cột này",
    "sheet \"{sheet}\", cell {cell}: unrecognised column header '{name}'; column ignored",
    "Đổi tên cột theo tài liệu docs/importing.md, hoặc khai báo trong tệp --map "
    "(columns: {{'{name}': stem}}).",
    "Rename the column as in docs/importing.md, or declare it in a --map file "
    "(columns: {{'{name}': stem}}).")
NO_HEADER = code(
    "QB1113", "import-no-header", "warning",
    "trang tính \"{sheet}\": không tìm thấy dòng tiêu đề (cột câu hỏi và phương án/đáp án) trong "
    "{rows} dòng đầu",
    "sheet \"{sheet}\": no header row (a question column and options/key) in the first {rows} rows",
    "Đặt tên cột như 'Nội dung câu hỏi', 'Phương án A', 'Đáp án đúng', hoặc dùng --map.",
    "Name the columns like 'Nội dung câu hỏi', 'Phương án A', 'Đáp án đúng', or use --map.")

HEADER_SCAN = 30

# Header names (folded) → field. Option columns are matched by pattern below.
HEADERS = {
    "stem": ["noi dung cau hoi", "cau hoi", "noi dung", "de bai", "question", "stem",
             "cau hoi trac nghiem", "noi dung cau"],
    "key": ["dap an dung", "dap an", "dap an chinh xac", "phuong an dung", "dap an dung la",
            "ket qua", "answer", "correct", "key", "da"],
    "feedback": ["giai thich", "huong dan", "loi giai", "phan hoi", "giai thich dap an",
                 "feedback", "explanation", "huong dan giai"],
    "level": ["muc do", "do kho", "cap do", "muc do nhan thuc", "muc do kho", "level"],
    "topic": ["chu de", "chuyen de", "linh vuc", "noi dung kien thuc", "nhom", "topic", "tags",
              "the"],
    "skill": ["ky nang", "ma ky nang", "nang luc", "ma nang luc", "skill", "skills"],
    "id": ["ma cau hoi", "ma", "id", "ma so"],
    "number": ["stt", "so thu tu", "tt", "cau so", "so"],
    "type": ["loai", "loai cau hoi", "dang cau hoi", "kieu cau hoi", "type"],
    "use": ["su dung", "muc dich", "dung cho", "use"],
    "status": ["trang thai", "trang thai tham dinh", "review"],
    "reviewer": ["nguoi tham dinh", "reviewer"],
    "review_date": ["ngay tham dinh", "review date"],
    "version": ["phien ban", "version"],
    "option_feedback": ["phan hoi phuong an", "phan hoi tung phuong an", "option feedback"],
    "media": ["hinh anh", "media", "anh"],
    "shuffle": ["xao tron", "tron phuong an", "shuffle"],
    "options_extra": ["tuy chon", "settings"],
    "ignore": ["nhan xet", "ghi chu", "y kien", "y kien tham dinh", "comment", "comments"],
}
_BY_NAME = {name: f for f, names in HEADERS.items() for name in names}
# "A"…"H" alone, or "Phương án A"…"Phương án Z": `qbank export xlsx` writes one column per
# accepted answer, item or pair, so a text entry with ten answers reaches "Phương án J".
_PREFIX = r"(?:phuong an|dap an|lua chon|phuong an tra loi|pa|option|choice|cau)"
_OPTION = re.compile(rf"^(?:{_PREFIX}\s+([a-z])|{_PREFIX}?\s*([a-h]))$")

TYPE_NAMES = {"mot lua chon": "single_choice", "mot dap an": "single_choice",
              "nhieu lua chon": "multiple_response", "nhieu dap an": "multiple_response",
              "dung sai": "true_false", "dung hoac sai": "true_false", "dien tu": "text_entry",
              "tra loi ngan": "text_entry", "sap xep": "ordering", "sap xep thu tu": "ordering",
              "ghep doi": "matching", "noi cot": "matching", "ghep noi": "matching"}
TYPE_NAMES.update({t.replace("_", " "): t for t in ("single_choice", "multiple_response",
                                                    "true_false", "text_entry", "ordering",
                                                    "matching")})
USE_NAMES = {"on tap": "checkpoint", "kiem tra giua bai": "checkpoint", "checkpoint": "checkpoint",
             "kiem tra cuoi khoa": "final", "thi": "final", "cuoi khoa": "final", "final": "final"}
STATUS_NAMES = {"nhap": "draft", "ban nhap": "draft", "draft": "draft",
                "da xem": "reviewed", "da tham dinh": "reviewed", "reviewed": "reviewed",
                "da duyet": "approved", "approved": "approved"}
MATCH_ARROW = " → "


def column_field(header, options: Options) -> str | None:
    name = key(header)
    if not name:
        return None
    if name in options.columns:
        return options.columns[name]
    if name in _BY_NAME:
        return _BY_NAME[name]
    m = _OPTION.match(name)
    if m:
        return "option:" + (m.group(1) or m.group(2)).upper()
    return None


def _header_row(ws, options: Options):
    """(row number, {column index: field}, unknown [(cell, name)]) of the header, or None."""
    for r, row in enumerate(ws.iter_rows(min_row=1, max_row=HEADER_SCAN, values_only=True), 1):
        fields = {}
        unknown = []
        for c, value in enumerate(row):
            if value is None or str(value).strip() == "":
                continue
            f = column_field(value, options)
            if f is None:
                unknown.append((c, str(value).strip()))
            elif f not in fields.values():
                fields[c] = f
        names = set(fields.values())
        if "stem" in names and ("key" in names or any(n.startswith("option:") for n in names)):
            return r, fields, unknown
    return None


def read(path: Path, options: Options) -> tuple[list[Draft], list[Diagnostic]]:
    diags = check_zip(path)
    if diags:
        return [], diags
    try:
        wb = openpyxl.load_workbook(path, data_only=True)
    except Exception as e:  # noqa: BLE001 - openpyxl raises many kinds for a broken file
        return [], [unreadable(path, f"không mở được bằng openpyxl ({type(e).__name__})",
                               f"openpyxl cannot open it ({type(e).__name__})")]
    drafts: list[Draft] = []
    found_any = False
    for ws in wb.worksheets:
        header = _header_row(ws, options)
        if header is None:
            if ws.max_row > 1 or ws.max_column > 1:
                diags.append(NO_HEADER.at(Position(path, 1, 1), sheet=ws.title, rows=HEADER_SCAN))
            continue
        found_any = True
        r0, fields, unknown = header
        for c, name in unknown:
            diags.append(UNKNOWN_HEADER.at(Position(path, r0, c + 1), sheet=ws.title, name=name,
                                           cell=f"{openpyxl.utils.get_column_letter(c + 1)}{r0}"))
        for r, row in enumerate(ws.iter_rows(min_row=r0 + 1, values_only=True), r0 + 1):
            cells = {fields[c]: v for c, v in enumerate(row) if c in fields and v is not None
                     and str(v).strip() != ""}
            if not any(k not in ("number", "ignore") for k in cells):
                continue
            source = Source(path, r, "row", sheet=ws.title)
            draft, diag = row_draft(cells, source)
            if draft is not None:
                drafts.append(draft)
            if diag is not None:
                diags.append(diag)
    if not found_any and not any(d.code is NO_HEADER for d in diags):
        diags.append(NO_HEADER.at(Position(path, 1, 1), sheet=wb.worksheets[0].title,
                                  rows=HEADER_SCAN))
    return drafts, diags


def _lines(value) -> list[str]:
    return [line.strip() for line in str(value).splitlines() if line.strip()]


def row_draft(cells: dict, source: Source):
    """(draft or None, diagnostic or None) for one row's {field: value}."""
    stem = clean(cells.get("stem"))
    if not stem:
        return None, skipped(source, "thiếu nội dung câu hỏi", "the question text is missing")
    labels = sorted(k for k in cells if k.startswith("option:"))
    texts = {k[-1]: clean(cells[k]) for k in labels}
    order = [k[-1] for k in labels]
    raw_key = clean(cells.get("key"))
    qtype = TYPE_NAMES.get(key(cells["type"])) if "type" in cells else None
    if "type" in cells and qtype is None:
        return None, skipped(source, f"không hiểu loại câu hỏi '{cells['type']}'",
                             f"unknown question type '{cells['type']}'")
    f: dict = {"stem": stem}
    made = _by_type(qtype, texts, order, raw_key, source)
    if isinstance(made, tuple):
        return None, skipped(source, *made)
    f.update(made)
    if cells.get("feedback"):
        f["feedback"] = clean(cells["feedback"])
    if "level" in cells:
        f["level"] = cells["level"]
    if "skill" in cells:
        f["skills"] = [s for s in re.split(r"[\s,;]+", str(cells["skill"]).strip()) if s]
    if "use" in cells:
        f["use"] = [USE_NAMES.get(key(u), key(u)) for u in re.split(r"[,;]", str(cells["use"]))
                    if u.strip()]
    _review(f, cells)
    if "version" in cells:
        f["version"] = int(cells["version"]) if str(cells["version"]).isdigit() else \
            cells["version"]
    if "option_feedback" in cells and f.get("options"):
        for line in _lines(cells["option_feedback"]):
            m = re.match(r"^([A-H])\s*[:.)]\s*(.+)$", line)
            idx = order.index(m.group(1)) if m and m.group(1) in order else None
            if idx is not None:
                f["options"][idx]["feedback"] = clean(m.group(2))
    if "media" in cells:
        media = []
        for line in _lines(cells["media"]):
            src, _, alt = line.partition("|")
            media.append({"src": src.strip(), "alt": alt.strip()})
        f["media"] = media
    if "shuffle" in cells:
        f["shuffle"] = truth(str(cells["shuffle"])) is not False
    if "options_extra" in cells:
        flags = key(cells["options_extra"])
        if "phan biet hoa thuong" in flags:
            f["case_sensitive"] = True
        if "chap nhan khong dau" in flags:
            f["accept_without_diacritics"] = True
    topics = [t.strip() for t in re.split(r"[;\n]", str(cells.get("topic", ""))) if t.strip()]
    source_id = str(cells["id"]).strip() if "id" in cells else None
    return Draft(source, f, topics, source_id), None


def _review(f: dict, cells: dict) -> None:
    if "status" not in cells:
        return
    status = STATUS_NAMES.get(key(cells["status"]), key(cells["status"]))
    review = {"status": status}
    if "reviewer" in cells:
        review["reviewer"] = clean(cells["reviewer"])
    if "review_date" in cells:
        value = cells["review_date"]
        review["date"] = value.date().isoformat() if hasattr(value, "date") else str(value)
    f["review"] = review if len(review) > 1 else status


def _by_type(qtype, texts: dict, order: list[str], raw_key: str, source: Source):
    """The type-specific fields, or (reason vi, reason en) when the row cannot be a question."""
    present = [k for k in order if texts[k]]
    if qtype in ("ordering", "matching", "text_entry"):
        values = [texts[k] for k in present]
        if qtype == "text_entry":
            return {"type": qtype, "answers": values}
        if qtype == "ordering":
            return {"type": qtype, "items": values}
        pairs, distractors = [], []
        for v in values:
            left, sep, right = v.partition(MATCH_ARROW.strip())
            if not sep:
                return (f"phương án ghép đôi '{v}' thiếu dấu '→'",
                        f"matching option '{v}' lacks '→'")
            if left.strip():
                pairs.append({"left": left.strip(), "right": right.strip()})
            else:
                distractors.append(right.strip())
        out = {"type": qtype, "pairs": pairs}
        if distractors:
            out["distractors"] = distractors
        return out
    if not raw_key:
        return "không có đáp án đúng", "no correct answer given"
    folded = {key(texts[k]) for k in present}
    is_tf = qtype == "true_false" or (qtype is None and folded and folded <= {"dung", "sai",
                                                                              "true", "false"})
    if is_tf:
        value = truth(raw_key)
        if value is None and letters(raw_key) and len(letters(raw_key)) == 1:
            label = letters(raw_key)[0]
            value = truth(texts.get(label, "")) if label in texts else None
        if value is None:
            return (f"đáp án '{raw_key}' không phải Đúng/Sai",
                    f"the key '{raw_key}' is not Đúng/Sai (true/false)")
        return {"type": "true_false", "answer": value}
    keys = letters(raw_key)
    if keys is None:
        matches = [k for k in present if key(texts[k]) == key(raw_key)]
        keys = matches or None
    if keys is None:
        return (f"đáp án '{raw_key}' không phải chữ cái phương án (A, B, …)",
                f"the key '{raw_key}' is not an option letter (A, B, …)")
    missing = [k for k in keys if k not in present]
    if missing:
        span = f"{present[0]}–{present[-1]}" if present else "không có"
        span_en = f"{present[0]}–{present[-1]}" if present else "none"
        return (f"đáp án '{', '.join(missing)}' không có trong các phương án ({span})",
                f"the key '{', '.join(missing)}' is not among the options ({span_en})")
    if len(present) < 2:
        return "cần ít nhất hai phương án", "at least two options are needed"
    options = [{"text": texts[k], **({"correct": True} if k in keys else {})} for k in present]
    if qtype is None:
        qtype = "single_choice" if len(set(keys)) == 1 else "multiple_response"
    if qtype == "single_choice" and len(set(keys)) > 1:
        return ("câu một lựa chọn nhưng có nhiều đáp án đúng",
                "single choice with several correct options")
    return {"type": qtype, "options": options}
