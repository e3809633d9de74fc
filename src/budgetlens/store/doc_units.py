"""The units one document names, got or created in one pass (the writer's part of unit identity).

A document names its own unit and, in tables broken down by budget unit, the units under it. Each
is a ``units`` row by (``name_key``, ``region_code``): found, or inserted (its parent the
document's own unit), joined to its identity (:func:`.units.assign_rows`) and made findable
(``search_entries``); then this document's evidence settles each row's derived fields
(:func:`.unit_fields.settle`).

Why in one pass: the writer used to do all of that one name at a time — a query to find the
name, an insert, a query to read the row back, four to six statements of identity, two of
search — about ten statements a unit, half of the writer's CPU in SQLAlchemy's work per
statement (docs/store.md, session 19). Now a document costs the same few statements however many
units it names: one query for every name, an insert of the own unit then one of the others
(executemany), one query reading the new rows back, one identity pass and one search insert
for all of them. The rows and their ids come out as before: inserted in the same order (the
own unit first, then the others by printed name, the first printing of a key wins), identity
is a union over the same rows (:func:`.units.assign_rows`), and each field is the least of its
evidence whatever order it arrives in.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Optional, Sequence

from sqlalchemy import Connection, Row, bindparam, select

from . import search
from . import unit_fields
from . import units as identity
from .prepared import Prepared
from .rows import UnitName, name_key
from .engine import insert_ignoring
from .schema import TABLES, Unit
from .schema_search import SearchEntry

#: The columns read of each unit row: its id and keys, and what :func:`.unit_fields.settle` folds.
_COLUMNS = (Unit.id, Unit.name_key, *unit_fields.CURRENT)
#: One document's evidence for one unit row: (unit id, the unit as printed, its parent, the row).
Seen = tuple[int, UnitName, Optional[int], Row]
#: A unit row's natural key (``uq_units_name_key``).
_KEY = ("name_key", "region_code")
# Statements built once (bound values by name; the IN lists expand): built per call from the
# mapped attributes, each cost the writer several times its execution (docs/store.md, session 19).
_READ = select(*_COLUMNS).where(Unit.region_code == bindparam("region_"),
                                Unit.name_key.in_(bindparam("keys_", expanding=True)))
_ENTRIES = select(SearchEntry.ref).where(SearchEntry.kind == "unit",
                                         SearchEntry.ref.in_(bindparam("refs_", expanding=True)))


def document_units(conn: Connection, rows: Prepared) -> tuple[Optional[int], dict[str, int]]:
    """The id of the document's own unit, and the unit id of each printed budget unit name
    (``rows.unit_names``); the units stored, joined and settled (module doc)."""
    own = rows.unit
    if own is None:
        return None, {}
    own_key, region = name_key(own.name), own.region_code
    codes = {n: (code, bare) for n, code, bare in rows.unit_codes}
    named: list[tuple[str, Optional[UnitName]]] = []  # None: a row naming the own unit
    for n in rows.unit_names:
        code, bare = codes.get(n, (None, n))
        named.append((n, None if name_key(bare) == own_key else
                      UnitName(bare, region, own.region, "unit", code)))
    found = _read(conn, region, [own_key, *(name_key(u.name) for _, u in named if u)])
    fresh: list[tuple[Row, UnitName]] = []  # rows this document found missing, as printed
    if own_key not in found:
        insert_ignoring(conn, TABLES["units"], _KEY, [_values(own, own_key, None)])
        found.update(_read(conn, region, [own_key]))
        fresh.append((found[own_key], own))
    own_row = found[own_key]
    missing: dict[str, UnitName] = {}
    for _, u in named:
        if u is not None and name_key(u.name) not in found:
            missing.setdefault(name_key(u.name), u)  # the first printing of a key is inserted
    if missing:
        insert_ignoring(conn, TABLES["units"], _KEY,
                        [_values(u, k, own_row.id) for k, u in missing.items()])
        found.update(_read(conn, region, list(missing)))
        fresh += [(found[k], u) for k, u in missing.items()]
    if fresh:
        _join(conn, fresh, rows.identity)
    seen: list[Seen] = [(own_row.id, own, None, own_row)]
    ids: dict[str, int] = {}
    for n, u in named:
        if u is None:  # the department's own row of the table, which may print its code
            ids[n] = own_row.id
            code = codes.get(n, (None, n))[0]
            if code is not None:
                seen.append((own_row.id, replace(own, code=code), None, own_row))
        else:
            row = found[name_key(u.name)]
            ids[n] = row.id
            seen.append((row.id, u, own_row.id, row))
    _settle(conn, seen)
    return own_row.id, ids


def _values(unit: UnitName, key: str, parent_id: Optional[int]) -> dict:
    return {"name": unit.name, "name_key": key, "region_code": unit.region_code,
            "region": unit.region, "level": unit.level, "parent_id": parent_id, "code": unit.code}


def _read(conn: Connection, region: str, keys: Sequence[str]) -> dict[str, Row]:
    """The stored rows of ``keys`` in ``region``, by name key (one query)."""
    return {r.name_key: r for r in conn.execute(_READ, {"region_": region,
                                                        "keys_": sorted(set(keys))})}


def _join(conn: Connection, fresh: list[tuple[Row, UnitName]],
          keys: dict[tuple[str, str], str]) -> None:
    """Units this document found missing: joined to their identities in one pass (by the stored
    rows), and each given its search entry (by the name as printed here) unless it has one (a
    concurrent writer's)."""
    identity.assign_rows(conn, [(r.id, r.name, r.name_key, r.region_code) for r, _ in fresh],
                         keys, fresh=True)
    refs = [str(r.id) for r, _ in fresh]
    have = set(conn.execute(_ENTRIES, {"refs_": refs}).scalars())
    search.add_entries(conn, [search.unit_entry(r.id, u.name, u.region_code)
                              for r, u in fresh if str(r.id) not in have])


def _settle(conn: Connection, seen: list[Seen]) -> None:
    """This document's evidence for each unit it names (:func:`.unit_fields.settle`), one unit
    at a time in one order (the units' keys) whatever the document: two PostgreSQL writers then
    never wait on each other's unit rows crosswise (settle locks each row it reads there)."""
    by_unit: dict[int, tuple[Row, list[unit_fields.Evidence]]] = {}
    for uid, unit, parent, row in seen:
        by_unit.setdefault(uid, (row, []))[1].append((unit.name, unit.region, unit.level, parent,
                                                      unit.code))
    for uid in sorted(by_unit, key=lambda u: (by_unit[u][0].name_key, by_unit[u][0].region_code)):
        row, evidence = by_unit[uid]
        unit_fields.settle(conn, uid, evidence, row)


__all__ = ["document_units"]
