"""The resolved Project: every course, lesson, bank and question with where it came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from qbank.config import Audience, Config
from qbank.diagnostics import Diagnostic, Position
from qbank.framework.model import Framework, Group
from qbank.model.course import Course, Pool
from qbank.model.lesson import LessonMeta, VariantMeta
from qbank.source.yamlpos import SourceMap


@dataclass(eq=False)
class Located:
    """Something loaded from a file, able to point at any of its own data paths."""

    smap: SourceMap
    prefix: tuple = ()

    @property
    def path(self) -> Path:
        return self.smap.path

    def pos(self, *loc, key: bool = False) -> Position:
        return self.smap.position(self.prefix + loc, key=key)


@dataclass(eq=False)
class Variant(Located):
    """A simplified version (kind 'simple') or a translation (kind = ISO 639-3 code)."""

    kind: str = ""
    meta: VariantMeta | None = None
    body: str = ""
    body_line: int = 1


@dataclass(eq=False)
class Lesson(Located):
    meta: LessonMeta | None = None
    body: str = ""
    body_line: int = 1
    hash: str = ""
    listed_at: Position | None = None  # its entry in course.yaml
    variants: dict[str, Variant] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.meta.id


@dataclass(eq=False)
class QuestionEntry(Located):
    bank: str = ""
    q: object = None  # one of qbank.model.question's classes

    @property
    def id(self) -> str:
        return self.q.id


@dataclass(eq=False)
class Bank:
    id: str
    path: Path
    title: str | None = None
    questions: list[QuestionEntry] = field(default_factory=list)
    file_titles: list[tuple[Located, str]] = field(default_factory=list)  # each file's `title`


@dataclass(eq=False)
class CourseEntry(Located):
    course: Course | None = None
    lessons: list[Lesson] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.course.id

    @property
    def folder(self) -> Path:
        return self.path.parent

    def lesson(self, lesson_id: str) -> Lesson | None:
        return next((lesson for lesson in self.lessons if lesson.id == lesson_id), None)


@dataclass(eq=False)
class Project:
    root: Path
    config: Config | None = None
    config_src: Located | None = None
    framework: Framework | None = None
    framework_src: Located | None = None
    courses: list[CourseEntry] = field(default_factory=list)
    banks: dict[str, Bank] = field(default_factory=dict)
    # Diagnostics found while loading (syntax, schema, missing files).
    load_diagnostics: list[Diagnostic] = field(default_factory=list)
    # What could not be loaded, with where its first error is: checks that miss it then say
    # their error follows from that one (qbank.resolve.followups).
    failed_questions: dict[str, Position] = field(default_factory=dict)  # by question id
    failed_banks: dict[str, Position] = field(default_factory=dict)  # a file or question failed
    failed_lessons: dict[str, Position] = field(default_factory=dict)  # by lesson id
    failed_files: dict[Path, Position] = field(default_factory=dict)  # lesson versions

    def __post_init__(self):
        self._questions: dict[str, QuestionEntry] | None = None

    @property
    def questions(self) -> dict[str, QuestionEntry]:
        """Every question by id (the first one, if an id is duplicated)."""
        if self._questions is None:
            self._questions = {}
            for bank in self.banks.values():
                for entry in bank.questions:
                    self._questions.setdefault(entry.id, entry)
        return self._questions

    def audience(self, audience_id: str) -> Audience | None:
        if self.config is None:
            return None
        for a in self.config.audiences:
            if a.id == audience_id:
                return a
        return None

    def group_of(self, course: Course) -> Group | None:
        """The framework target group a course is written for, through its audience."""
        if self.framework is None:
            return None
        audience = self.audience(course.audience)
        return self.framework.group(audience.group if audience else course.audience)

    def course(self, course_id: str) -> CourseEntry | None:
        return next((c for c in self.courses if c.id == course_id), None)

    def text_fields(self):
        """(owner, path of the field within it, text) of every short text an author wrote:
        question texts and course, lesson and version titles. Text rules walk these."""
        for bank in self.banks.values():
            for source, title in bank.file_titles:
                yield source, ("title",), title
            for entry in bank.questions:
                for loc, text in entry.q.texts():
                    yield entry, loc, text
        for c in self.courses:
            yield c, ("title",), c.course.title
            for lesson in c.lessons:
                yield lesson, ("title",), lesson.meta.title
                for v in lesson.variants.values():
                    yield v, ("title",), v.meta.title

    def bodies(self):
        """(file, Markdown body, its first line) of every lesson and lesson version."""
        for c in self.courses:
            for lesson in c.lessons:
                yield lesson.path, lesson.body, lesson.body_line
                for v in lesson.variants.values():
                    yield v.path, v.body, v.body_line

    def pool(self, pool: Pool) -> list[QuestionEntry]:
        """The questions a blueprint section may draw from, in a stable order."""
        banks = [self.banks[b] for b in pool.banks if b in self.banks] if pool.banks else list(
            self.banks.values())
        out = []
        skills, levels, tags = set(pool.skills), set(pool.levels), set(pool.tags)
        for bank in banks:
            for entry in bank.questions:
                q = entry.q
                if pool.use not in q.use:
                    continue
                if skills and not skills.intersection(q.skills):
                    continue
                if levels and q.level not in levels:
                    continue
                if tags and not tags.intersection(q.tags):
                    continue
                out.append(entry)
        return out

    def checkpoint_questions(self, course: CourseEntry) -> list[QuestionEntry]:
        """The questions of a course's checkpoints, each once, in order of appearance."""
        found = {}
        for cp in course.course.checkpoints:
            for qid in cp.questions:
                if qid in self.questions:
                    found.setdefault(qid, self.questions[qid])
        return list(found.values())

    def course_questions(self, course: CourseEntry) -> list[QuestionEntry]:
        """Every question a course can show: its checkpoints' and its final pools'."""
        found = {e.id: e for e in self.checkpoint_questions(course)}
        if course.course.final:
            for section in course.course.final.sections:
                for entry in self.pool(section.pool):
                    found.setdefault(entry.id, entry)
        return list(found.values())
