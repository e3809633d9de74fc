"""A synthetic but consistent input for budgetlens generate: real function and economic codes
(the package's reference tables), amounts from a seeded generator, every total the sum of its
parts, a prior year for the changes, a reason for each change. Written as the JSON shape
``budgetlens extract`` produces, so it goes through the same input path as a seed's extract.

WHY built, not copied: the tests must be able to plant exactly one inconsistency in data that is
otherwise clean, and to make a table long enough to run over pages.
"""

from __future__ import annotations

import csv
import json
import random
from decimal import Decimal
from importlib import resources
from pathlib import Path

UNIT = "示例市数据资源管理局"
CENT = Decimal("0.01")
SOE_ONLY = ("223",)


def _observed_items() -> list[tuple[str, str]]:
    """项 codes of the reference lists whose 款 and 类 are listed too (their names are known):
    the 2024–2026 list first, then the codes observed in the corpus (for long documents)."""
    rows: dict[str, dict] = {}
    for name in ("func_observed_2024_2026.csv", "func_observed_corpus.csv"):
        text = resources.files("budgetlens.rules.reference").joinpath(name).read_text(encoding="utf-8")
        for r in csv.DictReader(text.splitlines()):
            rows.setdefault(r["code"], r)
    # 223 国有资本经营预算支出 is spent from that fund only: not a row of the general budget
    return [(c, r["name"]) for c, r in rows.items()
            if r["level"] == "项" and c[:5] in rows and c[:3] in rows and not c.startswith(SOE_ONLY)]


def _amount(rng: random.Random, low: int, high: int) -> Decimal:
    return (Decimal(rng.randint(low * 100, high * 100)) / 100).quantize(CENT)


def _fact(measure: str, value: Decimal, basis: str = "current", kind: str = "money") -> dict:
    return {"measure": measure, "basis": basis, "value": str(value), "kind": kind,
            "origin": "input", "source": {"file": "synthetic.json", "text": f"{measure}={value}"}}


def _reason(measure: str, text: str, basis: str = "change_prior") -> dict:
    return {"kind": "reason", "text": text, "measure": measure, "basis": basis,
            "source": {"file": "synthetic.json", "text": text}}


def _budgets(facts: list[dict]) -> tuple[list[dict], list[dict]]:
    """A 决算's 年初预算数 (and 调整预算数 of the general budget's total): the 三公 items budgeted
    above what was spent (their totals the sums of the items' budgets), the general budget
    below; a reason for every variance of 10 % or more."""
    current = {f["measure"]: Decimal(f["value"]) for f in facts if f["basis"] == "current"}
    budget = {m: (current[m] * factor).quantize(CENT) for m, factor in (
        ("three_public.overseas", Decimal("1.5")),
        ("three_public.vehicle_purchase", Decimal(1)), ("three_public.vehicle_operation", Decimal("1.1")),
        ("three_public.reception", Decimal("1.05")))}
    budget["three_public.vehicle"] = budget["three_public.vehicle_purchase"] + budget["three_public.vehicle_operation"]
    budget["three_public.total"] = (budget["three_public.overseas"] + budget["three_public.vehicle"]
                                    + budget["three_public.reception"])
    out, claims = [], []
    for measure, value in budget.items():
        out.append(_fact(measure, value, "initial_budget"))
        if value and abs(current[measure] / value - 1) >= Decimal("0.1"):
            claims.append(_reason(measure, "严格执行中央八项规定精神，压减因公出国（境）团组", "change_initial_budget"))
    return out + _function_budgets(current), claims


def _function_budgets(current: dict[str, Decimal]) -> list[dict]:
    """年初预算数 of every row of the general budget's function table (5 % below what was spent,
    each 项 rounded, 款/类/合计 the sums) and 调整预算数 equal to the spending: a 决算 prints a
    budget column only when every row has its figure (a blank cell would read as a zero)."""
    prefix = "expense.general.function."
    budget: dict[str, Decimal] = {}
    for measure, value in current.items():
        code = measure[len(prefix):] if measure.startswith(prefix) else ""
        if code.isdigit() and len(code) == 7:
            b = (value * Decimal("0.95")).quantize(CENT)
            for key in (code, code[:5], code[:3], ""):
                budget[key] = budget.get(key, Decimal(0)) + b
    out = []
    for code, value in budget.items():
        measure = prefix + code if code else "expense.general.total"
        out += [_fact(measure, value, "initial_budget"), _fact(measure, current[measure], "adjusted_budget")]
    return out


