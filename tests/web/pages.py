"""What the explore pages' tests (test_home, test_units, test_documents, test_charts, …) read
from a page or the library: a document's id by name, a chart's embedded data, a CSV download's
rows, the figures a reader takes of a measure."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal


def document_id_of(raw, name_part: str) -> int:
    (doc_id,) = raw.execute("SELECT id FROM documents WHERE source LIKE ? AND superseded_by IS NULL",
                            (f"%{name_part}%",)).fetchone()
    return doc_id


def chart_data(body: str, chart_id: str) -> dict:
    m = re.search(rf'<script type="application/json" id="{chart_id}">(.*?)</script>', body, re.S)
    assert m, chart_id
    return json.loads(m.group(1))


def download_rows(response) -> list[dict]:
    assert response.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def first_figures(raw, measure: str, where: str = "1=1", params: tuple = ()) -> dict:
    """(document, unit) → the figure of ``measure`` a reader takes: the first table's, else the
    text's, each printed figure counted once however often it is repeated."""
    out: dict[tuple, Decimal] = {}
    for doc, unit, value in raw.execute(
            "SELECT d.id, coalesce(f.unit_id, d.unit_id), f.value FROM facts f JOIN documents d "
            "ON d.id = f.document_id WHERE f.measure = ? AND f.basis = 'current' AND "
            "f.kind = 'money' AND d.superseded_by IS NULL AND d.status = 'ok' AND " + where +
            " ORDER BY d.id, f.table_idx IS NULL, f.table_idx, f.id", (measure, *params)):
        out.setdefault((doc, unit), Decimal(value))
    return out

