"""Whether rows on the next page go on with a table: the decisions every format shares (issue #8).

Why apart from :mod:`pdf_continue`: a PDF part and a text table after a form feed ask the same
questions once their rows sit in the table's columns — does the part repeat the table's header
(drop those rows), does it open as the table itself opens (a copy: another project's form), does
it go on with rows not read before, does it fill the form's head in anew (the next form). Those
are questions about grids of texts, not about column edges or page margins; :mod:`pdf_continue`
answers the PDF's column maps and hands its rows here, :mod:`textjoin` hands the rows of text
tables split at form feeds. Rows are lists of cell texts with their spaces taken out
(:func:`norm`), in the column space of the table being continued.
"""

from __future__ import annotations

from typing import Sequence

from budgetlens.read.settings import StitchSettings
from budgetlens.rules.numbers import AMOUNT_LIKE, PRINTED_AMOUNT

Rows = Sequence[Sequence[str]]


def norm(text: str) -> str:
    return "".join(text.split())  # = re.sub(r"\s+", "", text), without the regex call


def repeated_rows(first: Rows, part: Rows, st: StitchSettings) -> int:
    """How many leading rows of ``part`` repeat header rows of the table whose first page's rows
    are ``first``: its first rows, or the column-header rows below a title row printed only on
    the first page (``st.max_header_offset`` rows down, at most ``st.max_header_rows``)."""
    best = 0
    for start in range(min(st.max_header_offset + 1, len(first))):
        k = 0
        while (k < min(len(part), len(first) - start, st.max_header_rows) and any(part[k])
               and first[start + k] == part[k]):
            k += 1
        best = max(best, k)
    return best


def whole_header_rows(first: Rows, part: Rows, st: StitchSettings) -> int:
    """Rows of ``part`` repeating the whole column header of ``first`` (every row above its first
    row of amounts, below a title row printed only there), or 0. A form's key rows (项目名称 |
    财政工作专项经费, then 实施单位 of another unit) repeat only part of it: a form of its own."""
    for start in range(min(st.max_header_offset + 1, len(first))):
        end = next((i for i in range(start, len(first))
                    if any(AMOUNT_LIKE.search(t) for t in first[i])), len(first))
        n = end - start
        if 0 < n <= min(st.max_header_rows, len(part)) and all(any(r) for r in first[start:end]) \
                and list(part[:n]) == list(first[start:end]):
            return n
    return 0


def opens_a_copy(first: Rows, rows: Rows) -> bool:
    """Whether a part opens as the table itself opens: its first row keyed as one of the rows
    above the table's first amounts (项目名称, 主管部门及代码 of a 绩效目标表; 项目 of a header).

    Why: under a title repeated on every page (烟台 政策和项目预算绩效目标表, one per project),
    a page that opens with the last indicator rows of the form above it (绩效指标 | 效益指标 | …,
    no amounts, no header) goes on with that form; another project's form opens with its key
    rows again."""
    if not rows:
        return True
    end = next((i for i, row in enumerate(first) if any(AMOUNT_LIKE.search(t) for t in row)),
               len(first))
    keys = {next((t for t in row if t), "") for row in first[:max(end, 1)]} - {""}
    lead = next((t for t in rows[0] if t), "")
    return not lead or lead in keys


def row_label(row: Sequence[str]) -> str:
    """What names a row: its texts other than amounts, in order (codes and names)."""
    return "|".join(t for t in row if t and not AMOUNT_LIKE.fullmatch(t))


def new_rows(body: Rows, seen: set[str]) -> bool:
    """Rows with labels, most of them not seen before: a part that mostly repeats the labels
    already read (合计, 一般公共服务支出, 项目名称, 年度目标) is a copy under a shared title, not
    the table going on."""
    labels = [lab for lab in map(row_label, body) if lab]
    repeated = sum(1 for lab in labels if lab in seen)
    return bool(labels) and 2 * repeated < len(labels)


def body_goes_on(first: Rows, part: Rows, seen: set[str], st: StitchSettings) -> bool:
    """Does ``part`` (mapped rows; its first row prints no amount — a caller joins such a row at
    once) go on with the table whose first page's rows are ``first`` and whose rows read so far
    carry the labels ``seen``? When it repeats the table's whole header and then goes on with
    rows of its own (rows repeated word for word and figure for figure, 栏次 or a 合计 reprinted
    on every page, count as the page's repeat: 佛山), or when it opens with rows of its own that
    are no opening of the table (:func:`opens_a_copy`)."""
    skip = whole_header_rows(first, part, st)
    if skip == 0:
        return not opens_a_copy(first, part) and new_rows(part, seen)
    skip = max(skip, repeated_rows(first, part, st))
    return new_rows(part[skip:], seen)


def restarts(first: Rows, part: Rows, st: StitchSettings) -> bool:
    """Does ``part`` open with the head of the form ``first`` opens with, filled in anew?

    Why: a form printed once per project (项目绩效目标表, one a page, the columns fitted to each
    project's words) repeats its head — 项目名称, 主管部门 / 实施单位 — with other values; a page
    that goes on with the same form repeats a header word for word or none. So a row of the part's
    head (its rows above the first amount, at most ``max_header_rows``) whose label (first text)
    labels a head row of ``first`` while the rest of the row differs is the next form, not a
    continuation the reader failed to join. No label list: the table names its own head."""
    before = dict(form_head(first, st))
    return any(label in before and rest and before[label] and rest != before[label]
               for label, rest in form_head(part, st))


def form_head(rows: Rows, st: StitchSettings) -> list[tuple[str, str]]:
    """(label, the row's other texts) of a form's head: its rows above the first one printing
    an amount or repeating a label already seen (绩效指标 | 产出指标 …, 绩效指标 | 效益指标 …: the
    body's rows name categories again and again, a head names each field once)."""
    out: list[tuple[str, str]] = []
    for row in rows[:st.max_header_rows]:
        texts = [norm(t) for t in row]
        if any(PRINTED_AMOUNT.fullmatch(t) for t in texts if t):
            break
        filled = [t for i, t in enumerate(texts) if t and (i == 0 or t != texts[i - 1])]
        if not filled:
            continue
        if any(filled[0] == label for label, _ in out):
            break
        out.append((filled[0], "|".join(t for t in filled[1:] if t != filled[0])))
    return out
