"""The standard tables a document says it prints: their titles found in its running text.

Why from the text and not from the recognised tables: the question "did we recognise every
standard table?" needs an answer that does not come from the recogniser itself. A document names
its tables twice — in its 目录 and in the heading printed above each table — and both are running
text lines (never cells of a table). So a line that is nothing but a table title (optional
numbering, year and unit name, then a title ending in 表, possibly dot leaders and a page number
after it) names a table the document carries. The title is matched with the same aliases the
recogniser uses (rules/tables.toml), and only families declared as standard tables in
rules/templates.toml (``[[table_role]]`` and their ``satisfied_by``) count. The recogniser's
answer is then compared with this list by :func:`unrecognised_titles`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Iterable, Optional

from budgetlens.extract.table_grid import norm
from budgetlens.extract.table_role import find_family, find_kind, normalise_title
from budgetlens.model import Disclosure, Line, Source
from budgetlens.rules.form_words import load_form_words
from budgetlens.rules.templates import Templates, load_templates, role_family
from budgetlens.rules.table_layouts import TableLayouts, load_table_layouts

# dot leaders and a page number after a 目录 entry; a (续表) mark; one trailing parenthesis
# (（按功能分类）, （一般公共预算）) that qualifies the title without changing it.
_LEADER_RE = re.compile(r"(?:[.．…·•\-—_ ]{2,}|\s)\s*\d{1,3}\s*$|[.．…·•]{2,}\s*$")
_QUALIFIER_RE = re.compile(r"[（(][^（()）]{1,16}[）)]$")
# a continuation mark, a line that is a sentence or a reference to a table (not the title
# itself), the head of a 目录, and how long titles and 目录 runs are: data
# (rules/form_words.toml [titles])


@dataclass(frozen=True)
class PrintedTitle:
    """A standard table named by a title line of the running text."""

    role: str
    family: str
    title: str
    source: Source
    toc: bool  # the line carries a page number or dot leaders: a 目录 entry


def standard_families(templates: Templates) -> frozenset[str]:
    """Families declared as standard tables: the ``[[table_role]]`` entries and the families
    that satisfy one of them."""
    out = set(templates.roles)
    for role in templates.roles.values():
        out.update(role.satisfied_by)
    return frozenset(out)


def title_of_line(text: str) -> tuple[str, bool]:
    """The line's candidate title (normalised, leaders/page number/续表 removed) and whether it
    looked like a 目录 entry; "" when the line cannot be a title."""
    raw = text.strip()
    stripped = _LEADER_RE.sub("", raw).strip()
    toc = stripped != raw
    words = load_form_words()
    s = words.continued.sub("", norm(stripped))
    bare = _QUALIFIER_RE.sub("", s)  # the qualifier stays in the title: （按经济分类） tells tables apart
    if not bare.endswith(words.title_ends) or len(s) > words.shape.max_chars or words.not_title.search(bare):
        return "", toc
    return s, toc


def printed_titles(disclosure: Disclosure, layouts: Optional[TableLayouts] = None,
                   templates: Optional[Templates] = None) -> tuple[PrintedTitle, ...]:
    """Every running-text line of ``disclosure`` that is the title of a standard table; ``toc``
    is set for the entries of a 目录 (see :func:`_listed`) and titles on pages without a
    table."""
    layouts = layouts or load_table_layouts()
    templates = templates or load_templates()
    standard = standard_families(templates)
    out = []
    lines = disclosure.narrative
    for i, line in enumerate(lines):
        found = _title_role(line, disclosure, layouts, standard)
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if found is None and nxt is not None and _wraps_into(line, nxt):
            # a title wrapped over two lines (…会议费、培训费支出预 / 算表)
            found = _title_role(line._replace(text=line.text.rstrip() + nxt.text.strip()),
                                disclosure, layouts, standard)
        if found is not None:
            out.append(found)
    listed = _listed(disclosure, out)
    bare = _pages(out) - _table_pages(disclosure)
    return tuple(replace(t, toc=True) if i in listed or t.source.page in bare else t
                 for i, t in enumerate(out))


def _pages(titles: list[PrintedTitle]) -> set[Optional[int]]:
    return {t.source.page for t in titles}


def _table_pages(disclosure: Disclosure) -> set[Optional[int]]:
    """Pages on which the reader found a table (whatever its role): a title printed on a page
    without any table is a listing (a 目录 running over two pages), not a table's heading."""
    out: set[Optional[int]] = set()
    for t in disclosure.tables:
        out.update(t.pages or (t.page,))
    return out


def _wraps_into(line: Line, nxt: Optional[Line]) -> bool:
    """The next line is the short rest of this one: same page, next line, ending in 表."""
    if nxt is None or nxt.page != line.page or nxt.number != line.number + 1:
        return False
    words = load_form_words()
    rest, head, shape = norm(nxt.text), norm(line.text), words.shape
    return 0 < len(rest) <= shape.wrap_chars and len(head) >= shape.wrap_head \
        and title_of_line(nxt.text)[0].endswith(words.title_ends) \
        and not head.endswith(words.title_ends)


