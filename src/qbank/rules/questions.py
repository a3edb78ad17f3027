"""Each question makes sense on its own: keys, options, answers, pairs."""

from __future__ import annotations

from qbank.diagnostics import code
from qbank.model.common import ReviewStatus
from qbank.model.question import Matching, MultipleResponse, Ordering, SingleChoice, TextEntry

ONE_KEY = code(
    "QB0401", "single-choice-key", "error",
    "câu hỏi một lựa chọn phải có đúng một phương án đúng (đang có {count})",
    "a single-choice question needs exactly one correct option (has {count})",
    "Đánh dấu 'correct: true' ở đúng một phương án; nếu có nhiều đáp án, dùng "
    "'type: multiple_response'.",
    "Mark exactly one option 'correct: true'; for several answers use 'type: multiple_response'.")
NO_KEY = code(
    "QB0402", "multiple-response-key", "error",
    "câu hỏi nhiều lựa chọn chưa có phương án đúng nào", "a multiple-response question has no "
    "correct option", "Đánh dấu 'correct: true' ở các phương án đúng.",
    "Mark the correct options 'correct: true'.")
DUPLICATE_OPTION = code(
    "QB0403", "duplicate-option", "error", "phương án trùng với phương án {first}: '{text}'",
    "option repeats option {first}: '{text}'")
DUPLICATE_ANSWER = code(
    "QB0404", "duplicate-answer", "warning", "đáp án chấp nhận '{text}' bị lặp lại",
    "accepted answer '{text}' is repeated",
    "Với 'case_sensitive: false', chữ hoa và chữ thường được coi là một.",
    "With 'case_sensitive: false', upper and lower case count as one.")
DUPLICATE_ITEM = code(
    "QB0405", "duplicate-item", "error", "mục '{text}' xuất hiện hai lần, không xác định được thứ tự/cặp",
    "item '{text}' appears twice, so the order or pairing is ambiguous")
ALL_CORRECT = code(
    "QB0406", "all-options-correct", "warning",
    "mọi phương án đều đúng: câu hỏi không phân loại được người học",
    "every option is correct: the question cannot tell learners apart",
    "Thêm ít nhất một phương án sai hợp lý.", "Add at least one plausible wrong option.")
DUPLICATE_SKILL = code(
    "QB0407", "duplicate-skill", "warning", "mã kỹ năng '{skill}' ghi hai lần",
    "skill code '{skill}' is listed twice")
NO_REVIEWER = code(
    "QB0408", "review-without-reviewer", "warning",
    "trạng thái '{status}' nhưng chưa ghi người thẩm định", "status '{status}' without a reviewer",
    "Ghi 'review: {{status: {status}, reviewer: Họ tên}}'.",
    "Write 'review: {{status: {status}, reviewer: Name}}'.")

def _norm(text: str, case: bool = False) -> str:
    text = " ".join(text.split())  # runs of white space as one space, none at either end
    return text if case else text.casefold()


def _duplicates(texts, case: bool = False):
    """(index, first index, text) of every text equal to an earlier one."""
    texts = list(texts)
    keys = [_norm(t, case) for t in texts]
    if len(set(keys)) == len(keys):
        return
    first: dict[str, int] = {}
    for i, (t, key) in enumerate(zip(texts, keys, strict=True)):
        if key in first:
            yield i, first[key], t
        else:
            first[key] = i


def _check_question(entry):
    q = entry.q
    if isinstance(q, (SingleChoice, MultipleResponse)):
        keys = q.keys
        if isinstance(q, SingleChoice) and len(keys) != 1:
            yield ONE_KEY.at(entry.pos("options"), count=len(keys))
        if isinstance(q, MultipleResponse):
            if not keys:
                yield NO_KEY.at(entry.pos("options"))
            elif len(keys) == len(q.options):
                yield ALL_CORRECT.at(entry.pos("options"))
        for i, first, text in _duplicates(o.text for o in q.options):
            yield DUPLICATE_OPTION.at(entry.pos("options", i, "text"), first=first + 1, text=text)
    elif isinstance(q, TextEntry):
        for i, _, text in _duplicates(q.answers, q.case_sensitive):
            yield DUPLICATE_ANSWER.at(entry.pos("answers", i), text=text)
    elif isinstance(q, Ordering):
        for i, _, text in _duplicates(q.items):
            yield DUPLICATE_ITEM.at(entry.pos("items", i), text=text)
    elif isinstance(q, Matching):
        for side in ("left", "right"):
            for i, _, text in _duplicates(getattr(p, side) for p in q.pairs):
                yield DUPLICATE_ITEM.at(entry.pos("pairs", i, side), text=text)
        rights = [p.right for p in q.pairs] + q.distractors
        for i, _, text in _duplicates(rights):
            if i >= len(q.pairs):
                yield DUPLICATE_ITEM.at(entry.pos("distractors", i - len(q.pairs)), text=text)
    for i, _, skill in _duplicates(q.skills, case=True):
        yield DUPLICATE_SKILL.at(entry.pos("skills", i), skill=skill)
    if q.review.status != ReviewStatus.DRAFT and not q.review.reviewer:
        yield NO_REVIEWER.at(entry.pos("review"), status=q.review.status.value)


def check(project):
    for bank in project.banks.values():
        for entry in bank.questions:
            yield from _check_question(entry)
