"""Measure templates (imply/templates.py): ``{code}`` and ``{n}`` match digits and the same
placeholder twice the same digits, ``*`` one key segment; matching a template against a
document's sorted measures finds exactly the regex's matches, in order."""

from __future__ import annotations

from budgetlens.imply.templates import has_placeholder, matching, template_regex
from budgetlens.pipeline import process

from ..conftest import seed_path


def test_placeholders_match_digits_and_a_star_one_segment():
    rx = template_regex("expense.function.{code}.basic")
    assert rx.match("expense.function.2010301.basic").group("code") == "2010301"
    assert not rx.match("expense.function.20103a.basic")  # near miss: not digits
    assert not rx.match("expense.function.2010301.basic.extra")  # anchored
    star = template_regex("project.*.budget")
    assert star.match("project.p1.budget") and not star.match("project.p1.x.budget")


def test_a_placeholder_repeated_matches_the_same_digits():
    rx = template_regex("a.{n}.b.{n}")
    assert rx.match("a.12.b.12") and not rx.match("a.12.b.13")


def test_only_templates_have_placeholders():
    assert has_placeholder("expense.{code}") and has_placeholder("project.*.x")
    assert not has_placeholder("expense.total")


def test_matching_finds_what_the_regex_finds_in_a_seeds_measures():
    measures = sorted({f.measure for f in process(str(seed_path("004")), audit=False)
                       .disclosure.facts})
    for template in ("expense.function.{code}", "expense.function.{code}.basic",
                     "income.*", "expense.total"):
        rx = template_regex(template)
        assert [m.string for m in matching(template, measures)] == [
            m for m in measures if rx.match(m)]
    assert matching("expense.function.{code}", measures)  # the seed prints function rows
