#!/usr/bin/env python3
"""Ingest files into a fresh library and dump every stored row, or compare two dumps.

Why: a change to the ingest or the store must not change what the library holds. The dump
(:func:`dump`, also what ``tests/ingest/test_workers_same.py`` compares) (every row of every table, each database id
replaced by the natural key of the row it points at, times left out), so a dump made from one
tree (``PYTHONPATH=<old tree>/src``) and one from another can be compared table by table.

``transfer`` measures what an ingest worker sends its writer per file: the pickled slim Result
(the object graph workers sent before session 15) against the Result's head and its prepared rows
(``store/prepared.py``): bytes, and CPU seconds to pickle (worker) and unpickle (writer).

Usage:
  PYTHONPATH=src python scripts/library_compare.py dump OUT.pkl [PATH ...] [--workers N]
      [--reverse] [--crosscheck]
  PYTHONPATH=src python scripts/library_compare.py dump OUT.pkl --from DB
  python scripts/library_compare.py compare OLD.pkl NEW.pkl
  PYTHONPATH=src python scripts/library_compare.py transfer [PATH ...]
  PYTHONPATH=src python scripts/library_compare.py writecost ROWS.pkl [PATH ...] [--repeat N]
Default paths: ../shared/corpus/pdf and ../shared/seeds. Exit 1 when a table differs.
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import sys
import tempfile
from pathlib import Path

from sqlalchemy import select

from budgetlens.store.schema import (Blob, DiagnosticRow, DocTable, Document, EvidenceRow, FactRow,
                                     FindingRow, Unit)
from budgetlens.store.schema_cross import ClaimRow, CrossEvidence, CrossFinding
from budgetlens.store.schema_search import SearchEntry

ROOT = Path(__file__).resolve().parents[1]

#: Columns that differ between any two ingests (ids are mapped, not dropped; these are times).
_VOLATILE = {"id", "run_id", "read_at", "seconds", "checked_at"}


def _rows(conn, model) -> list[dict]:
    return [dict(r) for r in conn.execute(select(model.__table__)).mappings()]


def _plain(row: dict, **mapped) -> tuple:
    out = {k: v for k, v in row.items() if k not in _VOLATILE}
    out.update(mapped)
    return tuple(sorted((k, repr(v)) for k, v in out.items()))


def dump(store) -> dict[str, list[tuple]]:
    """Every stored row, ids replaced by the natural key of the row they point at, sorted."""
    with store.engine.connect() as conn:
        units = {u["id"]: (u["name_key"], u["region_code"]) for u in _rows(conn, Unit)}
        docs = {d["id"]: (d["sha256"], d["source"]) for d in _rows(conn, Document)}
        out = {"units": [_plain(u, canonical_id=units.get(u["canonical_id"]),
                                parent_id=units.get(u["parent_id"])) for u in _rows(conn, Unit)],
               "documents": [_plain(d, unit_id=units.get(d["unit_id"]),
                                    superseded_by=docs.get(d["superseded_by"]))
                             for d in _rows(conn, Document)]}
        for name, model in (("tables", DocTable), ("claims", ClaimRow),
                            ("diagnostics", DiagnosticRow)):
            out[name] = [_plain(r, document_id=docs[r["document_id"]]) for r in _rows(conn, model)]
        out["facts"] = [_plain(r, document_id=docs[r["document_id"]], unit_id=units.get(r["unit_id"]))
                        for r in _rows(conn, FactRow)]
        findings = {r["id"]: _plain(r, document_id=docs[r["document_id"]])
                    for r in _rows(conn, FindingRow)}
        out["findings"] = list(findings.values())
        out["evidence"] = [_plain(r, finding_id=findings[r["finding_id"]])
                           for r in _rows(conn, EvidenceRow)]
        out["search"] = [_plain(r, document_id=docs.get(r["document_id"]),
                                ref=_ref(r, units, docs)) for r in _rows(conn, SearchEntry)]
        out["blobs"] = [(b["sha256"], b["size"], hashlib.sha256(b["content"] or b"").hexdigest())
                        for b in _rows(conn, Blob)]
        _cross(conn, out, units, docs)
    return {k: sorted(v) for k, v in out.items()}


def _cross(conn, out: dict, units: dict, docs: dict) -> None:
    """The cross-document findings (``crosscheck``) and their evidence, ids mapped likewise."""
    cross = {r["id"]: _plain(r, unit_id=units.get(r["unit_id"]),
                             document_id=docs.get(r["document_id"]),
                             other_document_id=docs.get(r["other_document_id"]))
             for r in _rows(conn, CrossFinding)}
    out["cross_findings"] = list(cross.values())
    out["cross_evidence"] = [_plain(r, finding_id=cross[r["finding_id"]],
                                    document_id=docs.get(r["document_id"]))
                             for r in _rows(conn, CrossEvidence)]


def _ref(row: dict, units: dict, docs: dict) -> object:
    if row["kind"] == "unit":
        return units[int(row["ref"])]
    if row["kind"] == "document":
        return docs[int(row["ref"])]
    return row["ref"]




def dump_library(out: str, paths: list[str], workers: int, reverse: bool = False,
                 cross: bool = False) -> None:
    """Ingest ``paths`` (each file in the order given, or the reverse) into a fresh SQLite
    library, then with ``cross`` run the cross-document checks, and write the dump."""
    from budgetlens.crosscheck import crosscheck
    from budgetlens.ingest import ingest, make_executor
    from budgetlens.ingest.inputs import expand_inputs
    from budgetlens.store import open_store

    files = expand_inputs(paths)
    with tempfile.TemporaryDirectory(prefix="budgetlens-compare-") as tmp:
        store = open_store(str(Path(tmp) / "library.db"))
        executor = make_executor(workers)
        try:
            tally = ingest(store, files[::-1] if reverse else files, executor=executor,
                           version="compare")
        finally:
            executor.close()
        if cross:
            crosscheck(store.engine)
        print(tally.counts())
        with open(out, "wb") as fh:
            pickle.dump(dump(store), fh)
        store.close()


def dump_existing(out: str, db: str) -> None:
    """Dump a library already filled (``budgetlens ingest … --db DB``: a SQLite file or a URL),
    read only: two libraries built by the CLI itself (say, one in order with one process and one
    from a reversed list file with two workers) then compare as :func:`dump_library`'s do."""
    from budgetlens.store import open_store

    store = open_store(db)
    try:
        rows = dump(store)
    finally:
        store.close()
    print({table: len(r) for table, r in rows.items()})
    with open(out, "wb") as fh:
        pickle.dump(rows, fh)


