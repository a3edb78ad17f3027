"""`qbank check` on audio versions: real MP3/WAV/Ogg files, the messages authors read."""

from __future__ import annotations

import json

from audio_project import GOOD, LOW, OGG, STEREO, WAV, audio_block, audio_project, lesson_hash
from click.testing import CliRunner

import qbank
from qbank.audiofile import read_audio
from qbank.cli import main

from helpers import codes, found

AUDIO_CODES = {f"QB{n:04d}" for n in range(630, 650)}


def diags(root):
    return qbank.check(qbank.load_project(root))


def audio_diags(root):
    return [d for d in diags(root) if d.code.id in AUDIO_CODES or d.code.id == "QB0301"]


def test_reads_mp3_frames_not_the_file_name(tmp_path):
    info = read_audio(GOOD)
    assert (info.format, info.channels, round(info.bitrate), info.sample_rate) == \
        ("mp3", 1, 48, 32000)
    assert abs(info.duration - 3.06) < 0.01
    stereo = read_audio(STEREO)
    assert (stereo.format, stereo.channels, round(stereo.bitrate)) == ("mp3", 2, 128)
    renamed = tmp_path / "that-is-a-wav.mp3"
    renamed.write_bytes(WAV.read_bytes())
    assert read_audio(renamed).format == "wav"
    assert read_audio(OGG).format == "ogg"
    text = tmp_path / "notes.mp3"
    text.write_text("not audio at all\n", encoding="utf-8")
    assert read_audio(text).format == "unknown"



def test_id3_tag_size_and_flags_are_read_from_its_own_header(tmp_path):
    audio = GOOD.read_bytes()
    audio = audio[audio.index(b"\xff\xfb"):]
    body = b"\x10" * 64  # no padding: the tag's last bytes are not zeros
    tagged = tmp_path / "tagged.mp3"
    tagged.write_bytes(b"ID3\x04\x00\x00\x00\x00\x00\x40" + body + audio)
    assert read_audio(tagged).format == "mp3"
    cut = tmp_path / "cut.mp3"
    cut.write_bytes(b"ID3\x04\x00\x00\x7f\x7f\x7f\x7f")  # a tag larger than the file
    assert read_audio(cut).format == "unknown"

def test_good_audio_version_passes(tmp_path):
    root = audio_project(tmp_path)
    assert audio_diags(root) == []


def test_wav_renamed_mp3_is_an_error_naming_what_it_is(tmp_path):
    root = audio_project(tmp_path, media={"courses/khoa/media/doc-bai.mp3": WAV})
    r = CliRunner().invoke(main, ["check", str(root)])
    assert r.exit_code == 1
    assert "QB0631" in r.stdout
    assert "không phải MP3 (nội dung tệp là WAV (chưa nén))" in r.stdout
    assert "lame -m m -b 48" in r.stdout
    assert found(diags(root), "QB0631") == [("01-bai.mtq.md", 6, 9)]



def test_a_file_that_is_no_audio_at_all_is_said_so_plainly(tmp_path):
    text = tmp_path / "ghi-chu.mp3"
    text.write_text("không phải âm thanh\n", encoding="utf-8")
    root = audio_project(tmp_path / "p", media={"courses/khoa/media/doc-bai.mp3": text})
    r = CliRunner().invoke(main, ["check", str(root)])
    assert r.exit_code == 1
    assert "không phải MP3 (nội dung tệp là một định dạng qbank không nhận ra)" in r.stdout

def test_stereo_128k_is_too_large_for_cheap_phones(tmp_path):
    root = audio_project(tmp_path, audio=audio_block(duration="1"),
                         media={"courses/khoa/media/doc-bai.mp3": STEREO})
    got = codes(audio_diags(root))
    assert got == {"QB0632", "QB0634"}
    r = CliRunner().invoke(main, ["check", str(root), "--lang", "en"])
    assert r.exit_code == 1
    assert "takes 961 KiB per minute, over the 480 KiB/min budget" in r.stdout


def test_budget_is_configurable(tmp_path):
    root = audio_project(tmp_path, audio=audio_block(duration="1"),
                         media={"courses/khoa/media/doc-bai.mp3": STEREO},
                         languages="audio: {max_kib_per_minute: 1000}\n")
    assert codes(audio_diags(root)) == {"QB0632"}


