"""Statement claims of a sentence: 空表, 无…支出, 不在机关运行经费统计范围, template residue.

Why apart from the number rules: a statement has no figure, so what it is about must come from
its own words or its place. The lexicon says which (``[[statement]] measure``):

* a measure key: the statement names it ("无政府性基金预算财政拨款支出");
* ``subject``: the words between 无 and 支出 when they name a measure ("无国有资本经营预算支出" beside
  "政府性基金预算支出19,336.15万元" is the 国有资本经营 one), else the sentence's subject
  ("无此项支出");
* ``table``: the table the note is printed under ("故本表无数据" below 公开11表 国有资本经营预算支出预算表),
  its measure by role from ``[[statement_table]]``; another table's note is about nothing we check
  ("故此表无数据" below a 重点专项资金绩效目标表). Without a table before it on its page, the sentence's
  subject, as for ``subject``.

A ``definition_broad`` statement is a 名词解释 that defines a measure without restricting it to basic
spending ("机关运行经费：指各部门的公用经费…"); printed as a glossary heading ("九、机关运行经费：" then
"指…") it is of the heading's term, the section's subject. Rules comparing that measure with a
basic-spending one abstain on it (identities ``unless_claim``).
"""

from __future__ import annotations

import re
from typing import Optional, Sequence

from budgetlens.model import Claim, Source, TableInfo
from budgetlens.rules.lexicon import Lexicon

from .claim_state import CONTEXT
from .claims import ClaimEngine
from .tokens import tokenize

#: the statement kind of a definition (名词解释) wider than the basic spending's 公用经费
DEFINITION = "definition_broad"


def read_statements(engine: ClaimEngine, norm: str, start: int, end: int, lexicon: Lexicon,
                    tables: Sequence[TableInfo] = ()) -> None:
    """Append the statement claims of the sentence ``norm[start:end]`` to ``engine.claims``
    (first match per place: overlapping statements of later entries are skipped)."""
    taken: list[tuple[int, int]] = []
    for item in lexicon.statements:
        for m in item.regex.finditer(norm, start, end):
            if _overlaps(m.start(), m.end(), taken):
                continue
            taken.append((m.start(), m.end()))
            source = engine.source(m.start())
            measure = item.value.measure
            if measure == "table":
                measure = _table_measure(source, tables, lexicon)
            if measure in ("subject", None):
                measure = _named(m.group(0), lexicon)
            if measure is None:
                measure = _context_measure(engine, item.value.kind)
            if item.value.kind == DEFINITION and not measure:
                continue  # a definition of a term we have no measure for
            engine.claims.append(Claim(item.value.kind, engine.quote, source, measure, "",
                                       m.group(0)))
    _read_listed(engine, norm, start, end, lexicon, taken)


def _context_measure(engine: ClaimEngine, kind: str) -> str:
    """What a statement naming nothing itself is about: a definition ("指各部门的公用经费…" under
    the glossary heading "九、机关运行经费：") is of its heading's term, the section's subject; any
    other statement of the running subject first ("无此项支出")."""
    subject = engine.section.subject if kind == DEFINITION else \
        engine.carry.subject or engine.section.subject
    return subject.measure if subject else ""


def _overlaps(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in taken)


def _read_listed(engine: ClaimEngine, norm: str, start: int, end: int, lexicon: Lexicon,
                 taken: list[tuple[int, int]]) -> None:
    """The items of a list one negation covers ("无政府性基金预算支出、国有资本经营预算支出";
    "无政府性基金预算和国有资本经营预算支出"): each item not inside a statement already found is
    matched as "<negation><item>", then with the last item's tail, against the statements that name
    their measure (a note's table or the running subject is no item's)."""
    listing = lexicon.statement_list
    if listing is None:
        return
    for neg in listing.negation.finditer(norm, start, end):
        items = _list_items(norm, neg.end(), end, listing.separator)
        if len(items) < 2:
            continue
        last = norm[items[-1][0]:items[-1][1]]
        tail = listing.tail.search(last)
        for a, b in items:
            text = norm[a:b]
            if _overlaps(a, b, taken) or any(ch.isdigit() for ch in text) or (
                    listing.not_item is not None and listing.not_item.match(text)):
                continue
            words = [neg.group(0) + text]
            if tail is not None and not listing.tail.search(text):
                words.append(words[0] + tail.group(0))
            found = _listed_statement(words, lexicon)
            if found is not None:
                taken.append((a, b))
                kind, measure, said = found
                engine.claims.append(Claim(kind, engine.quote, engine.source(a), measure, "", said))


def _list_items(norm: str, at: int, end: int, separator: re.Pattern[str]) -> list[tuple[int, int]]:
    """The spans of the items listed from ``at`` to the clause's end, split at ``separator``
    (none when the clause holds a bracket: a list inside a name's parenthesis is not split)."""
    stop = at
    while stop < end and norm[stop] not in "，,；;。：:":
        stop += 1
    clause = norm[at:stop]
    if any(ch in clause for ch in "（()）"):
        return []
    spans, begin = [], at
    for sep in separator.finditer(norm, at, stop):
        if sep.start() > begin:
            spans.append((begin, sep.start()))
        begin = sep.end()
    if begin < stop:
        spans.append((begin, stop))
    return spans


def _listed_statement(words: list[str], lexicon: Lexicon) -> Optional[tuple[str, str, str]]:
    """(kind, measure, words) of the first statement matching one of ``words`` from its start,
    its measure named by itself or by the words; None for a note's table or an unnamed subject."""
    for said in words:
        for item in lexicon.statements:
            m = item.regex.match(said)
            if m is None or item.value.kind == "residue" or item.value.measure == "table":
                continue
            measure = item.value.measure
            if measure == "subject":
                measure = _named(m.group(0), lexicon)
            if measure:
                return item.value.kind, measure, m.group(0)
    return None


def _named(text: str, lexicon: Lexicon) -> Optional[str]:
    """The measure the statement's own words name (an alias, else a fund qualifier's spending),
    or None when they name none."""
    for tok in tokenize(text, lexicon, None, None):
        if tok.role == "alias" and tok.value[0].measure not in ("", CONTEXT):
            return tok.value[0].measure
        if tok.role == "qualifier" and tok.value[0][2]:
            return tok.value[0][2]
    return None


def _table_measure(source: Source, tables: Sequence[TableInfo], lexicon: Lexicon
                   ) -> Optional[str]:
    """The measure of the table printed last before ``source`` on its page ("" for a table of a
    role without one), or None when no table precedes it there."""
    above = [t for t in tables if source.page in (t.pages or (t.page,)) and _before(t, source)]
    if not above:
        return None
    table = max(above, key=lambda t: (t.page, _top(t.source)))
    return (lexicon.statement_tables or {}).get(table.role or "", "")


def _before(table: TableInfo, source: Source) -> bool:
    """The table starts on an earlier page, or above the statement on its page."""
    if table.page != source.page:
        return table.page < (source.page or 0)
    if table.source is None:
        return False
    if table.source.bbox is not None and source.bbox is not None:
        return table.source.bbox[1] < source.bbox[1]
    return (table.source.line or 0) < (source.line or 0)


def _top(source: Optional[Source]) -> float:
    if source is None:
        return 0.0
    return source.bbox[1] if source.bbox is not None else float(source.line or 0)


__all__ = ["read_statements"]
