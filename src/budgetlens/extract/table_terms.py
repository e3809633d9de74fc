"""Recognise a table's family and its columns by the domain terms of their wording.

Why: the aliases of rules/tables.toml are wordings seen in the corpora; a template neither holds
prints its own (部门预算支出汇总表, 一般公共预算拨款安排的支出表, 公车购置及运维费), and an alias list
only ever follows the last template seen. The words a wording is made of are few and stable
(rules/table_terms.toml): a title is cut into terms, the longest surface form at each place, and
the family whose declared fit it holds with the most required terms is taken — only when that
best fit is unique, no term names a table of another kind (采购, 绩效, 资产 …) and few characters
are left that no term explains. A weak or tied fit leaves the table unrecognised: a wrong family
or column is worse than none.

Used only where no alias matches. A table recognised this way, or read through a column matched
this way, carries the reading doubt ``recognised-by-terms`` (rules/reading.toml), so a finding
standing on it is 读取存疑 unless the document's own figures prove it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Optional, TypeVar

from ..model import Diagnostic, Severity, Source
from ..rules.extract_words import load_extract_words
from ..rules.memo import OwnedMemo
from ..rules.table_layouts import ColumnAlias, Family, TableLayouts
from ..rules.table_terms import TableTerms, TermColumn, TermFamily, TermFit, load_table_terms

if TYPE_CHECKING:  # pragma: no cover - typing only
    from .table_cells import TableContext

#: the doubt a table read through terms carries (a cause of rules/reading.toml)
CAUSE = "recognised-by-terms"
#: the diagnostic that names a column mapped by its terms (and marks the table for the doubt)
COLUMN_CODE = "table-column-by-terms"

_BRACKETS_RE = re.compile(r"[（(【\[][^（()）【】\[\]]*[)）】\]]")
_YEAR_PREFIX_RE = re.compile(r"^.*?\d{4}\s*年度?")
_TITLES = load_extract_words()["titles"]  # rules/extract_words.toml [titles], compiled once
_TAIL_NUMBER_RE = _TITLES.rx["tail_number"]
_TABLE_WORD = _TITLES.words["table_word"][0]
_IGNORED_RE = re.compile(r"[\s\d\W_]", re.UNICODE)
_T = TypeVar("_T")  # a candidate of :func:`_best` (a declared column)
_MEMO: OwnedMemo["Reading"] = OwnedMemo(4096)


@dataclass(frozen=True)
class Reading:
    """The terms a text holds and how many of its characters no term or neutral word explains."""

    terms: frozenset[str]
    residue: int


def read_terms(text: str, terms: Optional[TableTerms] = None) -> Reading:
    """Terms of ``text`` (bracketed qualifiers included) and its residue (outside brackets)."""
    terms = terms or load_table_terms()
    return _MEMO.get(terms, text, lambda: _read(text, terms))


def _read(text: str, terms: TableTerms) -> Reading:
    meaning = dict(terms.forms)
    found = {meaning[m.group(0)] for m in terms.pattern.finditer(text)}
    bare = _BRACKETS_RE.sub("", text)
    left = terms.pattern.sub("", bare)
    residue = len(_IGNORED_RE.sub("", left))
    return Reading(frozenset(t for t in found if t), residue)


def _best(fits: list[tuple[int, _T]]) -> Optional[_T]:
    """The candidate with the most required terms, when no other has as many."""
    if not fits:
        return None
    fits.sort(key=lambda f: f[0], reverse=True)
    if len(fits) > 1 and fits[1][0] == fits[0][0]:
        return None
    return fits[0][1]


def _score(fits: tuple[TermFit, ...], held: frozenset[str]) -> int:
    return max((len(f.all) for f in fits if f.holds(held)), default=0)


def term_family(title: str, header: str, layouts: TableLayouts, unit_name: str = "",
                terms: Optional[TableTerms] = None) -> Optional[Family]:
    """The family whose declared terms the normalised ``title`` fits best, uniquely; else None.

    The unit's name and everything up to the year (XX局2025年…) are no part of the wording;
    equal best fits are told apart by the families' header hints, else left unrecognised."""
    terms = terms or load_table_terms()
    text = title.replace(unit_name, "") if unit_name else title
    reading = next((r for r in (read_terms(t, terms) for t in _candidates(text))
                    if r.residue <= terms.max_residue), None)
    if reading is None or reading.terms & terms.veto:
        return None
    scored = []
    for tf in terms.families:
        score = _score(tf.fits, reading.terms)
        if score:
            family = layouts.family(tf.name)
            hints = sum(1 for p in family.header_hints if p.search(header))
            scored.append(((score, hints), family))
    if not scored:
        return None
    scored.sort(key=lambda s: s[0], reverse=True)
    if len(scored) > 1 and scored[1][0] == scored[0][0]:
        return None
    return scored[0][1]


