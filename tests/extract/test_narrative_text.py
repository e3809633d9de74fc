"""Narrative extraction on inline excerpts: wordings of other regions and PDF line breaks.

Each excerpt is written as the documents print it (some sentences are quoted from the corpus
excerpts: 广东省财政厅 2023, 寻甸 2023); the assertions are (measure, basis, value) projections.
"""

from __future__ import annotations

from decimal import Decimal

from budgetlens.extract.narrative import extract_narrative
from budgetlens.model import Document, Line, Metadata, Page

FINAL = Metadata(kind="final", year=2023)
BUDGET = Metadata(kind="budget", year=2024)


def doc(*pages: list[str], fmt: str = "text") -> Document:
    built = []
    for p, texts in enumerate(pages, start=1):
        lines = tuple(Line(t, p, i + 1, bbox=(10.0, 20.0 * i, 500.0, 20.0 * i + 12)) for i, t in enumerate(texts))
        built.append(Page(p, lines))
    return Document("inline.pdf" if fmt == "pdf" else "inline.txt", fmt, tuple(built))


def run(meta: Metadata, *pages: list[str], fmt: str = "text"):
    return extract_narrative(doc(*pages, fmt=fmt), meta, [])


def triples(facts) -> set:
    return {(f.measure, f.basis, f.value) for f in facts}


def test_completion_and_not_comparable_guangdong():
    text = ("广东省财政厅2023年度“三公”经费财政拨款支出决算为62.07万元,完成全年预算84.82万元的73.2%,"
            "比上年决算数增加38.97万元,增长168.7%;比2019年(疫情前)决算数减少24.87万元,降低28.6%。"
            "其中:因公出国(境)费支出决算为12.02万元,完成预算12.02万元的100%,比上年决算数增加12.02万元,"
            "增长--(基数为0,不可比);"
            "公务接待费支出决算为22.59万元,比上年决算数增加20.63万元,增长1,055.4%。")
    _, facts, claims, _ = run(FINAL, ["一、“三公”经费支出决算情况说明", text])
    got = triples(facts)
    assert {
        ("three_public.total", "current", Decimal("62.07")),
        ("three_public.total", "adjusted_budget", Decimal("84.82")),
        ("three_public.total", "completion_adjusted_budget", Decimal("73.2")),
        ("three_public.total", "change_prior", Decimal("38.97")),
        ("three_public.total", "pct_change_prior", Decimal("168.7")),
        ("three_public.overseas", "current", Decimal("12.02")),
        ("three_public.overseas", "change_prior", Decimal("12.02")),
        ("three_public.reception", "pct_change_prior", Decimal("1055.4")),
    } <= got
    # 比2019年 is not the previous year of a 2023 final account: not a prior-year change
    assert not [f for f in facts if f.value in (Decimal("-24.87"), Decimal("-28.6"))]
    nc = [c for c in claims if c.kind == "not_comparable"]
    assert [(c.measure, c.basis) for c in nc] == [("three_public.overseas", "pct_change_prior")]
    assert not [f for f in facts if f.measure == "three_public.overseas" and f.basis.startswith("pct")]


def test_bare_budget_in_final_account_is_the_initial_budget():
    # as a bare 预算数 column of a final account's tables (tables.toml [[basis]])
    text = ("寻甸县塘子街道办事处2023年度一般公共预算财政拨款“三公”经费支出预算为24.5万元,"
            "支出决算为11.96万元,完成预算的48.82%。")
    _, facts, _, diags = run(FINAL, [text])
    assert triples(facts) == {("three_public.total", "current", Decimal("11.96")),
                              ("three_public.total", "initial_budget", Decimal("24.5")),
                              ("three_public.total", "completion_initial_budget", Decimal("48.82"))}
    assert not diags


