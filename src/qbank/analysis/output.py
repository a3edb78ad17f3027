"""The item analysis as text for a terminal, JSON for programs, Markdown and an SVG chart for
reviewers. Reviewers' files are Vietnamese; the terminal text follows --lang. Decimals take a
comma in Vietnamese text, a point in JSON and English."""

from __future__ import annotations

import json
from xml.sax.saxutils import escape

from qbank.analysis.items import FLAG_VI, ItemStats
from qbank.analysis.run import Analysis
from qbank.analysis.skills import table_json, table_markdown


def _num(value: float | None, digits: int = 2, lang: str = "vi") -> str:
    if value is None:
        return "—"
    text = f"{value:.{digits}f}"
    return text if lang == "en" else text.replace(".", ",")


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{round(value * 100)} %"


def to_json(a: Analysis) -> str:
    def item(it: ItemStats) -> dict:
        return {
            "id": it.id, "bank": it.bank, "type": it.type, "n": it.n,
            "p": None if it.p is None else round(it.p, 4),
            "discrimination": None if it.discrimination is None else round(it.discrimination, 4),
            "options": [{"id": o.id, "text": o.text, "correct": o.correct, "picked": o.picked}
                        for o in it.options],
            "flags": it.flags,
        }

    data = {"course": a.course, "course_key": a.course_key, "learners": a.learners,
            "thresholds": a.thresholds.model_dump(),
            "items": [item(it) for it in a.items], "skipped": a.skipped}
    if a.skills is not None:
        data["skills_by_unit"] = table_json(a.skills)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _options(it: ItemStats) -> str:
    return " ".join(f"{o.id}{'✔' if o.correct else ''}:{o.picked}" for o in it.options)


def to_text(a: Analysis, lang: str = "vi") -> str:
    en = lang == "en"
    lines = [f"{'Item analysis — course' if en else 'Phân tích câu hỏi — khóa'} {a.course} "
             f"({a.course_key}) — {a.learners} {'learners' if en else 'người học'}",
             f"{'question' if en else 'câu hỏi':<40}{'n':>6}{'p':>7}{'r':>7}  "
             f"{'options / flags' if en else 'phương án / cảnh báo'}"]
    for it in a.items:
        name = it.id if len(it.id) <= 39 else it.id[:38] + "…"
        flags = ", ".join(f if en else FLAG_VI[f] for f in it.flags)
        lines.append(f"{name:<40}{it.n:>6}{_num(it.p, lang=lang):>7}"
                     f"{_num(it.discrimination, lang=lang):>7}  "
                     f"{_options(it)}{'  ⚠ ' + flags if flags else ''}")
    flagged = sum(1 for it in a.items if it.flags)
    minimum = a.thresholds.min_respondents
    lines.append(
        f"{len(a.items)} questions, {flagged} to review; p: proportion correct, r: item-rest "
        f"correlation; flags need at least {minimum} respondents" if en else
        f"{len(a.items)} câu, {flagged} câu cần xem lại; p: tỷ lệ trả lời đúng, r: độ phân biệt "
        f"(tương quan câu – phần còn lại); cảnh báo khi có ít nhất {minimum} người trả lời")
    if a.skipped:
        lines.append(f"{len(a.skipped)} row(s) match no question (see --format json)" if en else
                     f"{len(a.skipped)} dòng không khớp câu hỏi nào (xem --format json)")
    if a.skills is not None:
        lines += ["", "Proportion correct by skill and unit (answers):" if en else
                  "Tỷ lệ trả lời đúng theo kỹ năng và đơn vị (số câu trả lời):",
                  table_markdown(a.skills).rstrip("\n")]
    return "\n".join(lines) + "\n"


def to_markdown(a: Analysis) -> str:
    out = [f"# Phân tích câu hỏi — {a.course}", "",
           f"Khóa học trên nền tảng: `{a.course_key}`; {a.learners} người học; cảnh báo khi có "
           f"ít nhất {a.thresholds.min_respondents} người trả lời.", "",
           "| câu hỏi | ngân hàng | n | tỷ lệ đúng | độ phân biệt | phương án (✔ đáp án: số người "
           "chọn) | cảnh báo |", "|---|---|---:|---:|---:|---|---|"]
    for it in a.items:
        flags = ", ".join(FLAG_VI[f] for f in it.flags)
        out.append(f"| `{it.id}` | {it.bank} | {it.n} | {_pct(it.p)} | {_num(it.discrimination)}"
                   f" | {_options(it)} | {flags} |")
    if a.skipped:
        out += ["", f"{len(a.skipped)} dòng của báo cáo không khớp câu hỏi nào của khóa học."]
    if a.skills is not None:
        out += ["", "## Kết quả theo kỹ năng và đơn vị", "",
                "Tỷ lệ trả lời đúng các câu hỏi gắn với từng kỹ năng của khung, theo đơn vị của "
                "người học (trong ngoặc: số câu trả lời).", "", table_markdown(a.skills)]
    return "\n".join(out).rstrip("\n") + "\n"


