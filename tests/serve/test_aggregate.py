"""``/api/aggregate`` counts each printed figure once (issue #9): a 类 printed in the summary
table and again in the expenditure table (seed 004 prints 类 201 in two tables) adds its printed
value once, not two or three times. The reference is the document itself: the figure read from
the document's own table fact (its table, row, column and quoted text), not a copy of our output.
Run against SQLite here and against PostgreSQL in test_postgres.py through the same checks."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

CLASS_PREFIX = "expense.general.function."


def _all(client, path: str, **params) -> list[dict]:
    rows, offset = [], 0
    while True:
        body = client.get(path, params={**params, "limit": 500, "offset": offset}).json()
        rows += body["rows"]
        offset += 500
        if offset >= body["total"]:
            return rows


def printed_class_figures(client) -> dict[tuple[int, str], list[dict]]:
    """Each document's 类 figures (three-digit codes) as printed in its tables: (document,
    measure) → the table facts that print it, each with its cell and quoted text."""
    out: dict[tuple[int, str], list[dict]] = defaultdict(list)
    for f in _all(client, "/api/facts", measure=CLASS_PREFIX, basis="current", scope="document",
                  value_kind="money"):
        code = f["measure"][len(CLASS_PREFIX):]
        if len(code) == 3 and code.isdigit() and f["origin"] == "table":
            out[(f["document_id"], f["measure"])].append(f)
    return out


def check_aggregate_is_the_printed_figure(client) -> None:
    """For every document and 类, the API's sum (cut to that document and measure) equals the
    value printed in the document's table; and at least one figure is printed in two tables, so
    that a sum counting every fact would fail here."""
    printed = printed_class_figures(client)
    assert printed, "no 类 printed in a table of the library"
    assert any(len(cells) > 1 for cells in printed.values()), "no figure printed twice"
    for (doc, measure), cells in printed.items():
        first = min(cells, key=lambda c: c["table_idx"])
        assert first["table_idx"] is not None and first["row"] is not None
        # the quoted cell is the value, in the table's own unit (元, 千元 or 万元)
        ratio = Decimal(first["text"].replace(",", "")) / Decimal(first["value"])
        assert ratio in (1, 1000, 10000), (first["text"], first["value"])
        body = client.get("/api/aggregate", params={
            "measure": measure, "cut": f"document:{doc}"}).json()
        assert Decimal(body["summary"]["sum"]) == Decimal(first["value"]), (doc, measure, cells)
        assert body["summary"]["facts"] == 1


def check_drilldown_adds_printed_figures(client) -> None:
    """Drilled down by document and measure, every cell is one printed figure; by document
    alone, the sum of that document's printed 类 (each once)."""
    printed = printed_class_figures(client)
    by_doc: dict[int, Decimal] = defaultdict(Decimal)
    for (doc, _), cells in printed.items():
        by_doc[doc] += Decimal(min(cells, key=lambda c: c["table_idx"])["value"])
    for doc, total in by_doc.items():
        cells = client.get("/api/aggregate", params={
            "measure": CLASS_PREFIX, "drilldown": "measure", "cut": f"document:{doc}"}).json()
        got = {c["measure"]: Decimal(c["sum"]) for c in cells["cells"]
               if len(c["measure"]) == len(CLASS_PREFIX) + 3}
        assert sum(got.values(), Decimal(0)) == total, doc


def test_aggregate_is_the_printed_figure(client):
    check_aggregate_is_the_printed_figure(client)


def test_drilldown_adds_each_printed_figure_once(client):
    check_drilldown_adds_printed_figures(client)


def test_aggregate_is_what_the_pages_sum(client, library):
    """One definition of a sum: the web pages' ``figure_sums`` and the API answer the same."""
    from budgetlens.store.query import Filters, figure_sums

    f = Filters(measure=CLASS_PREFIX, basis="current", scope="document", value_kind="money")
    pages = figure_sums(library[0], f, ("document", "measure"))
    api = client.get("/api/aggregate", params={"measure": CLASS_PREFIX,
                                               "drilldown": "document|measure"}).json()["cells"]
    assert [(c["document"], c["measure"], str(c["sum"]), c["facts"]) for c in pages] == \
        [(c["document"], c["measure"], c["sum"], c["facts"]) for c in api] and api
