"""A 部门预算项目支出绩效自评表 written by the tests, of a unit and with figures no real file holds,
flattened as page text the two ways batch 11 prints it (大英 司法局 2023: one row a line, cells
separated by `` | ``; 青神 发改局 2023: one cell a line, each ending ``|``). Shared by the reader,
extraction and audit tests of session 19 (branch forms8).

The form as printed: a title row, label/value rows, the funds block under its block label
预算执行情况(10分) (which spans the block's rows, so the rows below print one cell fewer), its note
cell spanning the rows under 总额, the indicator block under 绩效指标(90分), the 合计 row and the
closing text rows.
"""

from __future__ import annotations

TITLE = "部门预算项目支出绩效自评表(2024年度)"
NOTE = ("1.预算执行率=预算执行数/调整后预算数,预算执行率未达到90%的需说明原因(100字以内);2.年中发生预算调整的"
        "(追加或调减),应单独说明理由;3.其他资金包括:社会投入资金、银行贷款.")
WIDTH = 11


def form(funds: tuple[str, str, str, str] = ("12.00", "15.00", "13.50", "90.00%"),
         execution: tuple[str, str] = ("10", "9"), special: str = "0.00",
         indicators: tuple[tuple[str, str], ...] = (("50", "45"), ("40", "38")),
         block_labels: tuple[str, str] = ("预算执行情况(10分)", "绩效指标(90分)")) -> list[list[str]]:
    """The form's rows of cells as printed (spanned slots not written). ``funds``: 年初预算,
    调整后预算数, 预算执行数, 预算执行率 of 总额; ``special``: 财政专户管理资金's three amounts (added to
    财政资金's to make 总额 when not zero)."""
    initial, adjusted, current, rate = funds
    fiscal = [f"{float(x) - float(special):.2f}" if k else x
              for k, x in enumerate((initial, adjusted, current))] if special != "0.00" else \
        [initial, adjusted, current]
    rows = [[TITLE], ["项目名称", "2024年农村道路养护项目"],
            ["主管部门", "宜宾市翠屏区交通运输局部门", "实施单位", "宜宾市翠屏区公路养护中心"],
            [block_labels[0], "年度预算数(万元)", "年初预算", "调整后预算数", "预算执行数", "预算执行率",
             "权重", "得分", "原因"],
            ["总额", initial, adjusted, current, rate, *execution, NOTE],
            ["其中:财政资金", *fiscal, rate, "/", "/"],
            ["财政专户管理资金", "0.00", special, special, "0.00%", "/", "/"],
            ["单位资金", "0.00", "0.00", "0.00", "0.00%", "/", "/"],
            ["其他资金", "", "", "", "", "/", "/"],
            [block_labels[1], "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值",
             "权重", "得分", "未完成原因分析"]]
    names = (("产出指标", "数量指标", "养护里程", "≥", "120", "公里", "126"),
             ("效益指标", "社会效益指标", "群众满意度", "≥", "90", "%", "95"))
    rows += [[*name, weight, score, ""] for name, (weight, score) in zip(names, indicators)]
    rows += [["合计", "100"], ["评价结论", "项目按计划完成,道路通行条件改善。"], ["存在问题", "无"],
             ["项目负责人:王五", "财务负责人:赵六"]]
    return rows


def as_pipe_rows(rows: list[list[str]]) -> str:
    """One row a line: ``a | b | ||||`` (the row's cells, then its blank slots to the width)."""
    return "\n".join(" | ".join(r) + " |" + " " + "|" * (WIDTH - len(r)) for r in rows) + "\n"


def as_cell_lines(rows: list[list[str]]) -> str:
    """One cell a line, ``text |``, a blank cell a bare ``|``; nothing marks a row's end."""
    return "\n".join(f"{c} |" if c else "|" for r in rows for c in r) + "\n"
