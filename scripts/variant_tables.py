"""The standard tables of scripts/template_variants.py as data: what each column prints in each
wording, and which measure its figures are.

Why data: a layout variant is a different way of printing the same figures; the wordings are the
variable part. ``base`` is the common wording of the corpora; ``alias`` takes another wording the
recogniser's declared aliases (src/budgetlens/rules/tables.toml: family aliases and
[[family.column]] patterns) accept; ``novel`` is a plausible wording of a template neither corpus
holds, chosen without looking at whether the aliases accept it — that is what is measured.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Optional

from budgetlens.generate.doc import GenCell, GenTable


@dataclass(frozen=True)
class Col:
    """A value column: its words per wording (flat leaf, merged group, merged leaf), the measure
    of its 合计-row figure and the template of its 类-row figures ("" = no row figures)."""

    flat: tuple[str, str, str]
    total: str
    row: str = ""
    group: tuple[str, str, str] = ("", "", "")
    leaf: Optional[tuple[str, str, str]] = None


@dataclass(frozen=True)
class Spec:
    key: str
    titles: tuple[str, str, str]
    cols: tuple[Col, ...]
    by_rows: bool = False   # 类 rows under the 合计 row


WORDINGS = ("base", "alias", "novel")
SPECS = (
    Spec("income", ("收入预算总表", "部门收入总体情况表", "部门预算收入汇总表"), (
        Col(("合计", "总计", "金额合计"), "income.total"),
        Col(("一般公共预算拨款", "一般公共预算资金", "公共财政拨款"), "income.fiscal.general",
            group=("本年收入", "本年收入", "收入来源")),
        Col(("政府性基金预算拨款", "政府性基金预算资金", "基金预算拨款"), "income.fiscal.gov_fund",
            group=("本年收入", "本年收入", "收入来源")),
        Col(("事业收入", "事业收入", "事业单位事业收入"), "income.business",
            group=("本年收入", "本年收入", "收入来源")),
        Col(("其他收入", "其他收入", "其他资金"), "income.other",
            group=("本年收入", "本年收入", "收入来源")))),
    Spec("expense", ("支出预算总表", "部门支出总体情况表", "部门预算支出汇总表"), (
        Col(("合计", "总计", "支出合计"), "expense.total", "expense.function.{c}"),
        Col(("基本支出", "基本支出", "基本经费"), "expense.basic", "expense.function.{c}.basic",
            group=("其中", "其中", "按支出性质")),
        Col(("项目支出", "项目支出", "项目经费"), "expense.project", "expense.function.{c}.project",
            group=("其中", "其中", "按支出性质"))), by_rows=True),
    Spec("general", ("一般公共预算支出预算表", "一般公共预算财政拨款支出情况表",
                     "一般公共预算拨款安排的支出表"), (
        Col(("合计", "总计", "支出合计"), "expense.general.total", "expense.general.function.{c}"),
        Col(("基本支出", "基本支出", "基本经费"), "expense.general.basic",
            "expense.general.function.{c}.basic", group=("基本支出", "基本支出", "基本经费"),
            leaf=("小计", "小计", "小计")),
        Col(("人员经费", "人员支出", "人员类支出"), "expense.general.basic.personnel",
            group=("基本支出", "基本支出", "基本经费")),
        Col(("公用经费", "日常公用支出", "运转类支出"), "expense.general.basic.public",
            group=("基本支出", "基本支出", "基本经费")),
        Col(("项目支出", "专项业务经费", "项目经费"), "expense.general.project",
            "expense.general.function.{c}.project")), by_rows=True),
    Spec("three_public", ("一般公共预算“三公”经费支出预算表", "财政拨款“三公”经费支出情况表",
                          "“三公”经费预算安排表"), (
        Col(("合计", "“三公”经费合计", "三项经费合计"), "three_public.total"),
        Col(("因公出国（境）费", "因公出国（境）费用", "出国（境）经费"), "three_public.overseas"),
        Col(("公务接待费", "公务接待费", "接待费"), "three_public.reception"),
        Col(("公务用车购置及运行费", "公务用车购置及运行维护费", "公车购置及运维费"),
            "three_public.vehicle",
            group=("公务用车购置及运行费", "公务用车购置及运行维护费", "公车购置及运维费"),
            leaf=("小计", "小计", "小计")),
        Col(("其中：公务用车购置费", "公务用车购置费", "公车购置"), "three_public.vehicle_purchase",
            group=("公务用车购置及运行费", "公务用车购置及运行维护费", "公车购置及运维费"),
            leaf=("购置费", "公务用车购置费", "公车购置")),
        Col(("其中：公务用车运行费", "公务用车运行维护费", "公车运维"),
            "three_public.vehicle_operation",
            group=("公务用车购置及运行费", "公务用车购置及运行维护费", "公车购置及运维费"),
            leaf=("运行费", "公务用车运行维护费", "公车运维")))),
)


def _path(col: Col, w: int, merged: bool) -> tuple[str, ...]:
    if merged and col.group[w]:
        return (col.group[w], (col.leaf or col.flat)[w])
    return (col.flat[w],)


def _blocks(cols: list[Col], permute: bool) -> list[Col]:
    """Value columns in print order: permuted = the blocks of one group (kept together, so a
    merged heading still spans them) in reverse order, and reversed inside each block."""
    if not permute:
        return cols
    blocks: list[list[Col]] = []
    for c in cols:
        if blocks and c.group[0] and blocks[-1][0].group == c.group:
            blocks[-1].append(c)
        else:
            blocks.append([c])
    return [c for b in reversed(blocks) for c in reversed(b)]


#: how many of a unit one 万元 is (the figures are 万元; a variant prints them in its unit)
SCALE = {"万元": Decimal(1), "元": Decimal(10000), "千元": Decimal(10)}


def _unit(v) -> str:
    return getattr(v, "unit", "") or ("元" if v.yuan else "万元")


def _figure(value: Decimal, unit: str) -> str:
    return f"{value * SCALE[unit]:.2f}"


def _header(paths: list[tuple[str, ...]], n_header: int) -> list[GenCell]:
    """Header cells of column paths of any depth: a level shared by neighbours is one merged
    cell over them; a path shorter than the header spans the rows below its last level."""
    cells: list[GenCell] = []

    def place(level: int, start: int, end: int) -> None:
        k = start
        while k < end:
            p = paths[k]
            if len(p) == level + 1:
                cells.append(GenCell(p[level], level, k, rowspan=n_header - level, header=True))
                k += 1
                continue
            span = 1
            while k + span < end and len(paths[k + span]) > level + 1 \
                    and paths[k + span][level] == p[level]:
                span += 1
            cells.append(GenCell(p[level], level, k, colspan=span, header=True))
            place(level + 1, k, k + span)
            k += span

    place(0, 0, len(paths))
    return cells


def _value(text_value: Decimal, measure: str, row: int, col: int, unit: str) -> GenCell:
    return GenCell(_figure(text_value, unit), row, col, measure=measure, basis="current",
                   value=text_value, origin="input", numeric=True)


def _other(value: Decimal, row: int, col: int, unit: str, percent: bool = False) -> GenCell:
    """A figure of no current-year measure (上年执行数, 增减额, 增减%): printed, not scored."""
    text = f"{value:.2f}" if percent else _figure(value, unit)
    return GenCell(text, row, col, value=value, origin="input", numeric=True)


def _prior(value: Decimal) -> Decimal:
    """The prior-year figure a comparison group prints beside the current one (synthetic: the
    layout is what is measured; the current figures are the document's)."""
    return (value * Decimal("0.93")).quantize(Decimal("0.01"))


def _compare_paths(cols: list[Col], paths: list[tuple[str, ...]], compare) -> list:
    """Column paths under comparison groups: (prior group + every value column), (current group
    + every value column), the total's change, its percentage change. Each entry is
    (path, col, what) with what in prior | current | change | pct."""
    prior_w, current_w, change_w, pct_w = compare
    out = [((prior_w,) + p, c, "prior") for c, p in zip(cols, paths)]
    out += [((current_w,) + p, c, "current") for c, p in zip(cols, paths)]
    return out + [((change_w,), cols[0], "change"), ((pct_w,), cols[0], "pct")]


def build_table(spec: Spec, number: int, data: dict, rows: list[tuple[str, str]],
                v) -> Optional[GenTable]:
    """The table of ``spec`` holding the document's figures in variant ``v``; None when the
    document has no figure for its total column."""
    w = WORDINGS.index(v.wording)
    cols = [c for c in spec.cols if c.total in data]
    if not cols or spec.cols[0].total not in data:
        return None
    cols = _blocks(cols, v.permute)
    labels = (["科目编码", "科目名称"] if v.codes else ["科目名称"]) if spec.by_rows else ["项目"]
    value_paths = [_path(c, w, v.merged) for c in cols]
    compare = getattr(v, "compare", ())
    slots = (_compare_paths(cols, value_paths, compare) if compare
             else [(p, c, "current") for c, p in zip(cols, value_paths)])
    paths = [(x,) for x in labels] + [p for p, _, _ in slots]
    n_header = max(len(p) for p in paths)
    cells = _header(paths, n_header)
    unit = _unit(v)
    r = n_header
    body = [("", "合计", {c.total: c for c in cols})]
    if spec.by_rows:
        for code, name in rows:
            measures = {c.row.format(c=code): c for c in cols if c.row}
            if any(m in data for m in measures):
                body.append((code, name or code, measures))
    for code, name, measures in body:
        texts = ([code, name] if v.codes else [name]) if spec.by_rows else [name]
        if spec.by_rows and not code:
            texts = ["", name] if v.codes else [name]
        cells += [GenCell(t, r, k) for k, t in enumerate(texts)]
        cells += _row_figures(data, measures, slots, r, len(labels), unit)
        r += 1
    return GenTable(family=spec.key, role="", number=number, title=spec.titles[w], n_rows=r,
                    n_cols=len(paths), n_header=n_header, cells=tuple(cells),
                    unit_line=f"单位：{unit}")


def _row_figures(data: dict, measures: dict, slots: list, row: int, first: int,
                 unit: str) -> list[GenCell]:
    """One body row's figures in the slots' order (a comparison group's prior, change and
    percentage beside the current figure)."""
    by_col = {id(c): m for m, c in measures.items() if m in data}
    out = []
    for k, (_, col, what) in enumerate(slots, first):
        m = by_col.get(id(col))
        if m is None:
            continue
        cur = data[m]
        if what == "current":
            out.append(_value(cur, m, row, k, unit))
        elif what == "prior":
            out.append(_other(_prior(cur), row, k, unit))
        elif what == "change":
            out.append(_other(cur - _prior(cur), row, k, unit))
        elif _prior(cur):
            pct = ((cur - _prior(cur)) / _prior(cur) * 100).quantize(Decimal("0.01"))
            out.append(_other(pct, row, k, unit, percent=True))
    return out


HELDOUT = Path(__file__).resolve().parents[1] / "benchmark" / "variants" / "heldout_wordings.toml"
#: the held-out sets by name (``--wordings``): heldout (session 7), heldout3 (session 9: tables in
#: new layouts and wordings, and sentences)
HELDOUT_SETS = {"heldout": HELDOUT, "heldout3": HELDOUT.with_name("heldout3_wordings.toml")}


def load_heldout(path: Path = HELDOUT) -> dict:
    """The held-out wordings (benchmark/variants/heldout*_wordings.toml): kept apart from the
    development of the recogniser and measured only at the end."""
    import tomllib

    with path.open("rb") as fh:
        return tomllib.load(fh)


def heldout_count(data: dict) -> int:
    """How many held-out variants to print: the longest list of table titles."""
    return max(len(t["titles"]) for t in data["table"])


def heldout_specs(data: dict, k: int) -> tuple[Spec, ...]:
    """SPECS printed in held-out wording ``k``: each title and column takes its k-th held-out
    wording (a shorter list wraps); a column the file does not list keeps its base wording."""
    by_key = {t["key"]: t for t in data["table"]}
    out = []
    for spec in SPECS:
        entry = by_key.get(spec.key)
        if entry is None:
            out.append(spec)
            continue
        titles = entry["titles"]
        title = titles[k % len(titles)]
        cols = []
        for col in spec.cols:
            words = entry.get("columns", {}).get(col.total)
            word = words[k % len(words)] if words else col.flat[0]
            group, _, leaf = word.rpartition("/")   # 基本支出/人员经费: a merged group over it
            cols.append(Col((leaf,) * 3, col.total, col.row, group=(group,) * 3))
        out.append(Spec(spec.key, (title,) * 3, tuple(cols), spec.by_rows))
    return tuple(out)


# Economic classes printed by name without codes (issue #8 item 4): `novel` wordings of the
# reference names (费用 for 费, 支出/缴费 added or dropped, 和/的 dropped, a part of the name), the
# development set of rules/reference's loose names; a code not listed prints its reference name.
ECON_NOVEL = {
    "301": "工资福利", "302": "商品服务支出", "303": "对个人和家庭补助",
    "30101": "基本工资", "30102": "津贴和补贴", "30103": "奖金", "30106": "伙食补助",
    "30107": "绩效工资", "30108": "养老保险缴费", "30109": "职业年金", "30110": "医疗保险缴费",
    "30111": "公务员医疗补助", "30112": "其他社会保障缴费", "30113": "住房公积金缴费",
    "30201": "办公费用", "30202": "印刷费用", "30205": "水费", "30206": "电费", "30207": "邮电费用",
    "30209": "物业管理费用", "30211": "差旅费用", "30213": "维修费", "30214": "租赁费用",
    "30215": "会议费用", "30216": "培训费用", "30217": "公务接待费用", "30226": "劳务费用",
    "30227": "委托业务费用", "30228": "工会经费支出", "30229": "福利费用",
    "30231": "公务用车运行维护费用", "30239": "其他交通费", "30299": "其他商品服务支出",
    "30302": "退休费用", "30304": "抚恤金支出", "30305": "生活补助费", "30307": "医疗费补助",
    "30309": "奖励金支出",
}
ECON_PREFIX = "expense.general.basic.economic."


def build_economic(data: dict, number: int, year: int, v) -> Optional[GenTable]:
    """一般公共预算基本支出表 by economic class, names only (no codes): reference names
    (``econ`` base) or ECON_NOVEL's (``econ`` novel); None without economic rows."""
    from budgetlens.rules.reference import economic_name

    codes = sorted(m[len(ECON_PREFIX):] for m in data if m.startswith(ECON_PREFIX))
    if not codes:
        return None
    unit = _unit(v)
    cells = [GenCell("科目名称", 0, 0, header=True), GenCell("合计", 0, 1, header=True)]
    r = 1
    if "expense.general.basic" in data:
        cells += [GenCell("合计", r, 0), _value(data["expense.general.basic"],
                                               "expense.general.basic", r, 1, unit)]
        r += 1
    for code in codes:
        name = (ECON_NOVEL.get(code) if v.econ == "novel" else None) or economic_name(code, year)
        cells += [GenCell(name or code, r, 0), _value(data[ECON_PREFIX + code], ECON_PREFIX + code,
                                                       r, 1, unit)]
        r += 1
    return GenTable(family="gpb_basic", role="", number=number, title="一般公共预算基本支出预算表",
                    n_rows=r, n_cols=2, n_header=1, cells=tuple(cells), unit_line=f"单位：{unit}")
