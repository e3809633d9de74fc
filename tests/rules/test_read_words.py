"""read_words.toml: the wording the readers match by is data, checked by the rules kit (issue #12
item 2); a new wording is one line of the file, not a change to read/."""

from __future__ import annotations

import re
import tomllib
from importlib import resources
from pathlib import Path

import pytest

from budgetlens.read import common, pipeonerow
from budgetlens.rules.read_words import DECLARED, load_read_words, parse_read_words
from budgetlens.rules.schema import RuleError

TEXT = resources.files("budgetlens.rules").joinpath("read_words.toml").read_text(encoding="utf-8")
READ = Path(__file__).resolve().parents[2] / "src" / "budgetlens" / "read"


def test_the_package_words_load_and_drive_the_readers():
    titles = load_read_words()["titles"]
    assert titles.rx["table_number"].match("附表3：一般公共预算支出表")
    assert not titles.rx["table_number"].match("表格说明")  # 表 not followed by a number
    assert titles.rx["page_number"].fullmatch("第 3 页 共 20 页")
    assert not titles.rx["page_number"].fullmatch("第3页 收入总表")
    assert common._CONTENTS_RE is titles.rx["contents_head"]


def test_a_subtotal_word_is_one_line_of_data(monkeypatch):
    """A one-row stream whose lower header opens on 共计 (a region's word for 小计): not a subtotal
    to the package, so no upper cell is found to break down; with 共计 added to [rows] subtotal,
    公用经费 is. The near miss: the package's 小计 does so already."""
    top, lower = ["合计", "公用经费", "人员经费"], ["共计", "公用办公费", "公用水电费"]
    assert pipeonerow._parent(top, lower) is None
    assert pipeonerow._parent(top, ["小计", "公用办公费", "公用水电费"]) == 1
    data = tomllib.loads(TEXT)
    data["rows"]["subtotal"].append("共计")
    monkeypatch.setattr(pipeonerow, "_SUBTOTAL", parse_read_words(data)["rows"].words["subtotal"])
    assert pipeonerow._parent(top, lower) == 1


def test_every_declared_key_is_read_by_the_readers():
    """A key no module of read/ reads is wording that matches nothing: dead data."""
    source = "\n".join(p.read_text(encoding="utf-8") for p in READ.glob("*.py"))
    unread = [(section, key) for section, (_, keys) in DECLARED.items() for key in keys
              if not re.search(rf"[\"']{key}[\"']", source)]
    assert unread == []


@pytest.mark.parametrize("old, new, key", [
    ("unit_mark = '单位[:：]'", "unit_mark = '单位[:：'", "unit_mark"),
    ('subtotal = ["小计", "合计"]', 'subtotal = "小计"', "subtotal"),
    ('subtotal = ["小计", "合计"]', 'subtotal = ["小计", ""]', "subtotal"),
    ("title_words = '表|公开|单位[:：]|编制'", "title_words = '表'\nnote_words = '注'", "note_words"),
])
def test_an_error_names_the_file_line_and_key(old, new, key):
    assert old in TEXT, f"read_words.toml no longer holds {old!r}"
    broken = TEXT.replace(old, new, 1)
    with pytest.raises(RuleError) as err:
        parse_read_words(tomllib.loads(broken), broken)
    assert (err.value.file, err.value.key) == ("read_words.toml", key)
    assert broken.splitlines()[err.value.line - 1].startswith(key)


def test_a_missing_section_is_named():
    data = tomllib.loads(TEXT)
    del data["sheets"]
    with pytest.raises(RuleError, match="sheets"):
        parse_read_words(data)
