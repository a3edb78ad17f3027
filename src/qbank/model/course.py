"""Courses: lessons in order, checkpoints after lessons, and the final test as a blueprint."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from qbank.model.common import Id, Level, SkillCode, Strict, Text, Use


class Checkpoint(Strict):
    after: Id
    questions: list[Id] = Field(min_length=1)
    pass_threshold: float | None = Field(default=None, ge=0, le=100)


class Pool(Strict):
    """Which questions a blueprint section may draw from; filters combine with AND."""

    banks: list[Id] = Field(default_factory=list)
    skills: list[SkillCode] = Field(default_factory=list)
    levels: list[Level] = Field(default_factory=list)
    tags: list[Id] = Field(default_factory=list)
    use: Use = Use.FINAL


class Section(Strict):
    id: Id
    title: Text | None = None
    select: int = Field(ge=1)
    pool: Pool


class Final(Strict):
    id: Id
    title: Text = "Bài kiểm tra cuối khóa"
    pass_threshold: float | None = Field(default=None, ge=0, le=100)
    time_limit_minutes: int | None = Field(default=None, ge=1)
    attempts: int | None = Field(default=None, ge=1)
    shuffle: bool = True
    sections: list[Section] = Field(min_length=1)


class Course(Strict):
    id: Id
    title: Text
    version: str = Field(default="1.0", pattern=r"^[0-9A-Za-z][0-9A-Za-z.\-]*$")
    audience: Id
    language: str = Field(default="vi", pattern=r"^[a-z]{2,3}$")
    description: str | None = None
    code: str | None = Field(default=None, pattern=r"^[A-Za-z0-9_.\-]+$")
    run: str | None = Field(default=None, pattern=r"^[A-Za-z0-9_.\-]+$")
    org: str | None = Field(default=None, pattern=r"^[A-Za-z0-9_.\-]+$")
    start: dt.date | None = None
    end: dt.date | None = None
    lessons: list[str] = Field(min_length=1)
    checkpoints: list[Checkpoint] = Field(default_factory=list)
    final: Final | None = None