def compare(old: str, new: str) -> int:
    with open(old, "rb") as fh:
        a = pickle.load(fh)
    with open(new, "rb") as fh:
        b = pickle.load(fh)
    differ = 0
    for table in sorted(set(a) | set(b)):
        rows_a, rows_b = a.get(table, []), b.get(table, [])
        same = rows_a == rows_b
        differ += not same
        print(f"{table:12s} {len(rows_a):7d} {len(rows_b):7d}  {'same' if same else 'DIFFER'}")
        if not same:
            only_a, only_b = set(rows_a) - set(rows_b), set(rows_b) - set(rows_a)
            for row in sorted(only_a)[:3]:
                print("  only old:", dict(row))
            for row in sorted(only_b)[:3]:
                print("  only new:", dict(row))
    return 1 if differ else 0


def transfer(paths: list[str]) -> None:
    import time
    from dataclasses import replace

    from budgetlens.ingest.batch import off_topic
    from budgetlens.pipeline import expand_paths, process
    from budgetlens.store import prepare

    tot = {"slim Result (graph)": [0, 0.0, 0.0], "head + prepared rows": [0, 0.0, 0.0]}
    made = 0.0
    for f in expand_paths(paths):
        r = process(f, audit=True)
        d = r.disclosure
        graph = replace(r, document=None,
                        disclosure=replace(d, narrative=(), headings=()) if d else None)
        start = time.process_time()
        r = off_topic(r) or r
        rows = prepare(r)
        made += time.process_time() - start
        for key, obj in zip(tot, (graph, (replace(r, document=None, disclosure=None, audit=None),
                                          rows))):
            start = time.process_time()
            blob = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
            mid = time.process_time()
            pickle.loads(blob)
            tot[key][0] += len(blob)
            tot[key][1] += mid - start
            tot[key][2] += time.process_time() - mid
    for key, (size, dump_s, load_s) in tot.items():
        print(f"{key}: {size:,} bytes, dump {dump_s:.2f} CPU-s, load {load_s:.2f} CPU-s")
    print(f"prepare (in the worker): {made:.2f} CPU-s")


