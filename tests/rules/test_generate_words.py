"""rules/generate/words.toml (rules/generate_words.py): the generator's workbook labels and the
words it matches a published document by, declared once. The package's file loads with every key
the generator reads; a bad file is named at its file, line and key (a label used twice, a sheet
name a workbook refuses, an unknown key, an empty word); near miss: the same label in two
sections (a sheet and a field may share a word) is no error."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest

from budgetlens.rules.generate_words import (DECLARED, FILE, load_generate_words,
                                             parse_generate_words)
from budgetlens.rules.schema import RuleError

TEXT = resources.files("budgetlens.rules").joinpath(FILE).read_text(encoding="utf-8")


def _parse(text: str):
    return parse_generate_words(tomllib.loads(text), text)


def _line(text: str, start: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith(start))


def test_the_package_file_declares_every_key_the_generator_reads():
    words = load_generate_words()
    for section, (_doc, keys) in DECLARED.items():
        assert set(getattr(words, section)) == set(keys), section
        assert all(getattr(words, section).values())
    assert words.sheets["info"] == "单位信息" and words.info["unit"] == "单位名称"
    assert words.listed == {"yes": "是", "no": "否"} and words.year["suffix"] == "年"


@pytest.mark.parametrize("old, new, key, why", [
    ('organisation = "机构设置"', 'organisation = "主要职能"', "organisation", "both"),
    ('staff = "人员"', 'staff = "人员[在编]"', "staff", "sheet name"),
    ('supply = "补充输入"', 'supply = "' + "补" * 32 + '"', "supply", "sheet name"),
    ('label_word = "目标"', 'label_word = ""', "label_word", "label_word"),
    ('suffix = "年"', 'suffix = "年"\nprefix = "第"', "prefix", "unknown key"),
])
def test_a_bad_label_is_named_at_its_file_line_and_key(old, new, key, why):
    text = TEXT.replace(old, new, 1)
    assert text != TEXT
    with pytest.raises(RuleError) as bad:
        _parse(text)
    err = bad.value
    assert (err.file, err.key) == (FILE, key) and why in str(err)
    assert err.line == _line(text, new.splitlines()[-1]) and str(err).startswith(f"{FILE}:{err.line}:")


def test_one_word_in_two_sections_is_no_error():
    # near miss of the distinct check: a field label equal to a sheet's name names no two fields
    text = TEXT.replace('staff = "人员"', 'staff = "单位名称"', 1)
    assert _parse(text).sheets["staff"] == _parse(text).info["unit"] == "单位名称"
