"""Search the library by name, in Chinese: units, document titles, classification items (类款项)
and their former and variant names (issue #9).

How (schema_search.py): every name is a row of ``search_entries``; a query of three characters or
more asks the backend's trigram index (SQLite FTS5 ``trigram``, PostgreSQL ``pg_trgm`` through
``ILIKE``), which finds the query anywhere in a name — the only sensible matching for Chinese,
which has no spaces to split words at. A trigram index cannot answer one or two characters (a
two-character query has no trigram), so those are a ``LIKE '%q%'`` over the table: a scan, but of
names only (one row per unit, document and item, not per fact).

Why ranking is done here, not in SQL: the same order on both backends (collations differ), and a
result is one thing (an item found by its name and by its former name is one result). Order: the
whole name equals the query, then names starting with it, then classification items before units
before documents, then shorter names (closer to what was typed), then the code or id.

Item entries come from the rules (rules/reference) and are brought in step with them when the
library is opened (:func:`sync_items`), so a new alias reaches the search without a migration.
"""

from __future__ import annotations

import unicodedata
from typing import Iterable, Mapping, Optional

from sqlalchemy import (ColumnElement, Connection, Engine, Select, and_, bindparam, delete, insert,
                        or_, select, text)

from ..rules import glossary
from ..rules.reference import clean_code, function_name, load_reference
from .browse import Page
from .engine import writing
from .schema import TABLES, Document
from .schema_search import SearchEntry

KINDS = ("item", "unit", "document")
#: Matches read to rank one query (a query that matches more is shown by its best matches).
MAX_CANDIDATES = 5000
#: Trigram indexes answer queries of at least this many characters.
TRIGRAM = 3
_PG_LOCK = 0x62756467_73726368  # "budgsrch": one process syncs items at a time


def normalise_query(q: str) -> str:
    """NFKC (full-width letters and digits fold) and no whitespace: names are stored the same way
    they are printed, and a space typed between characters is not in any printed name."""
    return "".join(unicodedata.normalize("NFKC", q or "").split())


def document_title(unit: Optional[str], year: Optional[int], level: Optional[str],
                   kind: Optional[str]) -> str:
    """A document's title as disclosures print it: 某单位2024年部门预算."""
    parts = [unit or "", f"{year}年" if year else "",
             glossary.zh(level, "level") if level else "", glossary.zh(kind, "kind") if kind else ""]
    return "".join(parts)


def document_entry(document_id: int, doc: Mapping) -> dict:
    """The entry of a stored document (``doc``: its row, or the row about to be inserted)."""
    title = document_title(doc.get("unit_name"), doc.get("year"), doc.get("level"),
                           doc.get("kind"))
    if not doc.get("unit_name"):  # no unit read: the file's name is all there is to find it by
        title = (title + " " + str(doc.get("source") or "").replace("\\", "/").rsplit("/", 1)[-1]
                 ).strip()
    return {"kind": "document", "ref": str(document_id), "name": normalise_query(title),
            "label": title, "scheme": "", "region_code": doc.get("region_code") or "",
            "year": doc.get("year"), "document_id": document_id}


def unit_entry(unit_id: int, name: str, region_code: str) -> dict:
    return {"kind": "unit", "ref": str(unit_id), "name": normalise_query(name), "label": name,
            "scheme": "", "region_code": region_code or "", "year": None, "document_id": None}


def item_entries() -> list[dict]:
    """One entry per (code, name) the rules know: 支出功能分类 names of every year, names observed
    in documents, former and variant names; 部门/政府 支出经济分类 names. The label is the code and
    its current name."""
    ref = load_reference()
    names: dict[tuple[str, str], set[str]] = {}
    for by_year in ref.function.values():
        for entries in by_year.values():
            for e in entries.values():
                names.setdefault(("function", e.code), set()).add(e.name)
    for code, observed in ref.observed.items():
        names.setdefault(("function", code), set()).update(o.name for o in observed)
    for alias in ref.aliases:
        names.setdefault(("function", alias.code), set()).add(alias.name)
    for by_year in ref.economic.values():
        for entries in by_year.values():
            for e in entries.values():
                names.setdefault(("economic", e.code), set()).add(e.name)
    out = []
    for (scheme, code), found in sorted(names.items()):
        label = f"{code} {_item_name(names, scheme, code)}"
        parents = [_item_name(names, scheme, code[:n]) for n in (3, 5) if n < len(code)]
        named = [p for p in parents if p]
        if parents and len(named) == len(parents):  # 行政运行 is under many 款: say which
            label += "（" + " › ".join(named) + "）"
        out += [{"kind": "item", "ref": code, "name": normalise_query(n), "label": label,
                 "scheme": scheme, "region_code": "", "year": None, "document_id": None}
                for n in sorted(found)]
    return out


def _item_name(names: Mapping[tuple[str, str], set[str]], scheme: str, code: str) -> Optional[str]:
    found = names.get((scheme, code))
    if not found:
        return None
    return (function_name(code) if scheme == "function" else None) or sorted(found)[0]


