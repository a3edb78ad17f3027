"""What an audio file really is: MP3 (MPEG Layer III), WebM/Opus, or something else.

Read from the bytes, never from the file name: a WAV or an M4A renamed `.mp3` must be reported
as what it is. MP3 is measured by walking every frame header (exact duration, channels and
average bitrate of CBR and VBR files alike). Metadata libraries were tried and rejected for
this: tinytag (MIT) chooses its parser by the file extension and reads a WAV named `.mp3` as a
0.012-second stereo MP3; mutagen is GPL. WebM is only sniffed (EBML header, "webm" doctype,
the Opus codec id): it is an optional extra source, checked for what it is and its size.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# Layer III bitrates (kbit/s) by bitrate index: MPEG-1, then MPEG-2 and 2.5.
_BITRATES = {
    1: (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    2: (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}
_SAMPLE_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}


@dataclass(frozen=True)
class AudioInfo:
    """What was found in the file. `format` is "mp3", "webm-opus" or what the file is instead
    ("wav", "ogg", "webm", "mp4", "flac", "mpeg-layer-2", "unknown")."""

    format: str
    size: int
    duration: float = 0.0       # seconds (MP3 only)
    channels: int = 0           # 1 mono, 2 stereo / joint stereo / dual channel (MP3 only)
    bitrate: float = 0.0        # average kbit/s of the audio frames (MP3 only)
    sample_rate: int = 0
    constant_bitrate: bool = True


def read_audio(path: Path) -> AudioInfo:
    data = path.read_bytes()
    return inspect(data)


def inspect(data: bytes) -> AudioInfo:
    size = len(data)
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return AudioInfo("wav", size)
    if data[:4] == b"OggS":
        return AudioInfo("ogg", size)
    if data[:4] == b"fLaC":
        return AudioInfo("flac", size)
    if data[4:8] == b"ftyp":
        return AudioInfo("mp4", size)
    if data[:4] == b"\x1a\x45\xdf\xa3":
        head = data[:4096]
        if b"webm" in head and b"A_OPUS" in data[:65536]:
            return AudioInfo("webm-opus", size)
        return AudioInfo("webm", size)
    start = 0
    while data[start:start + 3] == b"ID3" and len(data) >= start + 10:
        flags, tag = data[start + 5], data[start + 6:start + 10]
        start += 10 + (tag[0] << 21 | tag[1] << 14 | tag[2] << 7 | tag[3])
        if flags & 0x10:  # footer present
            start += 10
    while start < len(data) and data[start] == 0:  # padding some encoders leave after the tag
        start += 1
    return _mpeg(data, start, size)


def _header(data: bytes, pos: int):
    """(version, layer, bitrate kbit/s, sample rate, padding, mono) of the frame at `pos`."""
    if pos + 4 > len(data) or data[pos] != 0xFF or data[pos + 1] & 0xE0 != 0xE0:
        return None
    b1, b2, b3 = data[pos + 1], data[pos + 2], data[pos + 3]
    version = (b1 >> 3) & 3      # 3 MPEG-1, 2 MPEG-2, 0 MPEG-2.5, 1 reserved
    layer = (b1 >> 1) & 3        # 1 Layer III, 2 Layer II, 3 Layer I
    index, rate_index = b2 >> 4, (b2 >> 2) & 3
    if version == 1 or layer == 0 or index in (0, 15) or rate_index == 3:
        return None
    if layer != 1:
        return version, layer, 0, 0, 0, False
    bitrate = _BITRATES[1 if version == 3 else 2][index]
    sample_rate = _SAMPLE_RATES[version][rate_index]
    return version, layer, bitrate, sample_rate, (b2 >> 1) & 1, (b3 >> 6) == 3


def _mpeg(data: bytes, start: int, size: int) -> AudioInfo:
    first = _header(data, start)
    if first is None:
        return AudioInfo("unknown", size)
    if first[1] != 1:
        return AudioInfo("mpeg-layer-2" if first[1] == 2 else "mpeg-layer-1", size)
    pos, frames, samples, bits, mono = start, 0, 0, 0, True
    rates: set[int] = set()
    sample_rate = first[3]
    while True:
        h = _header(data, pos)
        if h is None or h[1] != 1:
            break
        version, _, bitrate, rate, padding, is_mono = h
        per_frame = 1152 if version == 3 else 576
        length = per_frame // 8 * bitrate * 1000 // rate + padding
        if pos + length > len(data) + 1:  # a cut-off last frame is not counted
            break
        if not (frames == 0 and _is_info_frame(data, pos, version, is_mono)):
            frames += 1
            samples += per_frame
            bits += length * 8
            rates.add(bitrate)
            mono = mono and is_mono
        pos += length
    if frames < 2:
        return AudioInfo("unknown", size)
    duration = samples / sample_rate
    return AudioInfo("mp3", size, duration=duration, channels=1 if mono else 2,
                     bitrate=bits / duration / 1000, sample_rate=sample_rate,
                     constant_bitrate=len(rates) == 1)


def _is_info_frame(data: bytes, pos: int, version: int, mono: bool) -> bool:
    """The LAME/Xing "Info"/"Xing" (or VBRI) first frame holds the file's table, no audio."""
    side = (17 if mono else 32) if version == 3 else (9 if mono else 17)
    at = pos + 4 + side
    return data[at:at + 4] in (b"Xing", b"Info") or data[pos + 36:pos + 40] == b"VBRI"
