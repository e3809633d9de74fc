#!/usr/bin/env python3
"""No loss on the way into the library: every document of the corpus (``../shared/corpus``: the
main PDFs, excerpts, HTML, templates and the wide corpus) is ingested into a fresh SQLite library,
and per document the stored status, number of facts and number of findings are compared with a
plain read → extract → audit of the same file (what ``budgetlens extract`` / ``audit`` print).

Why a script and not a test: the whole corpus is about 200 files and 7,800 pages, minutes of CPU;
the suite checks the same equality on a handful of files (tests/ingest/test_batch.py), this runs
it on everything before a release or after a change to the store. Exit 0 when every document
matches, 1 when any differs (each difference printed), 2 when there is nothing to check.

Usage: python scripts/ingest_check.py [PATH ...] [--jobs N] [--dask ADDRESS] [--db URL]
       python scripts/ingest_check.py [PATH ...] --library DB [--library DB ...] [--counts JSON]
``--library`` checks libraries already filled (``budgetlens ingest PATH ... --db DB``, SQLite file
or URL) instead of ingesting into a fresh one: one plain run is compared with each, so a library
built once on SQLite and once on PostgreSQL is checked without reading the corpus three times.
Manifests (``manifest*.csv``) and notes (``*.md``) of the corpus are not documents and are left out.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple, Optional

ROOT = Path(__file__).resolve().parents[1]

from sqlalchemy import func, select  # noqa: E402

from budgetlens.ingest import ingest, make_executor  # noqa: E402
from budgetlens.ingest.batch import off_topic  # noqa: E402
from budgetlens.pipeline import expand_paths, process_many  # noqa: E402
from budgetlens.store import open_store  # noqa: E402
from budgetlens.store.schema import Document, FactRow, FindingRow  # noqa: E402


class Counts(NamedTuple):
    """What must survive storing, per document."""

    status: str
    error_code: Optional[str]
    facts: int
    findings: int


def corpus_documents(paths: list[str]) -> list[str]:
    """Supported files under ``paths``, without the corpus's manifests."""
    return [f for f in expand_paths(paths) if not Path(f).name.lower().startswith("manifest")]


def plain(files: list[str], jobs: int) -> dict[str, Counts]:
    """The reference: read → extract → audit of each file, as ``budgetlens audit`` runs it."""
    out = {}
    for r in process_many(files, audit=True, jobs=jobs):
        r = off_topic(r) or r  # a file that is not a disclosure is recorded as skipped
        facts = len(r.disclosure.facts) if r.disclosure else 0
        findings = len(r.audit.findings) if r.audit else 0
        out[r.file] = Counts(r.status, r.error_code, facts, findings)
    return out


def stored(files: list[str], jobs: int, dask: Optional[str], db: Optional[str]) -> dict[str, Counts]:
    """Ingest ``files`` into a fresh library and read the counts back from the database."""
    with tempfile.TemporaryDirectory(prefix="budgetlens-check-") as tmp:
        store = open_store(db or str(Path(tmp) / "check.db"))
        executor = make_executor(jobs, dask=dask)
        try:
            ingest(store, files, executor=executor)
        finally:
            executor.close()
        try:
            return _read_back(store)
        finally:
            store.close()


def existing(db: str) -> dict[str, Counts]:
    """The counts a library already filled holds (it is read, never written)."""
    store = open_store(db)
    try:
        return _read_back(store)
    finally:
        store.close()


def _read_back(store) -> dict[str, Counts]:
    with store.engine.connect() as conn:
        docs = conn.execute(select(Document.id, Document.source, Document.status,
                                   Document.error_code)
                            .where(Document.superseded_by.is_(None))).all()
        facts = dict(conn.execute(select(FactRow.document_id, func.count())
                                  .group_by(FactRow.document_id)).all())
        findings = dict(conn.execute(select(FindingRow.document_id, func.count())
                                     .group_by(FindingRow.document_id)).all())
    return {d.source: Counts(d.status, d.error_code, facts.get(d.id, 0), findings.get(d.id, 0))
            for d in docs}


def compare(files: list[str], want: dict[str, Counts], got: dict[str, Counts]) -> list[str]:
    """One line per document whose stored counts differ from the plain run (or that is missing)."""
    problems = []
    for f in files:
        w, g = want.get(f), got.get(f)
        if g is None:
            problems.append(f"{f}: not in the library (plain run: {w})")
        elif w != g:
            problems.append(f"{f}: plain {w} != stored {g}")
    problems += [f"{f}: stored but not asked for" for f in sorted(set(got) - set(files))]
    return problems


def _plain_counts(files: list[str], jobs: int, keep: Optional[str]) -> dict[str, Counts]:
    """The plain run's counts; with ``keep``, read from that JSON file when it exists (and made
    and saved there when not), so the plain run can go on while the libraries are filled."""
    if keep and Path(keep).exists():
        return {f: Counts(*c) for f, c in json.loads(Path(keep).read_text("utf-8")).items()}
    t0 = time.process_time()
    want = plain(files, jobs)
    print(f"plain audit: {time.process_time() - t0:.0f} CPU-s in this process (jobs {jobs})")
    if keep:
        Path(keep).write_text(json.dumps({f: list(c) for f, c in want.items()},
                                         ensure_ascii=False), "utf-8")
    return want


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--jobs", "-j", type=int, default=1, help="worker processes (both sides)")
    ap.add_argument("--dask", default=None, help="ingest on this Dask scheduler, or 'local'")
    ap.add_argument("--db", default=None, help="an empty database URL instead of a temp SQLite")
    ap.add_argument("--counts", default=None,
                    help="a JSON file of the plain run's counts: read when it exists, else saved")
    ap.add_argument("--library", action="append", default=[],
                    help="check this filled library (repeatable) instead of ingesting")
    args = ap.parse_args()
    files = corpus_documents(args.paths or [str(ROOT.parent / "shared" / "corpus")])
    if not files:
        print("no documents to check", file=sys.stderr)
        return 2
    want = _plain_counts(files, args.jobs, args.counts)
    if args.library:
        return max(_report(files, want, existing(db), db) for db in args.library)
    t1 = time.process_time()
    got = stored(files, args.jobs, args.dask, args.db)
    print(f"ingest: {time.process_time() - t1:.0f} CPU-s in this process (jobs {args.jobs}"
          + (f", dask {args.dask}" if args.dask else "") + ")")
    return _report(files, want, got, args.db or "a fresh SQLite library")


def _report(files: list[str], want: dict[str, Counts], got: dict[str, Counts], where: str) -> int:
    """Print the differences and the totals; 1 when anything differs."""
    problems = compare(files, want, got)
    print(f"== {where}")
    for line in problems:
        print(line)
    ok = [c for c in want.values() if c.status == "ok"]
    print(f"documents: {len(files)} ({len(ok)} read, {len(files) - len(ok)} unreadable); "
          f"facts: {sum(c.facts for c in want.values())} plain, "
          f"{sum(c.facts for c in got.values())} stored; findings: "
          f"{sum(c.findings for c in want.values())} plain, "
          f"{sum(c.findings for c in got.values())} stored; differences: {len(problems)}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
