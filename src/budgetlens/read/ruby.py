"""Pinyin readings that a mirror page printed after its characters: "經(jīng)費", "區(qū)政府".

Why: copies of government pages converted to traditional characters often carry each
character's reading (its ruby) flattened into the text as a parenthesised pinyin syllable. The
disclosure itself does not print them, and they cut every word they fall into: "經(jīng)費支出預算為
49.9萬元" no longer says 经费, a title "財政撥款“三公”經(jīng)費支出決算表" names no table, a unit
"杜集區(qū)政府辦" no region. They are taken out when the text is read (text and HTML), with a
warning saying how many, as mojibake is repaired (:mod:`.encoding`).

What counts as a reading, and nothing else: one pinyin syllable in ASCII or full-width brackets,
written with a tone mark (the mirrors print them so), right after a CJK character. A
parenthetical of ordinary letters ("(PPP)", "(a)", "(万元)", "(2021)") has no tone mark and stays.
"""

from __future__ import annotations

import re

from ..model import Diagnostic
from .common import warning
from .settings import DEFAULT_READ

# Vowels (and the syllabic n/m) carrying a tone mark: at least one must be in the syllable.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_RUBY = re.compile(
    "(?<=[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])[(（]"
    f"(?=[a-zü]*[{_TONED}])[a-zü{_TONED}]{{1,6}}[)）]")
_ANY_TONED = re.compile(f"[{_TONED}]")
#: fewest readings before any is removed by default (``blocks.min_ruby``, whose help says why)
MIN_RUBY = DEFAULT_READ.blocks.min_ruby


def strip_ruby(text: str, least: int = MIN_RUBY) -> tuple[str, int]:
    """``text`` without the pinyin readings after its characters, and how many were removed
    (the text unchanged when fewer than ``least``: ``blocks.min_ruby``)."""
    if _ANY_TONED.search(text) is None:  # the usual page: one scan of a character class
        return text, 0
    found = len(_RUBY.findall(text))
    if found < least:
        return text, 0
    return _RUBY.sub("", text), found


def ruby_removed(count: int, path: str) -> Diagnostic:
    """The warning that says the text was read without ``count`` pinyin readings."""
    return warning(
        "ruby-removed", f"文中字后夹注的拼音（如“經(jīng)費”）共 {count} 处，已去除后读取。",
        f"{count} pinyin readings printed after characters (as in “經(jīng)費”) were removed "
        "before reading.", path)


__all__ = ["MIN_RUBY", "ruby_removed", "strip_ruby"]
