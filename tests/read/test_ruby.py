"""Pinyin readings that mirror pages print after their characters ("經(jīng)費"): read without them
(issue #8, third unseen batch: 杜集 and 开平 pages copied by mirrors in traditional characters).

The variants are made here: a text is annotated the way those mirrors do it (a toned syllable in
brackets after chosen characters), then read; it must read as the text without the readings, and
give the same facts. Near misses: brackets that are no reading stay as printed."""

from __future__ import annotations

import pytest

from budgetlens.pipeline import process
from budgetlens.read import read_document
from budgetlens.read.ruby import strip_ruby

READINGS = {"經": "jīng", "務": "wù", "區": "qū", "數": "shù", "關": "guān", "規": "guī",
            "節": "jié", "領": "lǐng", "執": "zhí", "內": "nèi"}

PAGE = (
    "杜集區政府辦2021年度一般公共預算財政撥款“三公”經費支出情況說明\n"
    "杜集區政府辦2021年度一般公共預算財政撥款“三公”經費支出預算為49.9萬元,支出決算為7.69萬元,"
    "完成預算的15.41%,決算數小於預算數的主要原因是外出學習活動減少。\n"
    "杜集區政府辦2021年度一般公共預算財政撥款“三公”經費支出決算中,因公出國(境)費支出決算0萬元,"
    "占0%;公務接待費支出決算5.21萬元,占67.75%;公務用車購置及運行維護費支出決算2.48萬元,占32.25%。\n"
    "2.公務接待費支出5.21萬元,國內公務接待共30批次,579人次。經費使用嚴格執行相關規定。\n"
)


def annotate(text: str, brackets: str = "()") -> str:
    """``text`` as a mirror prints it: each listed character followed by its reading."""
    left, right = brackets
    return "".join(ch + (f"{left}{READINGS[ch]}{right}" if ch in READINGS else "") for ch in text)


@pytest.mark.parametrize("brackets", ["()", "（）"])
def test_a_page_read_with_its_readings_reads_as_without_them(tmp_path, brackets):
    clean, annotated = tmp_path / "clean.txt", tmp_path / "annotated.txt"
    clean.write_text(PAGE, encoding="utf-8")
    annotated.write_text(annotate(PAGE, brackets), encoding="utf-8")
    assert annotate(PAGE, brackets) != PAGE
    doc_a, diags_a = read_document(str(annotated))
    doc_c, diags_c = read_document(str(clean))
    assert [ln.text for p in doc_a.pages for ln in p.lines] == \
        [ln.text for p in doc_c.pages for ln in p.lines]
    assert [d.code for d in diags_a] == ["ruby-removed"] and not diags_c
    readings = sum(PAGE.count(ch) for ch in READINGS)
    assert f"共 {readings} 处" in diags_a[0].message and f"{readings} pinyin" in diags_a[0].message_en


def test_the_figures_are_the_same_and_the_printed_budget_is_read(tmp_path):
    """杜集 政府办: "…經(jīng)費支出預算為49.9萬元,支出決算為7.69萬元,完成預算的15.41%" — with the
    readings in, 49.9 was not read, and a budget implied from the items' changes (7.79) made
    15.41% a false completion-rate error."""
    clean, annotated = tmp_path / "clean.txt", tmp_path / "annotated.txt"
    clean.write_text(PAGE, encoding="utf-8")
    annotated.write_text(annotate(PAGE), encoding="utf-8")
    facts = []
    for path in (clean, annotated):
        result = process(str(path))
        facts.append({(f.measure, f.basis, f.value) for f in result.disclosure.facts})
        assert not [f for f in result.audit.findings if f.severity.value == "error"]
    assert facts[0] == facts[1]
    assert ("three_public.total", "initial_budget", 49.9) in {
        (m, b, float(v)) for m, b, v in facts[1]}


def test_html_pages_lose_their_readings_too(tmp_path):
    page = tmp_path / "page.html"
    body = "".join(f"<p>{line}</p>" for line in annotate(PAGE).splitlines())
    page.write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    document, diagnostics = read_document(str(page))
    text = "".join(ln.text for p in document.pages for ln in p.lines)
    assert "(jīng)" not in text and "經費" in text
    assert "ruby-removed" in [d.code for d in diagnostics]


@pytest.mark.parametrize("text", [
    "政府和社会资本合作(PPP)项目支出12.5万元,其他(a)类支出3万元。",  # letters without a tone
    "支出合计(万元)12.5,2021年(2021)决算数。",                       # no letters at all
    "经(jīng)费支出12.5万元。",                                      # a single reading: a quotation
    "Café(café)与Zürich(zürich)会议费12.5万元。",                   # toned letters after Latin text
])
def test_brackets_that_are_no_readings_stay(text):
    assert strip_ruby(text) == (text, 0)


def test_readings_of_every_tone_and_of_u_umlaut_go():
    text = "绿(lǜ)化(huà)支(zhī)出(chū)與(yǔ)女(nǚ)"
    assert strip_ruby(text) == ("绿化支出與女", 6)
