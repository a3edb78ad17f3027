"""The olx writer: an Open edX course export and a content library, as Studio imports them.

Course structure: one chapter per lesson (sequential → a content vertical with the lesson as an
html component, its video and in-video quiz, then a checkpoint vertical with the lesson's
checkpoint problems), and a final chapter whose graded subsection holds one randomized content
block (library_content) per blueprint section. Each block carries its section's pool as children
and points at the course library, which holds every final-pool question.

Studio's "Update now" on a randomized block replaces its children with the whole library; the
writer warns when sections draw from different pools, since that would mix them.
"""

from __future__ import annotations

import json
import struct
import zlib
from pathlib import Path

from lxml import etree

from qbank.diagnostics import code
from qbank.export import cache as build_cache
from qbank.export.capa import LOSSY, problem
from qbank.export.media import MediaSet
from qbank.export.package import write_tar_gz
from qbank.export.registry import CourseBuild, register
from qbank.model.question import Matching
from qbank.render.xhtml import markdown_to_xhtml

LOSSY_MAPPING = code(
    "QB0910", "olx-lossy-mapping", "warning",
    "{count} câu hỏi {kind} được chuyển thành danh sách chọn (dropdown) trong Open edX: chấm "
    "điểm từng vị trí, người học có thể chọn trùng ({ids})",
    "{count} {kind_en} question(s) become dropdown lists in Open edX: scored per position, a "
    "learner may pick the same item twice ({ids})",
    "Nếu cần chấm đúng/sai cả câu, dùng gói QTI hoặc đổi sang câu hỏi một lựa chọn.",
    "For all-or-nothing scoring use the QTI package, or rewrite as single choice.")
SECTIONS_SHARE_LIBRARY = code(
    "QB0911", "olx-library-sections", "warning",
    "bài kiểm tra có {count} phần với nguồn câu hỏi khác nhau nhưng dùng chung một thư viện: "
    "trong Studio không bấm \"Update now\" ở các khối ngẫu nhiên",
    "the test has {count} sections with different pools sharing one library: in Studio, do not "
    "press \"Update now\" on the randomized blocks",
    "Mỗi khối đã mang sẵn đúng nguồn câu hỏi của phần mình.",
    "Each block already carries its own section's pool.")
DEFAULT_CUTOFF = code(
    "QB0912", "olx-default-cutoff", "warning",
    "chưa có ngưỡng đạt: chính sách chấm điểm Open edX dùng mức mặc định 50%",
    "no pass threshold: the Open edX grading policy uses its default of 50%")

NO_DATE = code(
    "QB0913", "olx-no-date", "warning",
    "khóa học chưa có ngày '{key}': Open edX cần ngày bắt đầu và kết thúc của đợt học",
    "the course has no '{key}' date: Open edX needs the run's start and end dates",
    "Thêm '{key}: YYYY-MM-DD' vào course.yaml.", "Add '{key}: YYYY-MM-DD' to course.yaml.")

CACHE_VERSION = "1"  # change whenever the problems this writer produces change
FINAL_FORMAT = "Final Exam"
OPEN_EDX_DEFAULT_CUTOFF = 0.5


def _xml(el: etree._Element) -> bytes:
    return etree.tostring(el, encoding="UTF-8", xml_declaration=False, pretty_print=True)


def _pointer(parent: etree._Element, tag: str, url_name: str) -> None:
    etree.SubElement(parent, tag, {"url_name": url_name})


