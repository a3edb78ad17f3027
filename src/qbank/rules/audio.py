"""Audio versions (`audio:` of a lesson or variant): a file every cheap phone plays, light
enough for a prepaid data plan, as long as it says, with the text it was read from.

MP3 mono at about 48 kbit/s is the one format that plays everywhere (iOS Safari before 18.4
cannot play Ogg, Open edX's file store has no WebM filter); an Opus/WebM file may come as an
extra, smaller source. Sizes are judged per minute of sound: 48 kbit/s is 352 KiB a minute.
"""

from __future__ import annotations

from qbank.audiofile import AudioInfo, read_audio
from qbank.diagnostics import code
from qbank.source.paths import resolve_ref

WRONG_FORMAT = code(
    "QB0631", "audio-not-mp3", "error",
    "tệp nghe '{file}' không phải MP3 (nội dung tệp là {found_vi})",
    "audio file '{file}' is not an MP3 (its content is {found})",
    "Chuyển sang MP3 đơn kênh 48 kbit/s, dạng phát được trên mọi điện thoại: "
    "'lame -m m -b 48 vao.wav ra.mp3' hoặc 'ffmpeg -i vao.m4a -ac 1 -b:a 48k ra.mp3'.",
    "Convert it to mono MP3 at 48 kbit/s, the format every phone plays: "
    "'lame -m m -b 48 in.wav out.mp3' or 'ffmpeg -i in.m4a -ac 1 -b:a 48k out.mp3'.")
NOT_MONO = code(
    "QB0632", "audio-not-mono", "warning",
    "tệp nghe '{file}' ghi hai kênh (stereo): giọng đọc chỉ cần một kênh",
    "audio file '{file}' is stereo: a voice needs one channel",
    "Ghi lại thành đơn kênh (mono): tệp nhẹ bằng nửa, nghe vẫn như cũ "
    "('lame -m m -b 48 vao.wav ra.mp3').",
    "Re-encode it as mono: half the size, sounds the same ('lame -m m -b 48 in.wav out.mp3').")
LOW_BITRATE = code(
    "QB0633", "audio-bitrate-low", "warning",
    "tệp nghe '{file}' chỉ có {bitrate} kbit/s: giọng đọc có thể khó nghe",
    "audio file '{file}' has only {bitrate} kbit/s: the voice may be hard to follow",
    "Dùng khoảng 48 kbit/s (không dưới 32 kbit/s).", "Use about 48 kbit/s (at least 32).")
TOO_LARGE = code(
    "QB0634", "audio-too-large", "error",
    "tệp nghe '{file}' nặng {per_minute} KiB mỗi phút, quá mức {budget} KiB/phút cho điện "
    "thoại dùng gói cước rẻ ({bitrate} kbit/s)",
    "audio file '{file}' takes {per_minute} KiB per minute, over the {budget} KiB/min budget "
    "for phones on cheap data plans ({bitrate} kbit/s)",
    "Nén lại thành MP3 đơn kênh 48 kbit/s (khoảng 352 KiB mỗi phút): "
    "'lame -m m -b 48 vao.wav ra.mp3'. Mức cho phép đặt ở qbank.yaml 'audio: "
    "{{max_kib_per_minute: …}}'.",
    "Re-encode it as mono MP3 at 48 kbit/s (about 352 KiB a minute): "
    "'lame -m m -b 48 in.wav out.mp3'. The budget is qbank.yaml 'audio: "
    "{{max_kib_per_minute: …}}'.")
NO_TRANSCRIPT = code(
    "QB0635", "audio-without-transcript", "error",
    "bản nghe '{file}' chưa có lời (transcript): cần ghi tệp chữ mà người đọc đã đọc",
    "audio '{file}' has no transcript: name the text that was read aloud",
    "Thêm 'transcript: <tệp .md>' vào khối 'audio:', thường là bản dễ đọc "
    "(ví dụ 'transcript: {suggest}'). Người khiếm thính, người muốn đọc lại và người thẩm định "
    "cần lời này; trang web hiện nó dưới trình phát.",
    "Add 'transcript: <.md file>' to the 'audio:' block, usually the simplified version "
    "(e.g. 'transcript: {suggest}'). Deaf readers, readers who want to re-read and reviewers "
    "need it; the site shows it under the player.")
