"""Identifiers in packages, derived from qbank ids deterministically.

qbank ids may start with a digit; XML identifiers (NCName) may not, so those get a leading "_".
No qbank id starts with "_", so the mapping stays one-to-one and reversible.
"""

from __future__ import annotations

import hashlib


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


def display_order(question_id: str, texts: list[str]) -> list[int]:
    """Indices of `texts` in the order every writer shows them: sorted by a hash of the question
    id and the text, so the order is fixed (same bytes every build) yet unrelated to the key.

    Ordering items and matching answers are authored in key order; shown that way, position N's
    answer would always be option N.
    """
    def rank(i: int) -> tuple[str, int]:
        digest = hashlib.sha256(f"{question_id}\x00{texts[i]}".encode()).hexdigest()
        return digest, i

    return sorted(range(len(texts)), key=rank)
