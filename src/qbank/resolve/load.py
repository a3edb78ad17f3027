"""load_project(): find the project, read every source file, validate it, bind it together.

Nothing here raises for bad content: every problem becomes a diagnostic in
``Project.load_diagnostics`` and the rest of the project still loads, so that one run of
``qbank check`` reports as much as it can.
"""

from __future__ import annotations

import gc
import json
import os
import re
import unicodedata
from contextlib import contextmanager
from pathlib import Path

from qbank.config import Audience, Config
from qbank.diagnostics import Diagnostic, Position, code
from qbank.export.cache import CACHE_DIR, CACHE_FILE, BuildCache
from qbank.export.cache import key as cache_key
from qbank.forked import Forked, second_process
from qbank.framework.registry import load_framework
from qbank.model.common import ID_RE
from qbank.model.course import Course
from qbank.model.lesson import LessonMeta, VariantMeta
from qbank.model.question import BankShell, Question
from qbank.model.validation import validate
from qbank.resolve.project import (
    Bank,
    CourseEntry,
    Lesson,
    Located,
    Project,
    QuestionEntry,
    Variant,
)
from qbank.source.files import body_hash, read_text, split_front_matter
from qbank.source.paths import resolve_ref
from qbank.source.yamlpos import NOT_NFC, SourceMap, YamlResult, load_yaml
from qbank.vietnamese import slugify

CONFIG_FILE = "qbank.yaml"
PARSE_CACHE_VERSION = "1"  # change whenever load_yaml's data for the same text changes
PARALLEL_PARSE_BYTES = 1_000_000  # of bank files; below this a second process costs more

NO_PROJECT = code(
    "QB0100", "no-project", "error", "không tìm thấy tệp qbank.yaml trong '{path}' hay thư mục cha",
    "no qbank.yaml in '{path}' or any parent folder",
    "Chạy lệnh trong thư mục kho nội dung, hoặc tạo kho mới bằng 'qbank init THƯ_MỤC'.",
    "Run the command inside a content repository, or create one with 'qbank init DIR'.")
EMPTY_FILE = code(
    "QB0114", "empty-file", "warning", "tệp rỗng", "file is empty")
BAD_BANK_FOLDER = code(
    "QB0312", "invalid-bank-folder", "error", "tên thư mục ngân hàng '{name}' không phải id hợp lệ",
    "bank folder name '{name}' is not a valid id",
    "Đổi tên thư mục thành chữ thường không dấu, nối bằng '-', ví dụ '{suggest}'.",
    "Rename the folder to lowercase ASCII with hyphens, e.g. '{suggest}'.")
UNLISTED_LESSON = code(
    "QB0310", "unlisted-lesson", "warning", "bài học không có trong danh sách 'lessons' của khóa học",
    "lesson file is not listed in the course's 'lessons'",
    "Thêm '{ref}' vào 'lessons' trong course.yaml, hoặc xóa tệp nếu không dùng nữa.",
    "Add '{ref}' to 'lessons' in course.yaml, or delete the file.")
ORPHAN_VARIANT = code(
    "QB0311", "orphan-variant", "warning", "phiên bản '{kind}' không có bài học gốc '{source}'",
    "variant '{kind}' has no source lesson '{source}'")
CASE_COLLISION = code(
    "QB0317", "case-only-collision", "error",
    "tên trùng với '{other}' nếu không phân biệt chữ hoa/thường",
    "name differs from '{other}' only in letter case",
    "Trên Windows và macOS hai tệp này là một; đổi tên một trong hai.",
    "On Windows and macOS these are the same file; rename one of them.")
DUPLICATE_LESSON = code(
    "QB0316", "lesson-listed-twice", "error", "bài học '{ref}' được liệt kê hai lần",
    "lesson '{ref}' is listed twice")
AFTER_FILE = code(
    "QB0211", "checkpoint-after-file", "error",
    "'after' cần id của bài học, không phải tên tệp '{value}'",
    "'after' takes the lesson's id, not its file name '{value}'",
    "Bài học trong tệp này có id '{id}' (dòng 'id:' ở đầu tệp): ghi 'after: {id}'.",
    "The lesson in this file has id '{id}' (its 'id:' line): write 'after: {id}'.")

# An `id:` line of a question, for files that cannot be parsed at all.
_ID_LINE = re.compile(r"^[ \t]*(?:-[ \t]+)?id:[ \t]*[\"']?([a-z0-9][a-z0-9-]*)[\"']?[ \t]*(?:#.*)?$",
                      re.M)


