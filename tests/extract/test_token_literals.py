"""required_literals(): every match of a lexicon pattern holds one of the literals it names, so a
paragraph without them is skipped by the tokenizer without changing its tokens (the corpus
outputs were compared whole with scripts/output_snapshot.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from budgetlens.extract import tokens
from budgetlens.extract.sentences import normalize
from budgetlens.extract.token_literals import required_literals
from budgetlens.rules.lexicon import load_lexicon

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"


@pytest.mark.parametrize(("pattern", "expected"), [
    ("(?:(?:项目(?:支出)?)?(?:预算)?(?:均|全部)?(?:实行|实施)(?:了)?绩效目标管理)", {"绩效目标管理"}),
    ("本年收入合计|收入合计", {"收入合计", "本年收入合计"}),  # the parser factors what it can
    ("年终结转结余|年末结转结余", {"终结转结余", "末结转结余"}),  # the rarer branch, not "年"
    ("(?<=\\d个)(?:直属|下属)单位", {"单位"}),
    ("(?<=绩效目标的项目)\\d+个", {"绩效目标的项目"}),  # a look-behind's text must be there too
    ("(?:预算)+执行情况", {"执行情况"}),
    ("(?:去年)?预算执行数?", {"预算执行"}),
])
def test_the_literals_every_match_holds(pattern, expected):
    assert required_literals(re.compile(pattern)) == frozenset(expected)


@pytest.mark.parametrize("pattern", [
    "(?:收入)?[0-9]+",            # nothing literal is certain
    "收入|\\d+",                   # one branch has no literal
    "(?i)budget",                  # case folded: the text may spell it otherwise
    "(?!基本)支",                  # "支" is required, a negative look-ahead is not
    "[甲乙丙丁戊己庚辛壬]{2}",
])
def test_unknown_or_negative_parts_give_no_wrong_requirement(pattern):
    found = required_literals(re.compile(pattern))
    if found is not None:  # only ever what the pattern itself spells outside negations
        assert all(lit in "支" for lit in found) and "基本" not in found


def _paragraphs():
    if not SEEDS.is_dir():
        pytest.skip("shared seeds not available")
    lexicon = load_lexicon()
    for path in sorted(SEEDS.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            text = normalize(line, lexicon).text
            if text:
                yield text


def test_no_lexicon_pattern_matches_a_real_line_without_its_literals():
    """On every line of the seed disclosures: where a pattern of the package lexicon matches,
    one of its required literals is in the line (the filter never hides a match)."""
    lexicon = load_lexicon()
    plan = tokens._plan(lexicon, "budget", 2024)
    checked = 0
    lines = list(_paragraphs())
    for (_, item), need in zip(plan.items, plan.required):
        if need is None:
            continue
        for text in lines:
            if item.regex.search(text):
                checked += 1
                assert any(lit in text for lit in need), (item.regex.pattern[:60], text[:60])
    assert checked > 100  # the seeds exercise the filter for real



def test_no_classification_signal_matches_a_real_line_without_its_literals():
    """The classifier's signals (rules/classify.toml) skip lines by the same literals."""
    from budgetlens.rules.classify import load_rules

    if not SEEDS.is_dir():
        pytest.skip("shared seeds not available")
    lines = [ln for p in sorted(SEEDS.glob("*.txt"))
             for ln in p.read_text(encoding="utf-8").splitlines() if ln.strip()]
    checked = 0
    for signal in load_rules().signals:
        need = required_literals(signal.regex)
        if need is None:
            continue
        for line in lines:
            if signal.regex.search(line):
                checked += 1
                assert any(lit in line for lit in need), (signal.regex.pattern[:60], line[:60])
    assert checked > 20


def test_line_index_names_exactly_the_lines_a_test_per_line_names():
    """LineIndex.holding answers what ``any(lit in line)`` answers line by line (the pattern:
    a literal searched once over the joined lines), on the seeds' lines and literals taken from
    the classifier's own signals; an occurrence running across the separator (the near miss:
    "预算" split as "…预" + "算…") may add a line but never loses one."""
    from budgetlens.extract.token_literals import LineIndex
    from budgetlens.rules.classify import load_rules

    if not SEEDS.is_dir():
        pytest.skip("shared seeds not available")
    lines = [ln for p in sorted(SEEDS.glob("*.txt"))
             for ln in p.read_text(encoding="utf-8").splitlines()]
    index = LineIndex(lines)
    needs = {required_literals(s.regex) for s in load_rules().signals} - {None}
    hits = 0
    for need in needs:
        expected = [k for k, ln in enumerate(lines) if any(lit in ln for lit in need)]
        got = index.holding(need)
        assert set(expected) <= set(got) and got == sorted(got)
        assert [k for k in got if any(lit in lines[k] for lit in need)] == expected
        hits += len(expected)
    assert hits > 100
    split = LineIndex(["本年预", "算收入", "预算", ""])
    assert split.holding(frozenset({"预算"})) == [2]  # not lines 0 and 1: the separator parts them
    assert split.holding(frozenset({"预\n算"})) == [0]  # a literal across the separator: an extra
    assert split.holding(frozenset({"收入", "本年"})) == [0, 1]
    assert split.holding(frozenset({""})) == [0, 1, 2, 3]
    assert LineIndex([]).holding(frozenset({"预算"})) == []


