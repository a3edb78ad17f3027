"""Simplified versions and translations: up to date with their source, honestly reviewed."""

from __future__ import annotations

from qbank.diagnostics import code
from qbank.model.common import ReviewStatus
from qbank.translate.store import store_path

OUTDATED = code(
    "QB0601", "variant-outdated", "warning",
    "phiên bản '{kind}' được làm từ bản gốc cũ ({recorded}); bản gốc hiện là {current}",
    "variant '{kind}' was made from an older source ({recorded}); the source is now {current}",
    "Cập nhật nội dung theo bản gốc rồi chạy 'qbank stamp {file}'.",
    "Update it from the source, then run 'qbank stamp {file}'.")
NO_REVIEWER = code(
    "QB0602", "variant-review-without-reviewer", "error",
    "bản '{kind}' ghi trạng thái '{status}' nhưng không có người thẩm định",
    "variant '{kind}' is marked '{status}' without a reviewer",
    "Chỉ ghi 'reviewed'/'approved' khi người thông thạo ngôn ngữ đã đọc duyệt, và ghi tên người đó.",
    "Mark 'reviewed'/'approved' only after a fluent reader has reviewed it, and name them.")
NO_SIMPLE = code(
    "QB0603", "missing-simplified", "warning",
    "bài học dành cho người dân chưa có bản tiếng Việt giản lược ({file})",
    "citizen-facing lesson has no simplified Vietnamese version ({file})",
    "Tạo tệp '{file}' cạnh bài học gốc.", "Create '{file}' beside the lesson.")

CITIZEN_GROUPS = {"nguoi-dan"}


def check(project):
    for c in project.courses:
        group = project.group_of(c.course)
        for lesson in c.lessons:
            for kind, v in sorted(lesson.variants.items()):
                # A translation made through `qbank translate` is tracked per segment (QB0620).
                if v.meta.source_hash != lesson.hash and not store_path(v.path).is_file():
                    yield OUTDATED.at(v.pos("source_hash"), kind=kind,
                                      recorded=v.meta.source_hash, current=lesson.hash,
                                      file=v.path.relative_to(project.root).as_posix())
                if v.meta.review.status != ReviewStatus.DRAFT and not v.meta.review.reviewer:
                    yield NO_REVIEWER.at(v.pos("review"), kind=kind,
                                         status=v.meta.review.status.value)
            if group is not None and group.id in CITIZEN_GROUPS and "simple" not in lesson.variants:
                yield NO_SIMPLE.at(lesson.pos("id"), file=lesson.path.stem + ".simple.md")