def test_pdf_lines_joined_with_per_number_provenance():
    page1 = ["（一）机关运行经费情况说明", "2023年度本单位机关运行经费支出50.07万元，较上年决算数增",
             "加9.49万元，增长18.95%，主要原因是新组建单位，职能职责增加。"]
    _, facts, claims, _ = run(FINAL, page1, fmt="pdf")
    by_basis = {f.basis: f for f in facts if f.measure == "admin_operating_cost"}
    assert by_basis["current"].value == Decimal("50.07")
    assert (by_basis["current"].source.page, by_basis["current"].source.line) == (1, 2)
    change = by_basis["change_prior"]
    assert change.value == Decimal("9.49") and change.source.line == 3
    assert change.source.bbox == (10.0, 40.0, 500.0, 52.0)
    # one sentence wrapped over lines 2–3 is one scope: the line it starts on
    assert change.scope == by_basis["current"].scope == "text:1:2"
    assert change.source.text.startswith("2023年度本单位机关运行经费支出50.07万元，较上年决算数增加9.49")
    assert by_basis["pct_change_prior"].value == Decimal("18.95")
    reason = [c for c in claims if c.kind == "reason"]
    assert [(c.measure, c.basis) for c in reason] == [("admin_operating_cost", "change_prior")]
    assert reason[0].text.startswith("主要原因是新组建单位")


def test_sentence_over_a_page_break_skips_the_page_number():
    page1 = ["四、“三公”经费情况说明", "2024年“三公”经费预算支出中，因公出国（境）费支出222.5", "27"]
    page2 = ["万元，占“三公”经费的26.69%；公务接待费支出427.5万元，占“三公”经费的51.28%。"]
    _, facts, _, _ = run(BUDGET, page1, page2, fmt="pdf")
    got = triples(facts)
    assert ("three_public.overseas", "current", Decimal("222.5")) in got
    assert ("three_public.overseas", "share", Decimal("26.69")) in got
    fact = next(f for f in facts if f.measure == "three_public.overseas" and f.basis == "current")
    assert (fact.source.page, fact.source.line) == (1, 2)


def test_traditional_characters_and_yuan_amounts():
    text = "2023年度收入總計4,347,200.00元，支出總計434.72萬元。"
    _, facts, _, _ = run(FINAL, [text])
    values = {(f.measure, f.value, f.decimals) for f in facts}
    assert ("income.grand_total", Decimal("434.72"), 6) in values
    assert ("expense.grand_total", Decimal("434.72"), 2) in values


def test_statements_and_residue():
    texts = ["（五）政府性基金预算收支决算情况说明", "本单位2020年度无政府性基金预算财政拨款收支。",
             "（六）其他", "我单位不在机关运行经费统计范围之内。",
             "2020年度本单位会议费支出XX万元，较上年增加（减少）0万元，主要原因是。"]
    _, _, claims, _ = run(FINAL, texts)
    kinds = {(c.kind, c.measure) for c in claims}
    assert ("empty_statement", "expense.gov_fund.total") in kinds
    assert ("not_applicable", "admin_operating_cost") in kinds
    residue = {c.value for c in claims if c.kind == "residue"}
    assert {"XX", "增加(减少)"} <= residue
    assert any(c.kind == "residue" for c in claims if c.text.endswith("主要原因是。"))


def test_unknown_kind_reads_no_kind_specific_basis():
    """年初预算 is current in a 预算 but initial_budget in a 决算: unknown kind → no guess."""
    text = "2024年年初预算数2798.78万元。一般公共预算财政拨款支出1962.78万元，较年初预算增加75.91万元。"
    _, facts, _, _ = run(Metadata(), ["（一）支出预算：" + text])
    got = triples(facts)
    assert ("expense.general.total", "current", Decimal("1962.78")) in got
    assert not [f for f in facts if f.value in (Decimal("2798.78"), Decimal("75.91"))]
    _, facts, _, _ = run(FINAL, ["（一）支出决算：" + text])
    assert ("expense.general.total", "change_initial_budget", Decimal("75.91")) in triples(facts)


def test_subject_of_a_clause_led_by_an_unknown_noun_is_not_guessed():
    texts = ["三、支出预算情况说明", "项目支出预算数为6333.96万元。与上年相比增加480万元，增长8.2%。",
             "单位待分配经费预算数为1685.72万元。与上年相比增加1557.29万元，增长1312.56%。"]
    _, facts, _, _ = run(Metadata(kind="budget", year=2018), texts)
    got = triples(facts)
    assert {("expense.project", "current", Decimal("6333.96")),
            ("expense.project", "change_prior", Decimal("480")),
            ("expense.project", "pct_change_prior", Decimal("8.2"))} <= got
    assert not [f for f in facts if f.value in (Decimal("1685.72"), Decimal("1557.29"), Decimal("1312.56"))]


