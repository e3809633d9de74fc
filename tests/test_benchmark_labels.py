"""The accuracy benchmark's labels are well formed, and the scorer runs end to end.

Validates every benchmark/labels/*.toml (schema via scripts/bench_labels.py, pages in range of the
labelled file, measure keys known to the registry or explicitly unmapped with a description,
printed numbers consistent with their values, the split covering each document once) and runs the
scorer on two small documents. It asserts no accuracy figure: the benchmark measures the tool, the
test only checks that the measurement is sound.
"""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
sys.path.insert(0, str(ROOT / "scripts"))

import bench_labels  # noqa: E402
import score_benchmark  # noqa: E402

pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared (corpus) not available")

DOCS = bench_labels.load_all()


def _page_count(path: Path) -> int:
    if path.suffix.lower() == ".pdf":
        import pypdfium2

        pdf = pypdfium2.PdfDocument(str(path))
        try:
            return len(pdf)
        finally:
            pdf.close()
    return 1


def test_enough_documents_across_kinds_levels_regions():
    assert len(DOCS) >= 30
    assert {d.kind for d in DOCS} == {"budget", "final"}
    assert {d.level for d in DOCS} == {"department", "unit"}
    assert len({d.province for d in DOCS}) >= 10


@pytest.mark.parametrize("doc", DOCS, ids=[d.doc_id for d in DOCS])
def test_label_file(doc):
    path = doc.source_path
    assert path.is_file(), f"{doc.doc_id}: {doc.file} not found under ../shared"
    assert doc.pages == _page_count(path), f"{doc.doc_id}: [document] pages"
    assert doc.facts, f"{doc.doc_id}: no fact labels"
    for i, lab in enumerate(doc.facts, 1):
        where = f"{doc.doc_id} fact #{i}"
        assert 1 <= lab.page <= doc.pages, f"{where}: page {lab.page} out of range"
        assert lab.checked.startswith("page text"), f"{where}: not checked on the page"
        if lab.measure:
            assert bench_labels.measure_known(lab.measure), f"{where}: unknown {lab.measure}"
        else:
            assert lab.description, f"{where}: unmapped without description"
        number = abs(Decimal(lab.printed.replace(",", "").replace("，", "").rstrip("%")))
        scale = Decimal(10000) if lab.decimals > bench_labels.decimals_of(lab.printed) else 1
        assert abs(lab.value) == number / scale, f"{where}: value does not follow from printed"
    for d in doc.defects:
        assert all(1 <= p <= doc.pages for p in d.pages), f"{doc.doc_id}: defect page"
        assert d.checked, f"{doc.doc_id}: defect not checked"
    for ff in doc.false_findings:
        assert all(1 <= p <= doc.pages for p in ff.pages), f"{doc.doc_id}: false finding page"


def test_split_covers_every_document_once():
    split = bench_labels.load_split()
    assert set(split) == {d.doc_id for d in DOCS}
    assert set(split.values()) == {"dev", "test"}
    provinces_in = {part: {d.province for d in DOCS if split[d.doc_id] == part}
                    for part in ("dev", "test")}
    assert len(provinces_in["test"] - provinces_in["dev"]) >= 2  # regions never seen in dev


def test_bad_label_is_rejected_with_field_named(tmp_path):
    text = ('[document]\nid = "x"\nfile = "seeds/x.txt"\nregion = "r"\nyear = 2020\n'
            'kind = "budget"\nlevel = "department"\npages = 1\n\n[[fact]]\nmeasure = "income.total"\n'
            'basis = "bogus"\nfamily = "table_totals"\npage = 1\nwhere = "w"\nprinted = "1"\n'
            'value = "1"\nchecked = "page text"\n')
    with pytest.raises(bench_labels.LabelError, match="basis"):
        bench_labels.parse_labels(text, tmp_path / "x.toml")


def _smallest(kind: str):
    docs = [d for d in DOCS if d.kind == kind and d.pages <= 2 and d.facts]
    return min(docs, key=lambda d: (d.pages, len(d.facts), d.doc_id))


@pytest.mark.parametrize("kind", ["final", "budget"])
def test_scorer_end_to_end(kind):
    doc = _smallest(kind)
    scored = score_benchmark.score_document(doc)
    assert scored["status"] == "ok"
    assert len(scored["labels"]) == len(doc.facts)
    assert len(scored["defects"]) == len(doc.defects)
    for row in scored["emitted"]:  # every emitted fact compared is of a labelled key
        assert any(row["measure"] == lab.measure and row["basis"] == lab.basis
                   for lab in doc.facts)
    summary = score_benchmark.summarise([scored])
    recall = summary["facts"]["recall"]
    assert recall["of"] == len(doc.facts) and 0 <= recall["n"] <= recall["of"]
    findings = summary["findings"]
    assert findings["judged_false"] + findings["unreviewed"] <= findings["precision"]["of"]


def test_independent_labels_are_table_totals_read_on_their_page():
    """Labels read without budgetlens (scripts/independent_read.py) quote the line they stand on
    and name a standard-table total; the reviewed candidates file names each one's verdict."""
    indep = [(d, lab) for d in DOCS for lab in d.facts if score_benchmark.is_independent(lab)]
    assert len({d.doc_id for d, _ in indep}) >= 20
    for d, lab in indep:
        assert lab.origin == "table" and lab.family in ("table_totals", "three_public"), d.doc_id
        assert lab.quote or "read by hand" in lab.checked, f"{d.doc_id} p{lab.page}: no quote"


def test_per_page_matching_is_stricter_than_document_wide():
    doc = next(d for d in DOCS if d.doc_id == "zhejiang_hangzhou_qxj_2026_yusuan")
    wide = score_benchmark.score_document(doc)
    strict = score_benchmark.score_document(doc, per_page=True)
    for a, b in zip(wide["labels"], strict["labels"]):
        assert b["found"] == a["found_on_page"] and (not b["found"] or a["found"])
    summary = score_benchmark.summarise([wide])["facts"]["independent"]
    assert summary["recall_on_page"]["n"] <= summary["recall"]["n"] <= summary["recall"]["of"]
