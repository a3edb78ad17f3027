"""Lessons (front matter + Markdown) and their variants: simplified Vietnamese, translations."""

from __future__ import annotations

from pydantic import Field

from qbank.model.common import Id, Review, ReviewField, SkillCode, Strict, Text


class VideoQuiz(Strict):
    at: int = Field(ge=0)  # seconds into the video
    question: Id


class Video(Strict):
    youtube_id: str | None = Field(default=None, pattern=r"^[A-Za-z0-9_\-]{11}$")
    url: str | None = Field(default=None, pattern=r"^https://")
    quiz: list[VideoQuiz] = Field(default_factory=list)


class LessonMeta(Strict):
    """Front matter of a source lesson (the Vietnamese text)."""

    id: Id
    title: Text
    skills: list[SkillCode] = Field(default_factory=list)
    duration_minutes: int | None = Field(default=None, ge=1)
    summary: str | None = None
    video: Video | None = None


class VariantMeta(Strict):
    """Front matter of a simplified version or a translation of a lesson."""

    title: Text
    source_hash: str = Field(pattern=r"^[0-9a-f]{12}$")
    review: ReviewField = Field(default_factory=Review)
    translator: str | None = None
    machine_translated: bool = False