def test_unit_reserve_clause_is_the_reserve_not_the_previous_subject():
    """江苏 单位预留机动经费 (a part of 本年支出合计 beside 基本/项目) is its own measure."""
    texts = ["三、支出预算情况说明", "项目支出预算数为6333.96万元。与上年相比增加480万元，增长8.2%。",
             "单位预留机动经费预算数为1685.72万元。与上年相比增加1557.29万元，增长1312.56%。"]
    _, facts, _, _ = run(Metadata(kind="budget", year=2018), texts)
    got = triples(facts)
    assert ("expense.reserve", "current", Decimal("1685.72")) in got
    assert not [f for f in facts if f.measure == "expense.project"
                and f.value in (Decimal("1685.72"), Decimal("1557.29"), Decimal("1312.56"))]


def test_shares_take_the_whole_of_their_section():
    texts = ["（三）一般公共预算财政拨款支出决算情况说明",
             "（1）一般公共服务支出422.47万元，占总支出比例78.07%；其他收入0万元，占0%。",
             "一、收入支出决算总体情况说明",
             "本年支出合计541.17万元，其中：基本支出342.81万元，占本年支出合计的63.35%；项目支出198.36，占36.65%。"]
    _, facts, _, _ = run(Metadata(kind="final", year=2020), texts)
    shares = {(f.measure, f.value, f.of) for f in facts if f.basis == "share"}
    assert shares == {
        ("expense.general.function.201", Decimal("78.07"), "expense.general.total"),
        ("income.other", Decimal("0"), "income.total"),
        ("expense.basic", Decimal("63.35"), "expense.total"),
        ("expense.project", Decimal("36.65"), "expense.total"),
    }
    assert ("expense.project", "current", Decimal("198.36")) in triples(facts)


def test_classification_chain_resolves_or_blocks():
    texts = ["（三）一般公共预算财政拨款支出决算具体情况",
             "1.社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）"
             "。年初预算为46.21万元，支出决算为46.21万元，完成年初预算的100%。",
             "2.一般公共服务支出（类）虚构事务（款）虚构项目（项）。年初预算为10万元，支出决算为9万元。"]
    _, facts, _, _ = run(Metadata(kind="final", year=2024), texts)
    key = "expense.general.function.2080505"
    assert {(key, "initial_budget", Decimal("46.21")), (key, "current", Decimal("46.21")),
            (key, "completion_initial_budget", Decimal("100"))} <= triples(facts)
    # an unknown 款/项 is never attributed to its 类
    assert not [f for f in facts if f.value in (Decimal("10"), Decimal("9"))]


def test_table_lines_are_skipped():
    lines = [Line("一般公共服务支出\t824.65\t556.73", 1, 1, table=0),
             Line("公务接待费\t1.00", 1, 2),
             Line("公务接待费1万元，比2023年减少2万元。", 1, 3)]
    document = Document("t.txt", "text", (Page(1, tuple(lines)),))
    _, facts, _, _ = extract_narrative(document, BUDGET, [])
    assert {(f.measure, f.basis, f.source.line) for f in facts} == {
        ("three_public.reception", "current", 3), ("three_public.reception", "change_prior", 3)}


def test_coded_names_and_purchase_breakdown():
    texts = ["（二）一般公共预算支出情况",
             "7.其他社会保障和就业支出（2089999）3.42万元，较上年增加0.26万元，增长8.23%。",
             "2026年单位预算安排购置车辆2辆，其中：执法执勤用车1辆、其他用车1辆。",
             "截至2025年12月31日，本单位共有车辆9辆，其中：执法执勤用车5辆、其他用车4辆。"]
    _, facts, _, _ = run(Metadata(kind="budget", year=2026), texts)
    got = triples(facts)
    key = "expense.general.function.2089999"
    assert {(key, "current", Decimal("3.42")), (key, "change_prior", Decimal("0.26")),
            (key, "pct_change_prior", Decimal("8.23"))} <= got
    assert ("three_public.vehicle.purchase_count", "current", Decimal("2")) in got
    # the purchase's breakdown is not the fleet's; the fleet's breakdown is
    assert {(f.measure, f.value) for f in facts if f.measure.startswith("assets.vehicles.")} == {
        ("assets.vehicles.law_enforcement", Decimal("5")), ("assets.vehicles.other", Decimal("4"))}
    assert ("assets.vehicles", "current", Decimal("9")) in got


