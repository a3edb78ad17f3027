"""Deterministic archives: sorted entries, fixed timestamps and permissions, no user names.

The timestamp is SOURCE_DATE_EPOCH when set (reproducible-builds.org), else a fixed date, so
the same sources always give byte-identical files.
"""

from __future__ import annotations

import gzip
import io
import os
import tarfile
import time
import zipfile
import zlib
from pathlib import Path

FIXED_EPOCH = 946684800  # 2000-01-01T00:00:00Z
# Deflate level of every zip entry and .tar.gz: zlib's default. On 10,000 questions level 9
# took ~0.4 s more CPU (~3 % of a build) for packages 0.3-0.5 % smaller.
LEVEL = 6
# Formats that are compressed already: stored as they are in a bundle's zip (deflating them
# again costs time for nothing). The packages (.zip, .tar.gz) are not among them: made of
# thousands of small entries compressed one by one, they deflate again to about 40 %.
STORED = frozenset({".png", ".jpg", ".jpeg", ".webp", ".pdf", ".opus", ".mp3", ".ogg", ".m4a"})


def build_epoch() -> int:
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value.isdigit() else FIXED_EPOCH


def _zip_time(epoch: int) -> tuple:
    t = time.gmtime(max(epoch, 315532800))  # zip cannot store dates before 1980
    return (t.tm_year, t.tm_mon, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec)


def deflated(data: bytes) -> tuple[bytes, int, int]:
    """(raw deflate stream, CRC-32, size) of an entry's content, as ZipWriter.add() stores it:
    what ZipWriter.add_deflated() writes."""
    c = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush(), zlib.crc32(data), len(data)


class ZipWriter:
    """A deterministic zip written one entry at a time, in the order they are added, so that a
    large package never sits whole in memory. Every entry gets the same timestamp, permissions
    and compression as in write_zip; adding a name twice is a bug, not an overwrite."""

    def __init__(self, dest: Path | io.BytesIO, epoch: int | None = None):
        self.stamp = _zip_time(build_epoch() if epoch is None else epoch)
        self.names: set[str] = set()
        self.zf = zipfile.ZipFile(dest, "w")
        self.raw_writes = all(hasattr(self.zf, a) for a in (  # see add_deflated()
            "fp", "start_dir", "filelist", "NameToInfo", "_writecheck", "_seekable", "_lock"))

    def _info(self, name: str, stored: bool = False) -> zipfile.ZipInfo:
        if name in self.names:
            raise ValueError(f"{name} is already in the archive")
        self.names.add(name)
        info = zipfile.ZipInfo(name, date_time=self.stamp)
        info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
        info.create_system = 3
        info.external_attr = 0o100644 << 16
        return info

    def add(self, name: str, data: bytes) -> None:
        self.zf.writestr(self._info(name), data, compresslevel=LEVEL)

    def add_deflated(self, name: str, packed: tuple[bytes, int, int]) -> None:
        """An entry compressed beforehand, maybe by another process (deflated()): the same
        bytes as add() of its content. zipfile has no public way to write compressed data, so
        this does what its writestr() does once the data is compressed; on a zipfile without
        those internals it decompresses and uses add()."""
        raw, crc, size = packed
        zf = self.zf
        if not self.raw_writes:
            self.add(name, zlib.decompress(raw, -15))
            return
        info = self._info(name)
        info._compresslevel = LEVEL
        info.file_size, info.compress_size, info.CRC, info.flag_bits = size, len(raw), crc, 0
        with zf._lock:
            if zf._seekable:
                zf.fp.seek(zf.start_dir)
            info.header_offset = zf.fp.tell()
            zf._writecheck(info)
            zf._didModify = True
            zf.fp.write(info.FileHeader(False))
            zf.fp.write(raw)
            zf.start_dir = zf.fp.tell()
            zf.filelist.append(info)
            zf.NameToInfo[name] = info

    def add_chunks(self, name: str, chunks, stored: bool = False) -> None:
        """An entry whose content comes in pieces, never joined: the same bytes as add() of
        the joined content (the local header is rewritten with the sizes once written).
        `stored`: kept uncompressed (content that is compressed already)."""
        info = self._info(name, stored)
        info._compresslevel = LEVEL  # what writestr(compresslevel=LEVEL) sets
        with self.zf.open(info, "w") as dest:
            for chunk in chunks:
                dest.write(chunk)

    def close(self) -> None:
        self.zf.close()

    def __enter__(self) -> ZipWriter:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def write_zip(dest: Path | io.BytesIO, files: dict[str, bytes], epoch: int | None = None) -> None:
    """A zip of {archive name: content}, entries in sorted order."""
    with ZipWriter(dest, epoch) as zw:
        for name in sorted(files):
            zw.add(name, files[name])


def zip_bytes(files: dict[str, bytes], epoch: int | None = None) -> bytes:
    buffer = io.BytesIO()
    write_zip(buffer, files, epoch)
    return buffer.getvalue()


def zip_folder(folder: Path, dest: Path, prefix: str = "") -> None:
    """The files under `folder`, sorted, read one at a time (a bundle holds every package);
    images, PDFs and recordings are stored, not deflated again."""
    paths = {prefix + p.relative_to(folder).as_posix(): p
             for p in folder.rglob("*") if p.is_file()}
    with ZipWriter(dest) as zw:
        for name in sorted(paths):
            path = paths[name]
            zw.add_chunks(name, _pieces(path), stored=path.suffix.lower() in STORED)


def _pieces(path: Path, size: int = 1 << 20):
    with open(path, "rb") as f:
        while chunk := f.read(size):
            yield chunk


def write_tar_gz(dest: Path, files: dict[str, bytes], epoch: int | None = None) -> None:
    """A .tar.gz of {member name: content}: sorted, fixed mtime, uid/gid 0, no names. The tar
    goes straight into the gzip stream, never whole in memory (deflate's output does not
    depend on how its input is cut into writes)."""
    mtime = build_epoch() if epoch is None else epoch
    with open(dest, "wb") as f, \
            gzip.GzipFile(filename="", mode="wb", fileobj=f, mtime=mtime,
                          compresslevel=LEVEL) as gz, \
            tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as tar:
        dirs = sorted({str(Path(n).parent.as_posix()) for n in files} - {"."})
        all_dirs = sorted({"/".join(d.split("/")[:i + 1]) for d in dirs
                           for i in range(len(d.split("/")))})
        for name in all_dirs:
            info = tarfile.TarInfo(name)
            info.type, info.mode, info.mtime = tarfile.DIRTYPE, 0o755, mtime
            tar.addfile(info)
        for name in sorted(files):
            info = tarfile.TarInfo(name)
            info.size, info.mode, info.mtime = len(files[name]), 0o644, mtime
            tar.addfile(info, io.BytesIO(files[name]))
