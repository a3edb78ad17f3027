"""What readers are told about the content's standing (qbank.yaml `publication:`).

No page, handout or review sheet may suggest that content is official, approved or available on
the platform unless the project says so: until `status: published`, every one of them carries a
banner saying how far the content has gone (a draft by default).
"""

from __future__ import annotations

from qbank.config import Config, PublicationStatus

BANNERS: dict[PublicationStatus, tuple[str, str]] = {
    PublicationStatus.DRAFT: (
        "Bản nháp — nội dung chưa được cơ quan có thẩm quyền phê duyệt.",
        "Draft — the content has not been approved by the competent authority."),
    PublicationStatus.REVIEWED: (
        "Bản dự thảo đã được rà soát chuyên môn — nội dung chưa được cơ quan có thẩm quyền "
        "phê duyệt.",
        "Reviewed draft — the content has not been approved by the competent authority yet."),
    PublicationStatus.APPROVED: (
        "Nội dung đã được phê duyệt nhưng chưa được công bố chính thức.",
        "Approved content, not yet officially published."),
}

STATUS_LABELS_VI = {PublicationStatus.DRAFT: "bản nháp",
                    PublicationStatus.REVIEWED: "đã rà soát chuyên môn, chưa phê duyệt",
                    PublicationStatus.APPROVED: "đã phê duyệt, chưa công bố",
                    PublicationStatus.PUBLISHED: "đã công bố"}


def banner(config: Config | None) -> tuple[str, str] | None:
    """(Vietnamese, English) banner text, the project's note appended; None once published."""
    status = config.publication.status if config is not None else PublicationStatus.DRAFT
    if status == PublicationStatus.PUBLISHED:
        return None
    vi, en = BANNERS[status]
    note = config.publication.note.strip() if config is not None and \
        config.publication.note else ""
    if note:
        vi = f"{vi} {note}"
    return vi, en


def status_label(config: Config | None) -> str:
    status = config.publication.status if config is not None else PublicationStatus.DRAFT
    return STATUS_LABELS_VI[status]