def test_parenthesised_prior_year_figure_and_coordinated_aliases():
    texts = ["（一）收入预算",
             "（9）其他收入25,335万元，与上年相比增加25,335万元（去年预算数为0万元，无法计算增减比率）。",
             "2026年本部门一般公共预算“三公”经费及会议费、培训费预算支出共263.72万元。",
             "2026年机关运行经费预算82万元，其中：办公经费41.47万元，公务接待费2万元。"]
    _, facts, _, _ = run(Metadata(kind="budget", year=2026), texts)
    got = triples(facts)
    assert {("income.other", "current", Decimal("25335")),
            ("income.other", "change_prior", Decimal("25335")),
            ("income.other", "prior", Decimal("0"))} <= got
    assert ("admin_operating_cost", "current", Decimal("82")) in got
    # a sum over 三公, 会议费 and 培训费 is none of them; 机关运行经费's 公务接待费 is not the 三公 item
    assert not [f for f in facts if f.value in (Decimal("263.72"), Decimal("2"))]


def test_item_continued_on_next_line_and_topic_labels():
    page = ["6、卫生健康支出（类）行政事业单位医疗（款）行政单位医疗",
            "（项）。主要用于：行政单位医疗保险支出。全年预算为2.23万元，",
            "支出决算为2.22万元，完成全年预算数的99.55%。",
            "本年收入合计10万元，上年结转结余的一般公共预算收入0万元，占0%。",
            "绩效自评综述：全年预算数1185.36万元，执行数965.77万元。"]
    headings, facts, _, _ = run(Metadata(kind="final", year=2024), page, fmt="pdf")
    assert headings == []  # a numbered line continued by （项） is a list item
    key = "expense.function.2101101"
    assert {(key, "adjusted_budget", Decimal("2.23")), (key, "current", Decimal("2.22")),
            (key, "completion_adjusted_budget", Decimal("99.55"))} <= triples(facts)
    assert ("income.total", "current", Decimal("10")) in triples(facts)
    # "上年结转结余的一般公共预算收入" is that fund's carry-over, not the fund's income of the year nor the
    # whole carry-over; a "label：" starts an unknown topic
    assert [f.measure for f in facts if f.value == 0 and f.basis == "current"] == ["income.carryover.fiscal.general"]
    assert not [f for f in facts if f.value == Decimal("1185.36")]


def test_comparison_with_last_years_execution_is_not_prior():
    """杭州 气象局: 比上年执行数 in a budget compares with last year's execution, not its budget."""
    texts = ["2026年收入预算5,876.67万元，比上年执行数增加48.92万元，增长0.8%。"]
    _, facts, _, _ = run(Metadata(kind="budget", year=2026), texts)
    assert triples(facts) == {("income.total", "current", Decimal("5876.67")),
                              ("income.total", "change_prior_execution", Decimal("48.92")),
                              ("income.total", "pct_change_prior_execution", Decimal("0.8"))}
    # in a final account (or a document of unknown kind) the wording names no basis we know
    for meta in (Metadata(kind="final", year=2026), Metadata(year=2026)):
        _, facts, _, _ = run(meta, texts)
        assert not [f for f in facts if "execution" in f.basis or "prior" in f.basis]


def test_unknown_part_after_qizhong_is_reported_not_guessed():
    # 重庆's 业务用车 has a key (assets.vehicles.business); a category without one (here 通勤用车, the
    # same sentence with the category renamed) is an unnamed part, not guessed
    texts = ["截至2025年12月，所属各预算单位共有车辆70辆，其中业务用车17辆，机要通信用车2辆。"]
    _, facts, claims, _ = run(Metadata(kind="budget", year=2026), texts)
    assert triples(facts) == {("assets.vehicles", "current", Decimal("70")),
                              ("assets.vehicles.business", "current", Decimal("17")),
                              ("assets.vehicles.confidential", "current", Decimal("2"))}
    assert not claims
    texts = ["截至2025年12月，所属各预算单位共有车辆70辆，其中通勤用车17辆，机要通信用车2辆。"]
    _, facts, claims, _ = run(Metadata(kind="budget", year=2026), texts)
    assert triples(facts) == {("assets.vehicles", "current", Decimal("70")),
                              ("assets.vehicles.confidential", "current", Decimal("2"))}
    assert [(c.kind, c.measure, c.value) for c in claims] == [("unnamed_part", "assets.vehicles", "17辆")]


