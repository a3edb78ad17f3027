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
from pathlib import Path

FIXED_EPOCH = 946684800  # 2000-01-01T00:00:00Z


def build_epoch() -> int:
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value.isdigit() else FIXED_EPOCH


def _zip_time(epoch: int) -> tuple:
    t = time.gmtime(max(epoch, 315532800))  # zip cannot store dates before 1980
    return (t.tm_year, t.tm_mon, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec)


def write_zip(dest: Path | io.BytesIO, files: dict[str, bytes], epoch: int | None = None) -> None:
    """A zip of {archive name: content}, entries in sorted order."""
    stamp = _zip_time(build_epoch() if epoch is None else epoch)
    with zipfile.ZipFile(dest, "w") as zf:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            zf.writestr(info, files[name], compresslevel=9)


def zip_bytes(files: dict[str, bytes], epoch: int | None = None) -> bytes:
    buffer = io.BytesIO()
    write_zip(buffer, files, epoch)
    return buffer.getvalue()


def zip_folder(folder: Path, dest: Path, prefix: str = "") -> None:
    files = {prefix + p.relative_to(folder).as_posix(): p.read_bytes()
             for p in folder.rglob("*") if p.is_file()}
    write_zip(dest, files)


def write_tar_gz(dest: Path, files: dict[str, bytes], epoch: int | None = None) -> None:
    """A .tar.gz of {member name: content}: sorted, fixed mtime, uid/gid 0, no names."""
    mtime = build_epoch() if epoch is None else epoch
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
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
    with open(dest, "wb") as f, gzip.GzipFile(filename="", mode="wb", fileobj=f,
                                              mtime=mtime, compresslevel=9) as gz:
        gz.write(raw.getvalue())
