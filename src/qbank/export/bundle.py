"""`qbank build`: check, then write one submission bundle per course, atomically.

Everything is written into a temporary folder inside the output folder; only when every writer
has succeeded are the new bundles moved into place, so a failed or interrupted build leaves the
previous output as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from qbank.diagnostics import Diagnostic, code, has_errors
from qbank.export import cache as build_cache
from qbank.export import parallel
from qbank.export.package import zip_folder
from qbank.export.registry import CourseBuild, load_writers
from qbank.export.upload_guide import write_guide
from qbank.os_errors import os_reason
from qbank.render.xhtml import memoised
from qbank.resolve.project import CourseEntry, Project
from qbank.rules import check_project
from qbank.version import __version__

UNKNOWN_FORMAT = code(
    "QB0901", "unknown-format", "error", "không có định dạng đầu ra '{name}'",
    "no output format '{name}'", "Các định dạng: {known}.", "Formats: {known}.")
NOT_BUILT = code(
    "QB0902", "build-refused", "error",
    "không tạo gói vì nội dung còn {count} lỗi; thư mục '{out}' giữ nguyên",
    "nothing built: the content has {count} error(s); '{out}' is unchanged",
    "Sửa các lỗi mà 'qbank check' báo rồi chạy lại.", "Fix what 'qbank check' reports, then "
    "build again.")
WRITE_FAILED = code(
    "QB0903", "write-failed", "error", "không ghi được kết quả: {reason}; thư mục '{out}' giữ nguyên",
    "could not write the output: {reason_en}; '{out}' is unchanged")

TMP_PREFIX = ".qbank-build-"
DEFAULT_FORMATS = ("qti30", "qti21", "json", "olx", "review")


@dataclass
class BuildResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    bundles: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


def bundle_name(course: CourseEntry) -> str:
    return f"{course.id}-{course.course.version}"


def course_build(project: Project, course: CourseEntry, revision: str | None = None,
                 formats: list[str] | tuple[str, ...] = ()) -> CourseBuild:
    final = course.course.final
    policy = project.config.policy
    pick = lambda key: (getattr(final, key) if final and getattr(final, key) is not None  # noqa: E731
                        else getattr(policy, key))
    return CourseBuild(project, course, project.course_questions(course),
                       pick("pass_threshold"), pick("time_limit_minutes"), pick("attempts"),
                       lang=course.course.language, revision=revision,
                       formats=tuple(formats))


def source_revision(root: Path) -> str | None:
    try:
        out = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True,
                             text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    if out.returncode != 0:
        return None
    dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--", "."],
                           capture_output=True, text=True, timeout=30).stdout.strip()
    return out.stdout.strip() + ("+dirty" if dirty else "")


def build(project: Project, out: Path, formats: list[str] | None = None,
          courses: list[str] | None = None, cache: bool | None = None,
          translation: str | None = None, stamp=None, jobs: int | None = None) -> BuildResult:
    """Check the project and, if it has no errors, write the bundles into `out`.

    `cache`: reuse and update the build cache in .qbank/cache (export/cache.py); by default on,
    unless the environment sets QBANK_NO_CACHE=1. The output is the same either way.
    `translation`: a language code; the packages then carry the reviewed translations of the
    lessons and questions into it (qbank.translate.questions), ids, keys and scoring unchanged.
    The Vietnamese sources are what is checked.
    `stamp`: an export.build_record.Stamp taken before the project was loaded; a successful build
    records it, so that the same build with nothing changed can be skipped.
    `jobs`: 2 lets a second process write part of the formats while this one checks
    (export/parallel.py; default: from 2,000 questions on, or QBANK_JOBS); 1 builds serially.
    Both give the same bytes."""
    if cache is None:
        cache = os.environ.get("QBANK_NO_CACHE", "") not in ("1", "true", "yes")
    writers = load_writers()
    formats = list(formats or DEFAULT_FORMATS)
    result = BuildResult()
    known = ", ".join(sorted(writers))
    for name in formats:
        if name not in writers:
            result.diagnostics.append(UNKNOWN_FORMAT.at(None, name=name, known=known))
    if result.diagnostics:
        return result
    load_writers(formats)  # imported before forking: each process knows the other's codes
    selected = [c for c in project.courses if not courses or c.id in courses]
    revision = source_revision(project.root)
    child, queue, tmp, made_out = None, None, None, not out.exists()
    units = parallel.units(formats)
    if parallel.split(formats) and parallel.jobs_wanted(jobs, len(project.questions)) > 1:
        # The child takes units of formats while this process checks (export/parallel.py).
        out.mkdir(parents=True, exist_ok=True)
        _recover(out)
        tmp = Path(tempfile.mkdtemp(prefix=TMP_PREFIX, dir=out))
        queue = parallel.Queue(len(units))
        child = parallel.Child(tmp)
        child.start(lambda area: _child_work(project, translation, courses, formats, units,
                                             queue, writers, area, cache, revision))
    try:
        result.diagnostics = check_project(project)
        errors = sum(d.severity == "error" for d in result.diagnostics)
        if errors:
            result.diagnostics.append(NOT_BUILT.at(None, count=errors, out=str(out)))
            return result

        if translation is not None:
            from qbank.translate.questions import translated_project

            project = translated_project(project, translation)
        selected = [c for c in project.courses if not courses or c.id in courses]
        if tmp is None:
            out.mkdir(parents=True, exist_ok=True)
            _recover(out)
            tmp = Path(tempfile.mkdtemp(prefix=TMP_PREFIX, dir=out))
        with build_cache.opened(project.root if cache else None) as store, \
                memoised(len(formats) > 1):
            staged = _write_all(project, selected, formats, writers, tmp, result, revision,
                                child, units, queue)
            if store is not None:
                store.save()
        if not result.ok:
            return result
        if stamp is not None:
            stamp.forget()
        for name in staged:
            _replace(tmp / name, out / name)
        result.bundles = [out / bundle_name(c) for c in selected]
        if stamp is not None:
            stamp.record(staged, [bundle_name(c) for c in selected], result.diagnostics)
    except OSError as e:
        vi, en = os_reason(e)
        result.diagnostics.append(WRITE_FAILED.at(None, reason=vi, reason_en=en,
                                                  out=str(out)))
    finally:
        if child is not None:
            child.cancel()
        if queue is not None:
            queue.close()
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
        if made_out and not result.bundles:
            try:
                out.rmdir()  # a build that wrote nothing leaves no empty output folder
            except OSError:
                pass
    return result


def _write_formats(ctx: CourseBuild, folder: Path, formats, writers, spans: dict) -> None:
    """Run the writers; each one's diagnostics are kept apart, to be reported in format order."""
    for fmt in formats:
        start = len(ctx.diagnostics)
        writers[fmt].write(ctx, folder)
        spans[(ctx.course.id, fmt)] = ctx.diagnostics[start:]


