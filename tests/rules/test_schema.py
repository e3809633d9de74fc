"""The rules kit's declarations (rules/schema.py): a typed field refuses a value of another type
(a boolean is no number), a value outside the allowed ones, a string not of its format; a schema
names a missing key and an unknown one (an open schema lets the unknown through for someone else
to check); errors name file, the line of the bad key and the key; CSV rows are checked by column.
Each with the value that passes beside it."""

from __future__ import annotations

import pytest

from budgetlens.rules.schema import Field as F, RuleError, Schema, csv_rows, header_lines

SCHEMA = Schema("rule", "d", (F("id", str, True, "id"), F("floor", (int, float), doc="f"),
                              F("severity", str, allowed=("info", "warning", "error")),
                              F("pattern", str, format="regex"), F("bases", list, items=str)))


def test_a_field_refuses_another_type_a_boolean_number_and_a_value_not_allowed():
    floor, severity, pattern = SCHEMA.field("floor"), SCHEMA.field("severity"), SCHEMA.field("pattern")
    assert floor.problem(-10) is None and floor.problem(-10.5) is None
    assert "not str" in floor.problem("-10") and "boolean" in floor.problem(True)
    assert severity.problem("warning") is None and "must be one of" in severity.problem("fatal")
    assert pattern.problem(r"\d+") is None and "bad regex" in pattern.problem("(")
    assert SCHEMA.field("bases").problem(["prior"]) is None
    assert "list of" in SCHEMA.field("bases").problem(["prior", 3])


def test_a_schema_names_missing_and_unknown_keys_and_an_open_one_lets_unknown_through():
    assert SCHEMA.problems({"id": "x", "floor": 1}) == []
    assert SCHEMA.problems({"floor": 1}) == [("id", "missing 'id'")]
    (key, problem), = SCHEMA.problems({"id": "x", "flor": 1})
    assert key == "flor" and "unknown key 'flor'" in problem
    open_ = Schema("rule", "", SCHEMA.fields, open=True)
    assert open_.problems({"id": "x", "flor": 1}) == []
    assert open_.problems({"id": "x", "floor": "1"})  # declared keys are still checked


def test_an_error_names_the_file_the_line_of_the_bad_key_and_the_key():
    text = '[[rule]]\nid = "a"\n\n[[rule]]\nid = "b"\nfloor = "low"\n'
    assert header_lines(text, "rule") == [1, 4]
    with pytest.raises(RuleError) as caught:
        SCHEMA.check({"id": "b", "floor": "low"}, "mine.toml", 4, text, header="rule")
    assert (caught.value.file, caught.value.line, caught.value.key) == ("mine.toml", 6, "floor")


def test_csv_rows_are_checked_by_column():
    columns = Schema("row", "", (F("key", str, True, "k"), F("kind", str, True, "k")))
    rows = list(csv_rows("key,kind\nexpense.total,money\n", columns, "m.csv"))
    assert rows == [(2, {"key": "expense.total", "kind": "money"})]
    with pytest.raises(RuleError) as caught:
        list(csv_rows("key,kind,extra\nexpense.total,money,1\n", columns, "m.csv"))
    assert caught.value.file == "m.csv" and caught.value.key == "extra"


def test_field_lookup_is_the_scan_s_answer_the_first_of_a_name():
    """Fields are found by name from a table built once (50k lookups when the rules load): the
    first field of a name, as the scan found it; a name not declared is None."""
    twice = Schema("t", "d", (F("a", str, doc="first"), F("b", int), F("a", int, doc="second")))
    assert twice.field("a").doc == "first" and twice.field("b").type is int
    assert twice.field("c") is None and twice.field("") is None
    assert [SCHEMA.field(f.name) for f in SCHEMA.fields] == list(SCHEMA.fields)
    assert twice == Schema("t", "d", twice.fields)  # the table is no part of the schema's value


def _header_lines_by_scan(text: str, header: str) -> list[int]:
    import re
    pattern = re.compile(r"^\s*\[\[?\s*" + re.escape(header) + r"\s*\]\]?\s*(#.*)?$")
    return [n for n, line in enumerate(text.splitlines(), 1) if pattern.match(line)]


def test_header_and_key_lines_over_lines_split_once_are_the_full_scan_s():
    """Lines are split once per text and headers looked for among the lines holding a ``[``:
    the same numbers as a scan of every line, for every header of a generated text (a ``[``
    inside a value and a key named like a header are no header: near misses), and another
    text's lines never answer for this one's."""
    from budgetlens.rules.schema import key_line
    text = "\n".join(["# [[rule]] in a comment", "[[rule]]", 'id = "a"', 'pattern = "[0-9]+"',
                      "  [ [rule] ]  # spaced", 'rule = "x"', "[[rule.side]]", "x = 1",
                      "\t[settings]", 'items = ["rule", "b"]', "[[rule]]   ", 'id = "b"'])
    for header in ("rule", "rule.side", "settings", "items", "id"):
        assert header_lines(text, header) == _header_lines_by_scan(text, header)
    assert header_lines(text, "rule") == [2, 11]
    assert key_line(text, 2, "pattern") == 4 and key_line(text, 11, "id") == 12
    assert key_line(text, 2, "x") == 2  # the next header ends the entry
    other = text.replace("[[rule]]", "[[form]]")
    assert header_lines(other, "rule") == [] and header_lines(other, "form") == [2, 11]
    assert header_lines(text, "rule") == [2, 11]
