"""Names beside an aggregate's keys (serve/labels.py), from the package's reference data: a
region code named from the gazetteer in either language, a measure key by its name, a 项 code
with the 类 and 款 above it; an unknown code stays itself (nothing invented)."""

from __future__ import annotations

from budgetlens.serve.labels import item_label, region_name, with_labels


def test_a_region_code_or_its_prefix_is_named_in_either_language():
    assert region_name("330100", "zh") == region_name("3301", "zh") == "杭州市"
    assert region_name("330100", "en") == "Hangzhou"
    assert region_name("999999", "zh") == "999999"  # near miss: not in the gazetteer
    assert region_name(None, "zh") == region_name("", "en") == ""


def test_cells_get_the_labels_of_the_dimensions_asked():
    """Measure and region labels are added for those dimensions only; a blank key gets a blank
    label. The near miss: a year drill-down adds nothing."""
    cells = [{"measure": "expense.general.total", "region": "330100", "year": 2025},
             {"measure": "", "region": "", "year": None}]
    assert with_labels(cells, ("measure", "region"), "zh") == ("measure_label", "region_label")
    assert cells[0]["measure_label"] == "一般公共预算财政拨款支出"
    assert cells[0]["region_label"] == "杭州市" and cells[1]["region_label"] == ""
    years = [{"year": 2025}]
    assert with_labels(years, ("year",), "en") == () and years == [{"year": 2025}]


def test_an_item_is_named_with_the_class_and_section_above_it():
    """行政运行 sits under many 款, so a 项 carries its 类 › 款; a 类 carries nothing above it."""
    assert item_label("2010101", "zh") == "2010101 行政运行（一般公共服务支出 › 人大事务）"
    assert item_label("2010101", "en") == ("2010101 Administrative operation (General public "
                                           "services › People's congress affairs)")
    assert item_label("201", "zh") == "201 一般公共服务支出"
