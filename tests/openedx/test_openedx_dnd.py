"""`olx: {ordering: drag_and_drop}` tried in Open edX's drag-and-drop v2 XBlock itself
(PyPI xblock-drag-and-drop-v2, in openedx-platform's default requirements): every ordering and
matching question of the repository's courses, placed as the qbank key says, scores the full
weight through the block's own handlers; everything misplaced, or nothing placed, scores zero."""

from __future__ import annotations

import json
import shutil
import tarfile
from pathlib import Path

import pytest
from lxml import html
from webob import Request
from xblock.test.toy_runtime import ToyRuntime

import qbank
from qbank.export.bundle import build as build_bundles
from qbank.model.question import Ordering
from qbank.render.xhtml import inline_fragment

from helpers import REPO

UNUSED = "Không ghép với mục nào"


@pytest.fixture(scope="module")
def blocks(tmp_path_factory):
    """(question, block XML) for every drag-and-drop block of the repository's courses."""
    root = tmp_path_factory.mktemp("dnd")
    for name in ("courses", "question_banks"):
        shutil.copytree(REPO / name, root / name)
    config = (REPO / "qbank.yaml").read_text(encoding="utf-8")
    (root / "qbank.yaml").write_text(config + "\nolx: {ordering: drag_and_drop}\n",
                                     encoding="utf-8")
    project = qbank.load_project(root)
    result = build_bundles(project, root / "dist", ["olx"], cache=False)
    assert result.ok, [d.message("en") for d in result.diagnostics if d.severity == "error"]
    found = {}
    for entry in project.courses:
        tarball = root / f"dist/{entry.id}-{entry.course.version}/olx/{entry.id}.tar.gz"
        with tarfile.open(tarball) as tar:
            for member in tar.getmembers():
                if "/drag-and-drop-v2/" in member.name:
                    url = Path(member.name).stem
                    qid = url.split("--", 1)[1]
                    found[url] = (project.questions[qid].q, tar.extractfile(member).read())
    assert len(found) >= 10
    return found


def _block(xml: bytes):
    runtime = ToyRuntime()
    return runtime, runtime.get_block(runtime.parse_xml_string(xml.decode("utf-8")))


def _call(runtime, block, handler: str, data: dict) -> dict:
    request = Request.blank("/", method="POST", body=json.dumps(data).encode("utf-8"))
    return json.loads(runtime.handle(block, handler, request).body)


def _md(text: str) -> str:
    return " ".join("".join(inline_fragment(text).itertext()).split())


def _shown(markup: str) -> str:
    return " ".join(html.fragment_fromstring(markup, create_parent="div").text_content().split())


def _key(q) -> list[tuple[str, str]]:
    """(answer text, zone title) as the qbank source says, as plain text."""
    if isinstance(q, Ordering):
        return [(_md(text), f"Vị trí {i + 1}") for i, text in enumerate(q.items)]
    return ([(_md(p.right), _md(p.left)) for p in q.pairs]
            + [(_md(d), UNUSED) for d in q.distractors])


def _grade(xml: bytes, placements: list[tuple[int, str]]) -> tuple[float, float]:
    """(points earned, points possible) after dropping items and submitting, as a learner."""
    runtime, block = _block(xml)
    for item, zone in placements:
        _call(runtime, block, "drop_item", {"val": item, "zone": zone})
    result = _call(runtime, block, "do_attempt", {})
    return result["grade"], block.max_score() * block.weight


def test_the_key_scores_full_marks_and_wrong_or_blank_zero(blocks):
    for url, (q, xml) in blocks.items():
        _, block = _block(xml)
        zones = {}  # title -> free zone uids (one per distractor for the "unused" title)
        for zone in block.data["zones"]:
            zones.setdefault(_shown(zone["title"]), []).append(zone["uid"])
        items = {_shown(item["displayName"]): item["id"] for item in block.data["items"]}
        key = [(items[text], zones[title].pop(0)) for text, title in _key(q)]
        assert _grade(xml, key) == (1.0, 1.0), url
        # every item one zone further on (pairs and distractors interleaved): all misplaced
        order = key if isinstance(q, Ordering) else _interleave(key, len(q.pairs))
        wrong = [(item, order[(n + 1) % len(order)][1]) for n, (item, _) in enumerate(order)]
        acceptable = {item["id"]: item["zones"] for item in block.data["items"]}
        assert all(zone not in acceptable[item] for item, zone in wrong), url
        assert _grade(xml, wrong) == (0.0, 1.0), url
        assert _grade(xml, []) == (0.0, 1.0), url


def _interleave(key: list, pairs: int) -> list:
    right, extra = key[:pairs], key[pairs:]
    out = []
    for n in range(max(len(right), len(extra))):
        out += right[n:n + 1] + extra[n:n + 1]
    return out


def test_no_item_can_be_placed_twice_and_answers_are_not_in_key_order(blocks):
    for url, (q, xml) in blocks.items():
        _, block = _block(xml)
        assert block.max_items_per_zone == 1 and block.mode == "assessment", url
        shown = [_shown(item["displayName"]) for item in block.data["items"]]
        assert sorted(shown) == sorted(text for text, _ in _key(q)), url
    orders = [[_shown(i["displayName"]) for i in _block(xml)[1].data["items"]]
              for q, xml in blocks.values()]
    keys = [[text for text, _ in _key(q)] for q, _ in blocks.values()]
    assert sum(o == k for o, k in zip(orders, keys, strict=True)) < len(keys) / 2
