"""Writing .xlsx files that are byte-identical on every run and never half-written.

openpyxl stamps the current time into docProps/core.xml and into every zip entry; both are
replaced by SOURCE_DATE_EPOCH (or the project's fixed date) before the file is moved into place.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
import zipfile
from pathlib import Path

from qbank.export.package import build_epoch, write_zip


def write_bytes_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def save_workbook(wb, path: Path) -> None:
    epoch = build_epoch()
    stamp = dt.datetime.fromtimestamp(epoch, dt.UTC).replace(tzinfo=None)
    wb.properties.created = stamp
    wb.properties.modified = stamp
    wb.properties.creator = "qbank"
    wb.properties.lastModifiedBy = None
    raw = io.BytesIO()
    wb.save(raw)
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as zf:
        files = {name: zf.read(name) for name in zf.namelist()}
    # write_zip writes to a path: a temp file beside the target, then an atomic rename.
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write_zip(Path(tmp), files, epoch)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
