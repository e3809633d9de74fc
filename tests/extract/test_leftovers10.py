"""Issue #8, batch 9's open misses (docs/accuracy.md "Batch 9's open misses (session 17)"): each
pattern as synthetic variants (other units, places, years and figures) with near misses that keep
their old reading. Assertions are (measure, basis, value) triples of the narrative stage, or the
facts of the whole extraction where a table takes part."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.extract.sentences import spaced_apart
from budgetlens.model import Metadata
from budgetlens.pipeline import process

from .inline_text import narrative_triples


def read(kind: str, year: int, *lines: str) -> set:
    return narrative_triples(Metadata(kind=kind, year=year), *lines)


def values(found: set, measure: str) -> set:
    return {(b, v) for m, b, v in found if m == measure}


# --- 1. letter-spaced labels -------------------------------------------------------------------

#: a 部门收支总表 flattened into one line by a document library's text copy (教育局 2020's form),
#: another department's figures; {gap} stands before each total's label
_FLAT = ("表1 部门收支总表 单位:万元 一、一般公共预算拨款收入 2,380.10 一、一般公共服务支出 2,100.00 "
         "二十四、其他支出 280.10 二十八、债务发行费用支出{gap}{income} 2,380.10 七、用事业基金弥补收支差额"
         "{gap}{expense} 2,380.10")


def test_letter_spaced_totals_of_a_flattened_table_are_read():
    """"…债务发行费用支出 本 年 收 入 合 计 16,745.59 七、用事业基金弥补收支差额 本 年 支 出 合 计 16,745.59":
    both totals were unread — whitespace is dropped for matching, so the cell before modified the
    label. The gap before a letter-spaced label parts it from the cell before."""
    found = read("budget", 2021, _FLAT.format(gap=" ", income="本 年 收 入 合 计",
                                              expense="本 年 支 出 合 计"))
    assert values(found, "income.total") == {("current", Decimal("2380.10"))}
    assert values(found, "expense.total") == {("current", Decimal("2380.10"))}
    assert values(found, "expense.function.201") == {("current", Decimal("2100.00"))}


def test_letter_spaced_label_in_a_tab_table_reads_as_the_label(tmp_path):
    """In a table the cell is the label's whole text: "合 计" and "本 年 收 入 合 计" match as
    合计 and 本年收入合计 (a test of the table path the narrative fix leaves alone)."""
    text = ("某县林业局2021年部门预算\n表一 部门收支总表\n单位：万元\n"
            "项 目\t预算数\t项 目\t预算数\n一般公共预算拨款收入\t380.50\t农林水支出\t380.50\n"
            "本 年 收 入 合 计\t380.50\t本 年 支 出 合 计\t380.50\n")
    path = tmp_path / "spaced.txt"
    path.write_text(text, encoding="utf-8")
    facts = {(f.measure, f.value) for f in process(str(path), audit=False).disclosure.facts
             if f.source.table is not None}
    assert ("income.total", Decimal("380.50")) in facts
    assert ("expense.total", Decimal("380.50")) in facts


@pytest.mark.parametrize("income,expense", [
    ("本年收入合计", "本年支出合计"),  # no letter spacing: the cells stay one phrase, as before
    ("本 年收入合计", "本 年支出合计"),  # one spaced letter is no spaced label
])
def test_near_miss_words_spaced_apart_keep_their_modifier(income, expense):
    """Only a letter-spaced label is parted from the word before it: a space between two words of
    two or more characters ("其他支出 本年收入合计") is kept as the one phrase it was."""
    found = read("budget", 2021, _FLAT.format(gap=" ", income=income, expense=expense))
    assert not values(found, "income.total") and not values(found, "expense.total")


def test_near_miss_prose_with_spaces_between_words_keeps_its_reading():
    """A sentence printed with spaces between its words, as Latin text is ("PPP 项目 本年支出合计"),
    reads as the same sentence without them: the modifier before the label stays."""
    spaced = read("budget", 2022, "本单位2022年 PPP 项目 本年支出合计 300.00 万元。")
    joined = read("budget", 2022, "本单位2022年PPP项目本年支出合计300.00万元。")
    assert spaced == joined
    assert not values(spaced, "expense.total")


@pytest.mark.parametrize("left,right,apart", [
    ("…债务发行费用支出 ", "本 年 收 入 合 计", True),
    ("合 计 ", "本年收入", True),
    ("其他支出 ", "本年收入合计", False),  # two words: no label is letter-spaced
    ("合计 ", "本年", False),
    ("一 般 公 共 预 算 ", "本 年 收 入", False),  # the letters of one spaced phrase
    ("P P ", "项目", False),  # Latin letters are no CJK label
    ("其他支出", "本 年 收 入", False),  # no space printed between them
])
def test_spaced_apart(left, right, apart):
    assert spaced_apart(left, right) is apart


# --- 3. a unit's short name ending 学/园 before a bare alias; 共计 before a purchase count ---------

@pytest.mark.parametrize("line,measure,value", [
    ("2019年复兴小学支出预算总额为658.6637万元,其中:工资和福利支出562.5209万元。", "expense.total",
     "658.6637"),  # 开江 普安镇复兴小学 2019
    ("2019年城关第二中学收入预算1,204.50万元。", "income.total", "1204.50"),
    ("2019年城关幼儿园支出预算312.40万元,比上年增加12.40万元。", "expense.total", "312.40"),
])
def test_a_schools_name_before_a_bare_alias_leads_the_clause(line, measure, value):
    """"2019年复兴小学支出预算总额为658.6637万元" was unread: a bare 支出预算 is an alias only after a
    clause start, a year or a unit name's last character, and 学 / 园 (小学, 中学, 幼儿园) were not
    among them."""
    assert ("current", Decimal(value)) in values(read("budget", 2019, line), measure)


@pytest.mark.parametrize("line", ["2019年教学支出预算为30.00万元。", "2019年公园支出预算为30.00万元。"])
def test_near_miss_a_word_ending_so_is_no_units_name(line):
    """教学 and 公园 end like 小学 and 幼儿园 but name no unit: the alias after them stays modified."""
    found = read("budget", 2019, line)
    assert not values(found, "expense.total")


@pytest.mark.parametrize("line,count,amount", [
    ("公务用车购置及运行维护费为382.58万元(其中:公务用车购置费18.85万元、公务用车运行维护费363.73万元),"
     "共计购置公务用车1辆,年末公务用车保有量180辆。", "1", "18.85"),  # 牟定 2017
    ("2018年公务用车购置费36.20万元,共计购置公务用车2辆。", "2", "36.20"),
])
def test_a_purchase_count_after_gongji_in_a_three_public_sentence(line, count, amount):
    """牟定 2017: "…共计购置公务用车1辆,年末公务用车保有量180辆" — 共 was a lead-in word, 共计 was
    not, so the vehicles bought were unread."""
    found = read("final", 2018 if "2018" in line else 2017, line)
    assert values(found, "three_public.vehicle.purchase_count") == {("current", Decimal(count))}
    assert values(found, "three_public.vehicle_purchase") == {("current", Decimal(amount))}


def test_near_miss_a_count_of_vehicles_held_is_no_purchase():
    """"共计实有车辆1辆": the vehicles held, not bought."""
    found = read("final", 2017, "截至2017年末,共计实有车辆1辆。")
    assert values(found, "assets.vehicles") == {("current", Decimal("1"))}
    assert not values(found, "three_public.vehicle.purchase_count")


# --- 5. the national self-evaluation form's fund sources -----------------------------------------

#: the national 项目支出绩效自评表's funds block (西安 卫健委 2022 p98), tab-separated, another
#: department's project and figures
SELF_EVAL = """某市文化和旅游局2023年度部门决算
某市公共文化服务体系建设资金项目支出绩效自评表（2023年度）
项目名称\t\t公共文化服务体系建设资金\t\t\t\t\t\t\t
主管部门\t\t某市文化和旅游局\t\t\t实施单位\t\t某市图书馆\t\t
项目资金（万元）\t\t\t年初预算数\t全年预算数（A）\t全年执行数（B）\t分值\t执行率（B/A）\t\t得分
\t\t年度资金总额\t300\t420\t400\t\t95.24%\t\t10
\t\t{current_label}\t300\t320\t{current}\t\t—\t\t—
\t\t上年结转资金\t\t100\t{carryover}\t\t\t\t
\t\t其他资金\t\t\t\t\t—\t\t—
"""


def _self_eval(tmp_path, **over):
    values = dict(current_label="其中：当年财政拨款", current="300", carryover="100")
    values.update(over)
    path = tmp_path / "self_eval.txt"
    path.write_text(SELF_EVAL.format(**values), encoding="utf-8")
    return process(str(path))


def test_the_national_forms_sources_are_read_and_added_up(tmp_path):
    """西安 卫健委 2022 p98: "年度资金总额 / 其中：当年财政拨款 / 上年结转资金 / 其他资金" — only 福建's
    wording (财政资金小计 …) was read as sources, so these rows gave no fact and no check."""
    result = _self_eval(tmp_path)
    got = {(f.measure, f.basis, f.value) for f in result.disclosure.facts if f.origin == "table"}
    assert ("performance.self_eval.1.funds.current_year", "current", Decimal("300")) in got
    assert ("performance.self_eval.1.funds.carryover", "current", Decimal("100")) in got
    assert not [f for f in result.audit.findings if f.rule == "self-eval-fund-sources-national"]
    wrong = _self_eval(tmp_path, current="280")  # 280 + 100 is not the 400 printed
    assert [f for f in wrong.audit.findings if f.rule == "self-eval-fund-sources-national"]


def test_near_miss_an_empty_carry_over_row_is_no_part(tmp_path):
    """The carry-over row printed empty (as on 西安's p98): the year's appropriation alone is the
    total, and 本年财政拨款 (棠溪镇's wording) is the same source."""
    result = _self_eval(tmp_path, current_label="其中:本年财政拨款", current="400", carryover="")
    assert not [f for f in result.audit.findings if f.rule.startswith("self-eval-fund-sources")]
    got = {(f.measure, f.basis) for f in result.disclosure.facts if f.origin == "table"}
    assert ("performance.self_eval.1.funds.current_year", "current") in got
    assert ("performance.self_eval.1.funds.carryover", "current") not in got


# --- 6. 人数 before a count of the subject the clause carries -------------------------------------

@pytest.mark.parametrize("line,measure,value", [
    ("2019年鹿寨县因公出国(境)团组0个,人数0人;公务用车保有量345辆。", "three_public.overseas.people", "0"),
    ("2020年因公出国(境)团组2个,人数12人。", "three_public.overseas.people", "12"),
    ("2020年国内公务接待批次30个,人数280人。", "three_public.reception.people", "280"),
])
def test_renshu_counts_the_people_of_the_carried_subject(line, measure, value):
    """鹿寨 2019: "因公出国(境)团组0个,人数0人" — 人数 led the clause as an unknown noun, so the
    people were unread (the groups were read)."""
    year = int(line[:4])
    assert values(read("final", year, line), measure) == {("current", Decimal(value))}


def test_near_miss_renshu_after_a_money_subject_counts_nothing():
    """After an amount of money (机关运行经费) 人 is no count of the subject: nothing is read."""
    found = read("final", 2020, "2020年机关运行经费支出120.00万元,人数35人。")
    assert not any(v == Decimal("35") for _, _, v in found)
