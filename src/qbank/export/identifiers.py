"""Identifiers in packages, derived from qbank ids deterministically.

qbank ids may start with a digit; XML identifiers (NCName) may not, so those get a leading "_".
No qbank id starts with "_", so the mapping stays one-to-one and reversible.
"""

from __future__ import annotations


def xml_id(qbank_id: str) -> str:
    return qbank_id if qbank_id[:1].isalpha() else f"_{qbank_id}"


def from_xml_id(identifier: str) -> str:
    return identifier[1:] if identifier.startswith("_") else identifier


def checkpoint_id(lesson_id: str) -> str:
    return f"checkpoint-{lesson_id}"


def choice_id(index: int) -> str:
    """A, B, …, Z, then AA, AB, … (options keep their authored labels)."""
    label = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        label = chr(65 + rem) + label
    return label
