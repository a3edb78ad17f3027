"""The qti21 and qti30 writers: one IMS content package per course.

Package layout: items/<id>.xml, tests/<id>.xml, media/<hash>-<name>, imsmanifest.xml (last:
the zip is written as the items are built).
Each item's framework skills travel as an IEEE LOM classification in its manifest resource.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path

from qbank.export import cache as build_cache
from qbank.export.audio import recordings
from qbank.export.identifiers import xml_id
from qbank.export.media import MediaSet
from qbank.export.package import ZipWriter
from qbank.export.qti import manifest
from qbank.export.qti.assessments import checkpoint_tests, final_test
from qbank.export.qti.items import build_item
from qbank.export.qti.version3 import convert
from qbank.export.qti.xml import to_bytes
from qbank.export.registry import CourseBuild
from qbank.version import __version__

CACHE_VERSION = "2"  # change whenever the items this writer produces change


def write_package(ctx: CourseBuild, version: str, dest: Path | io.BytesIO) -> None:
    """A course's QTI package, version "2.1" or "3.0", written into the zip `dest` as it is
    built: items (in the course's question order), tests, media, then imsmanifest.xml, which
    IMS CP does not require first. Only what the manifest needs is kept, never every item's
    bytes (at 50,000 questions that was most of a build's memory)."""
    project = ctx.project
    media = MediaSet(project.root)
    resources: list[manifest.Resource] = []
    fw = project.framework
    store = build_cache.current()
    with ZipWriter(dest) as zw:
        for entry in ctx.questions:
            item = _item(entry, media, ctx.lang, version, store)
            zw.add(item.href, item.data)
            skills = [(s, fw.item(s).name if fw.item(s) else s) for s in entry.q.skills]
            resources.append(manifest.Resource(
                identifier=f"RES-{item.identifier}", kind="item", href=item.href,
                dependencies=[manifest.media_id(m) for m in item.media], skills=skills,
                interaction=item.interaction, title=item.title))
        item_res = {r.href: r.identifier for r in resources}

        tests = list(checkpoint_tests(project, ctx.course, ctx.lang))
        if ctx.course.course.final:
            tests.append(final_test(project, ctx.course, ctx.pass_threshold,
                                    ctx.time_limit_minutes))
        for ident, href, root, qids in tests:
            zw.add(href, to_bytes(convert(root) if version == "3.0" else root))
            deps = sorted({item_res[f"items/{xml_id(qid)}.xml"] for qid in qids})
            resources.append(manifest.Resource(identifier=f"RES-{ident}", kind="test",
                                               href=href, dependencies=deps,
                                               title=root.get("title")))
        del tests
        # Lessons are not QTI content, but their recordings travel with the course's package
        # as media resources, so a player that imports it has them beside the questions.
        for lesson in ctx.course.lessons:
            for _, holder, audio in recordings(lesson):
                for ref in (audio.file, audio.opus):
                    if ref:
                        media.add(ref, holder.path.parent)
        for name in sorted(media.files):
            zw.add(name, media.files[name].read_bytes())
            resources.append(manifest.Resource(identifier=manifest.media_id(name),
                                               kind="media", href=name))
        zw.add_chunks("imsmanifest.xml", manifest.build_chunks(
            version, f"MANIFEST-{ctx.course.id}-{ctx.course.course.version}", resources, fw.id,
            f"{fw.id} — {fw.title}", ctx.lang, __version__))


@dataclass
class _Item:
    identifier: str
    href: str
    data: bytes  # the serialised assessmentItem
    media: list[str]
    interaction: str
    title: str | None


def _item(entry, media: MediaSet, lang: str, version: str, store) -> _Item:
    """One item's file, from the build cache when the same question was built before."""
    ident = xml_id(entry.q.id)
    k = build_cache.question_key(store, entry, "qti-item", CACHE_VERSION, version, lang)
    if k is not None:
        cached = store.get(k)
        if cached is not None:
            head, _, data = cached.partition(b"\n")
            meta = json.loads(head)
            return _Item(ident, f"items/{ident}.xml", data, [], meta["interaction"],
                         meta["title"])
    built = build_item(entry, media, lang)
    item = _Item(built.identifier, built.href, built.xml(version), built.media,
                 built.interaction, built.title)
    if k is not None and not built.media:
        head = json.dumps({"interaction": item.interaction, "title": item.title}).encode()
        store.put(k, head + b"\n" + item.data)
        # The other QTI version is the same item under other names: when this build writes it
        # too, make it now from the item at hand rather than building the item again.
        other = "2.1" if version == "3.0" else "3.0"
        if f"qti{other.replace('.', '')}" in store.formats:
            other_key = build_cache.question_key(store, entry, "qti-item", CACHE_VERSION, other,
                                                 lang)
            store.put(other_key, head + b"\n" + built.xml(other))
    return item


def _writer(version: str, folder: str):
    def write(ctx: CourseBuild, bundle: Path) -> None:
        (bundle / folder).mkdir(exist_ok=True)
        write_package(ctx, version, bundle / folder / f"{ctx.course.id}.zip")
    return write


write_qti30 = _writer("3.0", "qti30")
write_qti21 = _writer("2.1", "qti21")
