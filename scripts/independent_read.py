"""An independent reader of standard-table total rows, for benchmark labels (docs/accuracy.md).

Why a reader of its own: the benchmark's recall is an upper bound as long as its labels were
proposed by budgetlens (a figure the tool never read is never labelled). This module reads the
合计/总计 rows of the standard tables (B1–B9 / F1–F9) from ``pdftotext -layout`` (poppler) or a
text file as it is, and names each figure by its own small vocabulary, written from the templates
(../shared/domain/standards.md) — it imports nothing from budgetlens, so it cannot share the
tool's mistakes. Every candidate it gives is confirmed by eye on its line before it becomes a
label (scripts/independent_totals.py keeps the review).

How a figure is named: the table's kind from its title; the figure's column from the header
words printed above it (pdftotext keeps the horizontal position of every character, so a header
word that overlaps the figure's span names its column; a group heading such as 基本支出 or
上年结转 covers the columns up to the next heading of its line); in two-sided tables (收支总表,
财政拨款收支总表) by the row label printed just before the figure.
"""

from __future__ import annotations

import dataclasses
import re
import subprocess
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

# Table kinds by title, first match wins (titles without spaces). Tables that are not the
# standard totals (项目, 绩效, 采购, 机关运行, 资产) are skipped.
SKIP_TITLE = re.compile(r"项目支出|绩效|采购|机关运行|资产|目录|说明|专项|名词")
KINDS = (
    ("fiscal_summary", re.compile(r"财政拨款收支")),
    ("summary", re.compile(r"收支.{0,4}总表|收入支出.{0,4}总表|收支总体")),
    ("three_public", re.compile(r"三公")),
    ("gov_fund", re.compile(r"政府性基金")),
    ("soe", re.compile(r"国有资本经营")),
    ("general_basic", re.compile(r"(一般公共预算|财政拨款).{0,6}基本支出")),
    ("basic_all", re.compile(r"基本支出")),
    ("general", re.compile(r"一般公共预算.{0,8}支出")),
    ("income", re.compile(r"收入.{0,4}(总表|总体|表)")),
    ("expense", re.compile(r"支出.{0,4}(总表|总体|表)")),
)
TOTAL_ROW = re.compile(r"^(合计|总计|合计数|本年合计|支出合计|收入合计)$")
NUMBER = re.compile(r"(?<![\d.,])-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\d,])")


@dataclass(frozen=True)
class Candidate:
    """One total-row figure, named by the independent reader; reviewed before it is a label."""

    page: int
    kind: str
    title: str
    row: str
    column: str
    printed: str
    measure: str
    basis: str
    unit: str
    line: str


def pdf_pages(path: Path) -> list[str]:
    """Every page's text from poppler's ``pdftotext -layout`` (not budgetlens's reader)."""
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                         text=True, check=True).stdout
    pages = out.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def text_pages(path: Path) -> list[str]:
    """A text file is one page. A table flattened one cell a line (``cell |``) is rejoined into
    one line of cells separated by wide gaps, and a row of tab- or pipe-separated cells into one
    line, so that the same reader applies (an empty cell is printed as ·)."""
    out: list[str] = []
    run: list[str] = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        cells = [c.strip() or "·" for c in re.split(r"[|\t]", line)]
        if "|" in line and len([c for c in cells if c != "·"]) <= 1:
            run.append(cells[0])
            continue
        if run:
            out.append("    ".join(run))
            run = []
        out.append("    ".join(cells) if ("|" in line or "\t" in line) else line)
    if run:
        out.append("    ".join(run))
    return ["\n".join(out)]


def squash(text: str) -> str:
    return re.sub(r"[\s\u3000·]+", "", text)


def table_kind(line: str) -> str | None:
    """The standard-table kind a title line names, or None (sentences and 目录 entries are not
    titles)."""
    flat = squash(line)
    if not flat or len(flat) > 60 or re.search(r"[。，；]|…|\.\.\.", flat):
        return None
    if "表" not in flat:
        return None
    if SKIP_TITLE.search(flat) and "三公" not in flat:
        return "skip"  # another table: it ends the one before
    return next((kind for kind, rx in KINDS if rx.search(flat)), None)


