"""Function-class names in the text against the codes of the tables, and obsolete names.

* A sentence or a 名词解释 entry names spending as a (类)(款)(项) chain ("卫生健康支出（类）行政事业
  单位医疗（款）行政单位医疗（项）"). Each name should be the name of a code of the level its marker
  says, under the code the chain names before it. A name that the document's own tables print
  under another parent, or at another level only, belongs to another code: the text describes
  something the tables file elsewhere.
* A 类/款/项 name abolished or renamed before the document's year (医疗卫生与计划生育支出 in a 2020
  document: 卫生健康支出 since 2019) is obsolete. Which names and years: the ``former`` rows of
  rules/reference/func_names_history.csv; a name still valid in the document's year is not.

Why warnings: the document's tables and the reference are the only dictionaries; a chain the
tables do not print at all is not judged (no finding), and names are compared in folded form
(brackets, 其他/其它, trailing 支出) so that spelling variants do not fire.
"""

from __future__ import annotations

import re
from typing import Iterable, Optional

from budgetlens.extract.func_names import NameBook, fold_name, reference_book, table_pairs
from budgetlens.model import Evidence, Fact, Finding
from budgetlens.reconcile.form_common import Outcome, collect, fact_evidence, finding, param, quote
from budgetlens.reconcile.form_text import FormContext, Passage
from budgetlens.rules.catalogue import Rule
from budgetlens.rules.lexicon import load_lexicon
from budgetlens.rules.form_words import load_form_words
from budgetlens.rules.reference import LEVELS, load_reference

#: level word → code length (类 3, 款 5, 项 7), as the reference tables declare them
SIZES = {level: size for size, level in LEVELS.items()}
LEVEL_OF_SIZE = {v: k for k, v in SIZES.items()}


class ChainLink:
    """One name of a (类)(款)(项) chain with its marked level, resolved against the books.
    ``judged`` is False for a name that may be cut (it opens the line: the line before may hold
    its start, 其他 / 科学技术支出)."""

    def __init__(self, name: str, level: str, codes: set[str], judged: bool = True):
        self.name, self.level, self.codes, self.judged = name, level, codes, judged


def _books(ctx: FormContext) -> tuple[NameBook, NameBook]:
    return (NameBook(table_pairs(ctx.disclosure.facts), load_lexicon().name_fold),
            reference_book(ctx.meta.year))


def _resolve_name(raw: str, size: int, books: tuple[NameBook, NameBook]
                  ) -> tuple[str, set[str], bool]:
    """The longest tail of ``raw`` that either book knows at any level ("主要用于行政运行" →
    行政运行), its codes of ``size`` digits, and whether the whole of ``raw`` was the name;
    ("", ∅, False) when no tail is a known name, or the tail would drop a 其他/其它 (其他普通
    教育支出 is not 普通教育支出)."""
    for start in range(0, max(0, len(raw) - 1)):
        name = raw[start:]
        known = set()
        for book in books:
            for s in SIZES.values():
                known |= book.candidates(name, s)
        if known:
            if raw[:start].endswith(load_form_words().residual):
                return "", set(), False
            return name, {c for c in known if len(c) == size}, start == 0
    return "", set(), False


def chain_links(text: str, pattern: re.Pattern, books: tuple[NameBook, NameBook],
                may_be_cut: bool = False) -> list[list[ChainLink]]:
    """The (类)(款)(项) chains of ``text``: consecutive marked names, each resolved. A link
    continues the chain only when it follows the previous marker directly and its whole text is
    the name (a name found after other words — “…”中的部分项目修改为“公路水路运输（款） — starts a
    new chain). ``may_be_cut``: the line before runs on into this one, so a name opening the
    text may lack its start."""
    chains: list[list[ChainLink]] = []
    last_end = -10
    for m in pattern.finditer(text):
        level = m.group("level")
        name, codes, whole = _resolve_name(m.group("name"), SIZES[level], books)
        opens_line = not text[:m.start("name")].strip(" \t　")
        link = ChainLink(name, level, codes, judged=not (opens_line and may_be_cut))
        if chains and m.start() == last_end and whole \
                and SIZES[chains[-1][-1].level] < SIZES[level]:
            chains[-1].append(link)
        else:
            chains.append([link])
        last_end = m.end()
    return chains


def _generic(name: str) -> bool:
    """A 项 name every 款 has (行政运行, 一般行政管理事务, 机关服务, 事业运行, 其他…): the
    reference's reserved items. Its code depends on the 款 alone, so it is never misfiled."""
    key = fold_name(name)
    for item in load_reference().reserved:
        ref = fold_name(item.name)
        if key == ref or (item.match == "prefix" and key.startswith(ref)):
            return True
    return False


def _misfiled(chain: list[ChainLink], doc: NameBook) -> Optional[tuple[ChainLink, ChainLink, set[str]]]:
    """The first link whose name, at its level, has no code under its parent's codes, while the
    document's tables print the parent and print that name at that level under another parent:
    (parent, link, the tables' codes)."""
    for parent, link in zip(chain, chain[1:]):
        if not parent.codes or not link.name or not (parent.judged and link.judged):
            continue
        if _generic(link.name) or not any(doc.candidates(parent.name, len(c)) for c in parent.codes):
            continue
        if any(c.startswith(p) for c in link.codes for p in parent.codes):
            continue
        printed = doc.candidates(link.name, SIZES[link.level])
        if printed:
            return parent, link, printed
    return None