def test_other_year_figure_keeps_the_subject():
    texts = ["2026年“三公经费”预算数为7.61万元，2025年预算数为9.23万元，和2025年相比预算减少1.62万元。"]
    _, facts, _, _ = run(Metadata(kind="budget", year=2026), texts)
    # 2025年预算数 in a 2026 budget is last year's budget: prior
    assert triples(facts) == {("three_public.total", "current", Decimal("7.61")),
                              ("three_public.total", "prior", Decimal("9.23")),
                              ("three_public.total", "change_prior", Decimal("-1.62"))}


def test_performance_self_evaluation_sections_have_no_default_subject():
    texts = ["（二）卫生健康支出项目绩效自评", "全年预算数520万元，执行数515.5万元，完成预算的99.13%。",
             "（三）卫生健康支出", "全年预算数520万元，支出决算为515.5万元。"]
    _, facts, _, _ = run(Metadata(kind="final", year=2022), texts)
    assert {(f.measure, f.basis, f.value, f.source.line) for f in facts} == {
        ("expense.function.210", "adjusted_budget", Decimal("520"), 4),
        ("expense.function.210", "current", Decimal("515.5"), 4)}


def test_a_reasons_own_percentage_is_not_the_change_rate():
    texts = ["1．因公出国（境）费预算支出199.25万元，比上年预算减少23.25万元，主要原因按规定运转类专项经费统一压减10%。",
             "3.卫生健康支出（类）计划生育事务（款）计划生育服务（项）：年初预算0万元，支出决算33.26万元。"]
    _, facts, _, _ = run(Metadata(kind="budget", year=2019), texts)
    got = triples(facts)
    assert ("three_public.overseas", "change_prior", Decimal("-23.25")) in got
    assert not [f for f in facts if f.basis.startswith("pct_")]
    _, facts, _, _ = run(Metadata(kind="final", year=2019), texts[1:])
    assert {("expense.function.2100717", "initial_budget", Decimal("0")),
            ("expense.function.2100717", "current", Decimal("33.26"))} <= triples(facts)


def test_baokuo_lists_parts_and_a_parts_basis_is_not_the_whole():
    texts = ["（二）支出预算：2026年年初预算数244,895.02万元。按支出功能分类,包括一般公共服务支出190.62万元,"
             "粮油物资储备支出22,684万元。支出比2025年减少10,586.36万元,主要是基本支出增加2,747.86万元。",
             "2026年财政拨款收入1682.76万元，同比上年增长3.08%。其中当年预算1500万元。"]
    _, facts, _, _ = run(Metadata(kind="budget", year=2026), texts)
    got = triples(facts)
    assert {("expense.total", "current", Decimal("244895.02")),
            ("expense.function.222", "current", Decimal("22684")),
            ("expense.total", "change_prior", Decimal("-10586.36")),
            ("income.fiscal", "current", Decimal("1682.76"))} <= got
    assert not [f for f in facts if f.value in (Decimal("1500"),)]
    assert ("expense.function.222", "change_prior", Decimal("-10586.36")) not in got


def test_a_lei_name_marked_as_kuan_is_not_the_lei():
    texts = ["1.其他支出（款）支出502万元，与上年相比增加15万元，增长3.08%。",
             "2.一般公共服务（类）支出12706.28万元。"]
    _, facts, _, _ = run(Metadata(kind="budget", year=2025), texts)
    assert triples(facts) == {("expense.function.201", "current", Decimal("12706.28"))}