def _lone(word: str) -> bool:
    """A word of one CJK character (or a run of them spaced out: 合  计, 收  入)."""
    return bool(re.fullmatch(r"[\u4e00-\u9fff]+", word)) and len(word) <= 2


def tokens(line: str) -> list[tuple[int, int, str]]:
    """Runs of text separated by two or more spaces, with their printed extent: pdftotext gives
    every character one column, but a CJK character is printed about two columns wide, so a
    header word of n CJK characters covers about 2n columns from where it starts. Characters
    spaced out over a cell (合      计) are one word."""
    out: list[tuple[int, int, str]] = []
    for m in re.finditer(r"\S+(?: \S+)*", line):
        width = sum(2 if ord(ch) > 0x2E80 else 1 for ch in m.group())
        start, end, word = m.start(), m.start() + width, m.group()
        if out and _lone(out[-1][2]) and _lone(word) and len(out[-1][2]) == 1 \
                and start - out[-1][1] <= 12:
            start, word = out[-1][0], out.pop()[2] + word
        out.append((start, end, word))
    return out


def figures(line: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in NUMBER.finditer(line)]


def is_column_numbers(line: str) -> bool:
    """The 栏次 row (1 2 3 …) under a header is no data."""
    nums = figures(line)
    rest = squash(NUMBER.sub("", line))
    return len(nums) >= 2 and all("." not in n and "," not in n and len(n) <= 2 for *_, n in nums) \
        and len(rest) <= 4


def header_path(header: list[str], start: int, end: int) -> str:
    """The header words above a figure's span [start, end), top to bottom: on each header line
    the word that overlaps the span most (a figure is right-aligned, its heading centred)."""
    parts = []
    for line in header:
        best, text = 0, ""
        for s, e, word in tokens(line):
            overlap = min(e, end + 1) - max(s, start - 1)
            if overlap > best:
                best, text = overlap, squash(word)
        if text and not NUMBER.fullmatch(text):
            parts.append(text)
    return "/".join(parts)


def unit_of(lines: list[str]) -> str:
    flat = squash(" ".join(lines))
    m = re.search(r"单位[:：]?(万元|元|千元)", flat)
    return m.group(1) if m and m.group(1) == "元" else ""


def basis_of(path: str, kind: str, year: int) -> str | None:
    """The basis a column's header gives its figures; None for change and percentage columns
    (and a bare 预算数 of a 决算, whose basis the header does not say)."""
    if re.search(r"增减|增长|比上年|变动|%|％|执行率|完成", path):
        return None
    years = {int(y) for y in re.findall(r"(20\d\d)年", path)}
    if year - 1 in years and year not in years or re.search(r"上年(?!结转|结余)", path):
        return "prior" if kind == "budget" else "prior_execution"
    if "年初预算" in path:
        return "initial_budget"
    if re.search(r"调整预算|全年预算", path):
        return "adjusted_budget"
    if kind == "final" and "预算" in path and "决算" not in path:
        return None
    return "current"


_COMPONENTS = (  # (header word, suffix) for expense tables, first match wins
    (r"人员", "basic.personnel"), (r"公用", "basic.public"), (r"项目支出|项目", "project"),
    (r"基本支出", "basic"), (r"经营支出", "operating"), (r"上缴上级", "remit_superior"),
    (r"附属单位", "subsidy_subordinate"))
_INCOME = (
    (r"一般公共预算", "income.fiscal.general"), (r"政府性基金", "income.fiscal.gov_fund"),
    (r"国有资本", "income.fiscal.soe_capital"), (r"财政专户", "income.fiscal_special_account"),
    (r"经营收入|单位经营", "income.operating"), (r"事业收入", "income.business"),
    (r"上级补助", "income.superior_subsidy"), (r"附属单位", "income.subordinate_remit"),
    (r"其他收入", "income.other"), (r"财政拨款", "income.fiscal"))
