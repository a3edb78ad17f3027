"""The monthly progress report as files: an .xlsx (one sheet per level plus the detail and
the people not on any roster), a Markdown summary, and an SVG bar chart of completion.

Deterministic: no dates or times unless the report carries a month; xlsx metadata fixed.
Citizen-ID numbers and platform usernames that are ID numbers are masked unless `with_ids`.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from qbank.export.workbook import save_workbook
from qbank.people.masking import mask_email, mask_id, mask_username
from qbank.people.progress import Counts, ProgressReport
from qbank.source.atomic import write_text_atomic
from qbank.vietnamese import slugify

FORMATS = ("xlsx", "md", "svg")
STATUS_VI = {"completed": "Hoàn thành", "in_progress": "Đang học",
             "not_started": "Chưa bắt đầu", "not_enrolled": "Chưa đăng ký"}
COUNT_HEAD = ["Trên danh sách", "Đã đăng ký", "Hoàn thành", "Đang học", "Chưa bắt đầu",
              "Chưa đăng ký", "Tỷ lệ hoàn thành", "Đạt chỉ tiêu"]


def percent(rate: float) -> str:
    """0.305 → "30,5%": Vietnamese decimal comma."""
    return f"{rate * 100:.1f}".replace(".", ",") + "%"


def title(report: ProgressReport) -> str:
    parts = ["Báo cáo tiến độ học tập"]
    if report.course:
        parts.append(f"khóa {report.course}")
    if report.month:
        year, month = report.month.split("-")
        parts.append(f"tháng {month}/{year}")
    return " — ".join(parts)


def base_name(report: ProgressReport) -> str:
    parts = ["tien-do"]
    if report.course:
        parts.append(slugify(report.course))
    if report.month:
        parts.append(report.month)
    return "-".join(parts)


def report_paths(report: ProgressReport, out: Path, formats: list[str]) -> list[Path]:
    return [Path(out) / f"{base_name(report)}.{fmt}" for fmt in formats]


def write_reports(report: ProgressReport, out: Path, formats: list[str] | None = None,
                  with_ids: bool = False) -> list[Path]:
    """Write the chosen formats into `out`; returns the paths written."""
    formats = list(formats or FORMATS)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = report_paths(report, out, formats)
    for fmt, path in zip(formats, paths, strict=True):
        if fmt == "xlsx":
            write_xlsx(report, path, with_ids)
        elif fmt == "md":
            write_text_atomic(path, to_markdown(report))
        elif fmt == "svg":
            write_text_atomic(path, to_svg(report))
        else:
            raise ValueError(f"unknown report format: {fmt}")
    return paths


def _counts_row(report: ProgressReport, c: Counts) -> list:
    return [c.on_roster, c.enrolled, c.completed, c.in_progress, c.not_started, c.not_enrolled,
            round(c.rate, 4), "Đạt" if report.met(c) else "Chưa đạt"]


def write_xlsx(report: ProgressReport, path: Path, with_ids: bool = False) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)

    def sheet(name: str, header: list[str], rows: list[list], rate_col: int | None = None,
              grade_col: int | None = None):
        """Rates and grades are fractions shown as percentages (30,0 %, not 0.3)."""
        ws = wb.create_sheet(name)
        ws.cell(1, 1, title(report).upper()).font = Font(bold=True)
        ws.cell(2, 1, f"Chỉ tiêu hoàn thành: {report.target:g}%")
        for c, h in enumerate(header, start=1):
            ws.cell(4, c, h).font = Font(bold=True)
            ws.column_dimensions[ws.cell(4, c).column_letter].width = max(12, len(h) + 2)
        for r, values in enumerate(rows, start=5):
            for c, v in enumerate(values, start=1):
                cell = ws.cell(r, c, v)
                if rate_col and c == rate_col:
                    cell.number_format = "0.0%"
                elif grade_col and c == grade_col and isinstance(v, (int, float)):
                    cell.number_format = "0%"
        ws.freeze_panes = "A5"
        return ws

    total = ["Tổng cộng", *_counts_row(report, report.total)]
    sheet("Theo đơn vị", ["Đơn vị", *COUNT_HEAD],
          [[u, *_counts_row(report, c)] for u, c in report.units] + [total], 8)
    sheet("Theo phòng ban", ["Đơn vị", "Phòng/ban", *COUNT_HEAD],
          [[u, d, *_counts_row(report, c)] for u, d, c in report.departments]
          + [["Tổng cộng", "", *_counts_row(report, report.total)]], 9)
    sheet("Chi tiết", ["STT", "Họ và Tên", "Email", "Số căn cước Công dân", "Phòng/ban",
                       "Đơn vị", "Trạng thái", "Điểm", "Dòng trong danh sách"],
          [[i, p.name, p.email, p.citizen_id if with_ids else mask_id(p.citizen_id),
            p.department, p.unit, STATUS_VI[p.status], p.grade, p.where]
           for i, p in enumerate(report.people, start=1)], grade_col=8)
    sheet("Ngoài danh sách", ["Dòng trong tệp kết quả", "Email", "Username", "Điểm", "Đạt"],
          [[r.line, r.email, r.username if with_ids else mask_username(r.username), r.grade,
            {True: "Có", False: "Không", None: ""}[r.passed]] for r in report.outsiders],
          grade_col=4)
    save_workbook(wb, Path(path))


def _md_table(header: list[str], rows: list[list]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join("---" if i < len(header) - len(COUNT_HEAD) else "---:"
                            for i in range(len(header))) + "|"]
    for row in rows:
        lines.append("| " + " | ".join(str(v).replace("|", "\\|") for v in row) + " |")
    return lines


def _md_counts(report: ProgressReport, c: Counts) -> list:
    return [c.on_roster, c.enrolled, c.completed, c.in_progress, c.not_started, c.not_enrolled,
            percent(c.rate), "đạt" if report.met(c) else "chưa đạt"]


def to_markdown(report: ProgressReport) -> str:
    t = report.total
    lines = [f"# {title(report)}", "",
             f"Chỉ tiêu hoàn thành: {report.target:g}%. Trên danh sách {t.on_roster} người: "
             f"{t.completed} hoàn thành ({percent(t.rate)}), {t.in_progress} đang học, "
             f"{t.not_started} đã đăng ký nhưng chưa bắt đầu, {t.not_enrolled} chưa đăng ký.",
             "", "## Theo đơn vị", ""]
    lines += _md_table(["Đơn vị", *COUNT_HEAD],
                       [[u, *_md_counts(report, c)] for u, c in report.units]
                       + [["**Tổng cộng**", *_md_counts(report, t)]])
    lines += ["", "## Theo phòng ban", ""]
    lines += _md_table(["Đơn vị", "Phòng/ban", *COUNT_HEAD],
                       [[u, d, *_md_counts(report, c)] for u, d, c in report.departments])
    lines.append("")
    if report.outsiders:
        lines += ["## Có kết quả nhưng không có trong danh sách", ""]
        lines += [f"- dòng {r.line}: "
                  + (mask_email(r.email) if r.email else mask_username(r.username))
                  for r in report.outsiders]
        lines.append("")
    if report.roster_rows_with_errors:
        lines += [f"Danh sách còn {report.roster_rows_with_errors} dòng lỗi (vẫn được tính "
                  "trong báo cáo); xem `qbank roster check`.", ""]
    return "\n".join(lines)


def chart_bars(report: ProgressReport) -> tuple[str, list[tuple[str, Counts]]]:
    """Bars by unit; with a single unit, by its departments (one bar says nothing)."""
    if len(report.units) == 1:
        return (f"Tỷ lệ hoàn thành theo phòng/ban — {report.units[0][0]}",
                [(d, c) for _, d, c in report.departments])
    return "Tỷ lệ hoàn thành theo đơn vị", list(report.units)


def to_svg(report: ProgressReport) -> str:
    heading, bars = chart_bars(report)
    label_w, bar_w, row_h, top = 260, 360, 30, 56
    width = label_w + bar_w + 90
    height = top + row_h * len(bars) + 40
    target_x = label_w + bar_w * min(report.target, 100) / 100
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" role="img" font-family="sans-serif" font-size="14">',
           f"<title>{escape(heading)}</title>",
           f'<text x="10" y="24" font-size="16" font-weight="bold">{escape(heading)}</text>',
           f'<text x="10" y="44" fill="#444">{escape(title(report))}</text>']
    for i, (label, c) in enumerate(bars):
        y = top + i * row_h
        w = round(bar_w * c.rate, 1)
        color = "#1b7f3b" if report.met(c) else "#c0392b" if c.rate < 0.5 else "#d68910"
        short = label if len(label) <= 34 else label[:33] + "…"
        out += [f'<text x="{label_w - 8}" y="{y + 19}" text-anchor="end">{escape(short)}</text>',
                f'<rect x="{label_w}" y="{y + 5}" width="{bar_w}" height="20" fill="#e5e5e5"/>',
                f'<rect x="{label_w}" y="{y + 5}" width="{w}" height="20" fill="{color}"/>',
                f'<text x="{label_w + bar_w + 8}" y="{y + 19}">{percent(c.rate)} '
                f'({c.completed}/{c.on_roster})</text>']
    bottom = top + row_h * len(bars)
    out += [f'<line x1="{target_x:g}" y1="{top}" x2="{target_x:g}" y2="{bottom + 4}" '
            'stroke="#000" stroke-dasharray="4 3"/>',
            f'<text x="{target_x:g}" y="{bottom + 22}" text-anchor="middle">'
            f'chỉ tiêu {report.target:g}%</text>', "</svg>", ""]
    return "\n".join(out)


def to_text(report: ProgressReport) -> str:
    """The few lines a terminal shows: units, their departments, the total, outsiders."""
    head = f"{'Đơn vị / Phòng/ban':<44}{'DS':>5}{'ĐK':>5}{'HT':>5}{'ĐH':>5}{'CBĐ':>5}" \
           f"{'CĐK':>5}{'Tỷ lệ':>8}"

    def line(label: str, c: Counts) -> str:
        label = label if len(label) <= 43 else label[:42] + "…"
        return (f"{label:<44}{c.on_roster:>5}{c.enrolled:>5}{c.completed:>5}{c.in_progress:>5}"
                f"{c.not_started:>5}{c.not_enrolled:>5}{percent(c.rate):>8}")

    lines = [title(report), head]
    for unit, counts in report.units:
        lines.append(line(unit, counts))
        lines += [line("  " + d, c) for u, d, c in report.departments if u == unit]
    lines.append(line("Tổng cộng", report.total))
    lines.append("DS: trên danh sách, ĐK: đã đăng ký, HT: hoàn thành, ĐH: đang học, "
                 "CBĐ: chưa bắt đầu, CĐK: chưa đăng ký")
    if report.outsiders:
        lines.append(f"Có kết quả nhưng không có trong danh sách: {len(report.outsiders)}")
    return "\n".join(lines)