def test_bare_fiscal_expense_under_a_fund_heading_is_that_funds():
    """西安 卫健委 2022: under 一般公共预算财政拨款支出决算情况说明, "财政拨款支出减少…" and the 其中
    function items are 一般公共预算 figures (−17,151.62 / (296,047.75 + 17,151.62) = −5.48%)."""
    texts = ["五、一般公共预算财政拨款支出决算情况说明",
             "2022年度一般公共预算财政拨款支出年初预算139,217.01万元，支出决算296,047.75万元。"
             "与上年相比，财政拨款支出减少17,151.62万元，下降5.48%，下降的主要原因是：建设财政拨款减少。",
             "按照政府功能分类科目，其中：",
             "1.教育支出（类）普通教育（款）学前教育（项）。年初预算999.83万元，支出决算1,182.59万元。"]
    _, facts, _, _ = run(Metadata(kind="final", year=2022), texts)
    got = triples(facts)
    assert {("expense.general.total", "change_prior", Decimal("-17151.62")),
            ("expense.general.total", "pct_change_prior", Decimal("-5.48")),
            ("expense.general.function.2050201", "current", Decimal("1182.59"))} <= got
    assert not [f for f in facts if f.measure.startswith(("expense.fiscal", "expense.function"))]


def test_function_items_under_a_fiscal_heading_are_fiscal():
    """无锡 教育局 2026: 财政拨款支出预算情况说明 lists 财政拨款 (three funds) by function."""
    texts = ["（四）财政拨款支出预算情况说明",
             "3.普通教育（款）学前教育（项）支出150万元，与上年相比减少638.67万元，减少80.98%。"]
    _, facts, _, _ = run(Metadata(kind="budget", year=2026), texts)
    assert triples(facts) == {
        ("expense.fiscal.function.2050201", "current", Decimal("150")),
        ("expense.fiscal.function.2050201", "change_prior", Decimal("-638.67")),
        ("expense.fiscal.function.2050201", "pct_change_prior", Decimal("-80.98"))}


def test_change_after_an_enumeration_of_parts_is_not_the_last_parts():
    """西安 审计局 2026: the change after "其中：A、B、C" is the whole's (142.30 / 4,061.17 = 3.50%),
    not 其他收入's; which whole (the 4,203.47 includes 上年实户资金余额) is not certain: unattached."""
    texts = ["本部门当年预算收入4,203.47万元，其中：一般公共预算拨款4,005.29万元、上年实户资金余额98.18万元、"
             "其他收入100.00万元，较上年增加142.30万元，增长3.50%。"]
    _, facts, _, _ = run(Metadata(kind="budget", year=2026), texts)
    assert ("income.other", "current", Decimal("100.00")) in triples(facts)
    assert not [f for f in facts if f.basis != "current"]


def test_item_title_sentence_names_the_next_sentences_figure():
    """西安 卫健委 2022: "1.其他支出（类）…（项）。本年支出决算568,051.63万元" is the item's, not 本年支出合计."""
    texts = ["七、政府性基金预算财政拨款收入支出决算情况说明",
             "1.其他支出（类）其他政府性基金及对应专项债务收入安排的支出（款）其他地方自行试点项目收益专项"
             "债券收入安排的支出（项）。本年支出决算568,051.63万元，主要用于：医院新院区建设。"]
    _, facts, _, _ = run(Metadata(kind="final", year=2022), texts)
    assert not [f for f in facts if f.measure == "expense.total"]
    assert [f.value for f in facts if f.measure.startswith("expense.gov_fund.function.229")] == [
        Decimal("568051.63")]


def test_parts_listed_after_a_reason_are_the_subjects():
    """长沙 公安局 2025: "项目支出预算40233.95万元，主要是…，其中：一般公共服务支出3.00万元…。公共安全
    支出40230.95万元" lists the project figure by function (3.00 + 40230.95 = 40233.95)."""
    texts = ["四、一般公共预算拨款支出", "（二）项目支出：2025年本单位项目支出预算40233.95万元，"
             "主要是单位为完成特定行政工作任务而发生的支出，包括有关事业发展专项等，其中：一般公共服务支出"
             "3.00万元，主要用于办公经费等方面。公共安全支出40230.95万元，主要用于装备等方面。"]
    _, facts, _, _ = run(Metadata(kind="budget", year=2025), texts)
    assert {("expense.general.project", "current", Decimal("40233.95")),
            ("expense.general.function.201.project", "current", Decimal("3.00")),
            ("expense.general.function.204.project", "current", Decimal("40230.95"))} <= triples(facts)


