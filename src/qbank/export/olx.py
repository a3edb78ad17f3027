"""The olx writer: an Open edX course export, the one upload (Studio → Tools → Import).

Course structure: one chapter per lesson (sequential → a content vertical with the lesson as an
html component, its video and in-video quiz, then a checkpoint vertical with the lesson's
checkpoint problems), and a final chapter whose graded subsection holds one randomized block per
blueprint section, its pool inline as children.

Why it is written this way (read in openedx-platform):
- Pools carry no `source_library_id`: on import, `_update_and_import_block`
  (xmodule/modulestore/xml_importer.py) calls `sync_from_library()` on a library_content block
  whose source library exists, which (`_sync_children`, content_libraries/tasks.py) replaces the
  children with the whole library; releases without v1 libraries cannot sync at all. Without it,
  the block keeps its children and `ItemBankMixin.selected_children` draws `max_count` of them
  (xmodule/item_bank_block.py). No `mode`: the field is gone since Sumac.
- Attempts and showanswer sit on the final sequential; problems inherit them
  (InheritanceMixin), so checkpoints are not limited by the final test's attempts.
- Every problem has a `weight`: graded points are weight × earned / possible
  (`weighted_score`, lms grades; ProblemBlock.get_progress), so a draw cannot change the total.
- The invideoquiz XBlock finds the video and its problems by substring of the components' ids
  (`componentIsVideo`, `componentMatchesId` in invideoquiz.js): in such a unit no url_name may
  contain another's.
The optional content library (qbank.yaml `olx: {library: true}`) is for reuse in other courses.
"""

from __future__ import annotations

import json
import struct
import zlib
from pathlib import Path

from lxml import etree

from qbank.diagnostics import code
from qbank.export import cache as build_cache
from qbank.export.audio import olx_players
from qbank.export.capa import (
    LOSSY,
    ZONE_GAP,
    ZONE_HEIGHT,
    ZONE_WIDTH,
    drag_and_drop,
    problem_file,
    zone_count,
    zone_rows_height,
)
from qbank.export.media import MediaSet
from qbank.export.package import write_tar_gz
from qbank.export.registry import CourseBuild
from qbank.model.question import Matching
from qbank.render.xhtml import markdown_to_xhtml

LOSSY_MAPPING = code(
    "QB0910", "olx-lossy-mapping", "warning",
    "{count} câu hỏi {kind} được chuyển thành danh sách chọn (dropdown) trong Open edX: chấm "
    "điểm từng vị trí, người học có thể chọn trùng ({ids})",
    "{count} {kind_en} question(s) become dropdown lists in Open edX: scored per position, a "
    "learner may pick the same item twice ({ids})",
    "Đặt 'olx: {{ordering: drag_and_drop}}' trong qbank.yaml để dùng khối kéo thả của Open edX, "
    "hoặc dùng gói QTI.",
    "Set 'olx: {{ordering: drag_and_drop}}' in qbank.yaml to use Open edX's drag-and-drop block, "
    "or use the QTI package.")
# QB0911 (olx-library-sections, "do not press Update now") is retired: pools no longer point at
# a library. Its number is not reused.
DEFAULT_CUTOFF = code(
    "QB0912", "olx-default-cutoff", "warning",
    "chưa có ngưỡng đạt: chính sách chấm điểm Open edX dùng mức mặc định 50%",
    "no pass threshold: the Open edX grading policy uses its default of 50%")

NO_DATE = code(
    "QB0913", "olx-no-date", "warning",
    "khóa học chưa có ngày '{key}': Open edX cần ngày bắt đầu và kết thúc của đợt học",
    "the course has no '{key}' date: Open edX needs the run's start and end dates",
    "Thêm '{key}: YYYY-MM-DD' vào course.yaml.", "Add '{key}: YYYY-MM-DD' to course.yaml.")

SAME_SECOND = code(
    "QB0920", "olx-video-quiz-same-second", "error",
    "câu hỏi '{question}' và '{other}' cùng hiện ở giây {at} của video: Open edX (khối "
    "invideoquiz) chỉ giữ một câu hỏi cho mỗi giây",
    "questions '{question}' and '{other}' both appear at second {at} of the video: Open edX "
    "(the invideoquiz block) keeps one question per second",
    "Dời một câu hỏi sang giây khác (ví dụ {next}).", "Move one question to another second "
    "(e.g. {next}).")
