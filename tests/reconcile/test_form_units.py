"""reconcile/form_units.py (kind form-unit-outlier): a money figure printed in 元 among amounts in
万元, too small for their unit to print (issue #8, docs/accuracy.md "Batch 8's open misses; one
defect, one finding (session 16)"): fired on a variant of 云南 2017's page, quiet on near misses."""

from __future__ import annotations

from pathlib import Path

from budgetlens.pipeline import process

HEAD = "某县审计局2023年部门决算公开说明\n一、“三公”经费支出决算情况\n"
OUTLIER = "form-unit-outlier"


def _outliers(tmp_path: Path, name: str, body: str) -> list:
    path = tmp_path / name
    path.write_text(HEAD + body, encoding="utf-8")
    return [f for f in process(str(path)).audit.findings if f.rule == OUTLIER]


def test_an_amount_in_yuan_too_small_for_the_sentences_unit_is_a_likely_misprint(tmp_path):
    """云南 2017: "…支出決算為13.07萬元…其中:因公出國(境)費支出決算為4.46元" — read as 0.000446万元 and
    compared with nothing (the copy stops). Variant: another item, another figure."""
    found = _outliers(tmp_path, "yuan.txt", "2023年“三公”经费支出决算为20.50万元，其中：公务接待费支出决算为6.80元，"
                                            "公务用车运行维护费支出决算为13.70万元。\n")
    assert len(found) == 1 and found[0].severity == "warning"
    assert found[0].measure == "three_public.reception" and "6.80元" in found[0].message
    assert "6.80" in found[0].message_en and found[0].evidence[0].source.text


def test_near_miss_a_yuan_amount_the_unit_can_print_or_a_document_in_yuan(tmp_path):
    """"减少300元" is 0.03万元: printable in 万元, the writer's choice. A passage whose amounts are
    all in 元 has no other unit to stand out from."""
    assert not _outliers(tmp_path, "yuan300.txt", "2023年“三公”经费支出决算为20.50万元，比上年减少300元。\n")
    assert not _outliers(tmp_path, "allyuan.txt", "2023年“三公”经费支出决算为20.50元，其中：公务接待费支出决算为6.80元，"
                                                  "公务用车运行维护费支出决算为13.70元。\n")
    # the id named, so that the catalogue's scan sees this near miss (test_rule_catalogue)
    assert "form-unit-outlier" not in {f.rule for f in process(str(tmp_path / "yuan300.txt")).audit.findings}