def _projects(total: Decimal, kind: str) -> list[dict]:
    """Three 项目 whose amounts add up to the 项目支出, each with its 绩效目标 (a 决算's with a score)."""
    first, second = (total * Decimal("0.4")).quantize(CENT), (total * Decimal("0.35")).quantize(CENT)
    rows = [("政务数据共享平台运维", first, "保障平台全年稳定运行，数据共享服务响应及时", "系统可用率不低于百分之九十九"),
            ("公共数据开放专项", second, "扩大公共数据开放范围，提升数据质量", "新增开放数据集不少于五十个"),
            ("数据安全监测服务", total - first - second, "及时发现并处置数据安全风险", "风险处置及时率达到百分之百")]
    out = [{"name": n, "amount": str(a), "target": t, "indicators": i} for n, a, t, i in rows]
    out[0]["indicator_rows"] = _indicator_rows(kind)
    if kind == "final":
        for p, score in zip(out, ("97", "92", "98")):
            p["score"] = score
    return out


#: (一级, 二级, 三级指标, 指标值, 实际完成值, 分值, 得分): a 决算's scores add up to its 97; each
#: quantitative one achieved scores full marks (standards.md §6.3), the qualitative one is judged
INDICATORS = (("产出指标", "数量指标", "新增开放数据集", "≥50个", "56个", "30", "30"),
              ("产出指标", "质量指标", "系统可用率", "≥99%", "99.6%", "20", "20"),
              ("效益指标", "社会效益指标", "数据共享服务响应", "显著提升", "达到预期", "30", "27"),
              ("满意度指标", "服务对象满意度指标", "使用单位满意度", "≥90%", "93%", "10", "10"),
              ("预算执行率", "", "全年预算执行率", "100%", "100%", "10", "10"))


def _indicator_rows(kind: str) -> list[dict]:
    """Indicator rows of the first project: a 预算's targets and weights, a 决算's with actuals
    and scores (standards.md §6: 预算执行率 10 + indicators 90)."""
    keys = ("level1", "level2", "name", "target", "actual", "weight", "score")
    rows = [dict(zip(keys, r)) for r in INDICATORS]
    if kind != "final":
        rows = [{k: v for k, v in r.items() if k not in ("actual", "score")} for r in rows[:4]]
        for r, w in zip(rows, ("40", "20", "30", "10")):
            r["weight"] = w
    return rows


def _admin_cost(total: Decimal) -> list[dict]:
    """机关运行经费 by economic 类/款 (its table): 302 商品和服务支出 = 30201 办公费 + 30211 差旅费."""
    office = (total * Decimal("0.6")).quantize(CENT)
    return [_fact("admin_operating_cost.economic.302", total),
            _fact("admin_operating_cost.economic.30201", office),
            _fact("admin_operating_cost.economic.30211", total - office)]


def _functions(rng: random.Random, n_items: int) -> tuple[list[dict], Decimal, Decimal]:
    """Rows 类/款/项 of the general budget, basic and project, in every function table."""
    items = _observed_items()[:n_items]
    basic: dict[str, Decimal] = {}
    project: dict[str, Decimal] = {}
    for code, _name in items:
        b, p = _amount(rng, 5, 400), _amount(rng, 0, 300)
        for c in (code, code[:5], code[:3]):
            basic[c] = basic.get(c, Decimal(0)) + b
            project[c] = project.get(c, Decimal(0)) + p
    facts = []
    for code in sorted(basic):
        total = basic[code] + project[code]
        for prefix in ("expense.general.function", "expense.function"):
            facts += [_fact(f"{prefix}.{code}", total), _fact(f"{prefix}.{code}.basic", basic[code]),
                      _fact(f"{prefix}.{code}.project", project[code])]
        facts += [_fact(f"income.function.{code}", total),
                  _fact(f"income.function.{code}.fiscal.general", total)]
        if len(code) == 3:
            facts.append(_fact(f"expense.fiscal.function.{code}", total))
    names = {code: name for code, name in items}
    for f in facts:
        code = f["measure"].split(".")[-1] if f["measure"].split(".")[-1].isdigit() else \
            f["measure"].split(".")[-2]
        if code in names:
            f["label"] = f"{code} {names[code]} / 合计"
    top = [c for c in basic if len(c) == 3]
    return facts, sum((basic[c] for c in top), Decimal(0)), sum((project[c] for c in top), Decimal(0))


def _economic(basic: Decimal) -> list[dict]:
    """基本支出 by economic 类/款: 人员经费 301 (30101 + 30102), 公用经费 302 (30201 + 30211)."""
    personnel = (basic * Decimal("0.8")).quantize(CENT)
    public = basic - personnel
    wage = (personnel * Decimal("0.6")).quantize(CENT)
    office = (public * Decimal("0.7")).quantize(CENT)
    rows = [("301", personnel, "personnel"), ("30101", wage, "personnel"),
            ("30102", personnel - wage, "personnel"), ("302", public, "public"),
            ("30201", office, "public"), ("30211", public - office, "public")]
    facts = []
    for code, value, part in rows:
        facts += [_fact(f"expense.general.basic.economic.{code}", value),
                  _fact(f"expense.general.basic.economic.{code}.{part}", value)]
    return facts + [_fact("expense.general.basic.personnel", personnel),
                    _fact("expense.general.basic.public", public)]


