"""What an evaluator hands the engine and reads from it (reconcile/checks.py): the printed view of
a disclosure (implied values left out, so form checks judge what the document says), the form
view built once and only with its disclosure, and message fields worded only when read."""

from __future__ import annotations

import pytest

from budgetlens.imply.index import FactIndex
from budgetlens.pipeline import process
from budgetlens.reconcile.checks import Context, LazyFields, printed
from budgetlens.reconcile.tolerance import ToleranceSettings

from ..conftest import seed_path


@pytest.fixture(scope="module")
def disclosure():
    return process(str(seed_path("004"))).disclosure


def test_the_printed_view_leaves_out_implied_values_only(disclosure):
    derived = [f for f in disclosure.facts if f.origin == "derived"]
    assert derived, "the seed's audit implies values (prior = current - change …)"
    view = printed(disclosure)
    assert [f for f in view.facts if f.origin == "derived"] == []
    assert len(view.facts) == len(disclosure.facts) - len(derived)
    assert printed(view) is view  # near miss: nothing implied, nothing copied


def test_the_form_view_is_built_once_and_only_with_its_disclosure(disclosure):
    index = FactIndex(printed(disclosure).facts)
    context = Context(index, ToleranceSettings(), disclosure.path, disclosure=disclosure)
    assert context.form is context.form
    assert all(f.origin != "derived" for f in context.form.disclosure.facts)
    with pytest.raises(ValueError, match="without its disclosure"):
        Context(index, ToleranceSettings()).form


def test_message_fields_are_worded_on_first_read_and_never_when_unread():
    made = []

    def make():
        made.append(1)
        return {"terms": "基本支出、项目支出"}

    fields = LazyFields(make)
    assert made == []
    assert fields["terms"] == "基本支出、项目支出" and dict(fields) == {"terms": "基本支出、项目支出"}
    assert len(fields) == 1 and made == [1]
    LazyFields(make)  # near miss: a check that holds is never worded
    assert made == [1]
