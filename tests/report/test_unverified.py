"""Reports show 读取存疑 (unverified reading) findings apart from the document's errors and
warnings, counted per cause (issue #8, item 2). Input: seed 004's text with a row of 21011 printed
but not read (tests/extract/reading_variants.py), whose sums are unverified, plus one misprinted
figure elsewhere, a finding of the document's own."""

from __future__ import annotations

import json
from html import escape

import pytest

from budgetlens.pipeline import process
from budgetlens.report import AUDIT_RENDERERS
from budgetlens.report.labels import finding_message, t
from budgetlens.rules.reading import load_causes

from ..extract.reading_variants import misprint, spaced, variant


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    path = variant(tmp_path_factory.mktemp("unverified"), "lost",
                   {"2101102": spaced, "30201": misprint(3, "64.68")}, only=0)
    return process(str(path))


def _counts(result):
    doubted = [f for f in result.audit.findings if f.cause]
    own = [f for f in result.audit.findings if not f.cause and f.severity == "error"]
    assert doubted and own, "the fixture must hold both kinds"
    return doubted, own


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_unverified_findings_are_a_section_of_their_own(result, fmt, lang):
    doubted, own = _counts(result)
    out = AUDIT_RENDERERS[fmt]([result], lang)
    heading = t(lang, "unverified")
    at = out.index(escape(heading) if fmt == "html" else heading)
    section = out[at:]
    n = len(doubted)
    assert f"({n})" in section[:200]
    cause = load_causes()["rows-short-of-total"]
    assert "rows-short-of-total" in section
    assert (escape(cause.text(lang)) if fmt == "html" else cause.text(lang)) in section
    # the document's own error is listed before the section, none of the doubted ones are
    before = out[:at]
    assert all(f.rule in before for f in own)
    assert not any(finding_message(f, lang) in before for f in doubted)


def test_json_names_the_cause_and_counts_it(result):
    doubted, _ = _counts(result)
    data = json.loads(AUDIT_RENDERERS["json"]([result], "zh"))[0]
    with_cause = [f for f in data["findings"] if "cause" in f]
    assert len(with_cause) == len(doubted)
    assert all(f["category"] == "unverified_reading" and f["severity"] == "warning"
               and f["severity_as_read"] == "error" for f in with_cause)
    assert data["summary"]["unverified_reading"] == {"rows-short-of-total": len(doubted)}
    assert not any("cause" in f for f in data["findings"] if f["category"] != "unverified_reading")