def writecost(paths: list[str], rows_file: str, repeat: int) -> None:
    """The writer's own CPU: every file's rows written into a fresh SQLite library, ``repeat``
    times, nothing else timed (the pipeline ran once, before). What is kept in ``rows_file``
    (made when it does not exist) is each file's Result without its Document, and each tree
    prepares its own rows from it before the clock starts: two trees then write the rows
    their own ``store/prepared.py`` makes of the very same Results (a pickle of prepared rows,
    as kept before session 19, is still written as it is)."""
    import statistics
    import time
    from dataclasses import replace
    from datetime import datetime, timezone

    from sqlalchemy import event

    from budgetlens.ingest.batch import off_topic
    from budgetlens.ingest.inputs import expand_inputs, to_jobs
    from budgetlens.pipeline import process
    from budgetlens.store import FileRecord, Prepared, open_store, prepare

    if not Path(rows_file).exists():
        todo = []
        for job in to_jobs(expand_inputs(paths)):
            r = process(job.path, audit=True)
            todo.append((FileRecord(job.source, job.sha256, job.size, Path(job.path).read_bytes()),
                         replace(off_topic(r) or r, document=None)))
        with open(rows_file, "wb") as fh:
            pickle.dump(todo, fh, protocol=pickle.HIGHEST_PROTOCOL)
    with open(rows_file, "rb") as fh:
        todo = [(f, r if isinstance(r, Prepared) else prepare(r)) for f, r in pickle.load(fh)]
    when, cpu, statements = datetime(2026, 12, 7, tzinfo=timezone.utc), [], [0]
    for _ in range(repeat):
        with tempfile.TemporaryDirectory(prefix="budgetlens-writecost-") as tmp:
            store = open_store(str(Path(tmp) / "library.db"))
            statements[0] = 0
            event.listen(store.engine, "before_cursor_execute",
                         lambda *a: statements.__setitem__(0, statements[0] + 1))
            start = time.process_time()
            for file, rows in todo:
                store.write(file, rows, extractor_version="writecost", run_id=None, read_at=when)
            cpu.append(time.process_time() - start)
            store.close()
    print(f"{len(todo)} documents, {statements[0]} statements per pass; writer CPU s per pass: "
          f"{', '.join(f'{c:.2f}' for c in cpu)} (median {statistics.median(cpu):.2f})")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump")
    d.add_argument("out")
    d.add_argument("paths", nargs="*")
    d.add_argument("--workers", type=int, default=1)
    d.add_argument("--reverse", action="store_true", help="ingest the files in reverse order")
    d.add_argument("--crosscheck", action="store_true", help="run the cross-document checks")
    d.add_argument("--from", dest="source", default=None,
                   help="dump this filled library (file or URL) instead of ingesting PATHs")
    c = sub.add_parser("compare")
    c.add_argument("old")
    c.add_argument("new")
    t = sub.add_parser("transfer")
    t.add_argument("paths", nargs="*")
    w = sub.add_parser("writecost")
    w.add_argument("rows", help="pickle of the Results (made from PATHs when missing)")
    w.add_argument("paths", nargs="*")
    w.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    if args.command == "compare":
        return compare(args.old, args.new)
    shared = ROOT.parent / "shared"
    if args.command == "transfer":
        transfer(args.paths or [str(shared / "corpus" / "pdf")])
        return 0
    if args.command == "writecost":
        writecost(args.paths or [str(shared / "corpus" / "pdf"), str(shared / "seeds")],
                  args.rows, args.repeat)
        return 0
    if args.source:
        dump_existing(args.out, args.source)
        return 0
    dump_library(args.out, args.paths or [str(shared / "corpus" / "pdf"), str(shared / "seeds")],
                 args.workers, args.reverse, args.crosscheck)
    return 0


if __name__ == "__main__":
    sys.exit(main())
