"""Learner rosters and progress reports: the personal data a department handles outside content.

The library API::

    from qbank.people import check_rosters, write_clean, progress, write_reports

    result = check_rosters([Path("danh-sach.xlsx")])     # read + validate every row
    write_clean(result.files[0], result, Path("sach.xlsx"))  # kept rows, fixes applied
    report = progress([Path("danh-sach.xlsx")], Path("bao-cao-diem.csv"), target=100)
    write_reports(report, Path("bao-cao"), ["xlsx", "md", "svg"])

Citizen-ID numbers are masked in every diagnostic and report unless a caller asks otherwise.
"""

from __future__ import annotations

from qbank.people.clean import write_clean
from qbank.people.progress import Counts, PersonStatus, ProgressReport, progress
from qbank.people.report import write_reports
from qbank.people.roster import RosterCheck, check_rosters, read_roster

__all__ = ["Counts", "PersonStatus", "ProgressReport", "RosterCheck", "check_rosters",
           "progress", "read_roster", "write_clean", "write_reports"]
