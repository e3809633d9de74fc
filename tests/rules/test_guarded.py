"""The literal pre-check of the lexicon's name patterns (rules/guarded.py): the same matches as the
plain pattern, work bounded by the markers rather than the text's length, bad declarations named."""

from __future__ import annotations

import copy
import random
import tomllib
from importlib import resources
from pathlib import Path

import pytest

from budgetlens.extract.sentences import normalize
from budgetlens.rules.guarded import Guarded, reach
from budgetlens.rules.lexicon import LexiconError, load_lexicon, parse_lexicon
from budgetlens.rules.reference import load_reference

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"


def _patterns() -> list[Guarded]:
    lexicon = load_lexicon()
    return [lexicon.chain, *lexicon.coded, *lexicon.economic_coded]


def _matches(pattern, text: str, plain: bool) -> list:
    found = (pattern.regex if plain else pattern).finditer(text)
    return [(m.span(), m.groupdict()) for m in found]


def _chains() -> list[str]:
    """Sentences naming real 类/款/项 items the ways documents print them (chains with level
    markers, dashed chains before 科目, names with their codes), from the shipped reference."""
    names: dict[str, str] = {}
    for table in load_reference().function.values():  # func_lei, observed, … by year
        for entries in table.values():
            names.update({code: e.name for code, e in entries.items()})
    out = []
    for code, name in sorted(names.items()):
        if len(code) != 7 or code[:3] not in names or code[:5] not in names:
            continue
        lei, kuan = names[code[:3]], names[code[:5]]
        out += [f"{lei}（类）{kuan}（款）{name}（项）支出12.5万元，",
                f"“{lei}-{kuan}-{name}”科目1,202.95万元。", f"{name}（{code}）3.42万元；",
                f"{code}-{name}8.1万元、工资福利支出（301）2,981.28万元"]
    return out


def test_shipped_name_patterns_are_guarded():
    for pattern in _patterns():
        assert isinstance(pattern, Guarded) and pattern.requires and pattern.span > 20


def test_same_matches_as_the_plain_pattern_on_real_wordings_and_shuffles():
    lexicon = load_lexicon()
    sentences = _chains()
    assert len(sentences) > 100
    rnd = random.Random(2026)
    texts = [normalize("".join(sentences), lexicon).text]
    if SEEDS.exists():
        texts += [normalize(p.read_text(encoding="utf-8"), lexicon).text for p in SEEDS.glob("*.txt")]
    # pieces glued at random: matches at the text's edges, windows that merge and that do not,
    # a digit or a dot just before a window (the coded pattern's look-behind)
    pieces = [normalize(s, lexicon).text for s in sentences] + ["0", ".", "-", "科目", "(项)", "x" * 150]
    texts += ["".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 40))) for _ in range(200)]
    total = 0
    for text in texts:
        for pattern in _patterns():
            plain = _matches(pattern, text, plain=True)
            assert _matches(pattern, text, plain=False) == plain
            total += len(plain)
    assert total > 1000


def test_a_huge_paragraph_is_searched_only_near_its_markers():
    """A one-line dump: two million name characters and one chain. The chain is found, and
    the pattern is run over one window of its reach, not the whole text."""
    lexicon = load_lexicon()
    filler = "一般公共服务支出政府办公厅及相关机构事务" * 100_000
    chain = "一般公共服务支出(类)政府办公厅(室)及相关机构事务(款)行政运行(项)"
    text = filler + chain + filler
    found = [m.group(0) for m in lexicon.chain.finditer(text)]
    assert found and found[-1].endswith("行政运行(项)")
    windows = lexicon.chain.windows(text)
    assert len(windows) == 1 and windows[0][1] - windows[0][0] <= 2 * lexicon.chain.span + len(chain)


def test_a_text_dense_with_a_marker_merges_into_few_windows():
    pattern = load_lexicon().coded[1]  # requires "(2" or "-"
    text = "-" * 1_000_000
    assert pattern.windows(text) == [(0, len(text) + pattern.span)]
    assert list(pattern.finditer(text)) == []


def test_reach_is_the_longest_match_plus_look_ahead():
    assert reach(r"ab{2,5}(?=xyz)") == 6 + 3
    assert reach(r"a+") is None


def test_requires_on_an_unbounded_pattern_is_named():
    data = tomllib.loads(resources.files("budgetlens.rules").joinpath("lexicon.toml")
                         .read_text(encoding="utf-8"))
    bad = copy.deepcopy(data)
    bad["economic"]["coded"] = [r"[^,;:。]+\((?P<code>3\d{2})\)"]
    with pytest.raises(LexiconError, match="economic.coded"):
        parse_lexicon(bad)
    bad = copy.deepcopy(data)
    bad["functions"]["chain_requires"] = "(项)"
    with pytest.raises(LexiconError, match="chain_requires"):
        parse_lexicon(bad)
