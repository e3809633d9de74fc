"""A text table continued after a form feed is one table (read/textjoin.py, issue #8).

Made by the test from seed 004 (a real 重庆 disclosure, tab-separated): its 一般公共预算财政拨款
支出表 split over two and three pages at form feeds — inside a 款 (21011's 项 after the break)
and before a 类 — with and without the title and header printed again on each page. Read apart,
the 款 split over the break fails its hierarchy (21011 34.30 against the 项 left on its page);
joined, the document reads as the unbroken seed does. Near misses: another table opening the next
page (its own title, or its own header under no title) stays apart; a project's form followed on
the next page by another project's form stays two forms."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetlens.pipeline import process
from budgetlens.read.text import read_text

from ..conftest import seed_path
from .text_parts import finding_keys, table_holding

TITLE = "2024年重庆市南岸区政务服务管理办公室一般公共预算财政拨款支出预算表"


def _seed_lines() -> list[str]:
    path = seed_path("004")
    if not path.exists():
        pytest.skip("seeds not available")
    return path.read_text(encoding="utf-8").split("\n")


def _split(tmp_path: Path, before: list[str], repeat: bool, name: str = "split.txt") -> Path:
    """Seed 004 with a form feed put before the table-2 row of each code in ``before`` (the
    first such row after the title); with ``repeat`` the page opens with the title (marked 续),
    the unit line and the two header rows again."""
    lines = _seed_lines()
    start = lines.index(TITLE)
    head = lines[start + 4:start + 6]
    assert head[1].startswith("科目编码")
    for code in before:
        at = next(i for i in range(start, len(lines)) if lines[i].startswith(code + "\t"))
        lines[at:at] = ["- 3 -", "\f" + (f"{TITLE}（续）" if repeat else "")] + \
            (["单位：万元", *head] if repeat else [])
    path = tmp_path / name
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@pytest.mark.parametrize("repeat", [False, True])
@pytest.mark.parametrize("before", [["2101101"], ["208", "2101101"]])
def test_a_table_split_at_form_feeds_is_joined_and_reads_as_the_seed(tmp_path, repeat, before):
    path = _split(tmp_path, before, repeat)
    document, _ = read_text(str(path))
    assert document is not None and len(document.pages) == len(before) + 1
    table = table_holding(document, "2101101")
    assert table is table_holding(document, "201") and table.pages == tuple(range(1, len(before) + 2))
    texts = [c.text for c in table.cells]
    assert texts.count("科目编码") == 1  # the repeated header rows left out
    assert [c.line for c in table.cells if c.text == "2101101"] == \
        [n + 1 for n, t in enumerate(path.read_text(encoding="utf-8").split("\n"))
         if t.startswith("2101101\t")][:1]  # the cell keeps the line it was read from
    owned = [ln.table for p in document.pages for ln in p.lines if ln.text.startswith("2101101")]
    assert owned[0] == table.index
    seed = process(str(seed_path("004")))
    result = process(str(path))
    assert finding_keys(result) == finding_keys(seed)
    assert not [f for f in result.audit.findings if f.rule.startswith("hierarchy")
                and f.severity == "error"]


def test_a_table_split_without_joining_fails_its_hierarchy(tmp_path, monkeypatch):
    """What the join mends: the same split read one table per page (the reader before it)."""
    import budgetlens.read.text as text

    monkeypatch.setattr(text, "join_text_tables", lambda pages, tables, st: (tuple(pages),
                                                                             tuple(tables)))
    result = process(str(_split(tmp_path, ["2101101"], repeat=False)))
    assert any(f.rule.startswith("hierarchy") and f.severity == "error"
               for f in result.audit.findings)


def test_another_table_opening_the_next_page_stays_apart(tmp_path):
    """Near miss: the seed's own form feeds — the page after table 2 opens with table 3, titled
    (表三：…); and the same page with table 3's title lines taken away, its header differing."""
    lines = _seed_lines()
    start = lines.index(TITLE)
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("2210201\t"))
    nxt = next(i for i in range(end, len(lines)) if "\t" in lines[i])
    seed = read_text(str(seed_path("004")))[0]
    for keep_title in (True, False):
        out = lines[:end + 1] + ["\f"] + (lines[end + 1:] if keep_title else lines[nxt:])
        path = tmp_path / f"two_{keep_title}.txt"
        path.write_text("\n".join(out), encoding="utf-8")
        document, _ = read_text(str(path))
        table = table_holding(document, "2210201")
        assert table.pages == (table.page,) and table.n_rows == table_holding(seed, "2210201").n_rows
        assert len(document.tables) == len(seed.tables)


FORM = ["项目绩效目标表", "项目名称\t{name}\t\t", "主管部门\t某区政务服务管理办公室\t实施单位\t{unit}",
        "项目资金\t年度资金总额\t{money}\t", "一级指标\t二级指标\t三级指标\t指标值",
        "产出指标\t数量指标\t{what}\t≥{n}次"]


def test_the_next_projects_form_after_a_form_feed_stays_a_form_of_its_own(tmp_path):
    """Near miss: a form per project, the second project's form opening the next page (no
    title printed there, its head filled in anew): two tables, not one."""
    one = [ln.format(name="政务大厅运维", unit="政务服务中心", money="120.00", what="巡检", n=12)
           for ln in FORM]
    two = [ln.format(name="档案数字化", unit="档案室", money="30.00", what="扫描", n=4)
           for ln in FORM[1:]]
    path = tmp_path / "forms.txt"
    path.write_text("\n".join(one + ["\f" + two[0]] + two[1:]), encoding="utf-8")
    document, _ = read_text(str(path))
    assert [t.pages for t in document.tables] == [(1,), (2,)]
    going_on = [FORM[5].format(what="验收", n=2), "效益指标\t社会效益指标\t服务对象满意度\t≥90%"]
    path.write_text("\n".join(one + ["\f" + going_on[0], going_on[1]]), encoding="utf-8")
    document, _ = read_text(str(path))
    assert [t.pages for t in document.tables] == [(1, 2)]  # the form's rows going on: joined
