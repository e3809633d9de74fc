"""The HTML report as a reviewer reads it: one anchored section per item (a broken row is one
item), page links into the PDF, 整改建议 per finding, notes folded, not-assessable checks and
reading diagnostics shown; document text is escaped."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from budgetlens.model import Severity
from budgetlens.pipeline import process
from budgetlens.report.html import render_audit
from budgetlens.report.items import group_items
from budgetlens.report.labels import advice_text

from ..conftest import corpus_result, seed_path
from .formats import errors_show_rule_stated_expected_and_evidence, no_expected_value_prints_no_none
from .formats import seed_002_audited

SECTION = re.compile(r'<section class="item (\w+)" id="doc-(\d+)-item-(\d+)">(.*?)</section>', re.S)


@pytest.fixture(scope="module")
def seeds():
    return [process(str(seed_path(p))) for p in ("000", "001", "002", "003", "004")]


def test_one_section_per_item_with_each_findings_rule_and_advice(seeds):
    html = render_audit(seeds)
    sections = SECTION.findall(html)
    for d, r in enumerate(seeds, 1):
        items = group_items(r.audit.findings)
        mine = [s for s in sections if s[1] == str(d)]
        assert len(mine) == len(items)
        for (severity, _, n, body), item in zip(sorted(mine, key=lambda s: int(s[2])), items):
            assert severity == item.severity
            assert f'href="#doc-{d}-item-{n}"' in body
            for f in item.findings:
                assert f.rule in body
                assert _esc(advice_text(f, "zh")) in body
    ids = re.findall(r'id="(doc-[^"]+)"', html)
    assert len(ids) == len(set(ids))


def _esc(text: str) -> str:
    from html import escape

    return escape(text)


def test_notes_only_items_are_folded(seeds):
    html = render_audit(seeds)
    notes = [i for r in seeds for i in group_items(r.audit.findings) if i.severity == Severity.INFO]
    assert notes, "the seeds have a rounding note"
    folded = "".join(re.findall(r"<details><summary>提示.*?</details>", html, re.S))
    assert len(SECTION.findall(folded)) == len(notes)
    assert all(s[0] == "info" for s in SECTION.findall(folded))


def test_pdf_pages_are_linked_and_text_inputs_are_not():
    result = corpus_result("shanghai_putuo_czj_2025_yusuan.pdf")
    html = render_audit([result])
    uri = Path(result.file).resolve().as_uri()
    pages = {e.source.page for f in result.audit.findings for e in f.evidence if e.source.page}
    for p in pages:
        assert f'href="{uri}#page={p}"' in html
    text_html = render_audit([process(str(seed_path("002")))])
    assert "#page=" not in text_html


def test_not_assessable_and_diagnostics_are_shown(seeds):
    with_na = [r for r in seeds if r.audit.not_assessable]
    with_diag = [r for r in seeds if r.diagnostics]
    assert with_na or with_diag
    html = render_audit(seeds)
    for r in with_na:
        assert f"无法评估的检查 ({len(r.audit.not_assessable)})" in html
        assert r.audit.not_assessable[0].rule in html
    for r in with_diag:
        assert r.diagnostics[0].code in html


def test_document_text_is_escaped(seeds):
    r = next(r for r in seeds if r.audit.findings)
    f = r.audit.findings[0]
    hostile = "<script>alert('x')</script>\"&"
    e = f.evidence[0]
    f = dataclasses.replace(f, message=hostile, stated=hostile,
                            evidence=(e._replace(source=e.source._replace(text=hostile)),))
    audit = dataclasses.replace(r.audit, findings=(f,))
    html = render_audit([dataclasses.replace(r, audit=audit, file=hostile + ".pdf")])
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&quot;&amp;" in html


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_error_shows_rule_stated_and_expected(lang):
    """(the evidence is linked, not quoted inline: see the tests above)"""
    errors_show_rule_stated_expected_and_evidence(seed_002_audited(), render_audit, lang,
                                                  quotes=False)


def test_a_finding_without_expected_value_does_not_print_none(tmp_path):
    no_expected_value_prints_no_none(tmp_path, render_audit)