def test_missing_transcript_is_an_error_with_the_file_to_name(tmp_path):
    root = audio_project(tmp_path, audio=audio_block(transcript=None))
    r = CliRunner().invoke(main, ["check", str(root), "--format", "json"])
    assert r.exit_code == 1
    records = [d for d in json.loads(r.stdout) if d["code"] == "QB0635"]
    assert len(records) == 1
    assert "chưa có lời (transcript)" in records[0]["message"]
    assert "transcript: 01-bai.simple.md" in records[0]["hint"]


def test_missing_files_are_reported_at_their_keys(tmp_path):
    root = audio_project(tmp_path, audio=audio_block(file="../media/khong-co.mp3",
                                                     transcript="khong-co.md"), media={})
    assert found(diags(root), "QB0301") == [("01-bai.mtq.md", 6, 9), ("01-bai.mtq.md", 10, 15)]


def test_duration_must_match_the_file(tmp_path):
    root = audio_project(tmp_path, audio=audio_block(duration='"4:02"'))
    [d] = [d for d in audio_diags(root)]
    assert d.code.id == "QB0636"
    assert d.message("vi") == \
        "tệp nghe '../media/doc-bai.mp3' dài 0:03, nhưng 'duration' ghi 4:02"


def test_duration_that_is_not_a_time_is_a_schema_error(tmp_path):
    root = audio_project(tmp_path, audio=audio_block(duration="ba giây"))
    r = CliRunner().invoke(main, ["check", str(root)])
    assert r.exit_code == 1
    assert "duration" in r.stdout


def test_ogg_is_not_accepted_as_the_extra_opus_source(tmp_path):
    root = audio_project(tmp_path, audio=audio_block(extra="  opus: ../media/doc-bai.ogg"),
                         media={"courses/khoa/media/doc-bai.mp3": GOOD,
                                "courses/khoa/media/doc-bai.ogg": OGG})
    assert codes(audio_diags(root)) == {"QB0639"}


def test_lesson_changed_since_recording_warns(tmp_path):
    root = audio_project(tmp_path, lesson_audio=audio_block(
        file="../media/doc-bai.mp3", transcript="01-bai.md", language="vi",
        source_hash="0123456789ab"))
    [d] = [d for d in audio_diags(root)]
    assert d.code.id == "QB0637"
    assert d.args["current"] == lesson_hash()
    assert found([d], "QB0637") == [("01-bai.md", 11, 16)]


def test_lesson_audio_without_source_hash_asks_for_it(tmp_path):
    root = audio_project(tmp_path, lesson_audio=audio_block(transcript="01-bai.md",
                                                            language="vi"))
    [d] = audio_diags(root)
    assert d.code.id == "QB0638"
    assert f'source_hash: "{lesson_hash()}"' in d.code.hint("vi", d.args)


def test_low_bitrate_warns(tmp_path):
    root = audio_project(tmp_path, audio=audio_block(duration="2"),
                         media={"courses/khoa/media/doc-bai.mp3": LOW})
    [d] = audio_diags(root)
    assert d.code.id == "QB0633" and d.args["bitrate"] == 24


def test_over_open_edx_upload_limit_is_an_error(tmp_path):
    """A real MP3 stream over 20 MiB: the good file's audio frames repeated (about 61 min)."""
    data = GOOD.read_bytes()
    frame = 144 * 48000 // 32000  # 216 bytes: MPEG-1 Layer III, 48 kbit/s, 32 kHz, no padding
    start = data.index(b"\xff\xfb")  # after the ID3 tag: the Info frame, then the audio
    frames = data[start + frame:]
    frames = frames[:len(frames) // frame * frame]
    big = frames * (21 * 1024 * 1024 // len(frames) + 1)
    seconds = len(big) // frame * 1152 / 32000
    (tmp_path / "big.mp3").write_bytes(big)
    root = audio_project(tmp_path, audio=audio_block(duration=str(round(seconds))),
                         media={"courses/khoa/media/doc-bai.mp3": tmp_path / "big.mp3"})
    assert codes(audio_diags(root)) == {"QB0640"}