def _wrong_level(chain: list[ChainLink], doc: NameBook, ref: NameBook
                 ) -> Optional[tuple[ChainLink, set[str]]]:
    """A link marked at a level at which neither book knows the name, while the tables print
    it at another level: (link, the tables' codes)."""
    for link in chain:
        if not link.name or link.codes or not link.judged:
            continue
        if ref.candidates(link.name, SIZES[link.level]):
            continue
        printed = {c for s in SIZES.values() for c in doc.candidates(link.name, s)}
        if printed:
            return link, printed
    return None


def check_chain_names(ctx: FormContext, rule: Rule) -> Outcome:
    """Fields: ``name``, ``level``, ``parent``, ``codes``, ``text``. Params: ``chain_pattern``
    (regex with groups ``name`` and ``level``)."""
    pattern = re.compile(param(rule, "chain_pattern", str))
    books = _books(ctx)
    narrative = ctx.disclosure.narrative
    lines = {(ln.page, ln.number): narrative[i - 1].text for i, ln in enumerate(narrative) if i}
    findings, seen = [], set()
    for passage in ctx.texts:
        if passage.source.table is not None or "（" not in passage.text and "(" not in passage.text:
            continue
        for chain in chain_links(passage.text, pattern, books, _runs_on(lines, passage)):
            found = _chain_problem(chain, books)
            if found is None or (found[0], found[1]) in seen:
                continue
            seen.add((found[0], found[1]))
            findings.append(_chain_finding(rule, passage, *found))
    return collect(findings), []


_CLOSED_RE = re.compile(r"[。；;：:，,！？!?）)】」』”]\s*$")


def _runs_on(lines: dict, passage: Passage) -> bool:
    """The printed line before ``passage`` (the previous page's last line for a page's first)
    ends mid-sentence (no closing punctuation): a name opening the passage may have its first
    characters there (其他 / 科学技术支出（项）)."""
    before = lines.get((passage.source.page, passage.source.line))
    return before is not None and bool(before.strip()) and not _CLOSED_RE.search(before)


def _chain_problem(chain: list[ChainLink], books: tuple[NameBook, NameBook]
                   ) -> Optional[tuple[str, str, str, set[str]]]:
    """(name, level, parent name or "", the tables' codes of the name) of a misfiled link."""
    doc, ref = books
    misfiled = _misfiled(chain, doc)
    if misfiled is not None:
        parent, link, codes = misfiled
        return link.name, link.level, parent.name, codes
    wrong = _wrong_level(chain, doc, ref)
    if wrong is not None:
        link, codes = wrong
        return link.name, link.level, "", codes
    return None


def _chain_finding(rule: Rule, passage: Passage, name: str, level: str, parent: str,
                   codes: set[str]) -> Optional[Finding]:
    listed = "、".join(sorted(codes))
    where = f"{parent}下的" if parent else ""
    return finding(rule, [quote(passage.source, role="statement")],
                   stated=f"{where}{name}（{level}）", expected=f"表中编码 {listed}", name=name,
                   level=level, parent=parent or "-", codes=listed,
                   text=passage.source.text.strip()[:80])


def _former_names(year: Optional[int]) -> list[tuple[str, str, int]]:
    """(code, former name, last valid year) of names abolished before ``year``."""
    if year is None:
        return []
    return [(a.code, a.name, a.valid_to) for a in load_reference().aliases
            if a.kind == "former" and a.valid_to is not None and a.valid_to < year]


def _name_sites(ctx: FormContext, name: str, name_end: str) -> list[Evidence]:
    """Where ``name`` is printed: narrative passages (the name followed by what ``name_end``
    allows: a 款 name such as 行政事业单位离退休 is also the start of 行政事业单位离退休人员, a
    phrase about people, not the class), then table rows of function codes."""
    key = fold_name(name)
    printed = re.compile(re.escape(name) + f"(?:{name_end})")
    out = [quote(p.source, role="statement") for p in ctx.texts if printed.search(p.text)]
    out += [fact_evidence(f, role="row") for folded, f in _folded_function_rows(ctx)
            if folded.endswith(key)]
    return out


def _folded_function_rows(ctx: FormContext) -> list[tuple[str, Fact]]:
    """Each function row's first fact with its label folded (:func:`fold_name`), once per
    document: every former name of the year looks for its rows among them (session 16: the rows
    were gathered and their labels folded again for each name)."""
    return ctx.shared("folded_function_rows", lambda: [
        (fold_name(f.label.split(" / ", 1)[0]), f) for f in _function_rows(ctx.disclosure.facts)])


def _function_rows(facts: Iterable[Fact]) -> list[Fact]:
    seen, out = set(), []
    for f in facts:
        if f.origin == "table" and ".function." in "." + f.measure and f.label:
            row = (f.source.page, f.source.table, f.source.row)
            if row not in seen:
                seen.add(row)
                out.append(f)
    return out


def check_obsolete_names(ctx: FormContext, rule: Rule) -> Outcome:
    """Fields: ``name``, ``code``, ``until``, ``year``. Params: ``name_end`` (regex: what may
    follow a former name in the text for it to be the class's name; default anything)."""
    name_end = param(rule, "name_end", str, "")
    findings = []
    for code, name, until in _former_names(ctx.meta.year):
        sites = _name_sites(ctx, name, name_end)
        if sites:
            findings.append(finding(rule, sites, stated=name, expected=f"{ctx.meta.year}年科目名称",
                                    name=name, code=code, until=until, year=ctx.meta.year))
    return collect(findings), []


__all__ = ["check_chain_names", "check_obsolete_names", "chain_links", "ChainLink"]
