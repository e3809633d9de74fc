"""Numeric constants at module level in extract/ and reconcile/ (issue #12 point 4): each one
that is there is judged below, and a new one fails until it is judged — a threshold a user
would tune belongs in a settings record (``ToleranceSettings``, ``read.settings``), a domain
fact in rules/*.toml; what stays is a fact about text shapes or an internal bound.
read/ has its own, stricter guard (tests/read/test_settings.py)."""

from __future__ import annotations

from pathlib import Path

from .tuning import numeric_constants

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "budgetlens"

#: (module, name) → why it stays a constant.
JUDGED = {
    ("extract/claim_state.py", "ZERO"): "Decimal zero: a value, not a threshold",
    ("extract/sentences.py", "_LIST_OPENER_SPAN"): "the longest match of a rules pattern: derived",
    ("extract/narrative.py", "MAX_PARAGRAPH_CHARS"): "a cost bound on unreadable input (a 12 MB "
    "paragraph), not a reading choice",
    ("extract/token_literals.py", "MAX_ALTERNATIVES"): "a speed heuristic: outputs do not depend "
    "on it",
    ("extract/token_literals.py", "_MAX_KEPT"): "a memory bound on the literals kept per pattern "
    "(the rules have a few hundred patterns); emptied past it, one is found again: outputs do not "
    "depend on it",
    ("reconcile/form_common.py", "MAX_EVIDENCE"): "how many evidence items a finding lists",
    ("reconcile/form_units.py", "_WAN"): "元 per 万元: a unit's definition, not a threshold",
    ("reconcile/merge.py", "_MOST_KEYS"): "a cost bound on the combinations of figures tried "
    "(4 × 4), not a reading choice",
    ("reconcile/form_index.py", "KEY_CHARS"): "the length of a quote index's key: a speed "
    "heuristic; the lookups give what asking every quote gives (tests/reconcile/test_form_index.py)",
    ("reconcile/form_index.py", "SCAN_PAIRS"): "where the plain scan stops being cheaper than the "
    "lookups: a speed heuristic, both ways give the same answer (tested both ways)",
    ("reconcile/form_layout.py", "_PROBE"): "how much of a quote finds it again: exact search",
    ("reconcile/form_text.py", "_CUT_MIN_CHARS"): "the shortest last line read as a sentence cut by "
    "an excerpt's end, not a heading or a cell: form_presence's inline 20 since session 18, named "
    "when FormContext.cut_end took it over (session 19); tests/reconcile/test_unseen12.py",
    ("reconcile/tolerance.py", "DEFAULT_EXTRA_SLACK"): "the default of a ToleranceSettings field",
    ("reconcile/tolerance.py", "DEFAULT_DISPLAY_DECIMALS"): "the default of a ToleranceSettings "
    "field",
    ("reconcile/tolerance.py", "DEFAULT_MIN_BASE"): "the default of a ToleranceSettings field",
    ("reconcile/tolerance.py", "DEFAULT_PERCENT_SLACK"): "the default of a ToleranceSettings field",
}


def _found() -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for stage in ("extract", "reconcile"):
        for path in sorted((PACKAGE / stage).rglob("*.py")):
            rel = path.relative_to(PACKAGE).as_posix()
            out |= {(rel, name) for name in numeric_constants(path.read_text(encoding="utf-8"))}
    return out


def test_every_numeric_constant_in_extract_and_reconcile_is_judged():
    found = _found()
    assert sorted(found - set(JUDGED)) == [], "a new threshold: a settings field, rules data, " \
        "or judged here with why it stays"
    assert sorted(set(JUDGED) - found) == [], "gone: take it off JUDGED"