IDS_OVERLAP = code(
    "QB0921", "olx-video-quiz-ids", "error",
    "trong bài '{lesson}', mã thành phần '{inner}' nằm trong mã '{outer}': khối invideoquiz "
    "của Open edX tìm video và câu hỏi theo chuỗi con nên sẽ nhận nhầm",
    "in lesson '{lesson}', component id '{inner}' is part of id '{outer}': Open edX's "
    "invideoquiz block finds the video and questions by substring and would pick the wrong one",
    "Đổi mã bài học hoặc mã câu hỏi để mã này không chứa mã kia.",
    "Rename the lesson or question so that neither id contains the other.")

CACHE_VERSION = "2"  # change whenever the problems this writer produces change
FINAL_FORMAT = "Final Exam"
OPEN_EDX_DEFAULT_CUTOFF = 0.5
FINAL_SHOWANSWER = "finished"  # after the last attempt, or once answered right
DND_TAG = "drag-and-drop-v2"


def usage_key(org: str, course: str, run: str, block_type: str, url_name: str) -> str:
    """The id Open edX gives an imported component (what invideoquiz.js compares)."""
    return f"block-v1:{org}+{course}+{run}+type@{block_type}+block@{url_name}"


def invideoquiz_conflicts(keys: list[str], video_id: str,
                          problem_ids: list[str]) -> list[tuple[str, str]]:
    """(id, key) pairs where invideoquiz.js would match the wrong component of a unit: the video
    id inside another component's key, or a question id inside a key not its own."""
    found = []
    for key in keys:
        own = key.rsplit("+block@", 1)[1]
        for ident in [video_id, *problem_ids]:
            if ident != own and ident in key:
                found.append((ident, key))
    return found


def _xml(el: etree._Element) -> bytes:
    return etree.tostring(el, encoding="UTF-8", xml_declaration=False, pretty_print=True)


def _pointer(parent: etree._Element, tag: str, url_name: str) -> None:
    etree.SubElement(parent, tag, {"url_name": url_name})


def _course_image() -> bytes:
    """A plain 480×270 PNG in the site's colour, so the course has the image Studio expects."""
    width, height = 480, 270
    row = b"\x00" + bytes((0x0B, 0x5D, 0x1E)) * width
    return _png(width, height, row * height)