def _question_chunks(text: str):
    """(first line index, text) of each item of a bank file's top-level `questions:` list,
    found by indentation alone (the file as a whole is not valid YAML)."""
    lines = text.split("\n")
    try:
        top = next(i for i, line in enumerate(lines) if re.match(r"questions:\s*(#.*)?$", line))
    except StopIteration:
        return
    indent, starts, end = None, [], len(lines)
    for i in range(top + 1, len(lines)):
        line = lines[i]
        if line and not line[0].isspace() and not line.startswith("#") and not line.startswith(
                "-"):
            end = i  # the next top-level key
            break
        m = re.match(r"([ ]*)-(\s|$)", line)
        if m and (indent is None or len(m[1]) == indent):
            indent = len(m[1])
            starts.append(i)
    for k, start in enumerate(starts):
        stop = starts[k + 1] if k + 1 < len(starts) else end
        yield start, "\n".join(lines[start:stop]) + "\n"


def _first_error(diags) -> Position | None:
    """Where the first error of a file is: what its follow-on errors point back to."""
    errors = [d.pos for d in diags if d.severity.value == "error" and d.pos is not None]
    return min(errors) if errors else None

# NN-slug.simple.md, NN-slug.<iso-639-3>.md (2- or 3-letter codes).
VARIANT_RE = re.compile(r"^(?P<stem>.+?)\.(?P<kind>simple|[a-z]{2,3})\.md$")


def find_root(start: Path) -> Path | None:
    start = start.resolve()
    for folder in [start, *start.parents]:
        if (folder / CONFIG_FILE).is_file():
            return folder
    return None


