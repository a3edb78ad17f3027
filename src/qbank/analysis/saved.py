"""Analyses kept in the repository (`analysis/<course>/<YYYY-MM>.json`, committed with the
content) so `qbank check` and the review sheet can show each question's last figures until
the question changes."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from qbank.release import item_hash
from qbank.resolve.project import Project
from qbank.source.atomic import write_text_atomic

if TYPE_CHECKING:
    from qbank.analysis.run import Analysis

FOLDER = "analysis"
FORMAT = "qbank-analysis"
MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class SavedItem:
    month: str
    path: Path
    n: int
    p: float | None
    discrimination: float | None
    flags: tuple[str, ...]
    hash: str
    options: tuple[tuple[str, int], ...] = ()  # (option letter, how many picked it)


def save(project: Project, a: Analysis, month: str) -> Path:
    """Write the analysis for `month`; the question hashes tell later checks whether a
    question changed since."""
    items = []
    for it in a.items:
        entry = project.questions.get(it.id)
        items.append({"id": it.id, "bank": it.bank, "hash": item_hash(entry.q) if entry else "",
                      "n": it.n, "p": None if it.p is None else round(it.p, 4),
                      "discrimination": None if it.discrimination is None
                      else round(it.discrimination, 4),
                      "options": [{"id": o.id, "picked": o.picked} for o in it.options],
                      "flags": it.flags})
    data = {"format": FORMAT, "format_version": 1, "course": a.course,
            "course_key": a.course_key, "month": month, "learners": a.learners, "items": items}
    path = project.root / FOLDER / a.course / f"{month}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    return path


def latest(project: Project) -> tuple[dict[str, SavedItem], list[tuple[Path, str, str]]]:
    """The newest saved figures of every question (by id), and the files that could not be
    read (path, Vietnamese reason, English reason)."""
    found: dict[str, SavedItem] = {}
    bad: list[tuple[Path, str, str]] = []
    folder = project.root / FOLDER
    if not folder.is_dir():
        return found, bad
    for course in sorted(p for p in folder.iterdir() if p.is_dir()):
        months = sorted(p for p in course.glob("*.json") if MONTH.match(p.stem))
        for path in months:  # older first, so the newest month wins
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                if not isinstance(data, dict) or data.get("format") != FORMAT:
                    raise ValueError("not a qbank analysis file")
                for item in data["items"]:
                    found[item["id"]] = SavedItem(
                        path.stem, path, int(item["n"]), item.get("p"),
                        item.get("discrimination"), tuple(item.get("flags", ())),
                        item.get("hash", ""),
                        tuple((o["id"], int(o["picked"])) for o in item.get("options", ())))
            except json.JSONDecodeError as e:
                bad.append((path, f"không phải JSON hợp lệ (dòng {e.lineno})", str(e)))
            except (OSError, UnicodeDecodeError) as e:
                bad.append((path, "không mở được tệp hoặc tệp không phải UTF-8", str(e)))
            except (ValueError, KeyError, TypeError, AttributeError) as e:
                bad.append((path, "tệp không đúng định dạng do 'qbank analyze --save' ghi",
                            f"not in the format 'qbank analyze --save' writes ({e})"))
    return found, bad
