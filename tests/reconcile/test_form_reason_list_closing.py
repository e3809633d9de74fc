"""A list announced by a change whose last item gives the reason of the whole (烟台 2026, 20 wide
documents: "（三）增减变化情况：2026年收支预算X万元，比上年减少Y万元，其中：" / "1.收入预算减少Y万元，其中一般
公共预算收入减少…" / "2.支出预算减少Y万元，其中基本支出增加…" / "3.收支预算减少的主要原因，一是…"): the
closing reason explains every item, the first one too, printed more lines before it than a reason
sentence may stand after its change (form-change-reason-missing, ``reason_window_lines``). Near
misses: the list closes with no reason; the closing reason is another measure's; the reason comes
before the item. Each a text document the test writes, wrapped as the printed page wraps."""

from __future__ import annotations

from .form_support import disclose, fired

HEAD = ["某某局2026年部门预算", "一、部门预算情况说明"]
LEAD = "（三）增减变化情况：2026年收支总预算5,000.00万元，比上年增加300.00万元，其中："
INCOME = ("1.收入预算增加300.00万元，其中一般公共预算收入增加250.00万元，政府性基金预算收入增加50.00万元，"
          "其他收入增加0万元，上级补助收入增加0万元，使用非财政拨款结余增加0万元，事业收入增加0万元。")
EXPENSE = "2.支出预算增加300.00万元，其中基本支出减少20.00万元，项目支出增加320.00万元。"
REASON = ("3.收支预算增加的主要原因，一是新增信息化建设项目，项目支出增加；二是人员调出，"
          "基本支出减少；三是市场价格上涨，运行维护费用相应增加，设备购置支出增加。")


def _missing(tmp_path, *paragraphs: str) -> set[str]:
    """The measures form-change-reason-missing flags in a document of ``paragraphs``, each printed
    over lines of 30 characters."""
    lines = HEAD + [p[i:i + 30] for p in paragraphs for i in range(0, len(p), 30)]
    path = tmp_path / "doc.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {f.measure for f in fired(disclose(str(path)), "form-change-reason-missing")}


def test_the_reason_closing_the_list_explains_every_item(tmp_path):
    assert _missing(tmp_path, LEAD, INCOME, EXPENSE, REASON) == set()
    read = {(f.measure, f.basis) for f in disclose(str(tmp_path / "doc.txt")).facts}
    assert {("income.total", "change_prior"), ("income.fiscal.general", "change_prior"),
            ("expense.basic", "change_prior")} <= read  # the items' changes are read, and explained


def test_items_of_a_list_closed_by_no_reason_want_one(tmp_path):
    """Near miss: the same list with no closing reason: the items' changes are unexplained."""
    assert {"income.total", "expense.total"} <= _missing(tmp_path, LEAD, INCOME, EXPENSE)


def test_a_reason_of_another_measure_explains_no_item(tmp_path):
    """Near miss: what closes the list is the reason of a 三公 change, not of the list's whole."""
    other = ("3.“三公”经费预算比上年减少2.00万元，主要原因是严格控制公务接待，压减公务用车运行维护费，"
             "落实过紧日子要求，厉行节约。")
    assert "income.total" in _missing(tmp_path, LEAD, INCOME, EXPENSE, other)


def test_a_reason_before_the_item_is_not_its_list_closing(tmp_path):
    """Near miss: the whole's reason stands before a later item (a second list of the same family
    announced further on): it closes the first list only."""
    later = ("（四）2026年收支总预算比上年增加300.00万元，其中：",
             "1.收入预算增加300.00万元，其中一般公共预算收入增加250.00万元，政府性基金预算收入增加50.00万元，"
             "其他收入增加0万元，上级补助收入增加0万元，使用非财政拨款结余增加0万元，事业收入增加0万元。")
    missing = _missing(tmp_path, LEAD, INCOME, EXPENSE, REASON, *later)
    assert "income.fiscal.gov_fund" in missing or "income.total" in missing


def test_a_text_of_many_lists_asks_for_each_wholes_items_once(tmp_path, monkeypatch):
    """A text repeating its lists (a fuzz case: seed 003 with duplicated bytes, 311 KB, ran past
    the 20 CPU-s limit): each unexplained change asked every whole with a later closing reason for
    its items — changes × wholes lookups of a list, each over the text. A whole's items do not
    depend on the change asked about: they are found once per whole. Counted, not timed; the
    first list (no closing reason, far above the others) stays unexplained, the others explained."""
    from budgetlens.reconcile import form_reasons

    calls = []
    real = form_reasons._components

    def counting(*args, **kwargs):
        calls.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(form_reasons, "_components", counting)
    filler = ["本部门坚持厉行节约，严格执行各项管理制度，加强内部控制。"] * 40
    copies = 12
    missing = _missing(tmp_path, *([LEAD, INCOME, EXPENSE] * copies), *filler,
                       *([LEAD, INCOME, EXPENSE, REASON] * copies))
    assert "income.total" in missing
    changes = [f for f in disclose(str(tmp_path / "doc.txt")).facts
               if f.basis == "change_prior" and f.origin != "derived"]
    assert len(changes) >= 2 * 8 * copies
    assert len(calls) <= 2 * len(changes)  # before: each unexplained change × each later whole