class _Loader:
    def __init__(self, root: Path, store=None):
        self.root = root
        self.project = Project(root=root)
        self.diags = self.project.load_diagnostics
        self.store = store  # qbank.export.cache.BuildCache, or None
        self.prefetched: dict[str, YamlResult | str] = {}  # parse cache key -> result or JSON
        self.texts: dict[Path, str] = {}  # bank files read by prefetch(), for their turn

    def parse(self, text: str, path: Path, k: str | None = None) -> YamlResult:
        """load_yaml(), or the data of the same text parsed before (`qbank check` then
        `qbank build` read every file twice) or by the second process (prefetch). Only clean
        files whose data JSON keeps exactly are stored; their positions are still found from
        the text when needed."""
        cached = self.store is not None and self.store.db is not None
        if not cached and not self.prefetched:
            return load_yaml(text, path)
        k = k or cache_key("parsed-yaml", PARSE_CACHE_VERSION, text)
        found = self.prefetched.pop(k, None)
        if isinstance(found, YamlResult):
            return found
        if found is not None:
            if cached:
                self.store.put(k, found.encode("utf-8"))
            return YamlResult(json.loads(found), SourceMap(path, text), [])
        if not cached:
            return load_yaml(text, path)
        stored = self.store.get(k)
        if stored is not None:
            return YamlResult(json.loads(stored), SourceMap(path, text), [])
        loaded = load_yaml(text, path)
        dumped = _exact_json(loaded)
        if dumped is not None:
            self.store.put(k, dumped.encode("utf-8"))
        return loaded

    def prefetch(self, paths: list[Path]) -> None:
        """Parse every other file in a second process while this one parses the rest; the
        results wait in `prefetched` (by the parse cache's key) for the files' turn. Files
        with anything to report are left to the usual path, so messages keep their order."""
        size = sum(p.stat().st_size for p in paths)
        if len(paths) < 2 or size < PARALLEL_PARSE_BYTES or not second_process():
            return
        theirs = paths[1::2]
        child = Forked().start(lambda: [_parsed_elsewhere(p) for p in theirs])
        try:
            for path in paths[0::2]:
                text, diags = read_text(path)
                if text is not None and not diags:
                    k = cache_key("parsed-yaml", PARSE_CACHE_VERSION, text)
                    self.prefetched[k] = self.parse(text, path, k)
                    self.texts[path] = text
        finally:
            results = child.result()
        for found in results or ():
            if found is not None:
                self.prefetched.setdefault(found[0], found[1])

    def yaml_file(self, path: Path, failed: dict | None = None):
        """The parsed file, or None; `failed` gets the file's text and first error then."""
        text = self.texts.pop(path, None)  # read already while prefetching, and clean
        if text is None:
            text, diags = read_text(path)
            self.diags.extend(diags)
        if text is None:
            if failed is not None:
                failed.update(text="", cause=_first_error(diags))
            return None
        loaded = self.parse(text, path)
        self.diags.extend(loaded.diagnostics)
        if loaded.data is None and not loaded.diagnostics:
            self.diags.append(EMPTY_FILE.at(Position(path, 1, 1)))
        if loaded.data is None and failed is not None:
            failed.update(text=text, cause=_first_error(loaded.diagnostics))
        return loaded if loaded.data is not None else None

    def validated(self, model, loaded, prefix=(), recover=False):
        value, diags = validate(model, loaded.data, loaded.source_map, prefix, recover=recover)
        self.diags.extend(diags)
        return value

    def load(self) -> Project:
        self.check_case_collisions()
        self.load_config()
        self.load_banks()
        self.load_courses()
        return self.project

    def check_case_collisions(self):
        """Paths that differ only in letter case break on Windows and macOS clones."""
        seen: dict[str, Path] = {}
        for top in ("courses", "question_banks"):
            for path in sorted((self.root / top).rglob("*")) if (self.root / top).is_dir() else ():
                key = path.relative_to(self.root).as_posix().casefold()
                if key in seen:
                    self.diags.append(CASE_COLLISION.at(
                        Position(path), other=seen[key].relative_to(self.root).as_posix()))
                else:
                    seen[key] = path

    def load_config(self):
        path = self.root / CONFIG_FILE
        text, diags = read_text(path)
        self.diags.extend(diags)
        if text is None:
            return
        loaded = load_yaml(text, path)
        self.diags.extend(loaded.diagnostics)
        if loaded.data is None:
            if loaded.diagnostics:
                return
            loaded.data = {}  # an empty qbank.yaml: each required key is reported missing
        config = self.validated(Config, loaded, recover=True)
        self.project.config_src = Located(loaded.source_map)
        if config is None:
            return
        self.project.config = config
        framework, smap, diags = load_framework(
            config.framework, self.root, loaded.source_map.position(("framework",)))
        self.diags.extend(diags)
        self.project.framework = framework
        if smap is not None:
            self.project.framework_src = Located(smap)
        if framework is not None and not config.audiences:
            config.audiences = [Audience(id=g.id, title=g.name, group=g.id)
                                for g in framework.groups]

    def load_banks(self):
        folder = self.root / "question_banks"
        if not folder.is_dir():
            return
        banks = []
        for bank_dir in sorted(p for p in folder.iterdir() if p.is_dir()):
            if not ID_RE.match(bank_dir.name):
                self.diags.append(BAD_BANK_FOLDER.at(
                    Position(bank_dir),
                    name=bank_dir.name, suggest=slugify(bank_dir.name)))
                continue
            banks.append((bank_dir, sorted(p for p in bank_dir.rglob("*")
                                           if p.suffix in (".yaml", ".yml") and p.is_file())))
        self.prefetch([path for _, files in banks for path in files])
        for bank_dir, files in banks:
            bank = Bank(id=bank_dir.name, path=bank_dir)
            self.project.banks[bank.id] = bank
            for path in files:
                self.load_bank_file(bank, path)
        self.prefetched.clear()
        self.texts.clear()

    def load_bank_file(self, bank: Bank, path: Path):
        failed: dict = {}
        loaded = self.yaml_file(path, failed)
        if loaded is None:
            cause = failed.get("cause")
            if cause is not None:
                self.project.failed_banks.setdefault(bank.id, cause)
                if failed["text"]:
                    self.recover_questions(bank, path, failed["text"], cause)
                else:  # not UTF-8: nothing is loaded, but its ids say which questions miss
                    self.record_ids(path, cause)
            return
        data = loaded.data
        shell = self.validated(BankShell, loaded, recover=True)
        if shell is None:
            self.project.failed_banks.setdefault(bank.id, Position(path, 1, 1))
            return
        smap = loaded.source_map
        if shell.title:
            bank.title = bank.title or shell.title
            bank.file_titles.append((Located(smap), shell.title))
        items = data.get("questions") if isinstance(data, dict) else None
        for i, item in enumerate(items if isinstance(items, list) else []):
            q, diags = validate(Question, item, smap, ("questions", i), recover=True)
            self.diags.extend(diags)
            if q is not None:
                bank.questions.append(QuestionEntry(smap, ("questions", i), bank=bank.id, q=q))
            elif diags:
                cause = _first_error(diags) or smap.position(("questions", i))
                self.project.failed_banks.setdefault(bank.id, cause)
                qid = item.get("id") if isinstance(item, dict) else None
                if isinstance(qid, str):
                    self.project.failed_questions.setdefault(qid, cause)

    def record_ids(self, path: Path, cause: Position):
        try:
            text = path.read_bytes().decode("utf-8", "replace")
        except OSError:
            return
        for found in _ID_LINE.finditer(text):
            self.project.failed_questions.setdefault(found[1], cause)

    def recover_questions(self, bank: Bank, path: Path, text: str, cause: Position):
        """A bank file YAML cannot read (a tab, a stray quote): read its questions one by one,
        so that one bad question does not hide the others. The questions that still cannot be
        read are recorded, so checks that miss them say their error follows from this one."""
        reported = {d.pos.line for d in self.diags if d.pos is not None and d.pos.path == path}
        for start, chunk in _question_chunks(text):
            loaded = load_yaml(chunk, path, line_offset=start)
            item = loaded.data[0] if isinstance(loaded.data, list) and len(
                loaded.data) == 1 else None
            errors = [d for d in loaded.diagnostics if d.severity.value == "error"]
            if item is None or errors:
                where = _first_error(errors) or Position(path, start + 1, 1)
                if errors and where.line not in reported:  # a second bad question
                    self.diags.append(errors[0])
                    reported.add(where.line)
                found = _ID_LINE.search(chunk)
                if found:
                    self.project.failed_questions.setdefault(found[1], where)
                continue
            q, diags = validate(Question, item, loaded.source_map, (0,), recover=True)
            self.diags.extend(diags)
            if q is not None:
                bank.questions.append(QuestionEntry(loaded.source_map, (0,), bank=bank.id, q=q))
            elif isinstance(item, dict) and isinstance(item.get("id"), str):
                self.project.failed_questions.setdefault(item["id"], _first_error(diags) or cause)

    def load_courses(self):
        folder = self.root / "courses"
        if not folder.is_dir():
            return
        for course_dir in sorted(p for p in folder.iterdir() if p.is_dir()):
            path = course_dir / "course.yaml"
            if not path.is_file():
                continue
            loaded = self.yaml_file(path)
            if loaded is None:
                continue
            before = len(self.diags)
            course = self.validated(Course, loaded, recover=True)
            if course is None:
                continue
            entry = CourseEntry(loaded.source_map, course=course)
            self.project.courses.append(entry)
            self.load_lessons(entry)
            self.explain_after(entry, loaded.data, before)

    def load_lessons(self, entry: CourseEntry):
        listed: set[Path] = set()
        for i, ref in enumerate(entry.course.lessons):
            pos = entry.pos("lessons", i)
            path, diags = resolve_ref(ref, entry.folder, self.root, pos)
            self.diags.extend(diags)
            if path is None:
                continue
            if path.resolve() in listed:
                self.diags.append(DUPLICATE_LESSON.at(pos, ref=ref))
                continue
            listed.add(path.resolve())
            lesson = self.load_lesson(path)
            if lesson is not None:
                lesson.listed_at = pos
                entry.lessons.append(lesson)
        lessons_dir = entry.folder / "lessons"
        if lessons_dir.is_dir():
            for path in sorted(lessons_dir.glob("*.md")):
                match = VARIANT_RE.match(path.name)
                if match:
                    source = path.with_name(match["stem"] + ".md")
                    if not source.is_file():
                        self.diags.append(ORPHAN_VARIANT.at(Position(path, 1, 1),
                                                            kind=match["kind"], source=source.name))
                elif path.resolve() not in listed:
                    self.diags.append(UNLISTED_LESSON.at(
                        Position(path, 1, 1), ref=path.relative_to(entry.folder).as_posix()))

    def explain_after(self, entry: CourseEntry, data, first: int):
        """`after: 01-bai.md` names the lesson's file: say which id to write instead of
        slugifying the file name into an id no lesson has."""
        checkpoints = data.get("checkpoints") if isinstance(data, dict) else None
        if not isinstance(checkpoints, list):
            return
        by_file = {}
        for lesson in entry.lessons:
            rel = lesson.path.relative_to(entry.folder).as_posix()
            for name in (lesson.path.name, rel, lesson.path.stem, "./" + rel):
                by_file[name] = lesson.id
        for i, cp in enumerate(checkpoints):
            value = cp.get("after") if isinstance(cp, dict) else None
            lesson_id = by_file.get(value) if isinstance(value, str) else None
            if lesson_id is None or lesson_id == value:
                continue
            pos = entry.pos("checkpoints", i, "after")
            for k in range(first, len(self.diags)):
                if self.diags[k].pos == pos and self.diags[k].code.name == "invalid-id":
                    self.diags[k] = AFTER_FILE.at(pos, value=value, id=lesson_id)
                    break

    def markdown_file(self, path: Path, model):
        """(front matter model, body, body line, SourceMap) of a Markdown file with front matter."""
        text, diags = read_text(path)
        self.diags.extend(diags)
        if text is None:
            return None
        fm, diags = split_front_matter(text, path)
        self.diags.extend(diags)
        if fm is None:
            self.failed(path, "", _first_error(diags))
            return None
        loaded = load_yaml(fm.yaml_text, path, line_offset=fm.yaml_line - 1)
        self.diags.extend(loaded.diagnostics)
        if loaded.data is None:
            if not loaded.diagnostics:
                self.diags.append(EMPTY_FILE.at(Position(path, 1, 1)))
            else:
                self.failed(path, fm.yaml_text, _first_error(loaded.diagnostics))
            return None
        meta, diags = validate(model, loaded.data, loaded.source_map, recover=True)
        self.diags.extend(diags)
        if meta is None:
            raw_id = loaded.data.get("id") if isinstance(loaded.data, dict) else None
            self.failed(path, f"id: {raw_id}" if isinstance(raw_id, str) else "",
                        _first_error(diags))
        body = fm.body
        if not unicodedata.is_normalized("NFC", body):
            self.diags.append(NOT_NFC.at(Position(path, fm.body_line, 1), count=1))
            body = unicodedata.normalize("NFC", body)
        return meta, body, fm.body_line, loaded.source_map

    def failed(self, path: Path, text: str, cause: Position | None):
        """A lesson or lesson version that could not be loaded, and its lesson id if known."""
        cause = cause or Position(path, 1, 1)
        self.project.failed_files[path] = cause
        found = _ID_LINE.search(text)
        if found:
            self.project.failed_lessons.setdefault(found[1], cause)

    def load_lesson(self, path: Path) -> Lesson | None:
        found = self.markdown_file(path, LessonMeta)
        if found is None or found[0] is None:
            return None
        meta, body, body_line, smap = found
        lesson = Lesson(smap, meta=meta, body=body, body_line=body_line, hash=body_hash(body))
        for variant_path in sorted(path.parent.glob(path.stem + ".*.md")):
            match = VARIANT_RE.match(variant_path.name)
            if not match or match["stem"] != path.stem:
                continue
            found = self.markdown_file(variant_path, VariantMeta)
            if found is None or found[0] is None:
                continue
            vmeta, vbody, vline, vsmap = found
            lesson.variants[match["kind"]] = Variant(vsmap, kind=match["kind"], meta=vmeta,
                                                     body=vbody, body_line=vline)
        return lesson


