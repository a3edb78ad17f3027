"""Lessons (front matter + Markdown) and their variants: simplified Vietnamese, translations."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

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


class LessonMeta(Strict):
    """Front matter of a source lesson (the Vietnamese text)."""

    id: Id
    title: Text
    skills: list[SkillCode] = Field(default_factory=list)
    duration_minutes: int | None = Field(default=None, ge=1)
    summary: str | None = None
    video: Video | None = None
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


def sources_of(lesson: LessonMeta, variant: VariantMeta | None = None) -> list[Source]:
    """The sources that back a lesson's text or one of its variants (which inherit them)."""
    if variant is not None and variant.sources is not None:
        return variant.sources
    return lesson.sources