def _with_prior(measure: str, current: Decimal, prior: Decimal, reason: str) -> tuple[list, list]:
    return [_fact(measure, current), _fact(measure, prior, "prior")], [_reason(measure, reason)]


def synthetic_input(n_items: int = 30, seed: int = 11, kind: str = "budget") -> dict:
    """The whole input as a dict (``json.dumps`` it to a file for ``budgetlens generate``)."""
    rng = random.Random(seed)
    facts, basic, project = _functions(rng, n_items)
    total = basic + project
    facts += _economic(basic)
    claims: list[dict] = []
    prior_basic, prior_project = (basic * Decimal("0.8")).quantize(CENT), (project * Decimal("1.25")).quantize(CENT)
    for measure, cur, prior, why in (
            ("expense.general.basic", basic, prior_basic, "人员调整及工资标准提高"),
            ("expense.general.project", project, prior_project, "部分项目完成后不再安排"),
            ("expense.general.total", total, prior_basic + prior_project, "人员经费增加，部分项目完成"),
            ("expense.total", total, prior_basic + prior_project, "人员经费增加，部分项目完成"),
            ("income.total", total, prior_basic + prior_project, "财政拨款随支出安排相应调整")):
        f, c = _with_prior(measure, cur, prior, why)
        facts += f
        claims += c
    for measure in ("income.fiscal.general", "income.fiscal", "expense.fiscal.total",
                    "income.grand_total", "expense.grand_total", "income.fiscal.total_with_carryover",
                    "expense.fiscal.grand_total"):
        facts.append(_fact(measure, total))
    facts += [_fact("expense.basic", basic), _fact("expense.project", project)]
    three = {"three_public.overseas": Decimal("6.00"), "three_public.vehicle_purchase": Decimal("0.00"),
             "three_public.vehicle_operation": Decimal("4.50"), "three_public.reception": Decimal("2.30")}
    prior3 = {"three_public.overseas": Decimal("8.00"), "three_public.vehicle_purchase": Decimal("0.00"),
              "three_public.vehicle_operation": Decimal("5.00"), "three_public.reception": Decimal("2.30")}
    for m in three:
        facts += [_fact(m, three[m]), _fact(m, prior3[m], "prior")]
    for m, parts in (("three_public.vehicle", ("three_public.vehicle_purchase", "three_public.vehicle_operation")),
                     ("three_public.total", tuple(three))):
        facts += [_fact(m, sum((three[p] for p in parts), Decimal(0))),
                  _fact(m, sum((prior3[p] for p in parts), Decimal(0)), "prior")]
    claims += [_reason("three_public.overseas", "压减因公出国（境）团组"),
               _reason("three_public.total", "压减因公出国（境）团组，严格公务用车管理"),
               _reason("three_public.vehicle_operation", "严格公务用车管理"),
               _reason("three_public.vehicle", "严格公务用车管理")]
    f, c = _with_prior("admin_operating_cost", Decimal("85.40"), Decimal("92.10"), "落实过紧日子要求，压减公用经费")
    facts += f + [_fact("procurement.total", Decimal("120.00")), _fact("procurement.goods", Decimal("70.00")),
                  _fact("procurement.works", Decimal("0.00")), _fact("procurement.services", Decimal("50.00")),
                  _fact("assets.vehicles", Decimal(3), kind="count"),
                  _fact("assets.vehicles.general_official", Decimal(1), kind="count"),
                  _fact("assets.vehicles.law_enforcement", Decimal(2), kind="count"),
                  _fact("assets.equipment_over_1m", Decimal(2), kind="count"),
                  _fact("assets.fixed_assets", Decimal("1234.56")),
                  _fact("staff.authorized", Decimal(45), kind="count"),
                  _fact("staff.authorized.administrative", Decimal(38), kind="count"),
                  _fact("staff.authorized.institutional", Decimal(7), kind="count"),
                  _fact("staff.actual", Decimal(43), kind="count"),
                  _fact("staff.retired", Decimal(12), kind="count"),
                  _fact("performance.covered_amount", project),
                  _fact("performance.project_count", Decimal(12), kind="count")]
    claims += c
    facts += _admin_cost(Decimal("85.40"))
    if kind == "final":
        f, c = _budgets(facts)
        facts += f
        claims += c
    return {"file": "synthetic.json", "status": "ok", "projects": _projects(project, kind),
            "metadata": {"unit": UNIT, "year": 2025, "kind": kind, "level": "department",
                         "template": "national", "region": "示例市"},
            "facts": facts, "claims": claims,
            "profile": {"functions": ["负责全市数据资源的统筹管理和开发利用，推进政务信息化建设。",
                                      "负责政务数据共享开放和数据安全管理工作。"],
                        "organisation": ["本部门设办公室、规划发展处、数据资源处、信息安全处等内设机构。"]}}


def write_input(folder: Path, data: dict, name: str = "input.json") -> Path:
    path = folder / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path