def test_totals_under_a_fiscal_heading_are_fiscal():
    """西安 人社局 2020: under （二）财政拨款收支情况 "支出预算总计181807.13万元" is 财政拨款支出总计."""
    texts = ["（二）财政拨款收支情况",
             "本部门财政拨款收入预算总计181807.13 万元，全部为一般公共预算拨款。支出预算总计"
             "181807.13万元，全部为一般公共预算拨款。"]
    _, facts, _, _ = run(Metadata(kind="budget", year=2020), texts)
    assert triples(facts) == {("income.fiscal.total_with_carryover", "current", Decimal("181807.13")),
                              ("expense.fiscal.grand_total", "current", Decimal("181807.13"))}


def test_purchase_plan_states_no_holdings():
    """深圳 2026: holdings, then a purchase plan; the plan's 机要通信用车1辆 and 设备0台（套） are not
    holdings, and the equipment after "；" is not an unnamed vehicle category."""
    texts = ["截至2025年10月，共有车辆70辆，其中：机要通信用车13辆、应急保障用车16辆；单价100万元以上设备"
             "1台（套）。2026年计划购置车辆7辆、153.00万元，本级更新公务车辆1辆，机要通信用车1辆；单价100万元"
             "以上设备0台（套）、0万元。"]
    _, facts, claims, _ = run(Metadata(kind="budget", year=2026), texts)
    assert triples(facts) == {
        ("assets.vehicles", "current", Decimal("70")),
        ("assets.vehicles.confidential", "current", Decimal("13")),
        ("assets.vehicles.emergency", "current", Decimal("16")),
        ("assets.equipment_over_1m", "current", Decimal("1")),
        ("three_public.vehicle.purchase_count", "current", Decimal("7"))}
    assert not [c for c in claims if c.kind == "unnamed_part"]


def test_fiscal_parent_of_an_earlier_paragraph_sets_no_fund():
    """江苏 检察院 2018: "财政拨款收入预算总计…。其中" in the income paragraph does not make the later
    "支出预算总计…包括：1．公共安全（类）支出…" 财政拨款 figures; "增加部门预算1,464.3万元" is no amount."""
    texts = ["一、收支预算总体情况说明",
             "1．财政拨款收入预算总计21,940.96万元。其中",
             "（1）一般公共预算收入预算 21,940.96万元，与上年相比增加3,959.28万元。",
             "（二）支出预算总计 21,955.35万元。包括：",
             "1．公共安全（类）支出16,458.75万元，主要用于检察院行政支出。",
             "2．社会保障和就业（类）支出1,500万元。同时，省财政将职业年金单位缴费下达给省级部门，"
             "增加部门预算1,464.3万元。"]
    _, facts, _, _ = run(Metadata(kind="budget", year=2018), texts)
    got = triples(facts)
    assert {("expense.grand_total", "current", Decimal("21955.35")),
            ("expense.function.204", "current", Decimal("16458.75"))} <= got
    assert not [f for f in facts if f.measure.startswith("expense.fiscal")]
    assert not [f for f in facts if f.value == Decimal("1464.3")]


def test_parts_of_an_unnamed_whole_stay_unattached_after_semicolon():
    """西安 人社局 2020: 对事业单位经常性补助（505）…其中：人员经费…;公用经费75.66万元 are parts of 505."""
    texts = ["对事业单位经常性补助（505）2945.22万元,其中：人员经费1903.54万元,较上年增加226.87万元，属正常变化;"
             "公用经费75.66万元,较上年减少0.78万元，属正常变化。"]
    _, facts, _, _ = run(Metadata(kind="budget", year=2020), texts)
    assert not facts