def _course_image() -> bytes:
    """A plain 480×270 PNG in the site's colour, so the course has the image Studio expects."""
    width, height = 480, 270
    row = b"\x00" + bytes((0x0B, 0x5D, 0x1E)) * width
    raw = row * height

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
        self.media = MediaSet(project.root, folder="static")
        self.files: dict[str, bytes] = {}
        self.library: dict[str, bytes] = {}

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
        self.files[f"course/html/{lesson.id}-van-ban.html"] = markdown_to_xhtml(
            lesson.body, rewrite).encode("utf-8")
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
                url = f"{lesson.id}--{entry.id}"
                _pointer(vert, "problem", url)
                self.add("problem", url, problem(entry, self.media, _short(entry.q.stem)))
            self.add("vertical", f"{lesson.id}-kiem-tra", vert)
        self.add("sequential", f"{lesson.id}-bai-hoc", seq)

    def video(self, vertical: etree._Element, lesson, video) -> None:
        url_name = f"{lesson.id}-video"
        attrs = {"display_name": f"Video: {lesson.meta.title}", "download_video": "false"}
        if video.youtube_id:
            attrs |= {"youtube_id_1_0": video.youtube_id, "youtube": f"1.00:{video.youtube_id}"}
        el = etree.Element("video", attrs)
        if video.url:
            etree.SubElement(el, "source", {"src": video.url})
        _pointer(vertical, "video", url_name)
        self.add("video", url_name, el)
        timemap = {}
        for quiz in video.quiz:
            entry = self.ctx.project.questions.get(quiz.question)
            if entry is None:
                continue
            url = f"{lesson.id}--video--{entry.id}"
            _pointer(vertical, "problem", url)
            self.add("problem", url, problem(entry, self.media, _short(entry.q.stem)))
            timemap[str(quiz.at)] = url
        if timemap:
            ivq = f"{lesson.id}-video-quiz"
            _pointer(vertical, "invideoquiz", ivq)
            self.add("invideoquiz", ivq, etree.Element("invideoquiz", {
                "display_name": "Câu hỏi trong video", "video_id": url_name,
                "timemap": json.dumps(timemap, sort_keys=True)}))

    def final_chapter(self) -> None:
        ctx, final = self.ctx, self.ctx.course.course.final
        project = ctx.project
        chapter = etree.Element("chapter", {"display_name": final.title})
        _pointer(chapter, "sequential", f"{final.id}-bai-thi")
        self.add("chapter", final.id, chapter)
        seq = etree.Element("sequential", {"display_name": final.title, "graded": "true",
                                           "format": FINAL_FORMAT})
        if ctx.time_limit_minutes:
            seq.set("is_time_limited", "true")
            seq.set("default_time_limit_minutes", str(ctx.time_limit_minutes))
        library_id = f"library-v1:{self.org}+{self.library_code}"
        library_root = etree.Element("library", {
            "xblock-family": "xblock.v1", "display_name": f"Ngân hàng câu hỏi: "
            f"{ctx.course.course.title}", "org": self.org, "library": self.library_code})
        in_library: set[str] = set()
        pools = []
        for section in final.sections:
            pool = project.pool(section.pool)
            pools.append(frozenset(e.id for e in pool))
            vert_name = f"{final.id}-{section.id}"
            _pointer(seq, "vertical", vert_name)
            vert = etree.Element("vertical", {"display_name": section.title or section.id})
            block = f"{vert_name}-ngau-nhien"
            _pointer(vert, "library_content", block)
            lc = etree.Element("library_content", {
                "display_name": section.title or section.id, "max_count": str(section.select),
                "source_library_id": library_id, "mode": "random"})
            for entry in pool:
                url = f"{section.id}--{entry.id}"
                _pointer(lc, "problem", url)
                data = self.problem_xml(entry, ctx.attempts)
                self.files[f"course/problem/{url}.xml"] = data
                if entry.id not in in_library:  # the same problem, serialised once
                    in_library.add(entry.id)
                    _pointer(library_root, "problem", entry.id)
                    self.library[f"library/problem/{entry.id}.xml"] = data
            self.add("library_content", block, lc)
            self.add("vertical", vert_name, vert)
        self.add("sequential", f"{final.id}-bai-thi", seq)
        self.library["library/library.xml"] = _xml(library_root)
        self.library["library/policies/assets.json"] = b"{}\n"
        if len(set(pools)) > 1:
            ctx.diagnostics.append(SECTIONS_SHARE_LIBRARY.at(ctx.course.pos("final", "sections"),
                                                             count=len(pools)))

    def problem_xml(self, entry, attempts: int | None) -> bytes:
        """A final-test problem's file, from the build cache when built before."""
        store = build_cache.current()
        name = _short(entry.q.stem)
        k = build_cache.question_key(store, entry, "capa", CACHE_VERSION, name, str(attempts))
        if k is not None:
            data = store.get(k)
            if data is not None:
                return data
        used = len(self.media.files)
        data = _xml(problem(entry, self.media, name, attempts))
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
            "advanced_modules": ["invideoquiz"], "enable_timed_exams": True,
            "show_calculator": False, "showanswer": "finished"}}
        if course.final and ctx.attempts:
            policy[f"course/{self.run}"]["max_attempts"] = ctx.attempts
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
        for kind in LOSSY:
            found = [e for e in ctx.questions if isinstance(e.q, kind)]
            if found:
                matching = kind is Matching
                ctx.diagnostics.append(LOSSY_MAPPING.at(
                    found[0].pos("type"), count=len(found),
                    kind="ghép đôi" if matching else "sắp xếp",
                    kind_en="matching" if matching else "ordering",
                    ids=", ".join(e.id for e in found)))


def _short(stem: str) -> str:
    text = " ".join(stem.replace("*", "").replace("_", "").split())
    return text if len(text) <= 60 else text[:57].rstrip() + "…"


@register("olx", "Open edX course export and content library (olx/<course>.tar.gz)")
def write_olx(ctx: CourseBuild, bundle: Path) -> None:
    export = _Export(ctx)
    export.build()
    export.lossy_warnings()
    for name, path in sorted(export.media.files.items()):
        data = path.read_bytes()
        export.files[f"course/{name}"] = data
        if export.library:
            export.library[f"library/{name}"] = data
    folder = bundle / "olx"
    folder.mkdir(exist_ok=True)
    write_tar_gz(folder / f"{ctx.course.id}.tar.gz", export.files)
    if export.library:
        write_tar_gz(folder / f"{ctx.course.id}-library.tar.gz", export.library)
