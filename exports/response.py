"""A workbook as a streamed HTTP download.

The writer streams rows into a spooled temporary file (in memory up to a few megabytes, then on
disk), the caller records the export once the row counts are known, and a file on disk is sent
in chunks: memory stays flat whatever the number of rows.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable
from io import BytesIO
from typing import Any

from flask import send_file

from exports.writer import Sheet, write_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SPOOL_MAX_BYTES = 4 * 1024 * 1024


def xlsx_download(
    sheets: Iterable[Sheet],
    filename: str,
    after_write: Callable[[list[Sheet]], None] | None = None,
    **write_options: Any,
) -> Any:
    """Write ``sheets`` and return a response streaming the file as an attachment.

    ``after_write`` receives the written sheets (with their row counts), e.g. to audit and commit,
    before the response starts.
    """
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_MAX_BYTES)  # noqa: SIM115 (sent, closed by send_file)
    try:
        written = write_workbook(sheets, spool, **write_options)
        if after_write is not None:
            after_write(written)
    except BaseException:
        spool.close()
        raise
    size = spool.tell()
    spool.seek(0)
    if size <= SPOOL_MAX_BYTES:  # still in memory: no file to keep open
        data = spool.read()
        spool.close()
        response = send_file(
            BytesIO(data), mimetype=XLSX, as_attachment=True, download_name=filename
        )
    else:  # on disk: sent in chunks, closed (and deleted) when the response ends
        response = send_file(spool, mimetype=XLSX, as_attachment=True, download_name=filename)
    response.headers["Cache-Control"] = "no-store"
    return response