def test_pdf_wordings_of_three_public_procurement_and_admin_cost():
    """深圳/长春 2026 wordings: a year between the alias and 预算数, 政府采购项目共有…货物类项目…,
    减低, a unit name ending in 系统, last year's 预算数 (prior)."""
    meta = Metadata(kind="budget", year=2026)
    texts = ["公务用车运行维护费2026年预算数100.80万元，较2025年年初预算减少4.80万元，主要是根据规定。",
             "深圳市审计局纳入2026年部门预算的政府采购项目共有775.86万元，其中：货物类项目36.50万元、"
             "工程类项目0.00万元、服务类项目739.36万元。",
             "2026年公务接待费为0.86万元，和2025年相比预算减低0.27万元，主要原因是过紧日子。",
             "2026年长春市信访局（本级）系统机关运行经费预算总计211万元。",
             "2026年“三公经费”预算数为7.61万元，2025年预算数为9.23万元，和2025年相比预算减少1.62万元。"]
    _, facts, _, _ = run(meta, texts)
    assert triples(facts) == {
        ("three_public.vehicle_operation", "current", Decimal("100.80")),
        ("three_public.vehicle_operation", "change_prior", Decimal("-4.80")),
        ("procurement.total", "current", Decimal("775.86")),
        ("procurement.goods", "current", Decimal("36.50")),
        ("procurement.works", "current", Decimal("0.00")),
        ("procurement.services", "current", Decimal("739.36")),
        ("three_public.reception", "current", Decimal("0.86")),
        ("three_public.reception", "change_prior", Decimal("-0.27")),
        ("admin_operating_cost", "current", Decimal("211")),
        ("three_public.total", "current", Decimal("7.61")),
        ("three_public.total", "prior", Decimal("9.23")),
        ("three_public.total", "change_prior", Decimal("-1.62"))}


def test_final_account_three_public_arranged_by_fiscal_appropriation():
    """西安 卫健委 2022: "财政拨款安排“三公”经费支出预算593.46万元，支出决算587.55万元": a bare 预算
    in a final account is the initial budget (as in its tables); the 决算 is the 三公 total."""
    texts = ["2022年度财政拨款安排“三公”经费支出预算593.46万元，支出决算587.55万元，完成预算的99%。"]
    _, facts, _, _ = run(Metadata(kind="final", year=2022), texts)
    assert triples(facts) == {("three_public.total", "current", Decimal("587.55")),
                              ("three_public.total", "initial_budget", Decimal("593.46")),
                              ("three_public.total", "completion_initial_budget", Decimal("99"))}


def test_income_and_expense_grand_totals_stated_together():
    """江苏: "收入、支出预算总计…，与上年相比收、支预算总计各增加…" states both grand totals; under a
    财政拨款 heading the same words are not the department's totals."""
    texts = ["一、收支预算总体情况说明",
             "江苏省人大常委会办公厅2019年度收入、支出预算总计18330.37万元，与上年相比收、支预算总计各增加"
             "2432.93万元，增长15.3%。",
             "三、财政拨款收支预算总体情况说明", "2019年度收入、支出预算总计18330.37万元。"]
    _, facts, _, _ = run(Metadata(kind="budget", year=2019), texts)
    assert triples(facts) == {(m, b, Decimal(v)) for m in ("income.grand_total", "expense.grand_total")
                              for b, v in (("current", "18330.37"), ("change_prior", "2432.93"),
                                           ("pct_change_prior", "15.3"))}


def test_expense_budget_arranged_accordingly():
    """福建 2026: "收入预算…，相应安排支出预算2796.14万元，比上年增加129.07万元，增长4.84%"."""
    texts = ["一、收支预算总体情况",
             "收入预算2796.14万元，相应安排支出预算2796.14万元，比上年增加129.07万元，增长4.84%。"]
    _, facts, _, _ = run(Metadata(kind="budget", year=2026), texts)
    assert triples(facts) == {("income.total", "current", Decimal("2796.14")),
                              ("expense.total", "current", Decimal("2796.14")),
                              ("expense.total", "change_prior", Decimal("129.07")),
                              ("expense.total", "pct_change_prior", Decimal("4.84"))}


def test_kuan_printed_as_lei_resolves_with_its_xiang():
    """江苏 2018: "住房改革支出（类）住房公积金（项）" prints a 款 as （类）; with its 项 it resolves."""
    texts = ["1．住房改革支出（类）住房公积金（项）572.56万元，与上年相比增加78.34万元，增加15.85%。",
             "2．住房改革支出（类）不存在的项目（项）10万元。"]
    _, facts, _, _ = run(Metadata(kind="budget", year=2018), texts)
    assert triples(facts) == {("expense.function.2210201", "current", Decimal("572.56")),
                              ("expense.function.2210201", "change_prior", Decimal("78.34")),
                              ("expense.function.2210201", "pct_change_prior", Decimal("15.85"))}