@contextmanager
def _collector_paused():
    """Loading allocates millions of small objects that all stay alive (YAML nodes, then the
    models), so every cyclic-garbage collection during it finds nothing to free while scanning
    everything loaded so far: with the collector running, load time grew faster than the bank
    (×8.4 from 10,000 to 50,000 questions). It is paused while loading and the loaded objects
    are then moved out of the collector's generations (gc.freeze), so later collections during
    checking and building do not rescan them either. Reference counting still frees them."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.enable()


def load_project(path: str | Path = ".") -> Project:
    """Load the project containing `path`. Raises ProjectNotFound when there is none."""
    root = find_root(Path(path))
    if root is None:
        raise ProjectNotFound(NO_PROJECT.at(None, path=str(path)))
    store = None
    if os.environ.get("QBANK_NO_CACHE", "") not in ("1", "true", "yes"):
        # Loading (`qbank check`) reads and adds to the cache a build made, never creates one.
        store = BuildCache(root / CACHE_DIR / CACHE_FILE, create=False)
    try:
        with _collector_paused():
            return _Loader(root, store).load()
    finally:
        if store is not None:
            store.save()
            store.close()


def _exact_json(loaded: YamlResult) -> str | None:
    """The data of a clean parse as JSON, if JSON gives back exactly that data."""
    if loaded.data is None or loaded.diagnostics:
        return None
    try:
        dumped = json.dumps(loaded.data, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError):  # dates, non-finite numbers
        return None
    return dumped if json.loads(dumped) == loaded.data else None  # no int/bool/null keys


def _parsed_elsewhere(path: Path) -> tuple[str, str] | None:
    """In the second process: (parse cache key, data as JSON) of a clean bank file."""
    text, diags = read_text(path)
    if text is None or diags:
        return None
    dumped = _exact_json(load_yaml(text, path))
    return None if dumped is None else (cache_key("parsed-yaml", PARSE_CACHE_VERSION, text),
                                        dumped)


class ProjectNotFound(Exception):
    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.message("en"))
        self.diagnostic = diagnostic