DURATION = code(
    "QB0636", "audio-duration-mismatch", "error",
    "tệp nghe '{file}' dài {actual}, nhưng 'duration' ghi {declared}",
    "audio file '{file}' lasts {actual}, but 'duration' says {declared}",
    "Sửa 'duration' thành {actual}, hoặc kiểm tra lại có đúng tệp không.",
    "Set 'duration' to {actual}, or check that it is the right file.")
OUTDATED = code(
    "QB0637", "audio-outdated", "warning",
    "bản nghe '{file}' được ghi âm từ bài gốc cũ ({recorded}); bài gốc nay là {current}",
    "audio '{file}' was recorded from an older source lesson ({recorded}); it is now {current}",
    "Nghe lại và so với bài hiện nay; ghi âm lại nếu nội dung đã khác, rồi ghi "
    "'source_hash: \"{current}\"' trong khối 'audio:'.",
    "Listen again against the lesson as it is now; re-record if it differs, then set "
    "'source_hash: \"{current}\"' in the 'audio:' block.")
NOT_STAMPED = code(
    "QB0638", "audio-not-stamped", "warning",
    "bản nghe '{file}' không ghi 'source_hash': không biết được bài gốc có đổi sau khi ghi âm",
    "audio '{file}' has no 'source_hash': nobody can tell if the lesson changed since recording",
    "Nếu bản ghi đúng với bài hiện nay, ghi 'source_hash: \"{current}\"' trong khối 'audio:'.",
    "If the recording matches the lesson as it is now, set 'source_hash: \"{current}\"' in "
    "the 'audio:' block.")
OPUS_FORMAT = code(
    "QB0639", "audio-extra-not-opus", "error",
    "tệp nghe phụ '{file}' không phải WebM/Opus (nội dung tệp là {found_vi})",
    "extra audio file '{file}' is not WebM/Opus (its content is {found})",
    "Bỏ 'opus:' hoặc tạo tệp WebM: 'ffmpeg -i vao.wav -ac 1 -c:a libopus -b:a 24k ra.webm'. "
    "Không dùng tệp .ogg: iPhone trước iOS 18.4 không phát được.",
    "Drop 'opus:' or make a WebM file: 'ffmpeg -i in.wav -ac 1 -c:a libopus -b:a 24k out.webm'. "
    "Not .ogg: iPhones before iOS 18.4 cannot play it.")
UPLOAD_LIMIT = code(
    "QB0640", "audio-over-upload-limit", "error",
    "tệp nghe '{file}' nặng {mib} MiB, quá giới hạn tải lên 20 MiB của Open edX Studio",
    "audio file '{file}' is {mib} MiB, over Open edX Studio's 20 MiB upload limit",
    "Chia bài thành nhiều bản ghi ngắn hơn, hoặc nén ở 48 kbit/s đơn kênh.",
    "Split it into shorter recordings, or encode it at 48 kbit/s mono.")

MIN_KBPS = 32
UPLOAD_LIMIT_BYTES = 20 * 1024 * 1024
DEFAULT_BUDGET_KIB = 480  # per minute: 48 kbit/s is 352 KiB/min, 64 kbit/s 469 KiB/min

FORMAT_NAMES = {
    "wav": ("WAV (chưa nén)", "WAV (uncompressed)"), "ogg": ("Ogg", "Ogg"),
    "flac": ("FLAC", "FLAC"), "mp4": ("MP4/M4A (AAC)", "MP4/M4A (AAC)"),
    "webm": ("WebM", "WebM"), "webm-opus": ("WebM/Opus", "WebM/Opus"),
    "mpeg-layer-1": ("MPEG lớp I", "MPEG Layer I"), "mpeg-layer-2": ("MP2", "MP2"),
    "unknown": ("một định dạng qbank không nhận ra", "not a known audio format"), "mp3": ("MP3", "MP3"),
}