def _png(width: int, height: int, raw: bytes) -> bytes:
    """An RGB PNG from its filtered scanlines."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2,
                                                              0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


class _Export:
    """Collects the files of one course export and of its library."""

    def __init__(self, ctx: CourseBuild):
        self.ctx = ctx
        project, entry = ctx.project, ctx.course
        course = entry.course
        self.org = course.org or project.config.organization.code
        self.code = course.code or entry.id
        self.run = course.run or course.version
        self.library_code = f"{self.code}-LIB"
        self.settings = project.config.olx
        self.media = MediaSet(project.root, folder="static")
        self.files: dict[str, bytes] = {}
        self.library: dict[str, bytes] = {}
        self.advanced: set[str] = set()  # advanced_modules the course uses
        self.problems: dict[str, str] = {}  # url_name -> question id, for `qbank analyze`

    def add(self, folder: str, url_name: str, el: etree._Element) -> None:
        self.files[f"course/{folder}/{url_name}.xml"] = _xml(el)

    def build(self) -> None:
        entry = self.ctx.course
        course = entry.course
        root = etree.Element("course", {"url_name": self.run, "org": self.org,
                                        "course": self.code})
        self.files["course/course.xml"] = _xml(root)
        body = etree.Element("course")  # display name, language, dates: in policy.json
        checkpoints = {cp.after: cp.questions for cp in course.checkpoints}
        for n, lesson in enumerate(entry.lessons, 1):
            _pointer(body, "chapter", lesson.id)
            self.lesson_chapter(n, lesson, checkpoints.get(lesson.id, []))
        if course.final:
            _pointer(body, "chapter", course.final.id)
            self.final_chapter()
        self.add("course", self.run, body)
        self.policies()

    def lesson_chapter(self, n: int, lesson, checkpoint: list[str]) -> None:
        title = lesson.meta.title
        chapter = etree.Element("chapter", {"display_name": f"Bài {n}. {title}"})
        _pointer(chapter, "sequential", f"{lesson.id}-bai-hoc")
        self.add("chapter", lesson.id, chapter)
        seq = etree.Element("sequential", {"display_name": title})
        _pointer(seq, "vertical", f"{lesson.id}-noi-dung")
        content = etree.Element("vertical", {"display_name": title})
        _pointer(content, "html", f"{lesson.id}-van-ban")
        rewrite = self.media.rewriter(lesson.path.parent, prefix="/")  # "/static/<name>"
        # The lesson's recordings play in the same component, under its text's title.
        self.files[f"course/html/{lesson.id}-van-ban.html"] = (markdown_to_xhtml(
            lesson.body, rewrite) + olx_players(lesson, self.media, self.ctx.project.config)
        ).encode("utf-8")
        self.add("html", f"{lesson.id}-van-ban", etree.Element(
            "html", {"filename": f"{lesson.id}-van-ban", "display_name": title}))
        video = lesson.meta.video
        if video and (video.youtube_id or video.url):
            self.video(content, lesson, video)
        self.add("vertical", f"{lesson.id}-noi-dung", content)
        questions = [self.ctx.project.questions[q] for q in checkpoint
                     if q in self.ctx.project.questions]
        if questions:
            _pointer(seq, "vertical", f"{lesson.id}-kiem-tra")
            vert = etree.Element("vertical", {"display_name": "Kiểm tra nhanh"})
            for entry in questions:
                self.question(vert, f"{lesson.id}--{entry.id}", entry)
            self.add("vertical", f"{lesson.id}-kiem-tra", vert)
        self.add("sequential", f"{lesson.id}-bai-hoc", seq)

    def question(self, parent: etree._Element, url: str, entry, weight: float = 1,
                 attempts: int | None = None) -> None:
        """A question as a component of `parent`: a CAPA problem, or a drag-and-drop block for
        ordering and matching when qbank.yaml asks for it. Outside the final test, problems get
        the project's checkpoint attempts (unset: unlimited)."""
        self.problems[url] = entry.id
        if attempts is None:
            attempts = self.settings.checkpoint_attempts
        if self.dnd(entry):
            count = zone_count(entry.q)
            name = f"qbank-keo-tha-{count}.png"
            self.files[f"course/static/{name}"] = _rows_image(count)
            el = drag_and_drop(entry, _short(entry.q.stem), f"/static/{name}", weight)
            if attempts:
                el.set("max_attempts", str(attempts))
            self.advanced.add(DND_TAG)
            _pointer(parent, DND_TAG, url)
            self.add(DND_TAG, url, el)
            return
        _pointer(parent, "problem", url)
        if attempts:
            self.files[f"course/problem/{url}.xml"] = problem_file(
                entry, self.media, _short(entry.q.stem), weight, attempts)
        else:
            self.files[f"course/problem/{url}.xml"] = self.problem_xml(entry, weight)

    def dnd(self, entry) -> bool:
        return self.settings.ordering == "drag_and_drop" and isinstance(entry.q, LOSSY)

    def video(self, vertical: etree._Element, lesson, video) -> None:
        # Ids chosen so that none contains another (invideoquiz.js matches by substring): the
        # video is "video-<lesson>", its questions "<lesson>-q<n>-<question>".
        url_name = f"video-{lesson.id}"
        attrs = {"display_name": f"Video: {lesson.meta.title}", "download_video": "false"}
        if video.youtube_id:
            attrs |= {"youtube_id_1_0": video.youtube_id, "youtube": f"1.00:{video.youtube_id}"}
        el = etree.Element("video", attrs)
        if video.url:
            etree.SubElement(el, "source", {"src": video.url})
        _pointer(vertical, "video", url_name)
        self.add("video", url_name, el)
        timemap: dict[str, str] = {}
        first: dict[int, str] = {}
        quizzes = [(i, q) for i, q in enumerate(video.quiz) if q.question in self.ctx.project.questions]
        width = len(str(len(quizzes)))
        keys = [usage_key(self.org, self.code, self.run, "html", f"{lesson.id}-van-ban"),
                usage_key(self.org, self.code, self.run, "video", url_name)]
        for n, (i, quiz) in enumerate(sorted(quizzes, key=lambda iq: (iq[1].at, iq[0])), 1):
            entry = self.ctx.project.questions[quiz.question]
            if quiz.at in first:
                self.ctx.diagnostics.append(SAME_SECOND.at(
                    lesson.pos("video", "quiz", i, "at"), question=quiz.question,
                    other=first[quiz.at], at=quiz.at, next=quiz.at + 1))
                continue
            first[quiz.at] = quiz.question
            url = f"{lesson.id}-q{n:0{width}d}-{entry.id}"
            self.question(vertical, url, entry)
            keys.append(usage_key(self.org, self.code, self.run, vertical[-1].tag, url))
            timemap[str(quiz.at)] = url
        if timemap:
            ivq = f"{lesson.id}-cau-hoi-trong-video"
            _pointer(vertical, "invideoquiz", ivq)
            self.advanced.add("invideoquiz")
            self.add("invideoquiz", ivq, etree.Element("invideoquiz", {
                "display_name": "Câu hỏi trong video", "video_id": url_name,
                "timemap": json.dumps(timemap, sort_keys=True)}))
            keys.append(usage_key(self.org, self.code, self.run, "invideoquiz", ivq))
            for inner, outer in invideoquiz_conflicts(keys, url_name, list(timemap.values())):
                self.ctx.diagnostics.append(IDS_OVERLAP.at(
                    lesson.pos("video", "quiz"), lesson=lesson.id, inner=inner, outer=outer))

    def final_chapter(self) -> None:
        ctx, final = self.ctx, self.ctx.course.course.final
        project = ctx.project
        chapter = etree.Element("chapter", {"display_name": final.title})
        _pointer(chapter, "sequential", f"{final.id}-bai-thi")
        self.add("chapter", final.id, chapter)
        seq = etree.Element("sequential", {"display_name": final.title, "graded": "true",
                                           "format": FINAL_FORMAT,
                                           "showanswer": FINAL_SHOWANSWER})
        if ctx.attempts:  # inherited by the test's problems only
            seq.set("max_attempts", str(ctx.attempts))
        if ctx.time_limit_minutes:
            seq.set("is_time_limited", "true")
            seq.set("default_time_limit_minutes", str(ctx.time_limit_minutes))
        pool_tag = self.settings.pool_block
        library_root = etree.Element("library", {
            "xblock-family": "xblock.v1", "display_name": f"Ngân hàng câu hỏi: "
            f"{ctx.course.course.title}", "org": self.org, "library": self.library_code})
        in_library: set[str] = set()
        for section in final.sections:
            pool = project.pool(section.pool)
            vert_name = f"{final.id}-{section.id}"
            _pointer(seq, "vertical", vert_name)
            vert = etree.Element("vertical", {"display_name": section.title or section.id})
            block = f"{vert_name}-ngau-nhien"
            _pointer(vert, pool_tag, block)
            lc = etree.Element(pool_tag, {"display_name": section.title or section.id,
                                          "max_count": str(section.select)})
            for entry in pool:
                url = f"{section.id}--{entry.id}"
                self.question(lc, url, entry, attempts=0)
                if self.settings.library and entry.id not in in_library:
                    in_library.add(entry.id)  # the same question, serialised once
                    tag = lc[-1].tag
                    _pointer(library_root, tag, entry.id)
                    self.library[f"library/{tag}/{entry.id}.xml"] = self.files[
                        f"course/{tag}/{url}.xml"]
            self.add(pool_tag, block, lc)
            self.add("vertical", vert_name, vert)
        self.add("sequential", f"{final.id}-bai-thi", seq)
        if self.settings.library:
            self.library["library/library.xml"] = _xml(library_root)
            self.library["library/policies/assets.json"] = b"{}\n"

    def problem_xml(self, entry, weight: float) -> bytes:
        """A problem's file (no attempts of its own), from the build cache when built before
        (questions of plain words are not cached: writing them is quicker)."""
        name = _short(entry.q.stem)
        store = build_cache.current()
        k = build_cache.question_key(store, entry, "capa", CACHE_VERSION, name, str(weight))
        if k is not None:
            data = store.get(k)
            if data is not None:
                return data
        used = len(self.media.files)
        data = problem_file(entry, self.media, name, weight)
        if k is not None and len(self.media.files) == used:
            store.put(k, data)
        return data

    def policies(self) -> None:
        ctx, course = self.ctx, self.ctx.course.course
        dates = {}
        for key in ("start", "end"):
            value = getattr(course, key)
            if value is None:
                ctx.diagnostics.append(NO_DATE.at(ctx.course.pos(), key=key))
            else:
                dates[key] = value.isoformat() + "T00:00:00Z"
        policy = {f"course/{self.run}": {
            "display_name": course.title, "language": course.language, **dates,
            "course_image": "images_course_image.png",
            "advanced_modules": sorted(self.advanced), "enable_timed_exams": True,
            "show_calculator": False}}
        cutoff = OPEN_EDX_DEFAULT_CUTOFF
        if ctx.pass_threshold is not None:
            cutoff = round(ctx.pass_threshold / 100, 4)
        elif course.final:
            ctx.diagnostics.append(DEFAULT_CUTOFF.at(ctx.course.pos("final")))
        grading = {"GRADER": [{"type": FINAL_FORMAT, "short_label": "Final", "min_count": 1,
                               "drop_count": 0, "weight": 1.0}],
                   "GRADE_CUTOFFS": {"Pass": cutoff}}
        dump = lambda data: (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)
                             + "\n").encode("utf-8")
        self.files[f"course/policies/{self.run}/policy.json"] = dump(policy)
        self.files[f"course/policies/{self.run}/grading_policy.json"] = dump(grading)
        self.files["course/policies/assets.json"] = b"{}\n"
        self.files["course/static/images_course_image.png"] = _course_image()

    def lossy_warnings(self) -> None:
        ctx = self.ctx
        if self.settings.ordering == "drag_and_drop":
            return
        for kind in LOSSY:
            found = [e for e in ctx.questions if isinstance(e.q, kind)]
            if found:
                matching = kind is Matching
                ctx.diagnostics.append(LOSSY_MAPPING.at(
                    found[0].pos("type"), count=len(found),
                    kind="ghép đôi" if matching else "sắp xếp",
                    kind_en="matching" if matching else "ordering",
                    ids=", ".join(e.id for e in found)))


