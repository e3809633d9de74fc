"""A portal page's body copied into one line of text (the unseen 平潭 决算说明 pages of
docs/accuracy.md keep each page's text so): its numbered sections become lines again, each
title apart from its first paragraph, so the section a sentence is under is the one the page
printed it under. Generated files; near misses keep their lines whole."""

from __future__ import annotations

from budgetlens.pipeline import process
from budgetlens.read.text import FLATTENED_LINE, read_text

FILLER = "主要用于保障机构正常运转和完成日常工作任务。" * 12


def _write(tmp_path, *lines: str):
    path = tmp_path / "page.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return str(path)


def _texts(path: str) -> list[str]:
    doc, _ = read_text(path)
    return [ln.text for page in doc.pages for ln in page.lines]


def body(*sections: tuple[str, str], joiner: str = " ") -> str:
    return joiner.join(f"{title}{joiner}{text}" for title, text in sections)


SECTIONS = (("一、部门主要职责", "负责全区的相关工作。" + FILLER),
            ("五、一般公共预算财政拨款支出决算情况", "2016年一般公共预算财政拨款支出300万元。"),
            ("六、政府性基金支出决算情况", "2016年度政府性基金支出0万元。"))


def test_a_page_body_in_one_line_is_read_as_its_sections(tmp_path):
    path = _write(tmp_path, "标题: 某局2016年度部门决算说明", body(*SECTIONS))
    texts = _texts(path)
    assert texts[1:] == [part for title, text in SECTIONS for part in (title, text)]
    doc, _ = read_text(path)
    assert {ln.number for ln in doc.pages[0].lines[1:]} == {2}  # the file's line, still


def test_sections_after_a_full_stop_are_cut_too(tmp_path):
    line = "。".join(("一、部门主要职责 负责全区的相关工作" + FILLER,
                      "二、部门预算单位基本情况 本部门纳入决算的单位1个", ""))
    texts = _texts(_write(tmp_path, line))
    assert "二、部门预算单位基本情况" in texts


def test_near_misses_stay_whole(tmp_path):
    """A short line, and a 目录 whose numbers run on without a break, are left as printed."""
    short = "一、部门主要职责 负责全区的相关工作。二、部门预算单位基本情况 单位1个。"
    toc = "目录：一、部门主要职责二、部门预算单位基本情况三、部门主要工作任务" + FILLER * 2
    assert len(short) < FLATTENED_LINE <= len(toc)
    assert _texts(_write(tmp_path, short, toc)) == [short, toc]


def test_the_sections_decide_each_fund(tmp_path):
    """End to end: the 基金 item under 六、政府性基金… is that fund's, not the general fund's
    the earlier section named (one line, it was filed under every heading of the page)."""
    line = body(("一、部门主要职责", "负责全区的相关工作。" + FILLER),
                ("五、公共财政拨款支出决算情况", "2016年公共财政拨款支出300万元，具体情况如下："
                 "（一）2010301一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）"
                 "300万元。"),
                ("六、政府性基金支出决算情况", "2016年度政府性基金支出50万元，具体情况如下："
                 "（一）2120801城乡社区支出（类）国有土地使用权出让收入安排的支出（款）征地和拆迁补偿支出（项）"
                 "50万元。"))
    result = process(_write(tmp_path, "2016年度某局部门决算说明", line))
    measures = {f.measure for f in result.disclosure.facts if ".function." in f.measure}
    assert "expense.general.function.2010301" in measures
    assert not any(m.startswith("expense.general.function.212") for m in measures)