def to_svg(a: Analysis) -> str:
    """Difficulty against discrimination, one dot per item; flagged items in red."""
    w, h, left, top = 640, 420, 60, 40
    pw, ph = w - left - 20, h - top - 50
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
           f'viewBox="0 0 {w} {h}" role="img" font-family="sans-serif" font-size="12">',
           f"<title>Độ khó và độ phân biệt — {escape(a.course)}</title>",
           f'<text x="10" y="20" font-size="15" font-weight="bold">Độ khó và độ phân biệt — '
           f'{escape(a.course)}</text>',
           f'<rect x="{left}" y="{top}" width="{pw}" height="{ph}" fill="none" stroke="#888"/>']
    zero_y = top + ph / 2
    out.append(f'<line x1="{left}" y1="{zero_y:g}" x2="{left + pw}" y2="{zero_y:g}" '
               'stroke="#bbb" stroke-dasharray="4 3"/>')
    for it in a.items:
        if it.p is None or it.discrimination is None:
            continue
        x = left + pw * it.p
        y = top + ph * (1 - (it.discrimination + 1) / 2)
        color = "#c0392b" if it.flags else "#1b6ca8"
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{color}">'
                   f"<title>{escape(it.id)}: p={_num(it.p)}, r={_num(it.discrimination)}"
                   f"</title></circle>")
    out += [f'<text x="{left + pw / 2:g}" y="{h - 12}" text-anchor="middle">'
            "tỷ lệ trả lời đúng (0 → 1)</text>",
            f'<text x="14" y="{top + ph / 2:g}" transform="rotate(-90 14 {top + ph / 2:g})" '
            'text-anchor="middle">độ phân biệt (−1 → 1)</text>', "</svg>", ""]
    return "\n".join(out)


def xlsx_bytes(a: Analysis) -> bytes:
    """One row per question (figures, option counts, flags); with rosters, a second sheet of
    proportion correct per skill and unit. Percentages are numbers formatted as %."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from qbank.export.workbook import workbook_bytes

    wb = Workbook()
    ws = wb.active
    ws.title = "Câu hỏi"
    ws.append([f"PHÂN TÍCH CÂU HỎI — {a.course} ({a.course_key}) — {a.learners} người học"])
    ws.append([])
    head = ["Câu hỏi", "Ngân hàng", "Loại", "Số người trả lời", "Tỷ lệ đúng", "Độ phân biệt",
            "Số người chọn từng phương án (✔ đáp án)", "Cần xem lại"]
    ws.append(head)
    for cell in ws[3]:
        cell.font = Font(bold=True)
    for it in a.items:
        ws.append([it.id, it.bank, it.type, it.n, it.p, it.discrimination, _options(it),
                   ", ".join(FLAG_VI[f] for f in it.flags)])
        ws.cell(ws.max_row, 5).number_format = "0%"
        ws.cell(ws.max_row, 6).number_format = "0.00"
    for col, width in zip("ABCDEFGH", (32, 24, 18, 10, 10, 10, 34, 40), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A4"
    if a.skills is not None:
        sk = wb.create_sheet("Kỹ năng theo đơn vị")
        sk.append(["Kỹ năng", "Tên"] + [f"{u} ({a.skills.learners_by_unit.get(u, 0)} người)"
                                       for u in a.skills.units])
        for cell in sk[1]:
            cell.font = Font(bold=True)
        for code, name in a.skills.skills:
            row = [code, name]
            for unit in a.skills.units:
                cell = a.skills.cells.get((code, unit))
                row.append(None if cell is None else cell.rate)
            sk.append(row)
            for c in range(3, 3 + len(a.skills.units)):
                sk.cell(sk.max_row, c).number_format = "0%"
    return workbook_bytes(wb)


FORMATS = {"text": to_text, "json": to_json, "md": to_markdown, "svg": to_svg}
