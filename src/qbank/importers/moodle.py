"""What GIFT and Moodle XML imports share: Moodle's question types, its answer weights mapped
onto qbank's all-or-nothing keys, categories as tags, and the diagnostics that say what a
Moodle question could not bring along.

Moodle grades each answer with a fraction (question/format/gift/format.php `answerweightparser`,
question/format/xml/format.php `import_answer`); qbank has no weighted options, so:
- multiple choice: options with a fraction > 0 become the keys (a single-answer question keeps
  its 100 % answer) and any other weight is reported (QB1161);
- short answer: only 100 % answers are accepted answers; lower ones (QB1162) and the 0 %
  catch-all `*` (QB1163) are left out and reported.
A category `$course$/top/Ngân hàng/An toàn` tags the questions after it with the slug of its
last segment (`an-toan`), reported once (QB1164); the tag also reaches skills through `topics`
of the --map file.
"""

from __future__ import annotations

import re

from qbank.diagnostics import Diagnostic, code
from qbank.importers.drafts import Source
from qbank.vietnamese import slugify

UNSUPPORTED = code(
    "QB1160", "import-moodle-type-unsupported", "warning",
    "{where}: câu hỏi loại {qtype} của Moodle ({name}) không có trong qbank; bỏ qua câu này",
    "{where_en}: Moodle {qtype} question ({name_en}) has no qbank type; skipped",
    "Các câu khác vẫn được nhập. qbank có sáu loại: một lựa chọn, nhiều lựa chọn, đúng/sai, điền "
    "từ, sắp xếp, ghép đôi; viết lại câu này theo một loại đó nếu cần.",
    "The other questions are imported. qbank has six types: single choice, multiple response, "
    "true/false, text entry, ordering, matching; rewrite this one as one of them if needed.")
PARTIAL_CREDIT = code(
    "QB1161", "import-moodle-partial-credit", "info",
    "{where}: điểm từng phương án của Moodle ({weights}) không giữ được vì qbank chấm đúng hoặc "
    "sai cả câu; đáp án: {keys}",
    "{where_en}: Moodle's per-option weights ({weights_en}) are not kept, qbank grades the "
    "whole question right or wrong; keys: {keys}",
    "Xem lại đáp án khi thẩm định: câu chỉ được tính đúng khi chọn đủ các đáp án trên.",
    "Check the keys when reviewing: the question counts as right only when all of them are "
    "chosen.")
ANSWER_NOT_ACCEPTED = code(
    "QB1162", "import-moodle-answer-not-accepted", "info",
    "{where}: đáp án '{answer}' chỉ được {weight} điểm trong Moodle; qbank không nhận đáp án này",
    "{where_en}: answer '{answer}' earns {weight_en} in Moodle; qbank does not accept it",
    "qbank chỉ nhận các đáp án được đủ điểm (100%).",
    "qbank accepts only full-credit (100%) answers.")
CATCH_ALL = code(
    "QB1163", "import-moodle-catch-all-dropped", "info",
    "{where}: đáp án '*' (mọi câu trả lời khác, {weight} điểm) bị bỏ: qbank tính mọi câu trả lời "
    "không khớp là sai",
    "{where_en}: the '*' answer (any other response, {weight_en}) is dropped: qbank marks every "
    "unmatched response wrong")
CATEGORY = code(
    "QB1164", "import-moodle-category", "info",
    "{where}: danh mục Moodle '{category}' → thẻ '{tag}' cho các câu hỏi sau",
    "{where_en}: Moodle category '{category}' → tag '{tag}' for the questions after it",
    "Thêm mục 'topics' trong tệp --map (tên danh mục → mã kỹ năng) để gán kỹ năng theo danh mục.",
    "Add 'topics' to the --map file (category name → skill codes) to give skills by category.")
NOT_KEPT = code(
    "QB1165", "import-moodle-not-kept", "info",
    "{where}: không giữ được {what}: qbank không có chỗ cho phần này",
    "{where_en}: {what_en} not kept: qbank has no place for it")