def _listed(disclosure: Disclosure, titles: list[PrintedTitle]) -> set[int]:
    """Indices of the titles that list tables rather than head them: runs of titles on
    consecutive lines (a gap of at most ``run_gap`` lines: table headings are parted by their
    tables' rows) that name ``toc_families`` or more families or open within ``toc_reach``
    lines after a 目录 line (rules/form_words.toml [titles])."""
    words = load_form_words()
    shape = words.shape
    heads = {(ln.page, ln.number) for ln in disclosure.narrative
             if words.toc_head.match(norm(ln.text))}
    runs: list[list[int]] = []
    for i, t in enumerate(titles):
        prev = titles[runs[-1][-1]].source if runs else None
        if prev is not None and prev.page == t.source.page \
                and 0 <= (t.source.line or 0) - (prev.line or 0) <= shape.run_gap:
            runs[-1].append(i)
        else:
            runs.append([i])
    out: set[int] = set()
    for run in runs:
        first = titles[run[0]].source
        after_head = any(p == first.page and 0 < (first.line or 0) - n <= shape.toc_reach
                         for p, n in heads)
        if after_head or len({titles[i].family for i in run}) >= shape.toc_families:
            out.update(run)
    return out


def _title_role(line: Line, disclosure: Disclosure, layouts: TableLayouts,
                standard: frozenset[str]) -> Optional[PrintedTitle]:
    candidate, toc = title_of_line(line.text)
    if not candidate:
        return None
    title = normalise_title(candidate, layouts)
    title = layouts.recognition.unit_pattern.sub("", title)
    family, by = find_family(title, "", layouts)
    if family is None or by != "title" or family.name not in standard:
        return None
    kind = None if family.kindless else find_kind(title, "", disclosure.metadata, layouts)
    source = Source(file=disclosure.path, page=line.page, line=line.number, bbox=line.bbox,
                    text=line.text)
    return PrintedTitle(family.role(kind), family.name, title, source, toc)


def recognised_families(disclosure: Disclosure, templates: Optional[Templates] = None
                        ) -> frozenset[str]:
    """Families of the tables extraction recognised, with the families they stand in for
    (``satisfied_by``: a 一般公共预算支出表（按经济分类） stands in for the 基本支出表)."""
    templates = templates or load_templates()
    found = {role_family(t.role) for t in disclosure.tables if t.role}
    for family, info in templates.roles.items():
        if found & set(info.satisfied_by):
            found.add(family)
    return frozenset(found)


def expected_titles(titles: Iterable[PrintedTitle], has_tables: bool = False
                    ) -> dict[str, PrintedTitle]:
    """One title per standard family: the heading above the table when printed (it sits on the
    table's page), else the 目录 entry. A family only a 目录 names is expected only when the
    document evidently prints its tables (``has_tables``, or some table heading was found):
    narrative-only files list the tables of a separate attachment (附件：…部门预算报表), and
    not when the 目录 lists it after every table whose heading the text prints (an excerpt, or
    a file cut after its first tables, stops before it)."""
    titles = list(titles)
    if not has_tables and all(t.toc for t in titles):
        return {}
    out: dict[str, PrintedTitle] = {}
    for t in titles:
        fam = role_family(t.role)
        if fam not in out or (out[fam].toc and not t.toc):
            out[fam] = t
    order = _contents_order(titles)
    headed = [order[f] for f, t in out.items() if not t.toc and f in order]
    reach = max(headed, default=len(order) if has_tables else -1)
    return {f: t for f, t in out.items() if not t.toc or order.get(f, 0) <= reach}


def _contents_order(titles: list[PrintedTitle]) -> dict[str, int]:
    """Family → its position in the 目录 (first listing)."""
    order: dict[str, int] = {}
    for t in titles:
        if t.toc:
            order.setdefault(role_family(t.role), len(order))
    return order


def unrecognised_titles(disclosure: Disclosure, layouts: Optional[TableLayouts] = None,
                        templates: Optional[Templates] = None
                        ) -> tuple[dict[str, PrintedTitle], list[PrintedTitle]]:
    """(expected family → its title, the titles of families no recognised table has)."""
    templates = templates or load_templates()
    have = recognised_families(disclosure, templates)
    core = have & standard_families(templates)
    expected = expected_titles(printed_titles(disclosure, layouts, templates),
                               len(core) >= templates.min_recognised_tables)
    return expected, [t for fam, t in expected.items() if fam not in have]


__all__ = ["PrintedTitle", "printed_titles", "recognised_families", "expected_titles",
           "unrecognised_titles", "standard_families", "title_of_line"]
