"""Lessons (front matter + Markdown) and their variants: simplified Vietnamese, translations."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from pydantic import BeforeValidator, Field

from qbank.model.common import Id, Review, ReviewField, SkillCode, Strict, Text


class VideoQuiz(Strict):
    at: int = Field(ge=0)  # seconds into the video
    question: Id


class Video(Strict):
    youtube_id: str | None = Field(default=None, pattern=r"^[A-Za-z0-9_\-]{11}$")
    url: str | None = Field(default=None, pattern=r"^https://")
    quiz: list[VideoQuiz] = Field(default_factory=list)


class Source(Strict):
    """Where a lesson's rules, numbers or plans come from, so a reviewer can check them."""

    title: Text
    issuer: str | None = None  # e.g. "UBND tỉnh Thanh Hóa"
    ref: str | None = None  # number and date, e.g. "số 12/KH-UBND ngày 10/01/2026"
    url: str | None = Field(default=None, pattern=r"^https?://")
    checked: dt.date | None = None  # when someone last checked the source still says it


def _seconds(value):
    """A duration as seconds: 242, "4:02" or "1:04:02" (YAML may already have read 4:02 as 242)."""
    if isinstance(value, str):
        match = re.fullmatch(r"\s*(?:(\d+):)?(\d{1,2}):(\d{2})\s*", value)
        if not match:
            return value  # reported as "not a number" (QB0204-style, in the author's language)
        h, m, s = (int(g or 0) for g in match.groups())
        return h * 3600 + m * 60 + s
    return value


Seconds = Annotated[float, BeforeValidator(_seconds), Field(gt=0)]


class Audio(Strict):
    """A recording of a lesson or of one of its versions (docs/formats.md, "Audio versions").

    Paths are relative to the Markdown file that carries the `audio:` block. The transcript
    (the text that was read or interpreted aloud) is required: QB0635 says so when it is
    missing, the site shows it under the player, and `source_hash` tells when the lesson
    changed after the recording (QB0637)."""

    file: str                          # MP3, mono, about 48 kbit/s: plays on every phone
    opus: str | None = None            # optional extra WebM/Opus source, smaller
    language: str = Field(pattern=r"^[a-z]{2,3}$")  # ISO 639 code of what is spoken
    speaker: Text
    duration: Seconds                  # as recorded: 242, or "4:02"
    transcript: str | None = None      # the Markdown file that was read aloud
    source_hash: str | None = Field(default=None, pattern=r"^[0-9a-f]{12}$")
    recorded: dt.date | None = None


class LessonMeta(Strict):
    """Front matter of a source lesson (the Vietnamese text)."""

    id: Id
    title: Text
    skills: list[SkillCode] = Field(default_factory=list)
    duration_minutes: int | None = Field(default=None, ge=1)
    summary: str | None = None
    video: Video | None = None
    audio: Audio | None = None  # the lesson read aloud in Vietnamese
    sources: list[Source] = Field(default_factory=list)


class VariantMeta(Strict):
    """Front matter of a simplified version or a translation of a lesson."""

    title: Text
    source_hash: str = Field(pattern=r"^[0-9a-f]{12}$")
    review: ReviewField = Field(default_factory=Review)
    translator: str | None = None
    machine_translated: bool = False
    # A simplified version may cite its own sources; absent (None), it has the lesson's.
    sources: list[Source] | None = None
    # A recording of this version; a translation with audio and no text is an audio version
    # (a language without a script, e.g. Mường): its page shows the player and the transcript.
    audio: Audio | None = None


def sources_of(lesson: LessonMeta, variant: VariantMeta | None = None) -> list[Source]:
    """The sources that back a lesson's text or one of its variants (which inherit them)."""
    if variant is not None and variant.sources is not None:
        return variant.sources
    return lesson.sources
