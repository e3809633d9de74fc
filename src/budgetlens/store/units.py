"""Unit identity across documents: which stored unit rows are one unit (issue #9).

A ``units`` row is one printed name in one region (``name_key``, ``region_code``). An *identity*
groups rows: those whose names share the key of ``rules/units.toml`` within one region
(深圳市财政局（本级） and 深圳市财政局), plus what a person decided (``budgetlens units merge A B``:
A is B; ``units split A``: A stands alone). Every row's ``canonical_id`` names the row that stands
for its identity, so a query groups documents by ``COALESCE(units.canonical_id, units.id)``: the
row with the least (``name_key``, ``region_code``) of the group — a natural key, so that the
same documents give the same canonical row whatever order they were stored in (the smallest id,
used before session 16, was the first stored). When a new row takes that place, the cross
findings filed under the old canonical id move to the new one (:func:`_apply`).

Why decisions are kept by name key and region, not by row id: a unit first stored after the
decision (a later year, a re-ingest into the same library, a reprocess) is covered by it too.
Why the whole library is resolved again by :func:`resolve_all` (``crosscheck`` and the ``units``
commands call it) while :func:`assign` only joins a new row to its group: a changed rule file or a
concurrent writer on PostgreSQL (two new rows of one identity in two transactions) is set right in
one pass, and writing a document stays cheap.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Iterable, Optional, Sequence

from sqlalchemy import (ColumnElement, Connection, Engine, Row, Select, bindparam, delete, func,
                        insert, or_, select, update)

from ..rules.units import identity_key
from .engine import StoreError, writing
from .rows import name_key
from .schema import Document, Unit
from .schema_cross import CrossFinding, UnitOverride

MERGE, SPLIT = "merge", "split"


@dataclass(frozen=True)
class UnitRef:
    """One unit row as the commands show it."""

    id: int
    name: str
    region_code: str
    canonical_id: int


def _uf_find(parent: dict[int, int], x: int) -> int:
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def _union(parent: dict[int, int], order: dict[int, tuple[str, str]], a: int, b: int) -> None:
    """Join the groups of ``a`` and ``b``; the root is the row of the least natural key."""
    ra, rb = _uf_find(parent, a), _uf_find(parent, b)
    if ra != rb:
        first, second = sorted((ra, rb), key=lambda r: order[r])
        parent[second] = first


def _overrides(conn: Connection) -> tuple[set[tuple[str, str]], list[tuple[tuple, tuple]]]:
    """Split keys, and merge edges ((name_key, region) → (target name_key, target region)),
    in the order they were recorded."""
    splits, merges = set(), []
    for row in conn.execute(_OVERRIDES):
        key = (row.name_key, row.region_code)
        if row.action == SPLIT:
            splits.add(key)
        elif row.action == MERGE and row.target_name_key is not None:
            merges.append((key, (row.target_name_key, row.target_region_code or "")))
    return splits, merges


_OVERRIDES = select(UnitOverride.action, UnitOverride.name_key, UnitOverride.region_code,
                    UnitOverride.target_name_key, UnitOverride.target_region_code
                    ).order_by(UnitOverride.id)


def _canonical_map(rows: list[tuple[int, str, str, str]], splits: set, merges: list
                   ) -> dict[int, int]:
    """rows: (id, name_key, region_code, identity_key) → {id: canonical id} by union-find."""
    parent = {r[0]: r[0] for r in rows}
    order = {r[0]: (r[1], r[2]) for r in rows}
    by_key: dict[tuple[str, str], list[int]] = {}
    by_identity: dict[tuple[str, str], int] = {}
    for uid, nkey, region, ikey in rows:
        by_key.setdefault((nkey, region), []).append(uid)
        if (nkey, region) in splits or not ikey:
            continue
        first = by_identity.setdefault((ikey, region), uid)
        _union(parent, order, first, uid)
    for source, target in merges:
        for a in by_key.get(source, ()):
            for b in by_key.get(target, ()):
                _union(parent, order, a, b)
    return {uid: _uf_find(parent, uid) for uid in parent}


def _apply(conn: Connection, canonical: dict[int, int], current: dict[int, Optional[int]],
           fresh: frozenset[int] = frozenset()) -> int:
    """Store the canonical rows; a row that stood for its identity and no longer does hands its
    cross findings (filed by identity) to the row that now stands for it. One executemany per
    table (a corpus's new units used to cost two statements each). ``fresh``: rows inserted in
    this transaction, which no cross finding names (a foreign key): nothing to hand over."""
    moved = [(uid, root) for uid, root in canonical.items() if current.get(uid) != root]
    if not moved:
        return 0
    conn.execute(_SET_CANONICAL, [{"uid_": uid, "root_": root} for uid, root in moved])
    handed = [{"uid_": uid, "root_": root} for uid, root in moved
              if current.get(uid) in (None, uid) and uid not in fresh]
    if handed:
        conn.execute(_HAND_OVER, handed)
    return len(moved)


_SET_CANONICAL = (update(Unit).where(Unit.id == bindparam("uid_"))
                  .values(canonical_id=bindparam("root_")))
_HAND_OVER = (update(CrossFinding).where(CrossFinding.unit_id == bindparam("uid_"))
              .values(unit_id=bindparam("root_")))


def resolve_all(engine: Engine) -> int:
    """Recompute every unit's identity key and canonical row; returns the rows changed."""
    with writing(engine).begin() as conn:
        return resolve_in(conn)


def resolve_in(conn: Connection) -> int:
    units = conn.execute(select(Unit.id, Unit.name, Unit.name_key, Unit.region_code,
                                Unit.identity_key, Unit.canonical_id)).all()
    rows, current, changed = [], {}, 0
    for u in units:
        key = identity_key(u.name, u.region_code)
        if key != u.identity_key:
            conn.execute(update(Unit).where(Unit.id == u.id).values(identity_key=key))
            changed += 1
        rows.append((u.id, u.name_key, u.region_code, key))
        current[u.id] = u.canonical_id
    splits, merges = _overrides(conn)
    return changed + _apply(conn, _canonical_map(rows, splits, merges), current)


def assign(conn: Connection, unit_id: int,
           keys: Optional[dict[tuple[str, str], str]] = None) -> None:
    """Give a newly stored unit its identity key and join it to its identity (inside the
    document's transaction): :func:`assign_rows` for one row."""
    u = conn.execute(select(Unit.name, Unit.name_key, Unit.region_code)
                     .where(Unit.id == unit_id)).one()
    assign_rows(conn, [(unit_id, u.name, u.name_key, u.region_code)], keys)


def assign_rows(conn: Connection, rows: Sequence[tuple[int, str, str, str]],
                keys: Optional[dict[tuple[str, str], str]] = None, fresh: bool = False) -> None:
    """Give newly stored units — (id, name, name key, region code) each — their identity keys
    and join them to their identities (inside the document's transaction): the groups of their
    keys, and the groups merges link them to, resolved as one union (the same groups as one
    row at a time: a group is what its members' keys and the merges connect, in any order).
    ``keys``: identity keys by (printed name, region code) that the caller computed already
    (an ingest worker, where the gazetteer they need is loaded anyway: :mod:`.prepared`); a
    stored name's is used when given, else computed here. ``fresh``: the rows were inserted in
    this transaction (:func:`_apply`)."""
    if not rows:
        return
    splits, merges = _overrides(conn)
    key_of = {uid: (keys or {}).get((name, region)) or identity_key(name, region)
              for uid, name, _, region in rows}
    ids = [uid for uid, _, _, _ in rows]
    linked: set[tuple[str, str]] = set()
    by_region: dict[str, set[str]] = {}
    for uid, _, nkey, region in rows:
        own = (nkey, region)
        if own not in splits:
            by_region.setdefault(region, set()).add(key_of[uid])
        linked |= {t for s, t in merges if s == own} | {s for s, t in merges if t == own}
    conn.execute(_SET_KEY, [{"uid_": uid, "key_": key_of[uid]} for uid in ids])
    members = _members(conn, ids, by_region, linked)
    canonical = _canonical_map([(m.id, m.name_key, m.region_code, m.identity_key)
                                for m in members], splits, merges)
    _apply(conn, canonical, {m.id: m.canonical_id for m in members},
           frozenset(ids) if fresh else frozenset())


def _members(conn: Connection, ids: list[int], by_region: dict[str, set[str]],
             linked: set[tuple[str, str]]) -> Sequence[Row]:
    """The rows near the new ones — themselves, the rows of their identity keys in their
    region, the rows merges link them to — and every row of those rows' groups. A document's
    new rows share one region and few are merged: that query is built once (:data:`_NEAR`)."""
    if not linked and len(by_region) <= 1:
        region, keys = next(iter(by_region.items()), ("", set()))
        return conn.execute(_NEAR, {"ids_": ids, "region_": region,
                                    "keys_": sorted(keys)}).all()
    near: list[ColumnElement[bool]] = [Unit.id.in_(ids)]
    near += [(Unit.name_key == k) & (Unit.region_code == r) for k, r in sorted(linked)]
    near += [(Unit.region_code == r) & Unit.identity_key.in_(sorted(k))
             for r, k in sorted(by_region.items())]
    return conn.execute(_near(or_(*near))).all()


def _near(near: ColumnElement[bool]) -> Select:
    roots = select(func.coalesce(Unit.canonical_id, Unit.id)).where(near)
    return (select(Unit.id, Unit.name_key, Unit.region_code, Unit.identity_key,
                   Unit.canonical_id)
            .where(or_(Unit.id.in_(roots), Unit.canonical_id.in_(roots), near)))


_NEAR = _near(Unit.id.in_(bindparam("ids_", expanding=True))
              | ((Unit.region_code == bindparam("region_"))
                 & Unit.identity_key.in_(bindparam("keys_", expanding=True))))
_SET_KEY = update(Unit).where(Unit.id == bindparam("uid_")).values(identity_key=bindparam("key_"))


def find_unit(conn: Connection, ref: str) -> UnitRef:
    """A unit by id, or by printed name (exactly one row, else a StoreError naming the choices)."""
    cols = (Unit.id, Unit.name, Unit.region_code, func.coalesce(Unit.canonical_id, Unit.id))
    if ref.isdigit():
        rows = conn.execute(select(*cols).where(Unit.id == int(ref))).all()
    else:
        rows = conn.execute(select(*cols).where(Unit.name_key == name_key(ref))
                            .order_by(Unit.id)).all()
    if len(rows) == 1:
        return UnitRef(*rows[0])
    if not rows:
        raise StoreError("unit-not-found", f"没有找到单位：{ref}", f"No unit found: {ref}")
    choices = ", ".join(f"{r[0]} ({r[2] or '?'})" for r in rows)
    raise StoreError("unit-ambiguous", f"单位名称对应多个单位，请用编号：{choices}",
                     f"Several units have that name; give an id: {choices}")


def _key_of(conn: Connection, unit_id: int) -> tuple[str, str]:
    key, region = conn.execute(select(Unit.name_key, Unit.region_code)
                               .where(Unit.id == unit_id)).one()
    return key, region


def merge(engine: Engine, a: str, b: str, note: str = "") -> tuple[UnitRef, UnitRef]:
    """Record that unit ``a`` is unit ``b`` and resolve the library again."""
    with writing(engine).begin() as conn:
        ua, ub = find_unit(conn, a), find_unit(conn, b)
        (ka, ra), (kb, rb) = _key_of(conn, ua.id), _key_of(conn, ub.id)
        conn.execute(delete(UnitOverride).where(UnitOverride.action == SPLIT,
                                                UnitOverride.name_key.in_([ka, kb]),
                                                UnitOverride.region_code.in_([ra, rb])))
        conn.execute(insert(UnitOverride).values(
            action=MERGE, name_key=ka, region_code=ra, target_name_key=kb,
            target_region_code=rb, note=note, created_at=datetime.now(timezone.utc)))
        resolve_in(conn)
        return find_unit(conn, str(ua.id)), find_unit(conn, str(ub.id))


def split(engine: Engine, a: str, note: str = "") -> UnitRef:
    """Record that unit ``a`` is a unit of its own (its earlier merges are withdrawn)."""
    with writing(engine).begin() as conn:
        ua = find_unit(conn, a)
        ka, ra = _key_of(conn, ua.id)
        conn.execute(delete(UnitOverride).where(
            UnitOverride.action == MERGE,
            or_((UnitOverride.name_key == ka) & (UnitOverride.region_code == ra),
                (UnitOverride.target_name_key == ka) & (UnitOverride.target_region_code == ra))))
        conn.execute(insert(UnitOverride).values(
            action=SPLIT, name_key=ka, region_code=ra, note=note,
            created_at=datetime.now(timezone.utc)))
        resolve_in(conn)
        return find_unit(conn, str(ua.id))


def identities(engine: Engine, ids: Optional[Iterable[int]] = None) -> list[dict]:
    """Unit identities with more than one row or any document: canonical id, the names of its
    rows, region code, and how many current documents each kind and year has."""
    canon = func.coalesce(Unit.canonical_id, Unit.id)
    with engine.connect() as conn:
        units = conn.execute(select(Unit.id, Unit.name, Unit.region_code, canon.label("c"))
                             .order_by(Unit.id)).all()
        docs = conn.execute(select(canon.label("c"), Document.kind, Document.year, Document.level,
                                   func.count()).join(Unit, Unit.id == Document.unit_id)
                            .where(Document.superseded_by.is_(None), Document.status == "ok")
                            .group_by(canon, Document.kind, Document.year, Document.level)).all()
    wanted = set(ids) if ids is not None else None
    out: dict[int, dict] = {}
    for u in units:
        if wanted is not None and u.c not in wanted:
            continue
        entry = out.setdefault(u.c, {"id": u.c, "region_code": u.region_code, "names": [],
                                     "unit_ids": [], "documents": []})
        entry["names"].append(u.name)
        entry["unit_ids"].append(u.id)
    for c, kind, year, level, n in docs:
        if c in out:
            out[c]["documents"].append({"kind": kind, "year": year, "level": level,
                                        "documents": n})
    return [e for e in out.values() if len(e["unit_ids"]) > 1 or e["documents"]]