MISSING_FILE = code(
    "QB1166", "import-moodle-missing-file", "warning",
    "{where}: tệp '{name}' được dùng trong câu hỏi nhưng không có trong tệp xuất; đã bỏ",
    "{where_en}: file '{name}' is used by the question but not in the export; left out",
    "Xuất lại từ Moodle theo định dạng Moodle XML (tệp được nhúng trong đó), hoặc thêm hình bằng "
    "mục 'media'.",
    "Export again as Moodle XML (which embeds files), or add the image under 'media'.")

# Moodle's question type names (qtype plugins) → (Vietnamese, English) descriptions.
TYPE_NAMES = {
    "essay": ("tự luận", "free text graded by a teacher"),
    "numerical": ("trả lời bằng số", "a number within a tolerance"),
    "description": ("đoạn mô tả, không phải câu hỏi", "description, not a question"),
    "cloze": ("điền khuyết nhúng Cloze", "answers embedded in the text, Cloze"),
    "multianswer": ("điền khuyết nhúng Cloze", "answers embedded in the text, Cloze"),
    "calculated": ("tính toán", "a formula with random values"),
    "calculatedsimple": ("tính toán đơn giản", "a simple formula with random values"),
    "calculatedmulti": ("tính toán nhiều lựa chọn", "choices computed from a formula"),
    "ddwtos": ("kéo thả vào văn bản", "drag and drop into text"),
    "gapselect": ("chọn từ còn thiếu", "select missing words"),
    "ddimageortext": ("kéo thả vào ảnh", "drag and drop onto image"),
    "ddmarker": ("kéo thả điểm đánh dấu", "drag and drop markers"),
    "randomsamatch": ("ghép đôi ngẫu nhiên từ câu trả lời ngắn",
                      "random short-answer matching"),
    "random": ("câu ngẫu nhiên từ danh mục", "random question from a category"),
}


def unsupported(source: Source, qtype: str) -> Diagnostic:
    vi, en = TYPE_NAMES.get(qtype, ("loại câu hỏi bổ sung", "question type plugin"))
    return UNSUPPORTED.at(source.position(), qtype=qtype, name=vi, name_en=en, **source.args())


def percent(fraction: float, lang: str = "vi") -> str:
    """0.5 → '50%', -0.3333333 → '-33,33333%' (Vietnamese decimal comma)."""
    text = f"{fraction * 100:.7g}"
    return (text.replace(".", ",") if lang == "vi" else text) + "%"


def not_kept(source: Source, what: str, what_en: str) -> Diagnostic:
    return NOT_KEPT.at(source.position(), what=what, what_en=what_en, **source.args())


