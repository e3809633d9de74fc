"""决算数大于/小于/等于预算数 against the figures printed with it (issue #8 item 4).

The wordings are the ones final accounts print (national template "年初预算为…，支出决算为…，完成年初
预算的…%。决算数大于年初预算数的主要原因是…"; 西安 "年初预算0万元，支出决算56万元，决算数大于年初预算数
的主要原因是…" in one sentence; 上海 "完成全年预算数的98.69%。决算数小于全年预算数的主要原因：…" and
"决算数与全年预算数持平"), inserted into the real 2020 final account of seed 002 with other subjects,
figures and bases, so the check is exercised on the general form rather than on one file."""

from __future__ import annotations

import pytest

from .form_support import edited, fired, seed

RULE = "form-budget-relation-contradicted"
ANCHOR = "（四）一般公共预算财政拨款基本支出决算情况说明"


def _final(tmp_path, *paragraphs: str):
    """Seed 002 (a 2020 final account) with paragraphs inserted before its section (四); each
    call in a folder of its own (extraction is cached by path)."""
    text = "5．主要支出科目情况。\n" + "\n".join(paragraphs) + "\n" + ANCHOR
    folder = tmp_path / str(len(list(tmp_path.iterdir())))
    folder.mkdir()
    return edited(folder, "002", (ANCHOR, text))


ITEM = "（1）一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）。"


def test_the_seeds_state_no_relation_that_their_figures_contradict():
    for prefix in ("000", "001", "002", "003", "004"):
        assert fired(seed(prefix), RULE) == [], prefix


@pytest.mark.parametrize("budget,final,word", [
    ("100.00", "120.50", "小于"),   # above its budget, said below
    ("226.25", "225.12", "大于"),   # below, said above
    ("0", "31.10", "小于"),        # nothing budgeted: any spending is above
])
def test_a_relation_the_figures_contradict_is_an_error_citing_both(tmp_path, budget, final, word):
    sentence = (f"{ITEM}年初预算为{budget}万元，支出决算为{final}万元。"
                f"决算数{word}年初预算数的主要原因是人员变动。")
    findings = fired(_final(tmp_path, sentence), RULE)
    assert len(findings) == 1
    f = findings[0]
    assert f.severity == "error" and f.measure == "expense.general.function.2010301"
    assert f.basis == "initial_budget" and f.stated == f"决算数{word}年初预算数"
    roles = {e.role: e for e in f.evidence}
    assert roles["current"].value == final and roles["initial_budget"].value == budget
    assert f"决算数{word}年初预算数" in roles["relation"].source.text


@pytest.mark.parametrize("budget,final,word", [
    ("100.00", "120.50", "大于"),
    ("226.25", "225.12", "小于"),
    ("0", "31.10", "大于"),
    ("52.00", "52.00", "大于"),   # equal as printed: 52.004 > 51.996 is consistent with the print
])
def test_a_relation_the_figures_allow_is_quiet(tmp_path, budget, final, word):
    sentence = (f"{ITEM}年初预算为{budget}万元，支出决算为{final}万元。"
                f"决算数{word}年初预算数的主要原因是人员变动。")
    assert fired(_final(tmp_path, sentence), RULE) == []


def test_relation_in_the_same_sentence_as_its_figures(tmp_path):
    # 西安: "年初预算0万元，支出决算56万元，决算数大于年初预算数的主要原因是…"
    ok = f"{ITEM}年初预算0万元，支出决算56万元，决算数大于年初预算数的主要原因是追加。"
    bad = ok.replace("大于", "小于")
    assert fired(_final(tmp_path, ok), RULE) == []
    assert [f.stated for f in fired(_final(tmp_path, bad), RULE)] == ["决算数小于年初预算数"]


def test_a_bare_budget_takes_the_budget_the_passage_prints(tmp_path):
    # 上海: "全年预算为 52.00 万元，支出决算为 51.32 万元，…。决算数小于全年预算数的主要原因：…";
    # a bare 预算数 is judged against the adjusted budget when that is the one printed
    ok = (f"{ITEM}全年预算为52.00万元，支出决算为51.32万元，完成全年预算的98.69%。"
          "决算数小于预算数的主要原因：人员变动引起实际支出低于预算。")
    assert fired(_final(tmp_path, ok), RULE) == []
    findings = fired(_final(tmp_path, ok.replace("小于预算数", "大于预算数")), RULE)
    assert [(f.basis, f.severity) for f in findings] == [("adjusted_budget", "error")]


def test_flat_wording_is_judged_with_rounding_and_hedges_state_nothing(tmp_path):
    base = f"{ITEM}全年预算为2.23万元，支出决算为{{final}}万元。决算数与全年预算数{{word}}。"
    assert fired(_final(tmp_path, base.format(final="2.23", word="持平")), RULE) == []
    # 2.23 vs 2.24 meet at 2.235: within rounding
    assert fired(_final(tmp_path, base.format(final="2.24", word="持平")), RULE) == []
    assert len(fired(_final(tmp_path, base.format(final="2.40", word="持平")), RULE)) == 1
    assert fired(_final(tmp_path, base.format(final="2.40", word="基本持平")), RULE) == []


def test_the_subject_of_a_relation_is_the_item_described_just_before(tmp_path):
    # 三公 after a function item: "“三公”经费支出决算数大于预算数" is about the 三公 figures of its
    # own passage, not the item printed before it
    item = f"{ITEM}年初预算为100.00万元，支出决算为120.50万元。决算数大于年初预算数的主要原因是追加。"
    three = ("2020年度“三公”经费支出预算为4.40万元，支出决算为3.42万元，完成预算的77.73%。"
             "“三公”经费支出决算数{word}预算数的主要原因是厉行节约。")
    assert fired(_final(tmp_path, item, three.format(word="小于")), RULE) == []
    findings = fired(_final(tmp_path, item, three.format(word="大于")), RULE)
    assert [f.measure for f in findings] == ["three_public.total"]