def clock(seconds: float) -> str:
    """4:02, 1:04:02: how a duration is written in the front matter and on pages."""
    s = round(seconds)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


def budget_kib(project) -> int:
    limits = getattr(project.config, "audio", None) if project.config is not None else None
    return getattr(limits, "max_kib_per_minute", DEFAULT_BUDGET_KIB)


def audios(lesson):
    """(holder, audio) of a lesson: its own recording, then each variant's, in name order."""
    if lesson.meta.audio is not None:
        yield lesson, lesson.meta.audio
    for _, variant in sorted(lesson.variants.items()):
        if variant.meta.audio is not None:
            yield variant, variant.meta.audio


def check(project):
    budget = budget_kib(project)
    for c in project.courses:
        for lesson in c.lessons:
            for holder, audio in audios(lesson):
                yield from _check_one(project, lesson, holder, audio, budget)


def _check_one(project, lesson, holder, audio, budget: int):
    base = holder.path.parent
    shown = audio.file
    path, diags = resolve_ref(audio.file, base, project.root, holder.pos("audio", "file"))
    yield from diags
    if path is not None:
        yield from _check_file(holder, read_audio(path), audio, shown, budget)
    if audio.opus is not None:
        opus, diags = resolve_ref(audio.opus, base, project.root, holder.pos("audio", "opus"))
        yield from diags
        if opus is not None:
            info = read_audio(opus)
            if info.format != "webm-opus":
                vi, en = FORMAT_NAMES[info.format]
                yield OPUS_FORMAT.at(holder.pos("audio", "opus"), file=audio.opus, found_vi=vi,
                                     found=en)
    if not audio.transcript:
        suggest = lesson.path.stem + ".simple.md"
        yield NO_TRANSCRIPT.at(holder.pos("audio"), file=shown, suggest=suggest)
    else:
        _, diags = resolve_ref(audio.transcript, base, project.root,
                               holder.pos("audio", "transcript"))
        yield from diags
    recorded = audio.source_hash or getattr(holder.meta, "source_hash", None)
    if recorded is None:
        yield NOT_STAMPED.at(holder.pos("audio"), file=shown, current=lesson.hash)
    elif recorded != lesson.hash:
        at = ("audio", "source_hash") if audio.source_hash else ("source_hash",)
        yield OUTDATED.at(holder.pos(*at), file=shown, recorded=recorded, current=lesson.hash)


def _check_file(holder, info: AudioInfo, audio, shown: str, budget: int):
    pos = holder.pos("audio", "file")
    if info.format != "mp3":
        vi, en = FORMAT_NAMES[info.format]
        yield WRONG_FORMAT.at(pos, file=shown, found_vi=vi, found=en)
        return
    if info.channels != 1:
        yield NOT_MONO.at(pos, file=shown)
    if info.bitrate < MIN_KBPS - 0.5:
        yield LOW_BITRATE.at(pos, file=shown, bitrate=round(info.bitrate))
    per_minute = info.size / 1024 / (info.duration / 60)
    if per_minute > budget:
        yield TOO_LARGE.at(pos, file=shown, per_minute=round(per_minute), budget=budget,
                           bitrate=round(info.bitrate))
    if info.size > UPLOAD_LIMIT_BYTES:
        yield UPLOAD_LIMIT.at(pos, file=shown, mib=f"{info.size / 1048576:.1f}")
    if abs(info.duration - audio.duration) > max(2.0, 0.02 * info.duration):
        yield DURATION.at(holder.pos("audio", "duration"), file=shown,
                          actual=clock(info.duration), declared=clock(audio.duration))
