"""The monthly trend: each month's progress counts kept as a small snapshot (aggregates only,
no personal data, safe to commit), and the trend per unit against the target, read back from
all snapshots. The province asks for the monthly report before the 25th."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from qbank.people.progress import Counts, ProgressReport
from qbank.source.atomic import write_text_atomic
from qbank.vietnamese import slugify

FORMAT = "qbank-progress-snapshot"
TOTAL = "Tổng cộng"


@dataclass(frozen=True)
class Row:
    on_roster: int
    enrolled: int
    completed: int

    @property
    def rate(self) -> float:
        return self.completed / self.on_roster if self.on_roster else 0.0


def _row(c: Counts) -> dict:
    return {"on_roster": c.on_roster, "enrolled": c.enrolled, "completed": c.completed}


def snapshot_path(folder: Path, report: ProgressReport) -> Path:
    name = f"{slugify(report.course)}-{report.month}" if report.course else report.month
    return Path(folder) / f"{name}.json"


def save_snapshot(report: ProgressReport, folder: Path) -> Path:
    """Write this month's counts (the month is required: it names the snapshot)."""
    data = {"format": FORMAT, "format_version": 1, "course": report.course,
            "month": report.month, "target": report.target,
            "units": {unit: _row(c) for unit, c in report.units},
            "total": _row(report.total)}
    path = snapshot_path(folder, report)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(path, json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
    return path


def load_history(folder: Path, course: str | None) -> list[dict]:
    """Every snapshot of the course in `folder`, oldest month first; unreadable files and
    other courses' snapshots are left out."""
    out = []
    for path in sorted(Path(folder).glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            continue
        if data.get("course") != course or not re.fullmatch(r"\d{4}-\d{2}",
                                                            str(data.get("month"))):
            continue
        out.append(data)
    return sorted(out, key=lambda d: d["month"])


def _pct(rate: float) -> str:
    return f"{rate * 100:.1f}".replace(".", ",") + " %"


def _label(month: str) -> str:
    year, m = month.split("-")
    return f"{m}/{year}"


def trend_rows(history: list[dict]) -> list[tuple[str, list[Row | None]]]:
    """(unit, one row per month or None when the unit is absent that month), units in the
    order of the newest month, the total last."""
    units: list[str] = []
    for data in reversed(history):
        for unit in data["units"]:
            if unit not in units:
                units.append(unit)
    rows = []
    for unit in [*units, TOTAL]:
        cells = []
        for data in history:
            raw = data["total"] if unit == TOTAL else data["units"].get(unit)
            cells.append(Row(**raw) if raw else None)
        rows.append((unit, cells))
    return rows


def trend_markdown(history: list[dict]) -> str:
    """A table per measure: months across, units down, completion rate against the target."""
    if not history:
        return ""
    target = history[-1]["target"]
    months = [_label(d["month"]) for d in history]
    newest = history[-1]["month"]
    out = [f"# Xu hướng theo tháng{' — khóa ' + history[-1]['course'] if history[-1]['course'] else ''}",
           "", f"Chỉ tiêu tỷ lệ hoàn thành: {target:g} %. Báo cáo tháng {_label(newest)} gửi "
           f"trước ngày 25/{newest.split('-')[1]}.", ""]
    rows = trend_rows(history)
    for title, value in (("Đã đăng ký", lambda r: str(r.enrolled)),
                         ("Hoàn thành (đạt)", lambda r: str(r.completed)),
                         ("Tỷ lệ hoàn thành", lambda r: _pct(r.rate) + (
                             " ✔" if r.rate * 100 >= target - 1e-9 else ""))):
        out += [f"## {title}", "", "| Đơn vị | " + " | ".join(months) + " |",
                "|---" + "|---:" * len(months) + "|"]
        for unit, cells in rows:
            label = f"**{unit}**" if unit == TOTAL else unit
            out.append(f"| {label} | " + " | ".join("—" if c is None else value(c)
                                                   for c in cells) + " |")
        out.append("")
    return "\n".join(out)


def trend_text(history: list[dict]) -> str:
    """The completion rate per unit and month, for the terminal."""
    if not history:
        return ""
    months = [_label(d["month"]) for d in history]
    lines = [f"Xu hướng tỷ lệ hoàn thành (chỉ tiêu {history[-1]['target']:g} %)",
             f"{'Đơn vị':<36}" + "".join(f"{m:>10}" for m in months)]
    for unit, cells in trend_rows(history):
        label = unit if len(unit) <= 35 else unit[:34] + "…"
        lines.append(f"{label:<36}" + "".join(f"{'—' if c is None else _pct(c.rate):>10}"
                                              for c in cells))
    return "\n".join(lines)
