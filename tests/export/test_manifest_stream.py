"""A large package's imsmanifest.xml, written one resource at a time, has exactly the bytes of
the manifest serialised as one tree (both QTI versions, with and without line breaks in text)."""

from __future__ import annotations

import pytest
from lxml import etree

from qbank.export.qti import manifest


def _resources(extra=()):
    out = [manifest.Resource(
        f"RES-I{i}", "item", f"items/i{i}.xml",
        [manifest.media_id("media/a.png")] if i % 7 == 0 else [],
        [("4.2", "Bảo vệ & <dữ liệu>"), ("1.1", "Tìm kiếm")], "choiceInteraction",
        f"Câu {i}: \"trích\" & <thẻ>") for i in range(manifest.STREAM_FROM + 50)]
    out += list(extra)
    out.append(manifest.Resource("RES-T", "test", "tests/t.xml", ["RES-I1"], title="Bài"))
    out.append(manifest.Resource(manifest.media_id("media/a.png"), "media", "media/a.png"))
    return out


AWKWARD = (  # texts and attributes that the resource templates must escape as lxml does
    manifest.Resource('RES-&<">', "item", 'items/a&b<c>"d".xml', ['RES-M&"<>'],
                      [("4.2", "a > b & 'c' \"d\" 😀 QBSLOTtitleX"), ("x&y", "")],
                      "choiceInteraction", "QBSLOTidX > & < ' \" 😀"),
    manifest.Resource("RES-U", "item", "items/u.xml", [], [], "textEntryInteraction", None),
    manifest.Resource("RES-TAB", "item", "items/t.xml", [], [("4.2", "tab\there")],
                      "choiceInteraction", "ký tự\u0085 lạ"),
)


@pytest.mark.parametrize("version", ["2.1", "3.0"])
@pytest.mark.parametrize("extra", [(), AWKWARD, (manifest.Resource(
    "RES-N", "item", "items/n.xml", [], [("4.2", "hai\ndòng")], "choiceInteraction", "t"),)])
def test_streamed_manifest_equals_the_whole_tree(version, extra, monkeypatch):
    args = (version, "MANIFEST-khoa-1.0", _resources(extra), "qd757", "qd757 — Khung", "vi",
            "1.0")
    streamed = manifest.build(*args)
    monkeypatch.setattr(manifest, "STREAM_FROM", 10**9)
    assert streamed == manifest.build(*args)
    root = etree.fromstring(streamed)
    assert len(root[-1]) == len(args[2])


def test_cached_resource_chunks_give_the_same_manifest(tmp_path, monkeypatch):
    from qbank.export import cache as build_cache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    # Tabs keep these resources off the templates, on the element path that uses the cache.
    resources = [manifest.Resource(r.identifier, r.kind, r.href, r.dependencies, r.skills,
                                   r.interaction, r.title and r.title + "\t")
                 for r in _resources()]
    args = ("3.0", "MANIFEST-khoa-1.0", resources, "qd757", "qd757 — Khung", "vi", "1.0")
    plain = manifest.build(*args)
    for _ in range(2):  # fills the cache, then reads it
        with build_cache.opened(tmp_path) as store:
            assert manifest.build(*args) == plain
            store.save()
    assert store.hits >= manifest.STREAM_FROM