@pytest.mark.parametrize(("need", "expected"), [
    (frozenset({"公共财政拨款", "一般公共财政拨款", "一般公共预算"}), ("一般公共预算", "公共财政拨款")),
    (frozenset({"出国费", "因公出国费"}), "出国费"),  # 因公出国费 holds 出国费
    (frozenset({"出国费", "因公出国(境)费"}), ("出国费", "因公出国(境)费")),  # near miss: it does not
    (frozenset({"车辆"}), "车辆"),
    (frozenset({"减少", "下降"}), ("下降", "减少")),  # neither holds the other: both stay
    (None, None),
])
def test_a_requirement_comes_down_to_the_strings_no_other_holds(need, expected):
    from budgetlens.extract.token_literals import substring_test
    assert substring_test(need) == expected


def test_the_reduced_test_answers_as_the_whole_requirement_on_the_seeds():
    """Every requirement of the lexicon's patterns, as the tokenizer tests it (one string, or
    the strings no other holds), against every seed line and near misses: the same answer as
    testing all its literals."""
    from budgetlens.extract.token_literals import substring_test
    lexicon = load_lexicon()
    needs = {required_literals(item.regex) for item in lexicon.items} - {None}
    texts = [normalize(line, lexicon).text for path in sorted(SEEDS.glob("*.txt"))
             for line in path.read_text(encoding="utf-8").split("\n")] if SEEDS.exists() else []
    if not texts:
        pytest.skip("../shared/seeds not available")
    texts += ["一般公共", "公共财政", "因公出国(境)", ""]  # near misses: a literal's prefix only
    held = 0
    for need in needs:
        test = substring_test(need)
        for text in texts:
            whole = any(s in text for s in need)
            assert whole == (test in text if isinstance(test, str)
                             else any(s in text for s in test)), (need, text)
            held += whole
    assert len(needs) > 100 and held > 1000, (len(needs), held)


def test_one_literal_is_in_every_text_its_pattern_matches_in():
    """one_literal (session 19): on every seed line, each pattern the extract and audit stages
    test by it (the classifier's year patterns, the self-evaluation and indicator columns, the
    template residue, the function-code measure) and every lexicon item: a line without the
    literal is one the pattern finds nothing in; lines holding it are searched as before. Near
    misses: a pattern with no literal known, or only one of several, has none (no test), and a
    line holding only part of the literal is turned away."""
    from budgetlens.extract import classify as classify_module
    from budgetlens.extract.func_names import _FUNCTION_CODE
    from budgetlens.extract.token_literals import one_literal
    from budgetlens.rules.catalogue import load_rules as load_catalogue
    from budgetlens.rules.classify import load_rules
    from budgetlens.rules.table_layouts import load_table_layouts

    if not SEEDS.is_dir():
        pytest.skip("shared seeds not available")
    perf = load_table_layouts().performance
    residue = next(r for r in load_catalogue() if r.id == "form-template-residue")
    patterns = [classify_module._CN_YEAR, load_rules().year_remove, _FUNCTION_CODE,
                *(c.pattern for c in perf.self_eval_columns + perf.indicator_columns),
                *(re.compile(p) for p in residue.params["patterns"]),
                *(item.regex for item in load_lexicon().items)]
    lines = [ln for p in sorted(SEEDS.glob("*.txt"))
             for ln in p.read_text(encoding="utf-8").splitlines()]
    lines += ["二〇二四年", "二〇二四", "expense.general.function.20101.total", "function",
              "XXXX", "待填", "年初预算数", "年初"]  # a literal whole, and only its start
    turned_away = matched = with_literal = 0
    for pattern in patterns:
        literal = one_literal(pattern)
        assert one_literal(pattern) is literal  # built once per pattern
        with_literal += literal is not None
        for line in lines:
            if literal is not None and literal not in line:
                turned_away += 1
                assert pattern.search(line) is None, (pattern.pattern[:60], line[:60])
            elif pattern.search(line):
                matched += 1
    assert turned_away > 10_000 and matched > 1_000 and with_literal > 20, \
        (turned_away, matched, with_literal)
    assert one_literal(classify_module._CN_YEAR) == "年"
    assert one_literal(re.compile(r"\d+")) is None  # nothing known: no test
    assert one_literal(re.compile("待填写|请输入")) is None  # several: not worth a loop


def test_a_literal_is_never_another_patterns():
    """Literals are kept by the pattern's id with the pattern beside it: an id taken over by
    another pattern (the first one freed) gets that pattern's own literal, not the stale one."""
    from budgetlens.extract import token_literals

    first, second = re.compile("绩效自评"), re.compile("三公经费")
    token_literals._ONE[id(second)] = (first, "绩效自评")
    assert token_literals.one_literal(second) == "三公经费"
