"""Audio versions on pages and handouts: the player, the transcript, the handout's QR code.

The player is the browser's own `<audio>` element on a file copied into the site: no external
player, no network, works from file:// and offline. MP3 is the source every phone plays; the
optional Opus/WebM comes first so the browsers that can play it fetch the smaller file.
`preload="none"`: nothing is downloaded until the reader presses play.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from qbank.model.lesson import Audio
from qbank.resolve.project import Lesson, Variant
from qbank.source.files import split_front_matter

SIMPLE = "simple"


def duration_text(seconds: float, english: bool = False) -> str:
    s = round(seconds)
    m, s = divmod(s, 60)
    if english:
        return f"{m} min {s} s" if m else f"{s} s"
    return f"{m} phút {s} giây" if m else f"{s} giây"


def size_text(size: int, english: bool = False) -> str:
    mb = f"{size / 1_000_000:.1f}"
    kb = f"{round(size / 1000)}"
    text = f"{mb} MB" if size >= 1_000_000 else f"{kb} KB"
    return text if english else text.replace(".", ",")


def of_version(version, lesson: Lesson) -> tuple[Audio, Path] | None:
    """The recording a page of `lesson` plays, and the folder its paths are relative to."""
    holder = version.variant if version.variant is not None else (
        lesson if version.kind == "full" else None)
    if holder is None or holder.meta.audio is None:
        return None
    return holder.meta.audio, holder.path.parent


def transcript_body(lesson: Lesson, variant: Variant) -> str:
    """The text an audio version was read from (the lesson, one of its versions, or another
    Markdown file; the simplified, else full, Vietnamese text when it cannot be found), without
    its own level-1 heading: the page is titled with the audio version's title."""
    return _without_title(_transcript(lesson, variant))


def _without_title(body: str) -> str:
    text = body.lstrip("\n")
    first, _, rest = text.partition("\n")
    return rest.lstrip("\n") if first.startswith("# ") else body


def _transcript(lesson: Lesson, variant: Variant) -> str:
    audio = variant.meta.audio
    fallback = lesson.variants[SIMPLE].body if SIMPLE in lesson.variants else lesson.body
    if not audio.transcript:
        return fallback
    path = (variant.path.parent / audio.transcript).resolve()
    if not path.is_file():  # reported by `qbank check` (QB0301)
        return fallback
    if path == lesson.path.resolve():
        return lesson.body
    for other in lesson.variants.values():
        if other.path.resolve() == path:
            return other.body or fallback
    try:
        text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    except (OSError, UnicodeDecodeError):
        return fallback
    fm, _ = split_front_matter(text, path)
    return fm.body if fm is not None else text


def player_html(audio: Audio, base: Path, add_media, link, language: str,
                english: bool = False) -> str:
    """The player figure: `add_media(ref, base)` puts a file in the site and returns its site
    path, `link(site_path)` makes the page-relative link; `language` is the spoken language's
    name. Missing files (already reported by `qbank check`) give no player."""
    mp3 = add_media(audio.file, base)
    if mp3 is None:
        return ""
    opus = add_media(audio.opus, base) if audio.opus else None
    size = (base / audio.file).stat().st_size if (base / audio.file).is_file() else 0
    sources = ""
    if opus is not None:
        sources += f'<source src="{escape(link(opus))}" type=\'audio/webm; codecs="opus"\'>'
    sources += f'<source src="{escape(link(mp3))}" type="audio/mpeg">'
    if english:
        caption = (f"Listen ({escape(language)}, {duration_text(audio.duration, True)}), "
                   f"read by {escape(audio.speaker)}")
        download = f"Download the recording (MP3, {size_text(size, True)})"
    else:
        caption = (f"Nghe bài này ({escape(language)}, {duration_text(audio.duration)}), "
                   f"người đọc: {escape(audio.speaker)}")
        download = f"Tải tệp nghe về máy (MP3, {size_text(size)})"
    return ('<figure class="qb-audio" data-search-exclude>'
            f'<figcaption>{caption}</figcaption>'
            f'<audio controls preload="none" lang="{escape(audio.language)}">{sources}</audio>'
            f'<p class="qb-audio-download"><a href="{escape(link(mp3))}" download>'
            f'{download}</a></p></figure>')


def audio_only_notice(language: str, english: bool = False) -> tuple[str, str]:
    """(title, text) above an audio version's page."""
    if english:
        return ("Audio version",
                f"This lesson is recorded in {language}: press play to listen. The text below is "
                "the simplified Vietnamese text the recording follows.")
    return ("Bản nghe",
            f"Bài này có bản nghe {language}: bấm nút phát để nghe. Chữ bên dưới là bản tiếng "
            "Việt dễ đọc mà bản nghe dựa theo.")


def qr_svg(url: str) -> str:
    """An SVG QR code of `url` (segno, BSD): crisp at any print size, no image file."""
    import segno

    return segno.make(url, error="m", micro=False).svg_inline(scale=4, border=2, dark="#000")


def site_url(root: Path) -> str | None:
    """mkdocs.yml's `site_url`: where the handouts' QR codes point (None when unset)."""
    import yaml

    path = root / "mkdocs.yml"
    if not path.is_file():
        return None

    class _Loader(yaml.SafeLoader):
        pass

    _Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506
    except (yaml.YAMLError, UnicodeDecodeError):
        return None
    url = data.get("site_url") if isinstance(data, dict) else None
    return url if isinstance(url, str) and url.startswith(("http://", "https://")) else None