_THREE = ((r"购置及运行|购置和运行", "three_public.vehicle"),
          (r"购置", "three_public.vehicle_purchase"), (r"运行", "three_public.vehicle_operation"),
          (r"公务用车", "three_public.vehicle"), (r"接待", "three_public.reception"),
          (r"出国", "three_public.overseas"))
_TOTAL_WORD = re.compile(r"合计|总计|小计|金额|预算数|决算数|执行数|本年|^$")


def _leaf(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def nearest(header: str, table: tuple[tuple[str, str], ...]) -> str | None:
    """The entry of ``table`` the lowest header words name: the leaf first, then the leaf
    joined with the words above it — a column is named by its own heading before its group's
    (基本支出 / 人员经费 is 人员经费; 公务用车购置及运行费 / 小计 is the vehicle subtotal)."""
    parts = header.split("/")
    for n in range(len(parts) - 1, -1, -1):
        joined = "".join(parts[n:])
        hit = next((m for rx, m in table if re.search(rx, joined)), None)
        if hit:
            return hit
    return None


def column_measure(kind: str, header: str, carry: bool, first: bool = True) -> str | None:
    """The measure of a total-row figure under ``header`` (words top to bottom, "/" between
    lines) in a column table; a word wrapped over two lines is matched joined."""
    path = header.replace("/", "")
    leaf = _leaf(header)
    if re.search(r"科目|编码|名称|行次|栏次|单位|^项目$", leaf) or "结转" in path and kind != "income" \
            or "采购" in path:
        return None
    if kind == "basic_all":  # 基本支出总表 by source of funds: only its total is a key fact
        return "expense.basic" if re.fullmatch(r"总计|合计|基本支出|基本支出合计", leaf) else None
    if kind == "income":
        if "上年结转" in path or "结转" in leaf:
            return "income.carryover" if re.search(r"结转(结余)?$|小计|合计", leaf) else None
        hit = nearest(header, _INCOME)
        if hit:
            return hit
        if "本年收入" in path or leaf == "小计":
            return "income.total"
        return ("income.grand_total" if carry else "income.total") if _TOTAL_WORD.search(leaf) else None
    if kind == "three_public":
        hit = nearest(header, _THREE)
        return hit or ("three_public.total" if _TOTAL_WORD.search(leaf) else None)
    prefix = {"expense": "expense", "general": "expense.general", "general_basic": "expense.general",
              "gov_fund": "expense.gov_fund", "soe": "expense.soe_capital"}[kind]
    suffix = nearest(header, _COMPONENTS)
    if suffix is None and leaf == "小计" and not first and kind in ("expense", "general"):
        suffix = "basic"  # the 小计 after the total column is 基本支出's (its heading spans it)
    if kind in ("gov_fund", "soe"):
        suffix = suffix if suffix in ("basic", "project") else None if suffix else "total"
    elif kind == "general_basic":
        suffix = suffix if suffix and suffix.startswith("basic") else None if suffix else "basic"
    elif suffix is None:
        suffix = "total" if _TOTAL_WORD.search(leaf) else None
    if suffix is None or kind == "general" and suffix in ("operating", "remit_superior",
                                                          "subsidy_subordinate"):
        return None
    return f"{prefix}.{suffix}"


_SUMMARY_ROWS = {
    "summary": ((r"^(本年)?收入(合计|小计)$|^本年收入$", "income.total"),
                (r"^收入总计$|^总计$", "income.grand_total"),
                (r"^(本年)?支出(合计|小计)$|^本年支出$", "expense.total"),
                (r"^支出总计$", "expense.grand_total")),
    "fiscal_summary": ((r"^(本年)?收入(合计|小计)$|^本年收入$", "income.fiscal"),
                       (r"^收入总计$|^总计$", "income.fiscal.total_with_carryover"),
                       (r"^(本年)?支出(合计|小计)$|^本年支出$", "expense.fiscal.total"),
                       (r"^支出总计$", "expense.fiscal.grand_total")),
    # tables printed as a list of rows (江苏 收入预算总表: 项目名称 | 金额; 决算 基本支出表: 人员经费合计
    # … 公用经费合计 at the foot of its two halves), read only when the table has no 合计 row
    "income": ((r"^收入总计$", "income.grand_total"), (r"^本年收入合计$", "income.total")),
    "general_basic": ((r"^人员经费合计$", "expense.general.basic.personnel"),
                      (r"^公用经费合计$", "expense.general.basic.public")),
}


_EXPENSE_SIDE = {"income.grand_total": "expense.grand_total", "income.total": "expense.total",
                 "income.fiscal.total_with_carryover": "expense.fiscal.grand_total",
                 "income.fiscal": "expense.fiscal.total"}


_GRAND = {"income.total": "income.grand_total", "expense.total": "expense.grand_total",
          "income.fiscal": "income.fiscal.total_with_carryover",
          "expense.fiscal.total": "expense.fiscal.grand_total"}


def row_measure(kind: str, label: str) -> str | None:
    """The measure of a total row of a two-sided table (收支总表, 财政拨款收支总表)."""
    flat = re.sub(r"^[一二三四五六七八九十]+、|^[（(][一二三四五六七八九十]+[)）]", "", squash(label))
    return next((m for rx, m in _SUMMARY_ROWS[kind] if re.search(rx, flat)), None)


_META_LINE = re.compile(r"(部门|单位|编制单位|预算单位)(名称)?[:：]|单位[:：]|^注[:：]")


def _is_data(line: str) -> bool:
    return any("." in n or "," in n for *_, n in figures(line)) and not is_column_numbers(line)


def _table_spans(lines: list[str]) -> list[tuple[int, int, str]]:
    """(title line, end line, kind) of every standard table a page prints."""
    starts = [(i, k) for i, line in enumerate(lines) if (k := table_kind(line))]
    return [(i, starts[n + 1][0] if n + 1 < len(starts) else len(lines), k)
            for n, (i, k) in enumerate(starts) if k != "skip"]


def _two_sided(page: int, kind: str, title: str, body: list[str], header: list[str],
               doc_kind: str, year: int, unit: str) -> list[Candidate]:
    """Each figure's row label is the text printed between it and the figure before it (a 行次
    of one or two digits after a label is skipped; only the first figure after a label is the
    row's, the others are its fund columns)."""
    out: list[Candidate] = []
    seen: set[str] = set()
    for line in body:
        prev, label, fresh, labels = 0, "", False, 0
        for s, e, printed in figures(line):
            text = squash(line[prev:s])
            prev = e
            if text:
                label, fresh, labels = text, True, labels + 1
            elif not fresh:
                continue
            if "." not in printed and "," not in printed and len(printed) <= 2:
                continue  # 行次
            fresh = False
            measure = row_measure(kind, label) if text or label else None
            if measure and labels > 1 and re.fullmatch(r"总计|合计", label):
                measure = _EXPENSE_SIDE.get(measure, measure)  # 总计 … 总计: the second is 支出
            if measure in seen and re.fullmatch(r"(收入|支出)合计", label):
                measure = _GRAND.get(measure, measure)  # 本年收入合计 … 收入合计 (福建): the total
            if measure and re.search(r"本年", label):
                seen.add(measure)
            path = header_path(header, s, e)
            basis = basis_of(path, doc_kind, year) if measure else None
            if measure and basis and re.search(r"[1-9]", printed):
                out.append(Candidate(page, kind, title, label, path, printed, measure, basis,
                                     unit, " ".join(line.split())))
    return out


def _column_table(page: int, kind: str, title: str, body: list[str], header: list[str],
                  doc_kind: str, year: int, unit: str) -> list[Candidate]:
    total = next((line for line in body if tokens(line)
                  and TOTAL_ROW.match(squash(tokens(line)[0][2]).rstrip(":："))), None)
    if total is None:
        total = _unit_row(body) or _bare_row(body)
    if total is None:
        if kind in _SUMMARY_ROWS:
            return _two_sided(page, kind, title, body, header, doc_kind, year, unit)
        return []
    carry = "结转" in squash(" ".join(header))
    out = []
    for n, (s, e, printed) in enumerate(figures(total)):
        path = header_path(header, s, e)
        measure = column_measure(kind, path, carry, first=n == 0)
        basis = basis_of(path, doc_kind, year) if measure else None
        if measure and basis and re.search(r"[1-9]", printed):
            out.append(Candidate(page, kind, title, squash(tokens(total)[0][2]), path, printed,
                                 measure, basis, unit, " ".join(total.split())))
    return out


_ORG = re.compile(r"(局|委|院|厅|办|中心|部|会|所|站|队|馆|校|处|室|社|公司)(本级)?$")


def _unit_row(body: list[str]) -> str | None:
    """A table of one budget unit may print no 合计 row: its first data row, labelled with the
    unit's name before any classified row, is then the total (深圳: 深圳市审计局 10,737.69 …)."""
    data = [line for line in body if _is_data(line)]
    if not data or not tokens(data[0]):
        return None
    words = [w for *_, w in tokens(data[0]) if not NUMBER.fullmatch(w)]
    label = squash(words[0]) if words else ""  # 105001 长春市信访局 …: the code is skipped
    return data[0] if _ORG.search(label) and not re.search(r"\d", label) else None


def _bare_row(body: list[str]) -> str | None:
    """A table of a single row of figures printed with no label at all (江苏 支出预算总表, 上海
    决算 三公 table: the row under the header is the total)."""
    data = [line for line in body if _is_data(line)]
    if len(data) != 1 or squash(NUMBER.sub("", data[0])):
        return None
    return data[0]


def read_lines(lines: list[str], pages: list[int], doc_kind: str,
               year: int) -> list[Candidate]:
    """The total-row candidates of every standard table of a document. A table runs from its
    title to the next title, over page breaks: a table continued over pages prints its 合计 row
    on the first or the last of them (上海 prints it last)."""
    out: list[Candidate] = []
    spans = _table_spans(lines)
    if not spans and "本年收入合计" in squash(" ".join(lines)) and "收入总计" in squash(" ".join(lines)):
        spans = [(-1, len(lines), "summary")]  # an untitled 收支总表 (a web page's table)
    for start, end, kind in spans:
        body = lines[start + 1:end]
        first = next((i for i, line in enumerate(body) if _is_data(line)), len(body))
        header = [ln for ln in body[:first] if not _META_LINE.search(squash(ln))
                  and not is_column_numbers(ln)]
        unit = unit_of(lines[max(0, start - 2):start + 2 + first])
        title = squash(lines[start]) if start >= 0 else "(untitled 收支总表)"
        read = _two_sided if kind in ("summary", "fiscal_summary") else _column_table
        where = {id(ln): pages[start + 1 + i] for i, ln in enumerate(body)}
        for c in read(0, kind, title, body[first:], header, doc_kind, year, unit):
            page = next((where[id(ln)] for ln in body[first:] if " ".join(ln.split()) == c.line),
                        pages[max(start, 0)])
            out.append(Candidate(page, *dataclasses.astuple(c)[1:]))
    return out


def read_document(path: Path, doc_kind: str, year: int) -> list[Candidate]:
    texts = pdf_pages(path) if path.suffix.lower() == ".pdf" else text_pages(path)
    lines, pages = [], []
    for n, text in enumerate(texts, 1):
        for line in text.splitlines():
            lines.append(line)
            pages.append(n)
    return read_lines(lines, pages, doc_kind, year)


def value_of(candidate: Candidate) -> Decimal:
    number = Decimal(candidate.printed.replace(",", ""))
    return number / 10000 if candidate.unit == "元" else number
