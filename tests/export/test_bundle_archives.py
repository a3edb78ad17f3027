"""The archives of a bundle: the OLX .tar.gz is written as a stream with the bytes of a tar
made whole and then gzipped, and the bundle's zip keeps images and recordings as they are
(already compressed) while it deflates text and packages."""

from __future__ import annotations

import gzip
import io
import tarfile
import zipfile

import pytest

from qbank.export.package import LEVEL, ZipWriter, deflated, write_tar_gz, zip_folder

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201e2f2a8"
                    "d40000000049454e44ae426082")
MEMBERS = {
    "course/course.xml": b'<course url_name="khoa" org="THA"/>\n',
    "course/problem/cau-1.xml": ("<problem>Mã OTP " * 4000 + "</problem>\n").encode(),
    "course/static/anh.png": PNG,
    "course/policies/assets.json": b"{}\n",
}


def _whole_then_gzipped(files: dict[str, bytes], mtime: int) -> bytes:
    """The .tar.gz made the simple way: the tar in memory, then gzipped in one piece."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name in ("course", "course/policies", "course/problem", "course/static"):
            info = tarfile.TarInfo(name)
            info.type, info.mode, info.mtime = tarfile.DIRTYPE, 0o755, mtime
            tar.addfile(info)
        for name in sorted(files):
            info = tarfile.TarInfo(name)
            info.size, info.mode, info.mtime = len(files[name]), 0o644, mtime
            tar.addfile(info, io.BytesIO(files[name]))
    out = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=mtime,
                       compresslevel=LEVEL) as gz:
        gz.write(raw.getvalue())
    return out.getvalue()


def test_a_streamed_tar_gz_has_the_bytes_of_one_made_whole(tmp_path):
    write_tar_gz(tmp_path / "khoa.tar.gz", MEMBERS, epoch=1767225600)
    data = (tmp_path / "khoa.tar.gz").read_bytes()
    assert data == _whole_then_gzipped(MEMBERS, 1767225600)
    with tarfile.open(tmp_path / "khoa.tar.gz") as tar:
        got = {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}
    assert got == MEMBERS


def test_the_bundle_zip_stores_media_and_deflates_the_rest(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    bundle = tmp_path / "khoa-1.0"
    files = {"questions.json": '{"câu hỏi": "Mã OTP là gì?"}\n'.encode() * 500,
             "media/anh-1a2b3c4d5e.png": PNG, "media/bai-1.MP3": b"ID3" + bytes(range(256)) * 40,
             "qti21/khoa.zip": b"PK" + b"<item/>" * 3000}
    for rel, data in files.items():
        (bundle / rel).parent.mkdir(parents=True, exist_ok=True)
        (bundle / rel).write_bytes(data)
    zip_folder(bundle, tmp_path / "a.zip", prefix="khoa-1.0/")
    zip_folder(bundle, tmp_path / "b.zip", prefix="khoa-1.0/")
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "a.zip") as zf:
        assert zf.testzip() is None
        kinds = {i.filename: i.compress_type for i in zf.infolist()}
        assert {n: zf.read(n) for n in zf.namelist()} == {
            f"khoa-1.0/{rel}": data for rel, data in files.items()}
    assert kinds == {"khoa-1.0/media/anh-1a2b3c4d5e.png": zipfile.ZIP_STORED,
                     "khoa-1.0/media/bai-1.MP3": zipfile.ZIP_STORED,
                     "khoa-1.0/qti21/khoa.zip": zipfile.ZIP_DEFLATED,
                     "khoa-1.0/questions.json": zipfile.ZIP_DEFLATED}


@pytest.mark.parametrize("data", [b"", b"x", "Câu hỏi <b>đậm</b> & ký tự".encode() * 50,
                                  bytes(range(256)) * 40])
def test_an_entry_compressed_beforehand_has_the_bytes_of_one_compressed_on_adding(data):
    """What another process compresses (deflated) and this one writes (add_deflated) is the
    zip that add() makes of the same content."""
    made, packed = io.BytesIO(), io.BytesIO()
    with ZipWriter(made, 0) as a, ZipWriter(packed, 0) as b:
        for i in range(3):
            a.add(f"items/mục-{i}.xml", data + bytes([i]))
            b.add_deflated(f"items/mục-{i}.xml", deflated(data + bytes([i])))
        a.add("imsmanifest.xml", b"<manifest/>")
        b.add("imsmanifest.xml", b"<manifest/>")
    assert packed.getvalue() == made.getvalue()
    with zipfile.ZipFile(packed) as z:
        assert z.testzip() is None and z.read("items/mục-2.xml") == data + b"\x02"
