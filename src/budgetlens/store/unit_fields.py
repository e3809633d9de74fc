"""A unit row's derived fields — printed name, region name, level, parent — as a function of the
set of stored documents that name it, never of the order they were stored in (issue #9).

Why: a ``units`` row is keyed by (``name_key``, ``region_code``), and every document that names the
unit is evidence for its other fields: the document's own unit gives its printed name, region and
level (部门 or 单位); a row of a table broken down by budget unit gives a printed name, the level
``unit`` and, as parent, the document's own unit. These used to be filled by the first document
stored, so a library built with two workers (documents stored as they finish) could call
上海市普陀区人民政府办公室 a ``department`` where one process called it a ``unit``.

Each field is now the least of its evidence under a fixed total order, which does not depend on
the order evidence arrives in (a minimum is commutative and associative): a new document only
moves a field when its evidence ranks before the stored value, and :func:`recompute` folds all
stored evidence the same way for a library written before (``budgetlens db recompute``).

- name and region name: the shortest printed form, then code point order (the forms share their
  ``name_key``: they differ in whitespace or full/half-width characters);
- level: the first of ``level_precedence`` (rules/units.toml) any document gives;
- parent: the candidate parent with the least (``name_key``, ``region_code``) — natural keys, not
  ids, which are themselves the order of storing;
- code: a unit code printed glued to the name (rules/units.toml ``code_digits``), the least
  printed in the same order as names.
"""

from __future__ import annotations

from typing import Callable, Iterable, Optional

from sqlalchemy import Connection, Engine, Row, select, update

from ..model import scope_unit
from ..rules.units import cut_code, load_unit_rules
from .engine import writing
from .rows import name_key
from .schema import Document, FactRow, Unit
from .schema_search import SearchEntry
from .search import unit_entry
from .units import resolve_in


def text_rank(text: Optional[str]) -> tuple:
    """Order of printed forms: shortest first, then code points; nothing known last."""
    return (text is None, len(text or ""), text or "")


def level_rank(level: Optional[str]) -> tuple:
    """Order of levels: as ``level_precedence`` lists them, then any other level by name; none
    last."""
    order = load_unit_rules().level_precedence
    return (level is None, order.index(level) if level in order else len(order), level or "")


def _least(values: Iterable[Optional[str]], rank: Callable[[Optional[str]], tuple]
           ) -> Optional[str]:
    return min(values, key=rank)


def _set_name(conn: Connection, unit_id: int, name: str, region_code: str) -> None:
    """The unit's printed name, and its search entry's (matched and shown) name."""
    conn.execute(update(Unit).where(Unit.id == unit_id).values(name=name))
    entry = unit_entry(unit_id, name, region_code)
    conn.execute(update(SearchEntry).where(SearchEntry.kind == "unit",
                                           SearchEntry.ref == str(unit_id))
                 .values(name=entry["name"], label=entry["label"]))


#: The columns :func:`settle` folds evidence into (and the region code, for the search entry).
CURRENT = (Unit.name, Unit.region, Unit.level, Unit.parent_id, Unit.region_code, Unit.code)


def _parent_rank(conn: Connection, ids: set[int]) -> dict[int, tuple[str, str]]:
    rows = conn.execute(select(Unit.id, Unit.name_key, Unit.region_code)
                        .where(Unit.id.in_(sorted(ids)))).all()
    return {r.id: (r.name_key, r.region_code) for r in rows}


def settle(conn: Connection, unit_id: int, evidence: list["Evidence"],
           current: Optional[Row] = None) -> None:
    """Add one document's ``evidence`` for the stored unit ``unit_id`` to what it holds: each
    field becomes the least of the stored value and the new evidence (module doc), so a field
    moves only to a value that ranks before it. ``current``: the row as the caller read it under
    SQLite's write lock (fresh); on PostgreSQL, where two writers may store documents of one
    unit at once, the row is read again and locked (``FOR UPDATE``: the committed value)."""
    if current is None or conn.dialect.name != "sqlite":
        current = conn.execute(select(*CURRENT).where(Unit.id == unit_id)
                               .with_for_update()).one()
    rows = [*evidence, (current.name, current.region, current.level, current.parent_id,
                        current.code)]
    parents = {p for _, _, _, p, _ in rows if p is not None and p != unit_id}
    parent = current.parent_id
    if len(parents) > 1:
        keys = _parent_rank(conn, parents)
        parent = min(parents, key=lambda p: keys[p])
    elif parents:
        parent = parents.pop()
    want = {"region": _least((r[1] for r in rows), text_rank),
            "level": _least((r[2] for r in rows), level_rank), "parent_id": parent,
            "code": _least((r[4] for r in rows), text_rank)}
    fill = {k: v for k, v in want.items() if getattr(current, k) != v}
    if fill:
        conn.execute(update(Unit).where(Unit.id == unit_id).values(**fill))
    name = _least((r[0] for r in rows), text_rank)
    if name is not None and name != current.name:
        _set_name(conn, unit_id, name, current.region_code)


