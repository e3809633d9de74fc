"""No form check is quadratic in the page (issue #13, session 17): the open fuzz hang
html-2026-020096 (1.47 MB of duplicated bytes, one HTML page, 9,227 facts) spent > 20 CPU-s in
scans of the whole page per item — the reason check (every passage per change: 8.06 M steps of its
"soon after" test), ``FormContext.lines`` (every line against every passage of its page), the
direction check (every fact per direction word), the 三公 sections (every fact per heading).

The general pattern: a long one-page document of many changes and many passages. The tests make
one (text, every block with its own figures, so no two blocks print the same sentence: duplicates
are not what makes it long) at n and 2n blocks and **count the steps** — the function calls
cProfile records, builtins and generator steps included — of one check; doubling the page may
double them, plus a log factor, but not quadruple them (before the indexes: ×3.7–×4.0). Near
misses: on the page itself, the findings are those the page calls for (the blocks whose list has
no closing reason, and only those), and the lines left over are those of asking every passage in
turn."""

from __future__ import annotations

import cProfile
import pstats

import pytest

from budgetlens.reconcile import check_form
from budgetlens.reconcile.form_text import FormContext

from .form_support import disclose, fired, form_rules

WRAP = 36


def _block(i: int) -> list[str]:
    """One block of a budget explanation with figures of its own: a 三公 heading, a change
    explained in place, a basic-expense change announcing its parts, a list announced by a change
    with its items (the reason closing it, which names the basic expense, on even blocks only), a
    三公 change, a sentence without figures."""
    d1, d2, e1 = 100 + i, 50 + i, 20 + i
    d = d1 + d2
    lines = [f"（{i}）第{i}项“三公”经费预算情况说明",
             f"一般公共预算财政拨款支出{3000 + i}.00万元，比上年增加{40 + i}.50万元，增长{i % 9 + 1}.2%，"
             f"主要原因是新增第{i}项工作任务。",
             f"基本支出{1000 + i}.00万元，比上年减少{10 + i}.00万元，其中：工资福利支出{800 + i}.00万元，"
             f"比上年减少{5 + i}.00万元；商品和服务支出{200 + i}.00万元，比上年减少{5 + i}.00万元。",
             f"2026年收支总预算{5000 + 7 * i}.00万元，比上年增加{d}.00万元，其中：",
             f"1.收入预算增加{d}.00万元，其中一般公共预算收入增加{d1}.00万元，政府性基金预算收入增加{d2}.00万元。",
             f"2.支出预算增加{d}.00万元，其中基本支出减少{e1}.00万元，项目支出增加{d + e1}.00万元。"]
    if i % 2 == 0:
        lines.append(f"3.收支预算增加的主要原因，一是新增第{i}个信息化建设项目，项目支出增加；二是人员调出，基本支出减少。")
    return lines + [f"“三公”经费预算{60 + i}.00万元，比上年减少{2 + i % 7}.00万元。",
                    f"本部门第{i}项工作按计划推进，信息公开和档案管理规范有序。"]


def _page(tmp_path, blocks: int) -> str:
    """The blocks as one text page, wrapped as a page prints them."""
    paragraphs = ["某某局2026年部门预算", "一、部门预算情况说明"]
    paragraphs += [p for i in range(1, blocks + 1) for p in _block(i)]
    path = tmp_path / f"page{blocks}.txt"
    path.write_text("\n".join(p[k:k + WRAP] for p in paragraphs for k in range(0, len(p), WRAP)) + "\n",
                    encoding="utf-8")
    return str(path)


def _steps(fn, *args) -> int:
    profile = cProfile.Profile()
    profile.runcall(fn, *args)
    return pstats.Stats(profile).total_calls  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _looked_up(monkeypatch):
    """The quotes of FormContext.lines looked up, as on a page beyond ``form_index.SCAN_PAIRS``:
    these pages are smaller, and there the scan (quadratic, but C string search) is cheaper and
    gives the same remainders (tests/reconcile/test_form_index.py)."""
    from budgetlens.reconcile import form_index

    monkeypatch.setattr(form_index, "SCAN_PAIRS", 0)


CHECKS = {
    "reason": ("form-change-reason-missing", "form-change-reason-missing-minor"),
    "direction": ("form-change-direction-mismatch",),
    "three-public": ("form-three-public-item-missing",),
}


@pytest.mark.parametrize("check", sorted(CHECKS))
def test_a_page_twice_as_long_costs_a_check_about_twice_the_steps(tmp_path, check):
    rules = form_rules(*CHECKS[check])
    small, large = (disclose(_page(tmp_path, n)) for n in (24, 48))
    assert len(large.facts) >= 2 * len(small.facts) - 10
    check_form(small, rules)  # what is loaded once (rules' data, compiled patterns) is not counted
    ratio = _steps(check_form, large, rules) / _steps(check_form, small, rules)
    assert ratio < 2.6, f"{check}: ×{ratio:.2f} steps for a page twice as long"


def test_the_lines_no_passage_quotes_cost_about_twice_the_steps_on_a_page_twice_as_long(tmp_path):
    small, large = (disclose(_page(tmp_path, n)) for n in (24, 48))
    FormContext(small).lines  # what is loaded once is not counted
    ratio = _steps(lambda d: FormContext(d).lines, large) / _steps(lambda d: FormContext(d).lines, small)
    assert ratio < 2.6, f"×{ratio:.2f} steps for a page twice as long"


def test_the_long_page_gets_the_findings_it_calls_for(tmp_path):
    """Near miss of the counting: the indexes change no answer. The basic-expense change of each
    odd block is unexplained (its block's list has no closing reason), each even block's is
    explained by the reason closing its list; every 三公 change is unexplained (no block gives its
    reason); no other change is reported (the same on the tree before the indexes)."""
    disclosure = disclose(_page(tmp_path, 12))
    missing = [f for rule in ("form-change-reason-missing", "form-change-reason-missing-minor")
               for f in fired(disclosure, rule)]
    current = {"expense.basic": 1000, "three_public.total": 60}  # block i prints base + i
    blocks = sorted((f.measure, i) for f in missing for i in range(1, 13)
                    if f"{current.get(f.measure, 0) + i}.00万元" in f.evidence[0].source.text)
    assert len(blocks) == len(missing)
    assert blocks == sorted([("expense.basic", i) for i in range(1, 13, 2)]
                            + [("three_public.total", i) for i in range(1, 13)])


def test_the_lines_left_are_those_of_asking_every_passage_in_turn(tmp_path):
    """Near miss of the counting: the sentence without figures is left over on each block, and
    the same remainders come out as asking every passage of the page in turn."""
    disclosure = disclose(_page(tmp_path, 6))
    ctx = FormContext(disclosure)
    quotes = ["".join(p.text.split()) for p in ctx.passages]
    expected = []
    for line in disclosure.narrative:
        rest = "".join(line.text.split())
        for quoted in quotes:
            if rest in quoted:
                rest = ""
                break
            rest = rest.replace(quoted, "\n")
        if rest.strip("\n ").strip("\n，,。；;:： "):
            expected.append((line.number, rest.strip("\n ")))
    assert [(p.source.line, p.text) for p in ctx.lines] == expected
    assert sum("按计划推进" in p.text for p in ctx.lines) == 6  # the sentence without figures
