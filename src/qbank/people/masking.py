"""Masks for personal data, so diagnostics, terminals and shared reports never show it whole."""

from __future__ import annotations

import re

DOT = "•"


def mask_id(value: str) -> str:
    """038090123456 → 038•••••3456; shorter numbers keep even less (old cards, typos)."""
    digits = re.sub(r"\D", "", str(value))
    if len(digits) >= 12:
        return digits[:3] + DOT * (len(digits) - 7) + digits[-4:]
    if len(digits) >= 6:
        return digits[:2] + DOT * (len(digits) - 4) + digits[-2:]
    return DOT * max(len(digits), 1)


def mask_email(value: str) -> str:
    """an.nv@example.gov.vn → an•••@example.gov.vn."""
    value = str(value).strip()
    local, at, domain = value.partition("@")
    return local[:2] + DOT * 3 + (at + domain if at else "")


def mask_name(value: str) -> str:
    """Nguyễn Văn An → N. V. An: enough for a unit to recognise its people, not for strangers."""
    words = str(value).split()
    if len(words) < 2:
        return value
    return " ".join([w[0] + "." for w in words[:-1]] + [words[-1]])


def mask_username(value: str) -> str:
    """Platform usernames are often the citizen-ID number itself: mask those."""
    digits = re.sub(r"[\s.]", "", str(value))
    return mask_id(digits) if digits.isdigit() and len(digits) >= 9 else str(value)
