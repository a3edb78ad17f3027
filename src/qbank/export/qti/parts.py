"""Small QTI parts that items and tests share: values, variables, outcome declarations."""

from __future__ import annotations

from qbank.export.qti.serialise import Node, escaped, node


def value(v) -> Node:
    return node("value", None, escaped(v))


def base(base_type: str, v) -> Node:
    return node("baseValue", {"baseType": base_type}, escaped(v))


def var(identifier: str) -> Node:
    return node("variable", {"identifier": identifier})


def set_outcome(identifier: str, expr: Node) -> Node:
    return node("setOutcomeValue", {"identifier": identifier}, expr)


def outcome(identifier: str, base_type: str, cardinality: str = "single", default=None) -> Node:
    return node("outcomeDeclaration", {"identifier": identifier, "cardinality": cardinality,
                                       "baseType": base_type},
                node("defaultValue", None, value(default)) if default is not None else None)
