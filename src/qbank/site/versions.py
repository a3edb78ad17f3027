"""The versions of a lesson page: full Vietnamese, simplified Vietnamese, each site language.

A page that has no translation into a language falls back to simplified Vietnamese (or the full
text when there is no simplified version) and says so in Vietnamese and English: nobody here can
write the notice in the minority language, and a notice in a language made up by a machine would
be worse than none. Every translation shows its review status, and says when it was made from an
older source text; with `site: {translations: reviewed-only}` in qbank.yaml (the default), a
translation nobody fluent has reviewed is not published at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from qbank.languages import name as _configured_name
from qbank.model.common import ReviewStatus
from qbank.resolve.project import Lesson, Variant
from qbank.translate.view import segmented

FULL, SIMPLE = "full", "simple"

def language_name(code: str, lang: str = "vi") -> str:
    """A language's name: qbank.yaml `languages:`, else qbank.languages' documented defaults;
    an unknown code shows as is."""
    return _configured_name(code, lang)


def version_label(kind: str) -> str:
    """The switcher's label of a version."""
    if kind == FULL:
        return "Bản đầy đủ"
    if kind == SIMPLE:
        return "Bản dễ đọc"
    name = language_name(kind).removeprefix("tiếng ")
    return name[:1].upper() + name[1:]


@dataclass
class Version:
    """One page of a lesson: which text it shows and what the reader must be told about it."""

    kind: str                    # FULL, SIMPLE or a language code
    lang: str                    # the language of the text actually shown
    title: str
    body: str
    variant: Variant | None      # the variant shown, None for the source text
    fallback: bool = False       # the requested version does not exist: another one is shown
    outdated: bool = False
    withheld: bool = False       # a translation exists but is not published until reviewed
    audio_only: bool = False     # a recording (no script): the text shown is its transcript
    # Segments of a translation shown in Vietnamese: missing, changed since, or awaiting review.
    vietnamese_segments: int = 0


def is_reviewed(variant: Variant) -> bool:
    """Reviewed or approved, by a named reviewer (a fluent reader for a translation)."""
    review = variant.meta.review
    return review.status != ReviewStatus.DRAFT and bool(review.reviewer)


def lesson_versions(lesson: Lesson, languages: list[str],
                    reviewed_only: bool = False) -> list[Version]:
    """The full, simplified and one page per site language, in switcher order.

    With `reviewed_only` (qbank.yaml `site: {translations: reviewed-only}`), a translation that
    nobody has reviewed is not shown: its page falls back to simplified Vietnamese."""
    simple = lesson.variants.get(SIMPLE)
    out = [Version(FULL, "vi", lesson.meta.title, lesson.body, None)]
    if simple is not None:
        out.append(_from_variant(SIMPLE, "vi", simple, lesson))
    else:
        out.append(Version(SIMPLE, "vi", lesson.meta.title, lesson.body, None, fallback=True))
    for code in languages:
        variant = lesson.variants.get(code)
        # A translation made by `qbank translate import` is shown segment by segment.
        view = segmented(lesson, variant, reviewed_only) if variant is not None else None
        if view is not None and view.shown:
            out.append(Version(code, code, view.title, view.body, variant,
                               vietnamese_segments=view.vietnamese))
            continue
        withheld = variant is not None and reviewed_only and (
            view is not None or not is_reviewed(variant))
        if variant is not None and not withheld and view is None:
            out.append(_from_variant(code, code, variant, lesson))
        else:
            shown = out[1]  # simplified Vietnamese, or the full text standing in for it
            out.append(Version(code, "vi", shown.title, shown.body, shown.variant, fallback=True,
                               outdated=shown.outdated, withheld=withheld))
    return out


def _from_variant(kind: str, lang: str, variant: Variant, lesson: Lesson) -> Version:
    if variant.meta.audio is not None and not variant.body.strip():
        # An audio version (Mường has no script in use): the page plays the recording and shows
        # the Vietnamese text it was read from.
        from qbank.site.audio import transcript_body

        return Version(kind, "vi", variant.meta.title, transcript_body(lesson, variant), variant,
                       outdated=variant.meta.source_hash != lesson.hash, audio_only=True)
    return Version(kind, lang, variant.meta.title, variant.body, variant,
                   outdated=variant.meta.source_hash != lesson.hash)


def english_site(project) -> bool:
    """Whether the site and handouts speak English (qbank.yaml `language: en`): otherwise every
    notice is in Vietnamese only, with no English line beside it."""
    return project.config is not None and project.config.language == "en"


