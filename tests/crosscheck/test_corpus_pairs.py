"""Cross-document checks on real pairs of the corpus: the same unit in consecutive years (Jiangsu
provincial departments 2017/2018, a Shanghai sub-district 2023/2024), beside unrelated documents
of the same regions (a 2024 final account of another Putuo bureau, a Chongqing unit's 2020 final
account and 2024 budget). Which documents belong together is taken from the corpus manifest,
independently of budgetlens; the findings were reviewed on the pages (docs/cross-document.md).
"""

from __future__ import annotations

import csv
from decimal import Decimal

import pytest

from budgetlens.crosscheck import crosscheck, pairs_for
from budgetlens.rules.cross_document import load_cross_checks
from budgetlens.store import open_store
from budgetlens.store.cross import current_documents
from budgetlens.store.query import Filters, cross_evidence, list_cross_findings
from budgetlens.store.units import identities

from ..conftest import CORPUS, SEEDS

FILES = ("wide/jiangsu_jcy_2017_yusuan.pdf", "pdf/jiangsu_jcy_2018_yusuan.pdf",
         "wide/jiangsu_swbgt_2017_yusuan_tables.pdf", "wide/jiangsu_swbgt_2018_yusuan_tables.pdf",
         "wide/jiangsu_swbgt_2018_yusuan_text.pdf",
         "pdf/shanghai_putuo_wanli_2023_yusuan.pdf", "pdf/shanghai_putuo_wanli_2024_yusuan.pdf",
         "pdf/shanghai_putuo_wanli_2025_yusuan.pdf",
         "pdf/shanghai_putuo_ghzyj_2024_juesuan.pdf")
SEED_FILES = ("000_594fbc126104c74b.txt", "002_e92d25c76e12c090.txt")
KIND = {"预算": "budget", "决算": "final"}


def _manifest() -> dict[str, dict]:
    """Path → manifest row (unit, year, kind, level) for the files above."""
    rows = {}
    for name, prefix in (("manifest.csv", ""), ("wide/manifest.csv", "wide/")):
        with open(CORPUS / name, encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                rows[str(CORPUS / (prefix + r["file"]))] = r
    return rows


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def library(request, tmp_path_factory):
    from budgetlens.ingest import ingest

    from ..store.conftest import PG_ENV, drop_postgres_schema, postgres_schema, sqlite_url

    paths = [CORPUS / f for f in FILES] + [SEEDS / f for f in SEED_FILES]
    if not all(p.exists() for p in paths):
        pytest.skip("../shared corpus or seeds not available")
    schema = None
    if request.param == "sqlite":
        url = sqlite_url(tmp_path_factory.mktemp("pairs"))
    else:
        import os
        base = os.environ.get(PG_ENV)
        if not base:
            pytest.skip(f"no PostgreSQL server ({PG_ENV} not set)")
        schema, url = postgres_schema(base)
    store = open_store(url)
    assert ingest(store, [str(p) for p in paths]).failed == 0
    summary = crosscheck(store.engine)
    rows = list_cross_findings(store.engine, Filters(), 1000, 0).rows
    yield store, summary, rows, cross_evidence(store.engine, [r["id"] for r in rows])
    store.close()
    if schema:
        drop_postgres_schema(base, schema)


def test_printed_variants_of_one_unit_are_one_identity(library):
    store = library[0]
    manifest = _manifest()
    by_identity: dict[int, set[str]] = {}
    for d in current_documents(store.engine):
        if d.source in manifest:
            by_identity.setdefault(d.unit, set()).add(manifest[d.source]["unit"])
    # one manifest unit per identity, and one identity per manifest unit
    assert all(len(units) == 1 for units in by_identity.values())
    assert len(by_identity) == len({manifest[str(CORPUS / f)]["unit"] for f in FILES})
    names = [set(g["names"]) for g in identities(store.engine)]
    office = next(n for n in names if any("委办公厅" in x for x in n))
    assert len(office) >= 2  # 中国共产党江苏省委员会办公厅, 中共江苏省委办公厅, 江苏省委办公厅


def test_documents_are_paired_exactly_as_the_manifest_says(library):
    store = library[0]
    manifest = _manifest()
    docs = current_documents(store.engine)
    for check in load_cross_checks():
        got = {(a.source, b.source) for a, b in pairs_for(check, docs)}
        want = set()
        for a in docs:
            for b in docs:
                ma, mb = manifest.get(a.source), manifest.get(b.source)
                if not ma or not mb or a.id == b.id or ma["unit"] != mb["unit"]:
                    continue
                if (KIND[ma["kind"]], KIND[mb["kind"]]) == (check.checked.kind, check.against.kind) \
                        and int(mb["year"]) == int(ma["year"]) + check.against.year_offset:
                    want.add((a.source, b.source))
        assert got == want, check.id


def test_every_figure_compared_and_each_finding_is_beyond_rounding(library):
    _, summary, rows, evidence = library
    outcome = summary.outcome
    assert outcome.pairs["cross-prior-year-budget"] == 5 and not outcome.diagnostics
    assert outcome.compared["cross-prior-year-budget"] >= 5 * 10  # stated or implied 上年 figures
    manifest = _manifest()
    for r in rows:
        cited = evidence[r["id"]]
        units = {manifest[e["source"]]["unit"] for e in cited if e["source"] in manifest}
        assert len(units) == 1, r  # never two units in one finding
        stated = next(e for e in cited if e["role"] == "stated")
        expected = next(e for e in cited if e["role"] == "expected")
        assert (stated["value"], expected["value"]) == (r["stated"], r["expected"])
        assert stated["source"] != expected["source"]
        assert abs(Decimal(r["stated"]) - Decimal(r["expected"])) > Decimal(r["tolerance"])


def test_reviewed_quiet_pair_computed_from_rounded_figures(library):
    """Reviewed on the pages: 万里's 2025 budget says (p.6) 18,976.76万元, "比2024年预算增加
    3,355.65万元" — computed from the rounded 15,621.11 of the 2024 budget (156,211,123 元, p.10),
    while its tables print 189,767,551 元. Consistent as printed: no finding on this pair."""
    _, _, rows, evidence = library
    assert not [r for r in rows if any("wanli_2025" in e["source"] for e in evidence[r["id"]])]


def test_reviewed_finding_jiangsu_procuratorate(library):
    """Reviewed on the pages: the 2018 budget says on p.26 (and p.28) that 财政拨款支出 grew by
    3,958.98 万元 to 21,940.96, so its prior year is 17,981.98; the 2017 budget prints 17,981.68
    (p.12, 财政拨款支出预算表 合计) — and the 2018 document itself gives 3,959.28 on p.23."""
    _, _, rows, evidence = library
    hits = [r for r in rows if r["rule"] == "cross-prior-year-budget"
            and r["measure"] == "expense.fiscal.total"
            and any("jiangsu_jcy_2017" in e["source"] for e in evidence[r["id"]])]
    assert len(hits) == 1
    cited = evidence[hits[0]["id"]]
    inputs = [e for e in cited if e["role"] == "stated-input"]
    assert any("3,958.98" in e["text"] for e in inputs)
    assert any(e["role"] == "expected" and e["page"] and e["table_idx"] is not None for e in cited)