def _item_key(rows: Iterable[Mapping]) -> set[tuple]:
    return {(r["ref"], r["name"], r["label"], r["scheme"]) for r in rows}


def sync_items(engine: Engine) -> bool:
    """Bring the item entries in step with the rules; True when they were rewritten. Cheap when
    nothing changed (one read of a few hundred rows), so it runs whenever a library is opened."""
    wanted = item_entries()
    cols = (SearchEntry.ref, SearchEntry.name, SearchEntry.label, SearchEntry.scheme)
    with engine.connect() as conn:
        have = conn.execute(select(*cols).where(SearchEntry.kind == "item")).mappings().all()
    if _item_key(have) == _item_key(wanted):
        return False
    with writing(engine).begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK})
        conn.execute(delete(SearchEntry).where(SearchEntry.kind == "item"))
        conn.execute(insert(SearchEntry), wanted)
    return True


def add_entries(conn: Connection, rows: list[dict]) -> None:
    """Index names in the caller's transaction (the document's own: stored and findable at once)."""
    if rows:
        conn.execute(_ADD, rows)


def drop_superseded(conn: Connection, sha256: str, current_id: int) -> None:
    """A document superseded by a newer extractor's is no longer a search result."""
    conn.execute(_DROP, {"sha_": sha256, "current_": current_id})


# The writer's statements, built once (bound values by name): building one per call, from the
# mapped classes' attributes, cost the writer several times executing it (docs/store.md,
# session 19).
_ADD = insert(TABLES["search_entries"])
_DROP = delete(SearchEntry).where(SearchEntry.kind == "document", SearchEntry.document_id.in_(
    select(Document.id).where(Document.sha256 == bindparam("sha_"),
                              Document.id != bindparam("current_"))))


#: Columns of a search result (and of its CSV/XLSX download).
COLUMNS = ("kind", "ref", "label", "name", "scheme", "region_code", "year", "api")


def search(engine: Engine, q: str, *, kinds: tuple[str, ...] = KINDS, limit: int = 20,
           offset: int = 0) -> Page:
    """Ranked results for ``q`` (see module doc), one per thing found, paginated."""
    needle = normalise_query(q)
    if not needle:
        return Page([], 0, limit, offset, COLUMNS)
    with engine.connect() as conn:
        rows = conn.execute(_candidates(conn, needle, kinds)).mappings().all()
    best: dict[tuple[str, str], tuple[tuple, dict]] = {}
    for r in rows:
        key = (r["kind"], r["ref"])
        rank = _rank(needle, r)
        if key not in best or rank < best[key][0]:
            best[key] = (rank, dict(r))
    ranked = [row for _, row in sorted(best.values(), key=lambda x: x[0])]
    page = ranked[offset:offset + limit]
    for row in page:
        row["api"] = _api_path(row)
    return Page(page, len(ranked), limit, offset, COLUMNS)


def _candidates(conn: Connection, needle: str, kinds: tuple[str, ...]) -> Select:
    cols = (SearchEntry.id, SearchEntry.kind, SearchEntry.ref, SearchEntry.name,
            SearchEntry.label, SearchEntry.scheme, SearchEntry.region_code, SearchEntry.year)
    match: ColumnElement[bool]
    if len(needle) >= TRIGRAM and conn.dialect.name == "sqlite":
        phrase = '"' + needle.replace('"', '""') + '"'
        match = SearchEntry.id.in_(select(text("rowid")).select_from(text("search_fts")).where(
            text("search_fts MATCH :phrase").bindparams(phrase=phrase)))
    elif conn.dialect.name == "postgresql":
        match = SearchEntry.name.icontains(needle, autoescape=True)
    else:
        match = SearchEntry.name.contains(needle, autoescape=True)
    if needle.isdigit():  # a classification code or its start (and codes printed in names)
        match = or_(match, and_(SearchEntry.kind == "item",
                                SearchEntry.ref.startswith(needle, autoescape=True)))
    return (select(*cols).where(SearchEntry.kind.in_(kinds), match)
            .order_by(SearchEntry.id).limit(MAX_CANDIDATES))


def _rank(needle: str, row: Mapping) -> tuple:
    by_code = needle.isdigit() and row["kind"] == "item" and row["ref"].startswith(needle)
    name = (row["ref"] if by_code else row["name"]).casefold()
    n = needle.casefold()
    how = 0 if name == n else 1 if name.startswith(n) else 2
    ref = row["ref"]
    return (how, KINDS.index(row["kind"]), len(name), len(ref), ref)


def _api_path(row: Mapping) -> str:
    if row["kind"] == "unit":
        return f"/api/units/{row['ref']}"
    if row["kind"] == "document":
        return f"/api/documents/{row['ref']}"
    return f"/api/facts?code={clean_code(row['ref'])}"
