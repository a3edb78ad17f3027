"""qbank.yaml: the project's settings."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import Field

from qbank.model.common import Id, Strict, Text


class Organization(Strict):
    name: Text
    code: str = Field(pattern=r"^[A-Za-z0-9_.\-]+$")


class Audience(Strict):
    """A readership of the project, mapped to one target group of the framework."""

    id: Id
    title: Text
    group: Id


class Policy(Strict):
    """Assessment values from Phụ lục II of Decision 757; unset until the official text is known."""

    question_count: int | None = Field(default=None, ge=1)
    pass_threshold: float | None = Field(default=None, ge=0, le=100)
    time_limit_minutes: int | None = Field(default=None, ge=1)
    attempts: int | None = Field(default=None, ge=1)


class Readability(Strict):
    """Limits for simplified Vietnamese (QB0604): words per sentence, stricter per audience."""

    max_words: int = Field(default=20, ge=5)
    audiences: dict[Id, int] = Field(default_factory=dict)


class Privacy(Strict):
    """Public contact lines (hotlines, agency e-mails) that QB0730 must not flag."""

    allow: list[str] = Field(default_factory=list)


class PublicationStatus(StrEnum):
    """How far the content has gone; only 'published' lets pages drop the draft banner."""

    DRAFT = "draft"
    REVIEWED = "reviewed"  # checked by subject experts, not yet approved by the authority
    APPROVED = "approved"  # approved by the authority, not yet published on the platform
    PUBLISHED = "published"


class Publication(Strict):
    """What the site, handouts and review sheet say about the content's standing (banner)."""

    status: PublicationStatus = PublicationStatus.DRAFT
    note: str | None = None  # one more sentence under the banner, e.g. who to send comments to


class Site(Strict):
    """Handbook site and handouts: which translations are shown."""

    # reviewed-only: a translation nobody fluent has reviewed is not published; readers get
    # simplified Vietnamese instead. all: every translation, each with its review status.
    translations: Literal["reviewed-only", "all"] = "reviewed-only"


class OpenEdx(Strict):
    """The Open edX export (qbank.yaml `olx:`); the defaults import on every release from Redwood.

    pool_block: the final test's randomized block. `library_content` (Randomized Content Block)
    exists on every release; `itembank` (Problem Bank) only from Sumac, and grades right only
    from Ulmo with openedx-platform PR #38296 (a 2026 Ulmo point release) or Verawood.
    ordering: ordering and matching questions as CAPA dropdowns, or as the drag-and-drop v2
    XBlock (installed with Open edX by default): each item placed once.
    library: also write the pools as a legacy content library, for reuse in other courses.
    checkpoint_attempts: attempts at lesson checkpoints and in-video questions (unset: unlimited).
    """

    pool_block: Literal["library_content", "itembank"] = "library_content"
    ordering: Literal["dropdown", "drag_and_drop"] = "dropdown"
    library: bool = False
    checkpoint_attempts: int | None = Field(default=None, ge=1)


class Analysis(Strict):
    """`qbank analyze` flags an item only when at least `min_respondents` answered it: too easy
    above `too_easy`, too hard below `too_hard` (proportions correct), and negative
    discrimination below `discrimination` (item–rest correlation)."""

    min_respondents: int = Field(default=15, ge=1)
    too_easy: float = Field(default=0.95, gt=0, le=1)
    too_hard: float = Field(default=0.20, ge=0, lt=1)
    discrimination: float = Field(default=0.0, ge=-1, le=1)


class Language(Strict):
    """A language of the site and handouts (qbank.yaml `languages:`); see qbank.languages for
    the documented defaults, which an entry with the same code replaces."""

    code: str = Field(pattern=r"^[a-z]{2,3}$")   # ISO 639-3 (or 639-1)
    name: Text                                   # as Vietnamese readers say it: "tiếng Mường"
    name_en: str | None = None
    script: str | None = Field(default=None, pattern=r"^[A-Z][a-z]{3}$")  # ISO 15924: Latn, Tavt
    notes: str | None = None                     # what the province's reviewers decided, and why


class AudioLimits(Strict):
    """Recordings (QB0634): KiB per minute of sound; MP3 mono 48 kbit/s is 352 KiB/min."""

    max_kib_per_minute: int = Field(default=480, ge=100)


class Config(Strict):
    organization: Organization
    language: str = Field(default="vi", pattern=r"^[a-z]{2,3}$")
    framework: str = "qd757"
    audiences: list[Audience] = Field(default_factory=list)
    policy: Policy = Field(default_factory=Policy)
    readability: Readability = Field(default_factory=Readability)
    privacy: Privacy = Field(default_factory=Privacy)
    outputs: list[str] = Field(default_factory=list)
    publication: Publication = Field(default_factory=Publication)
    site: Site = Field(default_factory=Site)
    olx: OpenEdx = Field(default_factory=OpenEdx)
    languages: list[Language] = Field(default_factory=list)
    audio: AudioLimits = Field(default_factory=AudioLimits)
    analysis: Analysis = Field(default_factory=Analysis)
    # Warning and note codes the project has read and accepted (e.g. QB0504 while the
    # framework is provisional): `qbank check` stops repeating them. Errors stay errors.
    acknowledge: list[str] = Field(default_factory=list)