def _child_work(project, translation, courses, formats, units, queue, writers, area: Path,
                cache, revision) -> dict:
    """What the forked process does: the units it takes, for every bundle, into `area`."""
    if translation is not None:
        from qbank.translate.questions import translated_project

        project = translated_project(project, translation)
    spans: dict = {}
    bundles = []
    for course in project.courses:
        if not courses or course.id in courses:
            folder = area / bundle_name(course)
            folder.mkdir(parents=True)
            ctx = course_build(project, course, revision, formats)
            ctx.shares = area.parent / parallel.SHARES_DIR / course.id
            bundles.append((ctx, folder))
    with build_cache.opened(project.root if cache else None) as store, \
            memoised(len(formats) > 1):
        while (unit := queue.take()) is not None:
            for ctx, folder in bundles:
                _write_formats(ctx, folder, units[unit], writers, spans)
        if store is not None:
            store.save()
    return spans


def _write_all(project, selected, formats, writers, tmp: Path, result: BuildResult,
               revision: str | None, child: parallel.Child | None = None,
               units: list | None = None, queue: parallel.Queue | None = None) -> list[str]:
    """Write every bundle into `tmp`; returns the top-level names to move into place."""
    staged = []
    spans: dict = {}
    bundles = []
    for course in selected:
        ctx = course_build(project, course, revision, formats)
        folder = tmp / bundle_name(course)
        folder.mkdir()
        bundles.append((course, ctx, folder))
    if child is None:
        for _, ctx, folder in bundles:
            _write_formats(ctx, folder, formats, writers, spans)
    else:
        mine = set()
        while (unit := queue.take()) is not None:
            mine.add(unit)
            for _, ctx, folder in bundles:
                _write_formats(ctx, folder, units[unit], writers, spans)
        if not any(f in parallel.QTI for unit in mine for f in units[unit]):
            # The child is writing the QTI packages: build items from the back for it.
            from qbank.export.qti_writers import share_items

            for _, ctx, _ in bundles:
                share_items(ctx, tmp / parallel.SHARES_DIR / ctx.course.id)
        theirs = child.join(tmp)
        if theirs is None:  # the child failed: its units are written here, as serially
            for unit in sorted(set(range(len(units))) - mine):
                for _, ctx, folder in bundles:
                    _write_formats(ctx, folder, units[unit], writers, spans)
        else:
            spans.update(theirs)
    for course, ctx, folder in bundles:
        name = folder.name
        ctx.diagnostics[:] = [d for fmt in formats for d in spans[(course.id, fmt)]]
        result.diagnostics.extend(ctx.diagnostics)
        write_guide(ctx, folder)  # after the writers: it describes the files they wrote
        _write_manifest(folder, course, formats, revision)
        zip_folder(folder, tmp / f"{name}.zip", prefix=f"{name}/")
        staged += [name, f"{name}.zip"]
    if "json" in formats:
        from qbank.export.json_writer import write_schemas

        write_schemas(tmp / "schema")
        staged.append("schema")
    return staged


