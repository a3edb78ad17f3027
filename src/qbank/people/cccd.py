"""The citizen-ID number (số căn cước công dân, CCCD): 12 digits = province of birth (3),
century/sex digit (1), year of birth (2), random (6). Also the repairs spreadsheets need:
a leading zero lost when Excel stored the number as a number, spaces or dots typed inside."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from qbank.rules.personal_data import PROVINCES

# Century/sex digit → (first year of the century, sex). 4-9 mean births from 2100 on.
CENTURY = {"0": (1900, "nam"), "1": (1900, "nữ"), "2": (2000, "nam"), "3": (2000, "nữ")}
_SEPARATORS = re.compile(r"[\s.\-_]")


@dataclass(frozen=True)
class CitizenId:
    number: str
    province: str
    sex: str
    birth_year: int


def parse(number: str) -> CitizenId | None:
    """The parts of a well-formed 12-digit number, or None when it is not one."""
    if not re.fullmatch(r"\d{12}", number or "") or number[:3] not in PROVINCES:
        return None
    century = CENTURY.get(number[3])
    if century is None:
        return None
    return CitizenId(number, number[:3], century[1], century[0] + int(number[4:6]))


@dataclass
class IdReading:
    """What a roster cell holds: the repaired number, the repairs made, or the problem."""

    raw: str
    number: str = ""
    fixes: list[str] = field(default_factory=list)  # "leading-zero", "separators"
    problem: str = ""  # missing, old-card, format, province, century

    @property
    def ok(self) -> bool:
        return not self.problem


def cell_text(value) -> str:
    """A cell as text; whole floats (38092555111.0) lose their '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_id(value, stored_as_number: bool = False) -> IdReading:
    raw = cell_text(value)
    reading = IdReading(raw)
    if not raw:
        reading.problem = "missing"
        return reading
    digits = raw
    if _SEPARATORS.search(raw):
        digits = _SEPARATORS.sub("", raw)
        if digits.isdigit():
            reading.fixes.append("separators")
    if not digits.isdigit():
        reading.problem = "format"
        return reading
    if len(digits) == 11 and (stored_as_number or "0" + digits[:2] in PROVINCES):
        digits = "0" + digits
        reading.fixes.append("leading-zero")
    if len(digits) == 9:
        reading.problem = "old-card"
    elif len(digits) != 12:
        reading.problem = "format"
    elif digits[:3] not in PROVINCES:
        reading.problem = "province"
    elif digits[3] not in CENTURY:
        reading.problem = "century"
    reading.number = digits
    return reading