#: One document's evidence for a unit: printed name, region name, level, parent id, printed code.
Evidence = tuple[Optional[str], Optional[str], Optional[str], Optional[int], Optional[str]]


def _evidence(conn: Connection) -> dict[int, list[Evidence]]:
    """Every stored document's evidence per unit: (name, region, level, parent id, code) — the
    documents' own units (superseded readings too: they were stored) and the budget units their
    tables break figures down by (a fact scoped to a unit other than its document's; one scoped
    to the document's own unit gives only the code printed in front of its name)."""
    out: dict[int, list[Evidence]] = {}
    own = select(Document.unit_id, Document.unit_name, Document.region, Document.level).where(
        Document.unit_id.is_not(None), Document.unit_name.is_not(None)).distinct()
    for uid, name, region, level in conn.execute(own):
        if uid is not None and name is not None:  # (the query asks for both)
            out.setdefault(uid, []).append((name, region, level, None, None))
    keys = dict(conn.execute(select(Unit.id, Unit.name_key)).all())
    scoped = (select(FactRow.unit_id, FactRow.scope, Document.region, Document.unit_id)
              .join(Document, Document.id == FactRow.document_id)
              .where(FactRow.unit_id.is_not(None), Document.unit_id.is_not(None)).distinct())
    for uid, scope, region, parent in conn.execute(scoped):
        printed = scope_unit(scope)
        if not printed or uid is None:
            continue
        code, name = printed_code(printed, keys.get(uid, ""))
        if uid != parent:
            out.setdefault(uid, []).append((name, region, "unit", parent, code))
        elif code is not None:
            out.setdefault(uid, []).append((None, None, None, None, code))
    return out


def printed_code(printed: str, key: str) -> tuple[Optional[str], str]:
    """(code, name) of a stored budget unit's name as a fact's scope prints it, given the name
    key of the unit the fact was stored under: the writer has already judged the printed name
    (:func:`budgetlens.rules.units.split_code`), so the digits in front of the unit's own key
    are its code; (None, printed) when the printed name is the unit's own."""
    code, rest = cut_code(printed)
    if code and key and name_key(rest) == key:
        return code, rest
    return None, printed


def recompute(conn: Connection) -> int:
    """Derive every unit's name, region name, level and parent again from all stored evidence
    (a library stored before session 16 kept the first document's); returns the rows changed.
    A unit no stored document names keeps what it has."""
    evidence = _evidence(conn)
    units = conn.execute(select(Unit.id, Unit.name, Unit.region, Unit.level, Unit.parent_id,
                                Unit.region_code, Unit.code)).all()
    keys = _parent_rank(conn, {p for rows in evidence.values() for _, _, _, p, _ in rows if p})
    changed = 0
    for u in units:
        rows = evidence.get(u.id)
        if not rows:
            continue
        parents = {p for _, _, _, p, _ in rows if p is not None and p != u.id and p in keys}
        want = {"region": _least((r[1] for r in rows), text_rank),
                "level": _least((r[2] for r in rows), level_rank),
                "parent_id": min(parents, key=lambda p: keys[p]) if parents else u.parent_id,
                "code": _least((r[4] for r in rows), text_rank)}
        fill = {k: v for k, v in want.items() if getattr(u, k) != v}
        if fill:
            conn.execute(update(Unit).where(Unit.id == u.id).values(**fill))
        name = _least((r[0] for r in rows), text_rank)
        if name is not None and name != u.name:
            _set_name(conn, u.id, name, u.region_code)
        changed += bool(fill) or (name is not None and name != u.name)
    return changed


def recompute_all(engine: Engine) -> tuple[int, int]:
    """``budgetlens db recompute``: every unit's derived fields (:func:`recompute`), then every
    identity's canonical row (:func:`.units.resolve_in`), in one transaction; returns the rows
    changed by each."""
    with writing(engine).begin() as conn:
        return recompute(conn), resolve_in(conn)


__all__ = ["CURRENT", "Evidence", "level_rank", "recompute", "recompute_all", "settle", "text_rank"]
