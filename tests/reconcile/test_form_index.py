"""The indexes of form_index answer exactly as the scans they replace (issue #13, session 17).

Each index is checked against the scan it replaced, written here as it was: on drawn inputs
(Hypothesis, texts of a few characters so that quotes hold lines, lines hold quotes and both
overlap), and on the near misses that decide the answer — a quote holding the line only after a
quote the line holds, a quote one character longer than the window, the next page's line just
past the window."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from budgetlens.model import Line, Source
from budgetlens.reconcile.form_index import ByPosition, LinePairs, unquoted_remainders


def _in_turn(quotes: list[str], line: str) -> str:
    """What FormContext.lines did before: every quote of the page asked in turn."""
    rest = line
    for quoted in quotes:
        if rest in quoted:
            return ""
        rest = rest.replace(quoted, "\n") if quoted else rest
    return rest


def _soon_after(first: Source, then: Source, window: int) -> bool:
    """The reason check's test before the index (form_statements, session 16)."""
    page, line, other = first.page or 0, first.line or 0, then.line or 0
    return ((then.page or 0) == page and line <= other <= line + window) or (
        (then.page or 0) == page + 1 and other <= window)


_TEXT = st.text(alphabet="增加万元，1", max_size=9)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.lists(_TEXT, max_size=8), st.lists(_TEXT, min_size=1, max_size=6))
def test_remainders_are_those_of_asking_every_quote_in_turn(quotes, lines):
    """The lookups (``scan_pairs=0``: a page this small is otherwise scanned as before) and the
    scan give what asking every quote of the page in turn gave."""
    expected = {ln: _in_turn(quotes, ln) for ln in lines if ln}
    for scan_pairs in (0, 10**6):
        got = unquoted_remainders(quotes, lines, scan_pairs)
        assert {ln: got[ln] for ln in lines if ln} == expected


def test_a_line_held_by_a_quote_is_emptied_unless_a_quote_it_holds_comes_first():
    line = "本部门坚持厉行节约"
    assert unquoted_remainders(["本部门坚持厉行节约，加强管理。"], [line], 0) == {line: ""}
    # near miss: a quote the line holds comes first, so the holder no longer holds what is left
    assert unquoted_remainders(["厉行", "本部门坚持厉行节约，加强管理。"], [line], 0) == {line: "本部门坚持\n节约"}
    # a short quote (under the key length) and a long one, each replaced where it stands
    assert unquoted_remainders(["节约", "本部门坚持"], [line], 0) == {line: "\n厉行\n"}
    assert unquoted_remainders([], [line], 0) == {line: line}


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.tuples(st.sampled_from([None, 1, 2, 3]), st.sampled_from([None, 0, 1, 2, 5, 6, 9])),
                max_size=30),
       st.sampled_from([None, 1, 2]), st.sampled_from([None, 0, 1, 4]), st.integers(0, 5))
def test_soon_after_lists_what_the_test_accepted_in_the_given_order(places, page, line, window):
    items = [Source(file="f", page=p, line=n, text=str(k)) for k, (p, n) in enumerate(places)]
    index = ByPosition(items, lambda s: s)
    first = Source(file="f", page=page, line=line)
    wanted = [s for s in items if _soon_after(first, s, window)]
    assert sorted(index.soon_after(first, window), key=items.index) == wanted
    at = line or 0
    span = [s for s in items if (s.page or 0) == (page or 0) and at <= (s.line or 0) <= at + window]
    assert index.span_as_given(page or 0, at, at + window) == span
    assert list(index.after(page or 0, line or 0)) == sorted(
        [s for s in items if ((s.page or 0), (s.line or 0)) > ((page or 0), (line or 0))],
        key=lambda s: ((s.page or 0), (s.line or 0), items.index(s)))


def test_the_next_pages_lines_count_up_to_the_window_and_not_past_it():
    items = [Source(file="f", page=2, line=4), Source(file="f", page=2, line=5),
             Source(file="f", page=1, line=14), Source(file="f", page=1, line=15)]
    got = ByPosition(items, lambda s: s).soon_after(Source(file="f", page=1, line=10), 4)
    assert [(s.page, s.line) for s in got] == [(1, 14), (2, 4)]  # near misses: 1/15 and 2/5


def test_line_pairs_are_the_pages_lines_in_a_range_spaces_dropped():
    narrative = [Line(text="第 三 行", page=1, number=3), Line(text="第一行", page=1, number=1),
                 Line(text="他页", page=2, number=2), Line(text="第二行", page=1, number=2)]
    pairs = LinePairs(narrative)
    assert pairs.between(1, 2, 3) == [(2, "第二行"), (3, "第三行")]
    assert pairs.between(1, 4, 9) == [] and pairs.between(7, 1, 9) == []
