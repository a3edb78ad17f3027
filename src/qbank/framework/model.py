"""The skill framework as data: target groups, areas, items, each with its provenance."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from qbank.model.common import Id, SkillCode, Strict, Text


class Provenance(StrEnum):
    SEEN = "seen"  # read in the official text
    SECONDARY = "secondary"  # reported by secondary sources
    INFERRED = "inferred"  # our reading, not stated anywhere

    @property
    def vi(self) -> str:
        return {"seen": "đã đối chiếu văn bản gốc", "secondary": "theo nguồn thứ cấp",
                "inferred": "suy luận, chưa có nguồn"}[self.value]


class Node(Strict):
    name: Text
    provenance: Provenance
    provisional: bool = False
    note: str | None = None


class Item(Node):
    code: SkillCode


class Area(Node):
    code: SkillCode
    groups: list[Id] = Field(default_factory=list)  # empty: every group
    items: list[Item] = Field(min_length=1)


class Group(Node):
    id: Id
    annex: str | None = None


class Framework(Strict):
    id: Id
    title: Text
    version: str
    document: Text
    provenance: Provenance
    groups: list[Group] = Field(min_length=1)
    areas: list[Area] = Field(min_length=1)

    def model_post_init(self, _ctx) -> None:
        self._items = {i.code: (a, i) for a in self.areas for i in a.items}
        self._groups = {g.id: g for g in self.groups}

    def item(self, code: str) -> Item | None:
        found = self._items.get(code)
        return found[1] if found else None

    def area_of(self, code: str) -> Area | None:
        found = self._items.get(code)
        return found[0] if found else None

    def group(self, group_id: str) -> Group | None:
        return self._groups.get(group_id)

    def items_for(self, group_id: str) -> list[Item]:
        """The items a target group is assessed on, in framework order."""
        return [i for a in self.areas if not a.groups or group_id in a.groups for i in a.items]

    def is_provisional(self, code: str) -> bool:
        found = self._items.get(code)
        return bool(found and (found[0].provisional or found[1].provisional))
