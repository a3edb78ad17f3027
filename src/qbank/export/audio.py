"""A lesson's recordings in the packages: players in the OLX HTML component, media entries in
course.json and in the QTI manifest. The files travel under the same ASCII slug-hash names as
images (qbank.export.media); a recording whose file is missing (QB0301) is left out."""

from __future__ import annotations

from html import escape

from qbank.export.media import MediaSet
from qbank.languages import table as language_table


def recordings(lesson):
    """(kind, holder, audio): the lesson's own recording ("full"), then its versions'."""
    if lesson.meta.audio is not None:
        yield "full", lesson, lesson.meta.audio
    for kind, variant in sorted(lesson.variants.items()):
        if variant.meta.audio is not None:
            yield kind, variant, variant.meta.audio


def recorded_from(lesson, holder, audio) -> str | None:
    return audio.source_hash or getattr(holder.meta, "source_hash", None)


def olx_players(lesson, media: MediaSet, config=None) -> str:
    """XHTML appended to the lesson's HTML component: one `<audio>` per recording, with
    `/static/` sources (Open edX serves course assets there)."""
    names = language_table(config)
    out = []
    for kind, holder, audio in recordings(lesson):
        mp3 = media.add(audio.file, holder.path.parent)
        if mp3 is None:
            continue
        opus = media.add(audio.opus, holder.path.parent) if audio.opus else None
        spoken = names[audio.language].name if audio.language in names else audio.language
        what = "Nghe bài này" if kind == "full" else (
            "Nghe bản dễ đọc" if kind == "simple" else "Bản nghe")
        sources = ""
        if opus is not None:
            sources += f'<source src="/{escape(opus)}" type=\'audio/webm; codecs="opus"\'/>'
        sources += f'<source src="/{escape(mp3)}" type="audio/mpeg"/>'
        out.append(f'<div class="qb-audio" lang="vi"><p>{what} ({escape(spoken)}), người đọc: '
                   f'{escape(audio.speaker)}</p><audio controls="controls" preload="none" '
                   f'lang="{escape(audio.language)}">{sources}</audio></div>')
    return "".join(out)
