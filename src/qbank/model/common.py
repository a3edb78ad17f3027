"""Types shared by every source model: ids, review status, levels, media."""

from __future__ import annotations

import re
from enum import IntEnum, StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ID_MAX = 64


def _check_id(value: str) -> str:
    if len(value) > ID_MAX or not ID_RE.match(value):
        raise PydanticCustomError("qbank_id", "invalid id {value}", {"value": value})
    return value


def _non_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("qbank_blank", "blank text", {})
    return value


def _scalar_text(value):
    """A number typed where text is expected (an option "2", a skill 2.6) is text to authors."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


Id = Annotated[str, AfterValidator(_check_id)]
Text = Annotated[str, BeforeValidator(_scalar_text), AfterValidator(_non_blank)]
SkillCode = Annotated[str, BeforeValidator(_scalar_text)]


class Strict(BaseModel):
    """Base of every source model: unknown keys are errors (with "did you mean")."""

    model_config = ConfigDict(extra="forbid", frozen=False, validate_default=False)


class ReviewStatus(StrEnum):
    DRAFT = "draft"
    REVIEWED = "reviewed"
    APPROVED = "approved"


class Review(Strict):
    status: ReviewStatus = ReviewStatus.DRAFT
    reviewer: str | None = None
    date: str | None = None


def _review_shorthand(value):
    return {"status": value} if isinstance(value, str) else value


ReviewField = Annotated[Review, BeforeValidator(_review_shorthand,
                                                json_schema_input_type=ReviewStatus | Review)]


class Level(IntEnum):
    """Cognitive level as Vietnamese tests name it."""

    REMEMBER = 1  # Nhận biết
    UNDERSTAND = 2  # Thông hiểu
    APPLY = 3  # Vận dụng
    APPLY_HIGH = 4  # Vận dụng cao


LEVEL_LABELS_VI = {1: "Nhận biết", 2: "Thông hiểu", 3: "Vận dụng", 4: "Vận dụng cao"}


class Use(StrEnum):
    CHECKPOINT = "checkpoint"
    FINAL = "final"


class Media(Strict):
    src: str = Field(min_length=1)
    alt: Text