def _rows_image(count: int) -> bytes:
    """The drag-and-drop background: `count` light rows, one per zone, on white."""
    zone = b"\x00" + bytes((0xE8, 0xF1, 0xEA)) * ZONE_WIDTH
    gap = b"\x00" + b"\xff\xff\xff" * ZONE_WIDTH
    rows = []
    for i in range(count):
        rows += [zone] * ZONE_HEIGHT + ([gap] * ZONE_GAP if i < count - 1 else [])
    assert len(rows) == zone_rows_height(count)
    return _png(ZONE_WIDTH, len(rows), b"".join(rows))


def _short(stem: str) -> str:
    text = " ".join(stem.replace("*", "").replace("_", "").split())
    return text if len(text) <= 60 else text[:57].rstrip() + "…"


def write_olx(ctx: CourseBuild, bundle: Path) -> None:
    export = _Export(ctx)
    export.build()
    export.lossy_warnings()
    for name, path in sorted(export.media.files.items()):
        data = path.read_bytes()
        export.files[f"course/{name}"] = data
    if export.library:
        for name, data in list(export.files.items()):
            if name.startswith("course/static/"):
                export.library["library/" + name.removeprefix("course/")] = data
    folder = bundle / "olx"
    folder.mkdir(exist_ok=True)
    write_tar_gz(folder / f"{ctx.course.id}.tar.gz", export.files)
    if export.library:
        write_tar_gz(folder / f"{ctx.course.id}-library.tar.gz", export.library)
