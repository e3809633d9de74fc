"""The same sentence twice in a row on one page, overlapping text layers (reconcile/form_layers.py),
on real seeds with one known edit; the seeds, and a sentence repeated further on, stay quiet."""

from __future__ import annotations

from .form_support import edited_in, fired, seed


REPEATED = "form-repeated-text"
SENTENCE = "2024 年本部门无使用政府性基金预算拨款安排的支出，与上年保持一致。"


def test_the_seeds_print_no_sentence_twice_in_a_row():
    for prefix in ("000", "001", "002", "003", "004"):
        assert fired(seed(prefix), REPEATED) == [], prefix


def test_a_sentence_twice_in_a_row_is_a_reading_note(tmp_path):
    doubled = edited_in(tmp_path, "s", "004", (SENTENCE, SENTENCE + SENTENCE))
    findings = fired(doubled, REPEATED)
    assert [f.severity for f in findings] == ["info"]
    assert "政府性基金" in findings[0].evidence[0].source.text
    line = edited_in(tmp_path, "l", "004", (SENTENCE, SENTENCE + "\n" + SENTENCE))
    assert len(fired(line, REPEATED)) == 1


def test_a_sentence_repeated_further_on_is_no_overlap(tmp_path):
    apart = edited_in(tmp_path, "a", "004", (SENTENCE, SENTENCE + "本部门无国有资本经营预算拨款。" + SENTENCE))
    assert fired(apart, REPEATED) == []
