"""Renderings of the API's answers: JSON (exact decimals as strings), CSV and XLSX downloads.

Why decimals travel as strings: a JSON number is a float to most readers (JavaScript, pandas'
default), and ``0.1 + 0.2`` is not an accountant's answer; ``"1962.78"`` keeps every printed digit.
Why CSV starts with a byte-order mark: Excel and WPS read a BOM-less CSV in the system's legacy
code page (GBK on Chinese Windows) and garble UTF-8 Chinese; with the BOM both open it as UTF-8.
XLSX cells hold the decimals as text too (an Excel number is a double), so what is downloaded is
what was printed.
"""

from __future__ import annotations

import csv
import io
import tempfile
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Iterable, Iterator, Sequence

from fastapi.responses import Response, StreamingResponse

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOM = "\ufeff"


def to_json_value(value: Any) -> Any:
    """A value JSON carries without loss: decimals and datetimes as strings, containers walked."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: to_json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json_value(v) for v in value]
    return value


def _cell(value: Any) -> Any:
    """A flat cell: nested values (a finding's evidence) are left out of tables by the caller."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(to_json_value(value)) if not isinstance(value, (int, str)) else value


def to_csv(columns: Sequence[str], rows: Iterable[dict]) -> bytes:
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return out.getvalue().encode("utf-8")


def to_xlsx(columns: Sequence[str], rows: Iterable[dict], sheet: str) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet[:31])
    ws.append(list(columns))
    for row in rows:
        ws.append([_cell(row.get(c)) if row.get(c) is not None else None for c in columns])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def download(fmt: str, name: str, columns: Sequence[str], rows: list[dict],
             headers: dict[str, str]) -> Response:
    """The rows as a CSV or XLSX attachment named ``name.csv``/``name.xlsx``."""
    if fmt == "csv":
        body, media = to_csv(columns, rows), CSV_TYPE
    else:
        body, media = to_xlsx(columns, rows, name), XLSX_TYPE
    disposition = {"Content-Disposition": f'attachment; filename="{name}.{fmt}"'}
    return Response(body, media_type=media, headers={**headers, **disposition})


#: Bytes of a streamed XLSX read and sent at a time; bytes kept in memory before it spills to disk.
_CHUNK = 1 << 16
_SPOOL = 8 << 20


def _csv_chunks(columns: Sequence[str], batches: Iterable[list[dict]]) -> Iterator[bytes]:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    out.write(BOM)
    writer.writerow(columns)
    for rows in batches:
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])
        yield out.getvalue().encode("utf-8")
        out.seek(0)
        out.truncate()
    yield out.getvalue().encode("utf-8")


def _xlsx_chunks(columns: Sequence[str], batches: Iterable[list[dict]], sheet: str
                 ) -> Iterator[bytes]:
    """An XLSX is a zip, whole only at the end: openpyxl's write-only mode writes the rows to
    a temporary file as they come, and the finished workbook is sent from a spooled file."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet[:31])
    ws.append(list(columns))
    for rows in batches:
        for row in rows:
            ws.append([_cell(row.get(c)) if row.get(c) is not None else None for c in columns])
    with tempfile.SpooledTemporaryFile(max_size=_SPOOL) as fh:
        wb.save(fh)
        fh.seek(0)
        while chunk := fh.read(_CHUNK):
            yield chunk


def stream_download(fmt: str, name: str, columns: Sequence[str], batches: Iterable[list[dict]],
                    headers: dict[str, str]) -> StreamingResponse:
    """As :func:`download`, from ``batches`` of rows read as the answer is sent (keyset pages of
    the selection), so that a large download never holds the selection in memory at once."""
    if fmt == "csv":
        body, media = _csv_chunks(columns, batches), CSV_TYPE
    else:
        body, media = _xlsx_chunks(columns, batches, name), XLSX_TYPE
    disposition = {"Content-Disposition": f'attachment; filename="{name}.{fmt}"'}
    return StreamingResponse(body, media_type=media, headers={**headers, **disposition})
