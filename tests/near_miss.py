"""Near misses proven near (issue #12 item 6): a rule's quiet case is its firing case with one
declared change, checked mechanically, not a clean document that happens not to fire.

Why a helper: "every rule id fires on one case and stays quiet on a near miss" was checked by
finding *an* assertion that the id did not fire — a clean seed passed for a near miss. Here a
case is the firing input itself (one or more text documents, as the checks read them: the form
checks one disclosure, the cross-document checks a library of several) and its near miss is
:func:`near_miss` of it: one ``old`` span, occurring exactly once in one named document, replaced
by ``new`` — so the two inputs differ on one line of one document and nowhere else (checked here,
whatever the test then does with them). Each change says why it is the smallest that matters
(``why``): the quiet case is then a near miss by construction, and the catalogue test
(tests/reconcile/test_rule_catalogue.py) lists every rule id's case from these records.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping


@dataclass(frozen=True)
class Change:
    """The one change that turns a firing case quiet: ``old`` (once in ``document``) → ``new``."""

    old: str
    new: str
    why: str
    document: str = "doc"


@dataclass(frozen=True)
class NearMiss:
    """A rule id, the input that makes it fire (``case``: document name → text) and the change
    that silences it."""

    rule: str
    case: Mapping[str, str]
    change: Change
    #: where the firing case comes from (a seed and its edits, a document the test writes)
    origin: str = ""

    @property
    def quiet(self) -> dict[str, str]:
        return near_miss(self.case, self.change)


def changed_lines(before: str, after: str) -> list[tuple[int, str, str]]:
    """(line number, line before, line after) of every line that differs (texts of as many lines)."""
    a, b = before.split("\n"), after.split("\n")
    if len(a) != len(b):
        return [(0, before, after)]
    return [(n, x, y) for n, (x, y) in enumerate(zip(a, b), 1) if x != y]


def near_miss(case: Mapping[str, str], change: Change) -> dict[str, str]:
    """``case`` with ``change`` made: refused (AssertionError) unless ``old`` occurs exactly once
    in its document, ``new`` differs from it, neither holds a line break and so the two inputs
    differ on exactly one line of one document."""
    text = case[change.document]
    assert change.new != change.old, "no change"
    assert "\n" not in change.old + change.new, "a change of one line: no line break"
    assert text.count(change.old) == 1, f"{change.old!r} occurs {text.count(change.old)} times"
    out = dict(case)
    out[change.document] = text.replace(change.old, change.new, 1)
    assert len(changed_lines(text, out[change.document])) == 1
    assert [n for n in case if case[n] != out[n]] == [change.document]
    return out


def with_edits(text: str, *edits: tuple[str, str]) -> str:
    """``text`` with each ``(old, new)`` made once (old must occur): a seed turned into a firing
    case by edits of the kind the form tests make."""
    for old, new in edits:
        assert old in text, f"the text no longer holds {old!r}"
        text = text.replace(old, new, 1)
    return text


def table(records: Mapping[str, list[NearMiss]]) -> str:
    """The markdown table of docs/dev/near-misses.md: per rule id its firing case, its change and
    why (a test keeps the page equal to it)."""
    def cell(text: str) -> str:
        return text.replace("\t", "⇥").replace("|", "\\|").replace("\n", "⏎")

    lines = ["| rule id | firing case | the one change: `old` → `new` (document) | why it is the "
             "smallest change that matters |", "|---|---|---|---|"]
    for rule in sorted(records):
        for n in records[rule]:
            c = n.change
            lines.append(f"| `{rule}` | {cell(n.origin)} | `{cell(c.old)}` → `{cell(c.new)}` "
                         f"({c.document}) | {cell(c.why)} |")
    return "\n".join(lines) + "\n"