def quote(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def choice_fields(source: Source, options: list[dict], fractions: list[float], single: bool):
    """(fields, diagnostics) of a Moodle multiple-choice question, or (None, reason pair).

    `options` are qbank options (text, feedback) in Moodle's order; `fractions` their grades."""
    if single:
        keys = [i for i, f in enumerate(fractions) if f >= 0.9999999]
        if len(keys) > 1:
            return None, ("câu một đáp án của Moodle có nhiều phương án được 100% điểm; câu một "
                          "lựa chọn của qbank chỉ có một đáp án",
                          "Moodle's single-answer question has several 100% options; a qbank "
                          "single choice has one key")
    else:
        keys = [i for i, f in enumerate(fractions) if f > 0]
    if not keys:
        return None, ("không có phương án nào được điểm (= hoặc %…% dương)",
                      "no option earns credit (= or a positive %…%)")
    for i in keys:
        options[i]["correct"] = True
    diags = []
    if any(f not in (0, 1) for f in fractions):
        labels = [chr(ord("A") + i) if i < 26 else str(i + 1) for i in range(len(options))]
        weighted = [(labels[i], f) for i, f in enumerate(fractions) if f not in (0, 1)]
        diags.append(PARTIAL_CREDIT.at(
            source.position(), weights=", ".join(f"{k} {percent(f)}" for k, f in weighted),
            weights_en=", ".join(f"{k} {percent(f, 'en')}" for k, f in weighted),
            keys=", ".join(labels[i] for i in keys), **source.args()))
    return {"type": "single_choice" if single else "multiple_response", "options": options}, diags


def text_entry_fields(source: Source, answers: list[tuple[str, float]]):
    """(fields, diagnostics) of a Moodle short-answer question, or (None, reason pair).

    `answers` are (text, fraction) in Moodle's order."""
    accepted, diags = [], []
    for text, fraction in answers:
        if text == "*":
            diags.append(CATCH_ALL.at(source.position(), weight=percent(fraction),
                                      weight_en=percent(fraction, "en"), **source.args()))
        elif fraction >= 0.9999999 and "*" not in text:
            accepted.append(text)
        elif fraction >= 0.9999999:
            diags.append(not_kept(source, f"đáp án có ký tự đại diện '*' ('{quote(text)}')",
                                  f"the answer with a '*' wildcard ('{quote(text)}')"))
        else:
            diags.append(ANSWER_NOT_ACCEPTED.at(
                source.position(), answer=quote(text), weight=percent(fraction),
                weight_en=percent(fraction, "en"), **source.args()))
    if not accepted:
        return None, ("không có đáp án nào được 100% điểm", "no answer earns 100%")
    return {"type": "text_entry", "answers": list(dict.fromkeys(accepted))}, diags


def category_tag(category: str) -> tuple[str | None, str]:
    """($course$/top/Ngân hàng/An toàn) → ('An toàn', 'an-toan'); (None, '') for the top
    category alone. Moodle writes a '/' inside a category name as '//'."""
    path = re.sub(r"^\$(?:course|cat|module|system)\$/?", "", category.strip())
    parts = [p.replace("\x00", "/").strip()
             for p in path.replace("//", "\x00").split("/")]
    parts = [p for p in parts if p]
    if not parts or (len(parts) == 1 and parts[0].lower() == "top"):
        return None, ""
    last = parts[-1]
    return last, slugify(last)


def category_note(source: Source, category: str):
    """(topic for the questions after a category line, its diagnostic or None)."""
    name, tag = category_tag(category)
    if not name or not tag:
        return None, None
    return name, CATEGORY.at(source.position(), category=category.strip(), tag=tag,
                             **source.args())


def ordering_notes(source: Source, select: str, count: str, grading: str, items: int) -> list:
    """What an ordering question (qtype_ordering, `set_layout_select_count_grading`) does that
    qbank does not: show learners a subset of the items (select type RANDOM / CONTIGUOUS, the
    default, with a count below the number of items) and grade in part (every grading type but
    ALL_OR_NOTHING; RELATIVE_NEXT_EXCLUDE_LAST is the default)."""
    out = []
    select, grading = select.strip().upper(), grading.strip().upper()
    shown = int(count) if count.strip().isdigit() else 6
    if select not in ("ALL", "EXACT") and 0 < shown < items:
        out.append(not_kept(source, f"cách chỉ cho người học {shown} trong {items} mục",
                            f"showing learners {shown} of the {items} items"))
    if grading != "ALL_OR_NOTHING":
        name = grading or "RELATIVE_NEXT_EXCLUDE_LAST"
        vi = ORDERING_GRADING.get(name)
        said = f"{vi} ({name})" if vi else name
        out.append(not_kept(
            source, f"cách chấm điểm từng phần {said}; qbank chấm đúng khi cả thứ tự đúng",
            f"the partial grading {name} (qbank grades the whole order right or wrong)"))
    return out


# qtype_ordering's grading types, as a Vietnamese author would recognise them.
ORDERING_GRADING = {
    "ABSOLUTE_POSITION": "theo vị trí đúng của từng mục",
    "RELATIVE_NEXT_EXCLUDE_LAST": "theo từng mục đứng ngay sau mục đúng, không tính mục cuối",
    "RELATIVE_NEXT_INCLUDE_LAST": "theo từng mục đứng ngay sau mục đúng, tính cả mục cuối",
    "RELATIVE_ONE_PREVIOUS_AND_NEXT": "theo mục đứng ngay trước và ngay sau mỗi mục",
    "RELATIVE_ALL_PREVIOUS_AND_NEXT": "theo mọi mục đứng trước và sau mỗi mục",
    "LONGEST_ORDERED_SUBSET": "theo dãy mục dài nhất đúng thứ tự",
    "LONGEST_CONTIGUOUS_SUBSET": "theo dãy mục liền nhau dài nhất đúng thứ tự",
    "RELATIVE_TO_CORRECT": "theo khoảng cách tới vị trí đúng",
}
