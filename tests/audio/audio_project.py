"""A small project with audio versions, built from the real MP3 fixtures in fixtures/.

The fixtures are tones, not recordings (see fixtures/README.md): the repository ships no
invented recording and no invented Mường text. The "Mường" version below is test data only:
its transcript is the simplified Vietnamese text, which is what an audio-only version shows.
"""

from __future__ import annotations

from pathlib import Path

from qbank.source.files import body_hash

from helpers import write_project

FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOOD = FIXTURES / "tone-3s-mono-48k.mp3"        # 3.06 s, mono, 48 kbit/s CBR (LAME)
STEREO = FIXTURES / "tone-1s-stereo-128k.mp3"   # 1.04 s, stereo, 128 kbit/s
LOW = FIXTURES / "tone-2s-mono-24k.mp3"         # 2.09 s, mono, 24 kbit/s
WAV = FIXTURES / "tone-half-second.wav"         # 0.5 s WAV
OGG = FIXTURES / "tone-half-second.ogg"         # 0.5 s Ogg Vorbis

LESSON_BODY = "# Bài học\n\nNội dung bài học."
SIMPLE_BODY = "# Bài học\n\nNgắn gọn."


def lesson_hash() -> str:
    return body_hash(LESSON_BODY)


def audio_block(file: str = "../media/doc-bai.mp3", duration: str = '"0:03"',
                transcript: str | None = "01-bai.simple.md", extra: str = "",
                source_hash: str | None = None, language: str = "mtq") -> str:
    lines = ["audio:", f"  file: {file}", f"  language: {language}",
             "  speaker: Người đọc thử (dữ liệu kiểm thử)", f"  duration: {duration}"]
    if transcript is not None:
        lines.append(f"  transcript: {transcript}")
    if source_hash is not None:
        lines.append(f'  source_hash: "{source_hash}"')
    return "\n".join(lines) + ("\n" + extra if extra else "") + "\n"


def audio_project(root: Path, audio: str | None = None, media: dict[str, Path] | None = None,
                  review: str = "{status: reviewed, reviewer: Người thẩm định thử}",
                  lesson_audio: str = "", languages: str = "") -> Path:
    """A lesson with a simplified version and an audio-only Mường version (`audio` is its
    front-matter block; default: the good MP3 with its transcript)."""
    h = lesson_hash()
    audio = audio if audio is not None else audio_block()
    files: dict[str, str | bytes | None] = {
        "qbank.yaml": ("organization: {name: Đơn vị thử, code: TEST}\n"
                       "audiences:\n  - {id: nguoi-dan, title: Người dân, group: nguoi-dan}\n"
                       "policy: {question_count: 2, pass_threshold: 70, time_limit_minutes: 10,"
                       " attempts: 2}\n" + languages),
        "courses/khoa/lessons/01-bai.md": (
            "---\nid: bai\ntitle: Bài học\nskills: [\"4.2\"]\n" + lesson_audio + "---\n\n"
            + LESSON_BODY + "\n"),
        "courses/khoa/lessons/01-bai.simple.md": (
            f"---\ntitle: Bài học dễ đọc\nsource_hash: '{h}'\n---\n\n{SIMPLE_BODY}\n"),
        "courses/khoa/lessons/01-bai.mtq.md": (
            f"---\ntitle: Bài học (bản nghe thử)\nsource_hash: '{h}'\nreview: {review}\n"
            + audio + "---\n"),
    }
    for rel, src in (media if media is not None else {"courses/khoa/media/doc-bai.mp3": GOOD}
                     ).items():
        files[rel] = src.read_bytes()
    return write_project(root, files)
