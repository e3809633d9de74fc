"""extract_words.toml: the wording the extractor matches by is data, checked by the rules kit
(issue #12 item 2); a new wording is one line of the file, not a change to extract/."""

from __future__ import annotations

import re
import tomllib
from importlib import resources
from pathlib import Path

import pytest

from budgetlens.extract import table_grid
from budgetlens.rules.extract_words import DECLARED, load_extract_words, parse_extract_words
from budgetlens.rules.schema import RuleError

TEXT = resources.files("budgetlens.rules").joinpath("extract_words.toml").read_text(encoding="utf-8")
EXTRACT = Path(__file__).resolve().parents[2] / "src" / "budgetlens" / "extract"


def test_the_package_words_load_and_drive_the_extractor():
    grid = load_extract_words()["grid"]
    assert grid.rx["total_row"].match("本年支出合计") and not grid.rx["total_row"].match("基本支出")
    assert table_grid.is_data_row(["合计", ""])  # a total row left blank is still a row
    assert not table_grid.is_data_row(["合计项目", ""])  # 项目: a header cell


def test_a_new_wording_is_one_line_of_data(monkeypatch):
    """A total row worded 共计 is not a total to the package; one more alternative in [grid]
    total_row, and the row that prints it (blank) is a data row."""
    assert not table_grid.is_data_row(["共计", ""])
    data = tomllib.loads(TEXT)
    data["grid"]["total_row"] = data["grid"]["total_row"].replace("^(合计|", "^(合计|共计|")
    words = parse_extract_words(data)
    monkeypatch.setattr(table_grid, "_TOTAL_RE", words["grid"].rx["total_row"])
    assert table_grid.is_data_row(["共计", ""])


def test_every_declared_key_is_read_by_the_extractor():
    """A key no module of extract/ reads is wording that matches nothing: dead data."""
    source = "\n".join(p.read_text(encoding="utf-8") for p in EXTRACT.glob("*.py"))
    unread = [(section, key) for section, (_, keys) in DECLARED.items() for key in keys
              if not re.search(rf"[\"']{key}[\"']", source)]
    assert unread == []


@pytest.mark.parametrize("old, new, key", [
    ("share_label = '占|比重|构成'", "share_label = '占|(比重'", "share_label"),
    ('split_keys = ["类", "款", "项"]', 'split_keys = "类款项"', "split_keys"),
    ('lei_suffix = ["支出"]', 'lei_suffix = ["支出"]\nlei_prefix = ["一"]', "lei_prefix"),
    ('lei_suffix = ["支出"]', 'lei_suffix = [""]', "lei_suffix"),
])
def test_an_error_names_the_file_line_and_key(old, new, key):
    assert old in TEXT, f"extract_words.toml no longer holds {old!r}"
    broken = TEXT.replace(old, new, 1)
    with pytest.raises(RuleError) as err:
        parse_extract_words(tomllib.loads(broken), broken)
    assert (err.value.file, err.value.key) == ("extract_words.toml", key)
    assert broken.splitlines()[err.value.line - 1].startswith(key)


def test_a_missing_section_is_named():
    data = tomllib.loads(TEXT)
    del data["cells"]
    with pytest.raises(RuleError, match="missing 'cells'"):
        parse_extract_words(data)
