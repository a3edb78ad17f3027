"""Personal data stays out of content and outputs: citizen-ID numbers, old ID-card numbers,
phone numbers and personal e-mail addresses are errors, except public contact lines listed in
qbank.yaml under `privacy.allow`."""

from __future__ import annotations

import re

from qbank.diagnostics import Position, code
from qbank.rules import text_forms

PERSONAL_DATA = code(
    "QB0730", "personal-data", "error",
    "có vẻ là {kind} của một người: {masked}", "looks like a person's {kind_en}: {masked}",
    "Xóa hoặc thay bằng số/địa chỉ công khai của cơ quan; nếu là số công khai, thêm vào "
    "'privacy.allow' trong qbank.yaml.",
    "Remove it or use the agency's public line; if it is public, add it to 'privacy.allow' in "
    "qbank.yaml.")

# Province codes of the citizen-ID number (CCCD), pre-2025 list of 63 provinces.
PROVINCES = set(
    "001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 034 035 "
    "036 037 038 040 042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 067 068 070 072 "
    "074 075 077 079 080 082 083 084 086 087 089 091 092 093 094 095 096".split())
_NUMBER = re.compile(r"(?<![\w.])(\+?\d[\d .]{7,16}\d)(?![\w])")
# What _NUMBER's number is made of, without the look-arounds that keep the regular expression
# engine from skipping to the digits: text without it holds no number.
_DIGITS = re.compile(r"\d[\d .]{7,16}\d")
_EMAIL = re.compile(r"\b[\w.+-]+@(gmail|yahoo|hotmail|outlook|icloud|live|ymail)\.[a-z.]+\b",
                    re.I)
_KINDS = {"cccd": ("số căn cước", "citizen-ID number"), "cmnd": ("số CMND cũ", "old ID number"),
          "phone": ("số điện thoại", "phone number"), "email": ("e-mail cá nhân", "personal e-mail")}


def mask(value: str) -> str:
    digits = re.sub(r"\D", "", value)
    if digits and "@" not in value:
        return digits[:3] + "•" * max(len(digits) - 7, 1) + digits[-4:]
    name, _, domain = value.partition("@")
    return name[:2] + "•••@" + domain


def _classify(raw: str) -> str | None:
    digits = re.sub(r"\D", "", raw)
    if raw.startswith("+84") or (len(digits) == 10 and digits[:2] in ("03", "05", "07", "08",
                                                                       "09")):
        return "phone" if len(digits) in (10, 11) else None
    if len(digits) == 12 and " " not in raw.strip() and digits[:3] in PROVINCES:
        return "cccd"
    if len(digits) == 9 and raw.strip().isdigit():
        return "cmnd"
    return None


def find(text: str, allow: set[str]):
    """(offset, kind, masked) of each personal datum in a text."""
    for m in _NUMBER.finditer(text):
        kind = _classify(m.group(1))
        if kind and re.sub(r"\D", "", m.group(1)) not in allow:
            yield m.start(1), kind, mask(m.group(1))
    if "@" not in text:
        return
    for m in _EMAIL.finditer(text):
        if m.group().lower() not in allow:
            yield m.start(), "email", mask(m.group())


def _diag(kind: str, masked: str, pos: Position):
    vi, en = _KINDS[kind]
    return PERSONAL_DATA.at(pos, kind=vi, kind_en=en, masked=masked)


def _may_hold(text: str) -> bool:
    return "@" in text or _DIGITS.search(text) is not None


def check(project):
    if project.config is None:
        return
    allow = {re.sub(r"\D", "", a) if "@" not in a else a.lower()
             for a in project.config.privacy.allow}
    for owner, loc, text in text_forms.fields(project):
        if not _may_hold(text):
            continue
        for _, kind, masked in find(text, allow):
            yield _diag(kind, masked, owner.pos(*loc))
    for c in project.courses:
        if c.course.description:
            for _, kind, masked in find(c.course.description, allow):
                yield _diag(kind, masked, c.pos("description"))
    for path, body, first in project.bodies():
        for i, line in enumerate(body.split("\n")):
            for col, kind, masked in find(line, allow):
                yield _diag(kind, masked, Position(path, first + i, col + 1))