def test_a_relation_without_figures_in_its_passage_is_not_guessed(tmp_path):
    # the figures are two sentences away (another item's): nothing is paired
    far = (f"{ITEM}年初预算为100.00万元，支出决算为120.50万元。本科目反映行政运行支出。"
           "该科目主要用于机关日常运转。决算数小于年初预算数的主要原因是追加。")
    assert fired(_final(tmp_path, far), RULE) == []


def test_a_bare_budget_that_either_printed_budget_allows_is_no_contradiction(tmp_path):
    # 上海 普陀: "年初预算为0万元，全年预算为321.02万元，支出决算为307.82万元，…。决算数小于预算数的
    # 主要原因：…" — 预算数 is the adjusted budget here; against the initial one it would be wrong
    text = (f"{ITEM}年初预算为{{initial}}万元，全年预算为{{adjusted}}万元，支出决算为{{final}}万元。"
            f"决算数小于预算数的主要原因：人员经费支出数小于预算数。")
    quiet = text.format(initial="0", adjusted="321.02", final="307.82")
    assert fired(_final(tmp_path, quiet), RULE) == []
    wrong = text.format(initial="300.00", adjusted="320.00", final="350.00")
    findings = fired(_final(tmp_path, wrong), RULE)
    assert [(f.severity, f.basis) for f in findings] == [("error", "initial_budget")]


def test_a_relation_naming_its_subject_is_judged_on_that_subject(tmp_path):
    # 广东 财政厅: the 三公 total, its items with their budgets, then "2023年度“三公”经费支出决算小于
    # 预算数的主要情况：…" — about the total, although the reception described last is below its budget
    three = ("2020年度“三公”经费财政拨款支出决算为{total}万元，完成全年预算84.82万元的{rate}%。"
             "其中：因公出国（境）费支出决算为12.02万元，完成预算12.02万元的100%；"
             "公务接待费支出决算为22.59万元，完成预算43.2万元的52.3%。"
             "2020年度“三公”经费支出决算小于预算数的主要情况：从严控制“三公”经费开支。")
    assert fired(_final(tmp_path, three.format(total="62.07", rate="73.2")), RULE) == []
    findings = fired(_final(tmp_path, three.format(total="92.07", rate="108.5")), RULE)
    assert [(f.measure, f.basis) for f in findings] == [("three_public.total", "adjusted_budget")]


AMOUNT = "form-budget-relation-amount"


@pytest.mark.parametrize("tail,wrong", [
    ("决算数大于年初预算数20.50万元", False),
    ("决算数大于年初预算数20.5万元", False),
    ("决算数大于年初预算数205,000元", False),
    ("决算数超出年初预算数20.5%", False),
    ("决算数大于年初预算数25.50万元", True),
    ("决算数超出年初预算数30%", True),
])
def test_an_amount_after_the_relation_is_the_difference_of_the_figures(tmp_path, tail, wrong):
    text = f"{ITEM}年初预算为100.00万元，支出决算为120.50万元。{tail}，主要原因是人员增加。"
    disclosure = _final(tmp_path, text)
    findings = fired(disclosure, AMOUNT)
    assert [f.severity for f in findings] == (["error"] if wrong else [])
    assert fired(disclosure, RULE) == []  # the direction itself is right
    if wrong:
        assert findings[0].stated == tail and findings[0].expected in ("20.50万元", "20.50%")


def _audit(disclosure, rule_id: str, **settings) -> list:
    """The whole audit's findings of ``rule_id`` under the given tolerance settings (as
    ``audit --percent-slack`` passes them)."""
    from budgetlens.reconcile import reconcile
    from budgetlens.rules.catalogue import load_rules

    audit, _ = reconcile(disclosure, [r for r in load_rules() if r.id == rule_id],
                         settings=settings or None)
    return [f for f in audit.findings if f.rule == rule_id]


def test_an_amount_in_percent_is_judged_with_the_audits_percent_slack(tmp_path):
    # 120.50 over 100.00 is 20.5%: "20.6%" is inside the default 0.1 pp slack (a rounding
    # difference), outside when --percent-slack 0; "20.8%" the other way round with 0.5
    text = f"{ITEM}年初预算为100.00万元，支出决算为120.50万元。决算数超出年初预算数{{}}，主要原因是人员增加。"
    near = _final(tmp_path, text.format("20.6%"))
    assert _audit(near, AMOUNT) == []
    assert [f.severity for f in _audit(near, AMOUNT, percent_slack="0")] == ["error"]
    far = _final(tmp_path, text.format("20.8%"))
    assert [f.severity for f in _audit(far, AMOUNT)] == ["error"]
    assert _audit(far, AMOUNT, percent_slack="0.5") == []


def test_a_direction_is_judged_with_the_audits_extra_slack(tmp_path):
    # 100.50 is above 100.00 by 0.50: "小于" contradicts it, unless the audit allows 1万元 more
    sentence = f"{ITEM}年初预算为100.00万元，支出决算为100.50万元。决算数小于年初预算数的主要原因是人员变动。"
    disclosure = _final(tmp_path, sentence)
    assert [f.severity for f in _audit(disclosure, RULE)] == ["error"]
    assert _audit(disclosure, RULE, extra_slack="1") == []
