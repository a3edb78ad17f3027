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
from qbank.export import parallel
from qbank.export.audio import recordings
from qbank.export.identifiers import xml_id
from qbank.export.media import MediaSet
from qbank.export.package import ZipWriter, deflated
from qbank.export.qti import manifest
from qbank.export.qti.assessments import checkpoint_tests, final_test
from qbank.export.qti.items import build_item
from qbank.export.qti.serialise import document
from qbank.export.registry import CourseBuild
from qbank.version import __version__

CACHE_VERSION = "2"  # change whenever the items this writer produces change


FOLDERS = {"3.0": "qti30", "2.1": "qti21"}


def write_package(ctx: CourseBuild, packages: dict[str, Path | io.BytesIO]) -> None:
    """A course's QTI packages, {version ("2.1" or "3.0"): zip}, written as they are built:
    items (in the course's question order), tests, media, then imsmanifest.xml, which IMS CP
    does not require first. Each item is built once for every version asked. Only what the
    manifests need is kept, never every item's bytes (at 50,000 questions that was most of a
    build's memory)."""
    project = ctx.project
    media = MediaSet(project.root)
    resources: list[manifest.Resource] = []
    fw = project.framework
    store = build_cache.current()
    versions = sorted(packages)
    writers = {v: ZipWriter(packages[v]) for v in versions}
    mine = lambda i: (_chunk(ctx, media, versions, store, i), {})  # noqa: E731
    chunks = (parallel.Shares(ctx.shares, _count(ctx)).in_order(mine) if ctx.shares is not None
              else map(mine, range(_count(ctx))))
    try:
        start = 0
        for items, their_media in chunks:
            media.files.update(their_media)
            entries = ctx.questions[start:start + len(items)]
            start += len(items)
            for entry, item in zip(entries, items, strict=True):
                for v in versions:
                    data = item.data[v]
                    if isinstance(data, tuple):  # compressed by the other process
                        writers[v].add_deflated(item.href, data)
                    else:
                        writers[v].add(item.href, data)
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
        for ident, href, root, qids, title in tests:
            for v in versions:
                writers[v].add(href, document(root, v, None))
            deps = sorted({item_res[f"items/{xml_id(qid)}.xml"] for qid in qids})
            resources.append(manifest.Resource(identifier=f"RES-{ident}", kind="test",
                                               href=href, dependencies=deps, title=title))
        del tests
        # Lessons are not QTI content, but their recordings travel with the course's package
        # as media resources, so a player that imports it has them beside the questions.
        for lesson in ctx.course.lessons:
            for _, holder, audio in recordings(lesson):
                for ref in (audio.file, audio.opus):
                    if ref:
                        media.add(ref, holder.path.parent)
        for name in sorted(media.files):
            data = media.files[name].read_bytes()
            for v in versions:
                writers[v].add(name, data)
            resources.append(manifest.Resource(identifier=manifest.media_id(name),
                                               kind="media", href=name))
        for v in versions:
            writers[v].add_chunks("imsmanifest.xml", manifest.build_chunks(
                v, f"MANIFEST-{ctx.course.id}-{ctx.course.course.version}", resources, fw.id,
                f"{fw.id} — {fw.title}", ctx.lang, __version__))
    finally:
        for zw in writers.values():
            zw.close()


CHUNK = 250  # questions: the unit of work the other process may take over (share_items())


def _count(ctx: CourseBuild) -> int:
    return -(-len(ctx.questions) // CHUNK)  # chunks, the last one maybe shorter


def _versions(ctx: CourseBuild) -> list[str]:
    return sorted(v for v, folder in FOLDERS.items() if folder in ctx.formats)


def share_items(ctx: CourseBuild, folder: Path) -> None:
    """In the process that has finished its own formats: build items of `ctx`'s QTI packages
    that the other process is writing (export/parallel.py Shares), last chunks first."""
    versions = _versions(ctx)
    if not versions:
        return
    store = build_cache.current()

    def chunk(i: int):
        media = MediaSet(ctx.project.root)
        items = _chunk(ctx, media, versions, store, i)
        for item in items:  # compressed here too: writing them is then all that is left
            item.data = {v: deflated(data) for v, data in item.data.items()}
        return items, media.files

    parallel.Shares(folder, _count(ctx)).help(chunk)


def _chunk(ctx: CourseBuild, media: MediaSet, versions: list[str], store, i: int) -> list:
    return [_item(entry, media, ctx.lang, versions, store)
            for entry in ctx.questions[i * CHUNK:(i + 1) * CHUNK]]


@dataclass
class _Item:
    identifier: str
    href: str
    data: dict  # the serialised assessmentItem by QTI version (or its deflated(), for sharing)
    media: list[str]
    interaction: str
    title: str | None


def _item(entry, media: MediaSet, lang: str, versions: list[str], store) -> _Item:
    """One item's files, from the build cache when the same question was built before."""
    ident = xml_id(entry.q.id)
    keys = {v: build_cache.question_key(store, entry, "qti-item", CACHE_VERSION, v, lang)
            for v in versions}
    if all(k is not None for k in keys.values()):
        cached = {v: store.get(k) for v, k in keys.items()}
        if all(c is not None for c in cached.values()):
            data, meta = {}, {}
            for v, c in cached.items():
                head, _, data[v] = c.partition(b"\n")
                meta = json.loads(head)
            return _Item(ident, f"items/{ident}.xml", data, [], meta["interaction"],
                         meta["title"])
    built = build_item(entry, media, lang)
    item = _Item(built.identifier, built.href, {v: built.xml(v) for v in versions},
                 built.media, built.interaction, built.title)
    if not built.media:
        head = json.dumps({"interaction": item.interaction, "title": item.title}).encode()
        for v, k in keys.items():
            if k is not None:
                store.put(k, head + b"\n" + item.data[v])
    return item


def _writer(version: str):
    def write(ctx: CourseBuild, bundle: Path) -> None:
        """This version's package, and the other's too when the build asks for both (the
        same items under other names): the other version's writer then finds it written."""
        path = bundle / FOLDERS[version] / f"{ctx.course.id}.zip"
        if path.exists():
            return
        packages = {}
        for v, folder in FOLDERS.items():
            if v == version or v in _versions(ctx):
                (bundle / folder).mkdir(exist_ok=True)
                packages[v] = bundle / folder / f"{ctx.course.id}.zip"
        write_package(ctx, packages)
    return write


write_qti30 = _writer("3.0")
write_qti21 = _writer("2.1")
