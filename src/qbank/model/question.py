"""Questions: one class per type, told apart by the `type` key."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field

from qbank.model.common import Id, Level, Media, Review, ReviewField, SkillCode, Strict, Text, Use
from qbank.vietnamese import fold


class Option(Strict):
    text: Text
    correct: bool = False
    feedback: str | None = None


class QuestionBase(Strict):
    id: Id
    stem: Text
    skills: list[SkillCode] = Field(min_length=1)
    level: Level
    use: list[Use] = Field(default_factory=lambda: [Use.CHECKPOINT, Use.FINAL], min_length=1)
    feedback: str | None = None
    tags: list[Id] = Field(default_factory=list)
    review: ReviewField = Field(default_factory=Review)
    media: list[Media] = Field(default_factory=list)
    version: int = Field(default=1, ge=1)

    def texts(self):
        """(data path, text) of every piece of learner-facing text, for text rules."""
        yield ("stem",), self.stem
        if self.feedback:
            yield ("feedback",), self.feedback


class ChoiceQuestion(QuestionBase):
    options: list[Option] = Field(min_length=2)
    shuffle: bool = True

    def texts(self):
        yield from super().texts()
        for i, o in enumerate(self.options):
            yield ("options", i, "text"), o.text
            if o.feedback:
                yield ("options", i, "feedback"), o.feedback

    @property
    def keys(self) -> list[int]:
        return [i for i, o in enumerate(self.options) if o.correct]


class SingleChoice(ChoiceQuestion):
    type: Literal["single_choice"]


class MultipleResponse(ChoiceQuestion):
    type: Literal["multiple_response"]


class TrueFalse(QuestionBase):
    type: Literal["true_false"]
    answer: bool


class TextEntry(QuestionBase):
    type: Literal["text_entry"]
    answers: list[Text] = Field(min_length=1)
    case_sensitive: bool = False
    accept_without_diacritics: bool = False

    def texts(self):
        yield from super().texts()
        for i, a in enumerate(self.answers):
            yield ("answers", i), a

    def accepted(self) -> list[str]:
        """Every accepted answer, plus its form typed without diacritics when allowed."""
        keys: list[str] = []
        seen: set[str] = set()
        for answer in self.answers:
            for key in (answer, fold(answer)) if self.accept_without_diacritics else (answer,):
                norm = key if self.case_sensitive else key.casefold()
                if norm not in seen:
                    seen.add(norm)
                    keys.append(key)
        return keys


class Ordering(QuestionBase):
    type: Literal["ordering"]
    items: list[Text] = Field(min_length=2)
    shuffle: bool = True

    def texts(self):
        yield from super().texts()
        for i, a in enumerate(self.items):
            yield ("items", i), a


class Pair(Strict):
    left: Text
    right: Text


class Matching(QuestionBase):
    type: Literal["matching"]
    pairs: list[Pair] = Field(min_length=2)
    distractors: list[Text] = Field(default_factory=list)
    shuffle: bool = True

    def texts(self):
        yield from super().texts()
        for i, p in enumerate(self.pairs):
            yield ("pairs", i, "left"), p.left
            yield ("pairs", i, "right"), p.right
        for i, d in enumerate(self.distractors):
            yield ("distractors", i), d


Question = Annotated[
    SingleChoice | MultipleResponse | TrueFalse | TextEntry | Ordering | Matching,
    Field(discriminator="type"),
]

QUESTION_TYPES = {
    "single_choice": SingleChoice,
    "multiple_response": MultipleResponse,
    "true_false": TrueFalse,
    "text_entry": TextEntry,
    "ordering": Ordering,
    "matching": Matching,
}


class BankFile(Strict):
    """One YAML file under question_banks/<bank-id>/: the documented shape."""

    title: str | None = None
    questions: list[Question] = Field(default_factory=list)


class BankShell(BankFile):
    """A BankFile whose questions the loader validates one by one, so that one bad question
    does not hide the others from the rest of the checks."""

    questions: list[Any] = Field(default_factory=list)
