"""course.json and questions.json: the documented JSON format for every other system.

The documents are built through pydantic models (below), which also give their JSON Schemas
(written to dist/schema/ and beside each bundle's JSON). Text fields hold the authored
Markdown (CommonMark, NFC); `*_html` fields hold the same text as sanitised XHTML.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, create_model
from pydantic_core import to_json

from qbank.export import cache as build_cache
from qbank.export.audio import recorded_from
from qbank.export.identifiers import checkpoint_id, display_order, xml_id
from qbank.export.media import MediaSet
from qbank.export.registry import CourseBuild
from qbank.model.common import ReviewStatus
from qbank.model.lesson import sources_of
from qbank.model.question import QUESTION_TYPES, Matching, Ordering
from qbank.render.xhtml import markdown_to_xhtml

FORMAT_VERSION = 1
CACHE_VERSION = "2"  # change whenever the questions this writer produces change
COURSE_SCHEMA = f"course-{FORMAT_VERSION}.schema.json"
QUESTIONS_SCHEMA = f"questions-{FORMAT_VERSION}.schema.json"


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SkillRef(_Doc):
    code: str
    name: str
    area: str
    provisional: bool


class _Extra(_Doc):
    """Fields every exported question has besides its source fields."""

    bank: str
    qti_identifier: str
    stem_html: str
    feedback_html: str | None
    skills_detail: list[SkillRef]


class _Shown(_Doc):
    """Ordering and matching: the order to show the answers in, never the key order."""

    display_order: list[int] = Field(description=(
        "Indices into `items` (ordering), or into the pairs' right-hand texts followed by the "
        "distractors (matching), in the order to show them: fixed, unrelated to the key, the "
        "same in every package (OLX, QTI)."))


def _exported(cls):
    extra = {**_Extra.model_fields,
             **(_Shown.model_fields if cls in (Ordering, Matching) else {})}
    fields = {name: (info.annotation, info) for name, info in extra.items()}
    return create_model(f"{cls.__name__}Export", __base__=cls, **fields)


EXPORTED = {name: _exported(cls) for name, cls in QUESTION_TYPES.items()}
ExportedQuestion = Annotated[Union[tuple(EXPORTED.values())],  # noqa: UP007
                             Field(discriminator="type")]


class QuestionsDoc(_Doc):
    schema_: str = Field(alias="$schema")
    format: Literal["qbank-questions"] = "qbank-questions"
    format_version: Literal[1] = FORMAT_VERSION
    course: str
    questions: list[ExportedQuestion]


class Source(_Doc):
    """Where a lesson's rules, numbers or plans come from (its front matter's `sources:`)."""

    title: str
    issuer: str | None
    ref: str | None
    url: str | None
    checked: dt.date | None


class AudioRef(_Doc):
    """A recording of the lesson or of one version (front matter `audio:`)."""

    file: str = Field(description="The MP3 (mono, about 48 kbit/s) in the bundle: media/<name>.")
    media_type: Literal["audio/mpeg"] = "audio/mpeg"
    opus: str | None = Field(description="Optional smaller WebM/Opus source in the bundle.")
    language: str = Field(description="ISO 639 code of the spoken language.")
    speaker: str
    duration_seconds: float
    transcript: str | None = Field(description=(
        "The text that was read aloud: a Markdown file of the repository."))
    up_to_date: bool = Field(description=(
        "False when the source lesson changed after the recording."))
    recorded: dt.date | None


class Variant(_Doc):
    kind: str  # "simple" or an ISO 639-3 language code
    title: str
    review_status: ReviewStatus
    machine_translated: bool
    up_to_date: bool
    sources: list[Source]  # its own, or the lesson's when it names none
    audio: AudioRef | None = None


class Lesson(_Doc):
    id: str
    title: str
    file: str
    skills: list[str]
    duration_minutes: int | None
    summary: str | None
    sources: list[Source]
    variants: list[Variant]
    audio: AudioRef | None = None  # the lesson read aloud


class Checkpoint(_Doc):
    after: str
    qti_identifier: str
    questions: list[str]


class Section(_Doc):
    id: str
    title: str | None
    select: int
    pool: dict[str, Any]
    questions: list[str]


class Final(_Doc):
    id: str
    qti_identifier: str
    title: str
    pass_threshold: float | None
    time_limit_minutes: int | None
    attempts: int | None
    shuffle: bool
    question_count: int
    sections: list[Section]


class Audience(_Doc):
    id: str
    title: str
    framework_group: str


class Framework(_Doc):
    id: str
    title: str
    version: str
    document: str


class CourseDoc(_Doc):
    schema_: str = Field(alias="$schema")
    format: Literal["qbank-course"] = "qbank-course"
    format_version: Literal[1] = FORMAT_VERSION
    id: str
    title: str
    version: str
    language: str
    description: str | None
    organization: dict[str, str]
    code: str | None
    run: str | None
    start: dt.date | None
    audience: Audience
    framework: Framework
    lessons: list[Lesson]
    checkpoints: list[Checkpoint]
    final: Final | None


def _skill(fw, code: str) -> SkillRef:
    item, area = fw.item(code), fw.area_of(code)
    return SkillRef(code=code, name=item.name if item else "", area=area.name if area else "",
                    provisional=fw.is_provisional(code))


def _exported_questions(ctx: CourseBuild, entries=None, media: MediaSet | None = None):
    """The questions as exported; their images (`media` and those in the Markdown texts) point
    at `media/<name>` in the bundle, where write_json copies them."""
    fw = ctx.project.framework
    media = media if media is not None else MediaSet(ctx.project.root)
    for entry in ctx.questions if entries is None else entries:
        yield _exported(entry, media, [_skill(fw, s).model_dump() for s in entry.q.skills])


def _exported(entry, media: MediaSet, skills: list[dict]):
    """One question as exported, `skills` being its skills_detail."""
    return EXPORTED[entry.q.type].model_validate(_exported_data(entry, media, skills))


def _exported_data(entry, media: MediaSet, skills: list[dict]) -> dict:
    """The exported question as JSON data, its keys in the order of its EXPORTED model."""
    q = entry.q
    rewrite = media.rewriter(entry.path.parent)
    data = q.model_dump(mode="json")
    for m in data.get("media") or []:
        m["src"] = media.add(m["src"], entry.path.parent) or m["src"]  # external: as is
    data.update(bank=entry.bank, qti_identifier=xml_id(q.id),
                stem_html=markdown_to_xhtml(q.stem, rewrite),
                feedback_html=markdown_to_xhtml(q.feedback, rewrite) if q.feedback else None,
                skills_detail=skills)
    if isinstance(q, Ordering):
        data["display_order"] = display_order(q.id, q.items)
    elif isinstance(q, Matching):
        data["display_order"] = display_order(
            q.id, [p.right for p in q.pairs] + list(q.distractors))
    return data


def questions_doc(ctx: CourseBuild, media: MediaSet | None = None) -> QuestionsDoc:
    return QuestionsDoc(**{"$schema": f"schema/{QUESTIONS_SCHEMA}"}, course=ctx.course.id,
                        questions=list(_exported_questions(ctx, media=media)))


def _write_questions(ctx: CourseBuild, path: Path, media: MediaSet | None = None) -> None:
    """questions.json with the bytes of _dump(questions_doc(ctx)), one question at a time: the
    whole document as models, then as a dict, then as text took ~150 MB on a 10,000-question
    bank. Each question's data is serialised by pydantic-core's JSON writer, which gives the
    bytes of json.dumps(ensure_ascii=False, indent=2) for these documents (no floats; tested)
    at a quarter of the time; the data is that of the validated models (tested), and the file
    is checked against its JSON Schema by the tests. JSON strings hold no raw line break, so
    indenting lines is exact."""
    envelope = _dump(QuestionsDoc(**{"$schema": f"schema/{QUESTIONS_SCHEMA}"},
                                  course=ctx.course.id, questions=[]))
    empty = '  "questions": []\n}\n'
    assert envelope.endswith(empty)  # "questions" is the document's last field
    store = build_cache.current()
    fw = ctx.project.framework
    media = media if media is not None else MediaSet(ctx.project.root)
    details: dict[str, dict] = {}  # skill code -> its skills_detail entry
    with path.open("w", encoding="utf-8", newline="\n") as f:
        f.write(envelope[:-len(empty)])
        first = True
        for entry in ctx.questions:
            skills = [details.get(s) or details.setdefault(s, _skill(fw, s).model_dump())
                      for s in entry.q.skills]
            k = build_cache.question_key(store, entry, "json-question", CACHE_VERSION,
                                         entry.bank, json.dumps(skills, ensure_ascii=False))
            cached = store.get(k) if k is not None else None
            if cached is not None:
                text = cached.decode("utf-8")
            else:
                data = _exported_data(entry, media, skills)
                text = "    " + to_json(data, indent=2).decode("utf-8").replace("\n", "\n    ")
                if k is not None:
                    store.put(k, text.encode("utf-8"))
            f.write(('  "questions": [\n' if first else ",\n") + text)
            first = False
        f.write(empty if first else "\n  ]\n}\n")


def _sources(sources) -> list[Source]:
    return [Source(**s.model_dump()) for s in sources]


def _audio(project, lesson, holder, media: MediaSet | None) -> AudioRef | None:
    audio = holder.meta.audio
    if audio is None:
        return None
    base = holder.path.parent
    media = media if media is not None else MediaSet(project.root)
    transcript = None
    if audio.transcript:
        path = (base / audio.transcript).resolve()
        if path.is_file() and path.is_relative_to(project.root.resolve()):
            transcript = path.relative_to(project.root.resolve()).as_posix()
    return AudioRef(file=media.add(audio.file, base) or audio.file,
                    opus=(media.add(audio.opus, base) or audio.opus) if audio.opus else None,
                    language=audio.language, speaker=audio.speaker,
                    duration_seconds=audio.duration, transcript=transcript,
                    up_to_date=recorded_from(lesson, holder, audio) == lesson.hash,
                    recorded=audio.recorded)


def course_doc(ctx: CourseBuild, media: MediaSet | None = None) -> CourseDoc:
    """`media` collects the recordings, which write_json copies beside course.json."""
    project, entry = ctx.project, ctx.course
    course, fw, config = entry.course, project.framework, project.config
    audience = project.audience(course.audience)
    lessons = []
    for lesson in entry.lessons:
        variants = [Variant(kind=k, title=v.meta.title, review_status=v.meta.review.status,
                            machine_translated=v.meta.machine_translated,
                            up_to_date=v.meta.source_hash == lesson.hash,
                            sources=_sources(sources_of(lesson.meta, v.meta)),
                            audio=_audio(project, lesson, v, media))
                    for k, v in sorted(lesson.variants.items())]
        lessons.append(Lesson(
            id=lesson.id, title=lesson.meta.title,
            file=lesson.path.relative_to(project.root).as_posix(), skills=lesson.meta.skills,
            duration_minutes=lesson.meta.duration_minutes, summary=lesson.meta.summary,
            sources=_sources(lesson.meta.sources),
            variants=variants, audio=_audio(project, lesson, lesson, media)))
    final = None
    if course.final:
        f = course.final
        final = Final(
            id=f.id, qti_identifier=xml_id(f.id), title=f.title,
            pass_threshold=ctx.pass_threshold, time_limit_minutes=ctx.time_limit_minutes,
            attempts=ctx.attempts, shuffle=f.shuffle,
            question_count=sum(s.select for s in f.sections),
            sections=[Section(id=s.id, title=s.title, select=s.select,
                              pool=s.pool.model_dump(mode="json"),
                              questions=[e.id for e in project.pool(s.pool)])
                      for s in f.sections])
    return CourseDoc(**{"$schema": f"schema/{COURSE_SCHEMA}"},
                     id=course.id, title=course.title, version=course.version,
                     language=course.language, description=course.description,
                     organization={"name": config.organization.name,
                                   "code": course.org or config.organization.code},
                     code=course.code, run=course.run, start=course.start,
                     audience=Audience(id=course.audience,
                                       title=audience.title if audience else course.audience,
                                       framework_group=audience.group if audience
                                       else course.audience),
                     framework=Framework(id=fw.id, title=fw.title, version=fw.version,
                                         document=fw.document),
                     lessons=lessons,
                     checkpoints=[Checkpoint(after=cp.after,
                                             qti_identifier=xml_id(checkpoint_id(cp.after)),
                                             questions=cp.questions)
                                  for cp in course.checkpoints],
                     final=final)


def _dump(doc: BaseModel) -> str:
    return json.dumps(doc.model_dump(mode="json", by_alias=True), ensure_ascii=False,
                      indent=2) + "\n"


def schemas() -> dict[str, dict]:
    out = {}
    for name, model, title in ((COURSE_SCHEMA, CourseDoc, "qbank course export"),
                               (QUESTIONS_SCHEMA, QuestionsDoc, "qbank questions export")):
        schema = TypeAdapter(model).json_schema(by_alias=True)
        out[name] = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title,
                     **schema}
    return out


def write_schemas(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, schema in schemas().items():
        (folder / name).write_text(json.dumps(schema, ensure_ascii=False, indent=2,
                                              sort_keys=True) + "\n", encoding="utf-8")


def write_json(ctx: CourseBuild, bundle: Path) -> None:
    media = MediaSet(ctx.project.root)
    (bundle / "course.json").write_text(_dump(course_doc(ctx, media)), encoding="utf-8")
    _write_questions(ctx, bundle / "questions.json", media)
    media.write(bundle)
    write_schemas(bundle / "schema")

