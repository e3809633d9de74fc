"""A change whose parts follow with their reasons, the list lead (其中：) printed across a line
break from the sentence's end (重庆 科技局 2026 p3 "…比2025年增加3,013.74" / "万元。其中：基本支出…比2025年
减少5,371.59万元，主要原因是…"; 无锡 水利局 2026 p30 "…增长17.98%。" / "其中：" / "（一）收入预算总计…"): the
parts carry the reasons, so the total's change is explained (form-change-reason-missing; issue #8,
wide warnings judged on the page). Near misses: the next line opens no list, or the parts give no
reason. Each a PDF the test draws (reportlab), line by line as printed."""

from __future__ import annotations

import pytest

from .form_support import disclose, fired

pytest.importorskip("reportlab")
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
HEAD = ["某某局2026年部门预算", "三、财政拨款情况说明"]
PURPOSE = ("主要用于保障在职人员工资福利及社会保险缴费、离休人员离休费、退休人员补助等，保障部门正常运转的"
           "各项商品服务支出，")
PARTS = ("基本支出5,362.42万元，" + PURPOSE + "比2025年减少5,371.59万元，主要原因是单位划转；项目支出"
         "148,941.8万元，主要用于创新平台、科技攻关、创新生态等。比2025年增加8,385.34万元，主要原因是新增项目。")


def _pdf(path, lines: list[str]):
    """Each line drawn where a page of running text prints it (a long line wraps at 38 characters,
    as the page would)."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont(FONT, 11)
    printed = [chunk for line in HEAD + lines for chunk in
               (line[i:i + 38] for i in range(0, max(len(line), 1), 38))]
    for n, text in enumerate(printed):
        c.drawString(56, A4[1] - 80 - 20 * n, text)
    c.showPage()
    c.save()
    return path


def _missing(tmp_path, lines: list[str]) -> list:
    path = _pdf(tmp_path / "doc.pdf", lines)
    return [f for f in fired(disclose(str(path)), "form-change-reason-missing") if "3013.74" in f.message]


@pytest.mark.parametrize("lines", [
    ["2026年一般公共预算财政拨款支出154,304.22万元，比2025年增加3,013.74", "万元。其中：" + PARTS],
    ["2026年一般公共预算财政拨款支出154,304.22万元，比2025年增加3,013.74万", "元。其中，" + PARTS],
    ["2026年一般公共预算财政拨款支出154,304.22万元，比2025年增加3,013.74万元。", "其中：", PARTS],
])
def test_parts_after_a_wrapped_list_lead_explain_the_change(tmp_path, lines):
    assert _missing(tmp_path, lines) == []


@pytest.mark.parametrize("lines", [
    ["2026年一般公共预算财政拨款支出154,304.22万元，比2025年增加3,013.74", "万元。" + PARTS],
    ["2026年一般公共预算财政拨款支出154,304.22万元，比2025年增加3,013.74", "万元。其中：基本支出5,362.42万元，"
     + PURPOSE + "比2025年减少5,371.59万元；项目支出148,941.8万元，比2025年增加8,385.34万元。"],
])
def test_without_a_list_lead_or_without_the_parts_reasons_it_is_reported(tmp_path, lines):
    assert _missing(tmp_path, lines)


def test_a_lead_inside_one_printed_line_is_read_as_before(tmp_path):
    """Near miss (池州 2024 三公 excerpt, one printed line): "…比2023年预算减少7.3万元，下降8.49%。其中：
    公务用车运行费…下降原因主要是…；公务用车购置费…减少6万元": the lead inside a line is the passages'
    business, unchanged; the total is still reported (only one part gives a reason)."""
    from .form_support import disclose as read

    path = tmp_path / "one_line.txt"
    path.write_text("某某区2024年部门预算\n三、“三公”经费情况说明\n"
                    "（二）公务用车购置及运行费支出预算78.7万元，比2023年预算减少7.3万元，下降8.49%。其中：公务用车运行费"
                    "35.7万元，比2023年预算减少1.3万元，下降3.5%，下降原因主要是落实减碳要求；公务用车购置费43万元，"
                    "比2023年预算减少6万元，下降12.24%。\n", encoding="utf-8")
    found = [f for f in fired(read(str(path)), "form-change-reason-missing") if f.stated == "-7.3"]
    assert found