def _write_manifest(folder: Path, course: CourseEntry, formats: list[str],
                    revision: str | None) -> None:
    files = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        with path.open("rb") as f:  # in pieces: a bundle's packages are tens of MB each
            digest, size = hashlib.file_digest(f, "sha256").hexdigest(), f.tell()
        files.append({"path": path.relative_to(folder).as_posix(), "size": size,
                      "sha256": digest})
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    manifest = {
        "course": course.id,
        "version": course.course.version,
        "qbank_version": __version__,
        "source_revision": revision,
        "build_options": {"formats": formats,
                          "source_date_epoch": int(epoch) if epoch and epoch.isdigit() else None},
        "files": files,
    }
    (folder / "MANIFEST.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _replace(new: Path, dest: Path) -> None:
    """Move `new` to `dest`, replacing what is there with the shortest possible gap."""
    if dest.is_dir() and not dest.is_symlink():
        old = dest.with_name(f"{TMP_PREFIX}old-{dest.name}")
        shutil.rmtree(old, ignore_errors=True)
        os.rename(dest, old)
        os.rename(new, dest)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(new, dest)


def _recover(out: Path) -> None:
    """Undo what an interrupted build left: restore a bundle moved aside, drop temp folders."""
    for old in out.glob(f"{TMP_PREFIX}old-*"):
        dest = out / old.name[len(f"{TMP_PREFIX}old-"):]
        if not dest.exists():
            os.rename(old, dest)
        else:
            shutil.rmtree(old, ignore_errors=True)
    for tmp in out.glob(f"{TMP_PREFIX}*"):
        if tmp.is_dir() and not tmp.name.startswith(f"{TMP_PREFIX}old-"):
            shutil.rmtree(tmp, ignore_errors=True)
