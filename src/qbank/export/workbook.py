"""Saving .xlsx files byte-identical on every run and never half-written.

openpyxl stamps the current time into docProps/core.xml and into every zip entry; both get
SOURCE_DATE_EPOCH (or the fixed build date) instead, entries in sorted order, and the file is
moved into place only when complete. Used by `qbank export xlsx` and the roster reports.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from openpyxl.writer.excel import ExcelWriter

from qbank.export.package import build_epoch, zip_bytes
from qbank.source.atomic import write_bytes_atomic


def workbook_bytes(wb) -> bytes:
    epoch = build_epoch()
    stamp = dt.datetime.fromtimestamp(epoch, dt.UTC).replace(tzinfo=None)
    wb.properties.created = wb.properties.modified = stamp
    wb.properties.creator = "qbank"
    wb.properties.lastModifiedBy = None
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).write_data()  # wb.save() would stamp 'modified' with now
    with zipfile.ZipFile(raw) as zf:
        files = {name: zf.read(name) for name in zf.namelist()}
    return zip_bytes(files, epoch)


def save_workbook(wb, path: Path) -> None:
    write_bytes_atomic(path, workbook_bytes(wb))