def notices_html(version: Version, full_href: str, english: bool = False) -> str:
    """The notices above a lesson's text: fallback, review status, outdated source."""
    parts = []
    if version.fallback:
        if version.kind == SIMPLE:
            vi = "Bài này chưa có bản tiếng Việt dễ đọc. Dưới đây là bản đầy đủ."
            en = "This lesson has no simplified Vietnamese version yet; the full text is shown."
        else:
            shown_vi = "bản tiếng Việt dễ đọc" if version.variant is not None else \
                "bản tiếng Việt đầy đủ"
            shown_en = "simplified Vietnamese" if version.variant is not None else \
                "the full Vietnamese text"
            if version.withheld:
                vi = (f"Bản dịch {language_name(version.kind)} của bài này chưa được người "
                      f"thông thạo ngôn ngữ thẩm định nên chưa đăng. Dưới đây là {shown_vi}.")
                en = (f"The {language_name(version.kind, 'en')} translation of this lesson is "
                      f"not published until a fluent reviewer checks it; it is shown in "
                      f"{shown_en}.")
            else:
                vi = (f"Bài này chưa có bản dịch {language_name(version.kind)}. "
                      f"Dưới đây là {shown_vi}.")
                en = (f"This lesson is not yet translated into "
                      f"{language_name(version.kind, 'en')}; it is shown in {shown_en}.")
        parts.append(_notice("warning", "qb-fallback", "Chưa có bản này", vi, en, english=english))
    if version.audio_only:
        from qbank.site.audio import audio_only_notice

        title, _ = audio_only_notice("")
        vi = audio_only_notice(language_name(version.kind))[1]
        en = audio_only_notice(language_name(version.kind, "en"), english=True)[1]
        parts.append(_notice("info", "qb-audio-only", title, vi, en, english=english))
    if version.variant is not None:
        parts.append(_review_notice(version, english))
    if version.vietnamese_segments:
        n = version.vietnamese_segments
        vi = (f"{n} đoạn chưa được dịch, đã thay đổi sau khi dịch hoặc còn chờ thẩm định nên "
              "được giữ bằng tiếng Việt, có ghi “chưa dịch”.")
        en = (f"{n} passage(s) not translated yet, changed since translation or awaiting "
              "review are shown in Vietnamese, marked as such.")
        parts.append(_notice("info", "qb-partial", "Đoạn chưa dịch", vi, en, english=english))
    if version.outdated:
        vi = ("Bản này được làm từ một phiên bản cũ hơn của bài gốc, có thể chưa cập nhật. "
              f'Xem <a href="{escape(full_href)}">bản đầy đủ mới nhất</a>.')
        en = "This version was made from an older source text and may be out of date."
        parts.append(_notice("warning", "qb-outdated", "Bản cũ hơn bài gốc", vi, en,
                             vi_is_html=True, english=english))
    return "".join(parts)


def review_text(variant: Variant, translation: bool) -> tuple[str, str]:
    """(Vietnamese, English) review status of a variant, for the page and the handout."""
    review = variant.meta.review
    what_vi = "Bản dịch" if translation else "Bản dễ đọc"
    what_en = "Translation" if translation else "Simplified version"
    if review.status == ReviewStatus.DRAFT or not review.reviewer:
        vi, en = (f"{what_vi} chưa được thẩm định.",
                  f"{what_en} not reviewed yet.")
        if translation:
            vi = "Bản dịch chưa được thẩm định: chưa có người thông thạo ngôn ngữ đọc duyệt."
            en = "Translation not reviewed by a native speaker yet."
    elif review.status == ReviewStatus.REVIEWED:
        vi, en = (f"{what_vi} đã được thẩm định bởi {review.reviewer}.",
                  f"{what_en} reviewed by {review.reviewer}.")
    else:
        vi, en = (f"{what_vi} đã được phê duyệt ({review.reviewer}).",
                  f"{what_en} approved ({review.reviewer}).")
    if review.date and review.status != ReviewStatus.DRAFT:
        vi, en = vi[:-1] + f", ngày {review.date}.", en[:-1] + f", {review.date}."
    if variant.meta.audio is not None and not variant.body.strip():  # an audio version
        vi = vi.replace("Bản dịch", "Bản nghe").replace("đọc duyệt", "nghe duyệt")
        en = en.replace("Translation", "Recording")
    if variant.meta.machine_translated:
        vi += " Có dùng dịch máy."
        en += " Machine translation was used."
    return vi, en


def _review_notice(version: Version, english: bool = False) -> str:
    translation = version.kind not in (FULL, SIMPLE) and not version.fallback
    vi, en = review_text(version.variant, translation)
    reviewed = is_reviewed(version.variant)
    return _notice("success" if reviewed else "info", "qb-review",
                   "Tình trạng thẩm định", escape(vi), en, vi_is_html=True, english=english)


_TITLES_EN = {"Chưa có bản này": "Not available in this version",
              "Tình trạng thẩm định": "Review status", "Bản cũ hơn bài gốc": "Older than its source",
              "Đoạn chưa dịch": "Passages in Vietnamese", "Bản nghe": "Audio version"}


def _notice(kind: str, cls: str, title: str, vi: str, en: str, vi_is_html: bool = False,
            english: bool = False) -> str:
    if english:
        title, text = _TITLES_EN.get(title, title), f'<p lang="en">{escape(en)}</p>'
    else:
        text = f'<p lang="vi">{vi if vi_is_html else escape(vi)}</p>'
    return (f'<div class="admonition {kind} {cls}" role="note" data-search-exclude>'
            f'<p class="admonition-title">{escape(title)}</p>{text}</div>')