def family_veto(family: Family, title: str, header: str, layouts: TableLayouts,
                unit_name: str = "", terms: Optional[TableTerms] = None) -> Optional[Family]:
    """Another family for a title an alias gave to ``family``, when the title's terms contradict
    it; else None.

    Why: an alias is searched as a fragment of the title ('财政拨款支出…表' inside 公共财政拨款支出
    预算表) and its vetoes are literal words (一般公共预算), so an older or shorter name of a fund
    (公共财政, 一般预算) slips past them. When the family is declared by terms, the title holds a
    term every one of its fits forbids, and the terms name one other family uniquely, that family
    is taken (and the table reads with the doubt)."""
    terms = terms or load_table_terms()
    tf = terms.family(family.name)
    if tf is None:
        return None
    text = title.replace(unit_name, "") if unit_name else title
    held = read_terms(_YEAR_PREFIX_RE.sub("", text), terms).terms
    if not any(f.all <= held and f.none & held for f in tf.fits) or _score(tf.fits, held):
        return None
    other = term_family(title, header, layouts, unit_name, terms)
    return other if other is not None and other.name != family.name else None


def _candidates(title: str) -> list[str]:
    """The title without what stands before its year, then each tail from a 表 on, longest first.

    Why tails: a heading the reader took into the title (第二部分 部门预算公开表 表一：…收入汇总表)
    leaves words no term explains; the title proper is the last part, after a 表."""
    text = _YEAR_PREFIX_RE.sub("", title)
    tails = [text[i:] for i, ch in enumerate(text) if ch == _TABLE_WORD and 0 < i < len(text) - 1]
    return [text] + [_TAIL_NUMBER_RE.sub("", t) for t in tails]


def term_column(text: str, ctx: "TableContext", groups: tuple[str, ...] = (),
                terms: Optional[TableTerms] = None, note: bool = True) -> Optional[ColumnAlias]:
    """The column the label ``text`` names by its terms in ``ctx``'s family, uniquely; else None.

    ``groups`` are the headings above the label. One that names no column of the family rules
    columns out by its terms as the label's own would (公共预算拨款/其中：专项… is a part of a fund,
    not the department's 项目支出); one that names a column of the family is the label's whole
    (公车购置及运维费/公车运维) and rules nothing out. A match is reported once per table
    (``table-column-by-terms``), which also marks the table for the reading doubt; with
    ``note`` False the caller reports it only if it reads a column by it."""
    terms = terms or load_table_terms()
    tf = terms.family(ctx.family.name)
    if tf is None or not tf.columns or not text:
        return None
    best = _column_fit(text, tf, terms, _context(groups, tf, terms))
    if best is None:
        return None
    if note:
        _note(ctx, text)
    return ColumnAlias(re.compile(re.escape(text)), best.component, best.measure)


def _column_fit(text: str, tf: TermFamily, terms: TableTerms,
                around: frozenset[str] = frozenset()) -> Optional[TermColumn]:
    """The family's column declaration ``text`` fits best, uniquely; None for a weak fit."""
    reading = read_terms(text, terms)
    if reading.residue > terms.max_column_residue:
        return None
    held = reading.terms | around
    return _best([(len(c.fit.all), c) for c in tf.columns
                  if c.fit.all <= reading.terms and not c.fit.none & held])


def _context(groups: tuple[str, ...], tf: TermFamily, terms: TableTerms) -> frozenset[str]:
    """Terms of the headings above a label that name no column of the family themselves."""
    out: set[str] = set()
    for group in groups:
        if group and _column_fit(group, tf, terms) is None:
            out |= read_terms(group, terms).terms
    return frozenset(out)


def term_veto(alias: ColumnAlias, text: str, ctx: "TableContext", groups: tuple[str, ...] = (),
              terms: Optional[TableTerms] = None) -> Optional[ColumnAlias]:
    """Another column for ``text`` when its terms contradict the alias it matched, else None.

    Why: an alias is a fragment of a wording ('购置' for 公务用车购置费); a wording that holds the
    fragment and more (公车购置及运维费: 购置 and 运行) names another column. When the column the
    alias names is declared by terms, the label holds none of its fits, and the terms name one
    other column uniquely, that column is taken (and the table reads with the doubt)."""
    terms = terms or load_table_terms()
    tf = terms.family(ctx.family.name)
    if tf is None or not text:
        return None
    own = [c for c in tf.columns if (c.component, c.measure) == (alias.component, alias.measure)]
    held = read_terms(text, terms).terms
    if not own or any(c.fit.holds(held) for c in own):
        return None
    other = term_column(text, ctx, groups, terms)
    if other is None or (other.component, other.measure) == (alias.component, alias.measure):
        return None
    return other


def note_column(ctx: "TableContext", text: str) -> None:
    """Report a column read by its terms (see :func:`term_column` ``note``)."""
    _note(ctx, text)


def _note(ctx: "TableContext", text: str) -> None:
    zh = f"表格列按用语识别：{text}"
    if any(d.code == COLUMN_CODE and d.message == zh for d in ctx.diagnostics):
        return
    ctx.diagnostics.append(Diagnostic(
        COLUMN_CODE, Severity.INFO, zh, f"table column recognised by its terms: {text}",
        Source(file=ctx.document.path, page=ctx.table.page, table=ctx.table.index)))


def read_by_terms(diagnostics: Iterable[Diagnostic]) -> bool:
    """Whether a table's extraction mapped a column by its terms (see :func:`term_column`)."""
    return any(d.code == COLUMN_CODE for d in diagnostics)


__all__ = ["CAUSE", "COLUMN_CODE", "Reading", "read_terms", "term_family", "family_veto",
           "term_column", "term_veto", "note_column",
           "read_by_terms"]
