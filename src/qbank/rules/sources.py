"""Lessons that state rules, numbers or laws must say where they come from (`sources:`).

A reviewer cannot approve "Nghị định số 13/2023/NĐ-CP", "10 triệu đồng" or "gọi 113" without
checking it against a document. This rule finds such statements deterministically, line by
line, in a lesson's Markdown body (code blocks and link targets skipped) and, when the lesson
(or the simplified version, which inherits the lesson's sources) has no `sources:`, reports
the first one. What counts, in order of the table below (docs/content-quality.md):

- a legal or planning document with a number: Luật, Bộ luật, Nghị định, Nghị quyết, Thông tư,
  Quyết định, Kế hoạch, Chỉ thị, Công văn (or NĐ, QĐ, TT, KH, CT) followed by "số …/…", or a
  document symbol such as 13/2023/NĐ-CP; or a law named by its title ("Luật An ninh mạng");
- an amount of money in millions or billions ("10 triệu đồng"), or any amount after a word of
  rule (phí, lệ phí, phạt, hạn mức, mức, trên, dưới, từ, không quá, tối đa, tối thiểu, vượt
  quá: "lệ phí 50.000 đồng"); a price in a story ("Bà nhập 85.000 đồng") is not a rule;
- a percentage ("40 %");
- a phone or hotline number ("tổng đài 1900 1234", "gọi 113", "0912 345 678");
- a deadline or effective date ("trước ngày 31/12/2025", "từ 1/1/2025", "ngày 1 tháng 7 năm
  2025");
- a limit with a unit ("tối đa 5 lần", "trong vòng 24 giờ", "không quá 30 ngày").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qbank.diagnostics import Position, code
from qbank.model.lesson import sources_of

UNSOURCED = code(
    "QB0530", "lesson-claim-without-source", "info",
    "bài học nêu {kind_vi} ('{text}') nhưng chưa ghi nguồn ('sources:')",
    "the lesson states {kind} ('{text}') but lists no 'sources:'",
    "Thêm 'sources:' vào phần đầu bài (tên văn bản, cơ quan ban hành, số và ngày, đường dẫn) "
    "để người thẩm định đối chiếu được; nếu chưa có văn bản để dẫn, bỏ con số hoặc quy định đó.",
    "Add 'sources:' to the front matter (title, issuer, number and date, link) so reviewers "
    "can check it; if no document backs it, leave the number or rule out.")

_DOC = (r"(?:Bộ luật|Luật|Nghị định|Nghị quyết|Thông tư(?: liên tịch)?|Quyết định|Kế hoạch|"
        r"Chỉ thị|Công văn|NĐ|QĐ|TT|KH|CT)")
_DAY = r"\d{1,2}/\d{1,2}"
KINDS: list[tuple[str, str, str, re.Pattern]] = [
    ("law", "văn bản pháp luật", "a legal document", re.compile(
        rf"\b{_DOC}\s+(?:số\s+)?\d+/(?:\d{{2,4}}|[A-ZĐ])[^\s,;:)]*|"
        r"\b\d+/\d{4}/[A-ZĐ]{2,}(?:-[A-ZĐ]+)*\b|"
        r"\b(?:Bộ luật|Luật)\s+[A-ZĐ]\w*(?:\s+\w+){0,3}")),
    ("money", "số tiền", "an amount of money", re.compile(
        r"\b\d[\d.,]*\s*(?:triệu|tỷ|tỉ)\s*(?:đồng|VNĐ|VND|đ)?(?!\w)|"
        r"\b(?:phí|lệ phí|phạt|hạn mức|mức|trên|dưới|từ|không quá|tối đa|tối thiểu|vượt quá)\s+"
        r"\d[\d.,]*\s*(?:nghìn|ngàn)?\s*(?:đồng|VNĐ|VND|đ)(?!\w)", re.IGNORECASE)),
    ("percent", "tỉ lệ phần trăm", "a percentage", re.compile(r"\b\d+(?:[.,]\d+)?\s?%")),
    ("phone", "số điện thoại", "a phone number", re.compile(
        r"(?:đường dây nóng|tổng đài|hotline|gọi(?: ngay)?(?: số)?|số điện thoại|điện thoại)"
        r"\s*(?:số\s*)?:?\s*\**\d{3}(?:[ .]?\d){0,8}\b|"
        r"\b(?:1800|1900)[ .]?\d{3,4}\b|\b0\d{2,3}[ .]?\d{3}[ .]?\d{3,4}\b", re.IGNORECASE)),
    ("deadline", "thời hạn, ngày hiệu lực", "a deadline or effective date", re.compile(
        rf"\b(?:trước|từ|kể từ|đến|tới|hạn chót|chậm nhất|hết)\s+(?:ngày\s+)?{_DAY}(?:/\d{{4}})?\b|"
        rf"\bngày\s+{_DAY}/\d{{4}}\b|\bngày\s+\d{{1,2}}\s+tháng\s+\d{{1,2}}(?:\s+năm\s+\d{{4}})?",
        re.IGNORECASE)),
    ("limit", "giới hạn có số", "a numeric limit", re.compile(
        r"\b(?:tối đa|tối thiểu|không quá|không vượt quá|ít nhất|trong vòng|trong thời hạn)\s+"
        r"\d+(?:[.,]\d+)?\s*(?:ngày|giờ|tiếng|phút|tháng|năm|lần|tuổi)\b", re.IGNORECASE)),
]

# Link targets, autolinks, bare URLs and inline code are not statements.
_NOT_TEXT = re.compile(r"\]\([^)]*\)|<https?://[^>]*>|https?://\S+|`[^`]*`")


@dataclass(frozen=True)
class Claim:
    line: int  # in the file
    col: int
    kind: str  # key of KINDS
    kind_vi: str
    kind_en: str
    text: str


def claims(body: str, first_line: int):
    """Every statement a source should back, in reading order (one per kind and line)."""
    fenced = False
    for i, raw in enumerate(body.split("\n")):
        if raw.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if fenced:
            continue
        line = _NOT_TEXT.sub(lambda m: " " * len(m.group(0)), raw)
        found = []
        for kind, vi, en, pattern in KINDS:
            m = pattern.search(line)
            if m:
                found.append((m.start(), kind, vi, en, re.sub(r"[*_]", "", m.group(0)).strip().rstrip(".")))
        for start, kind, vi, en, text in sorted(found):
            yield Claim(first_line + i, start + 1, kind, vi, en, text)


def first_claim(body: str, first_line: int) -> Claim | None:
    return next(claims(body, first_line), None)


def unsourced(lesson):
    """(file, claim) of a lesson or its simplified version stating something without sources."""
    if not lesson.meta.sources:
        found = first_claim(lesson.body, lesson.body_line)
        if found is not None:
            return lesson.path, found
    simple = lesson.variants.get("simple")
    if simple is not None and not sources_of(lesson.meta, simple.meta):
        found = first_claim(simple.body, simple.body_line)
        if found is not None:
            return simple.path, found
    return None


def check(project):
    seen = set()
    for course in project.courses:
        for lesson in course.lessons:
            if id(lesson) in seen:
                continue
            seen.add(id(lesson))
            result = unsourced(lesson)
            if result is not None:
                path, claim = result
                yield UNSOURCED.at(Position(path, claim.line, claim.col), kind=claim.kind_en,
                                   kind_vi=claim.kind_vi, text=claim.text)
