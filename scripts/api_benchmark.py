#!/usr/bin/env python3
"""API latency over HTTP: p50/p95 of a filtered fact list and of aggregates, on a library of every
corpus document (issue #9: p95 ≤ 100 ms).

A real server (``budgetlens serve``, uvicorn, one process) is started on the library and queried
by one client over keep-alive HTTP, one request at a time, so each figure is the server's time
for one question plus the loopback; a few requests per query are sent first and not timed (the
database's and the OS's caches warm up as they would on a server in use). On a shared machine
the figures include waiting for a core: the load average is printed beside them.

Usage: python scripts/api_benchmark.py [--db LIBRARY|URL] [--requests N] [--jobs N] [--pages]
       python scripts/api_benchmark.py --db LIBRARY|URL --explain
Without ``--db``, or when the file does not exist yet, the library is first filled with
``budgetlens ingest`` of ../shared/corpus and ../shared/seeds (minutes; kept for the next run).
A PostgreSQL URL is used as it is (fill it with ``budgetlens ingest … --db URL`` first).

Besides wall-clock p50/p95, each query reports the server process's CPU time per request (from
/proc): on a machine shared with other jobs the wall clock includes waiting for a core, the CPU
time does not (it is what the request costs the server; on PostgreSQL the database server's own
work is not in it).
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

from checkout import ROOT, child_env

SHARED = ROOT.parent / "shared"
DEFAULT_DB = Path("/tmp/budgetlens-api-bench/library.db")

#: (label, path and query): what a user of the API asks most — a filtered list and sums.
QUERIES = (
    ("facts: one measure, one year", "/api/facts?measure=expense.total&basis=current&year=2024"),
    ("facts: function class 208, a region", "/api/facts?code=208&region=重庆&limit=100"),
    ("facts: measure prefix, page 3", "/api/facts?measure=expense.general.function.&offset=200"),
    ("aggregate: expense.total by year × region",
     "/api/aggregate?measure=expense.total&drilldown=year|region"),
    ("aggregate: 一般公共预算支出 by 类款项, one year",
     "/api/aggregate?measure=expense.general.function.&drilldown=measure&cut=year:2024"),
    ("search: 社会保障 (trigram)", "/api/search?q=社会保障"),
    ("search: 教育 (two characters, LIKE)", "/api/search?q=教育"),
)


def cursor_queries(client: httpx.Client, facts: int) -> list[tuple[str, str]]:
    """Keyset pages against their offset twins: the cursor of a page is the id of the row before
    it, looked up once (untimed); deep in the list, OFFSET reads and drops every row before the
    page, a cursor starts at its id in the index."""
    def id_at(query: str, position: int) -> int:
        sep = "&" if "?" in query else "?"
        return client.get(f"{query}{sep}limit=1&offset={position - 1}").json()["rows"][0]["id"]

    prefix = "/api/facts?measure=expense.general.function."
    deep = min(100_000, facts // 2)
    return [("facts: measure prefix, page 3 by cursor", f"{prefix}&after={id_at(prefix, 200)}"),
            (f"facts: all, row {deep:,} by offset", f"/api/facts?offset={deep}"),
            (f"facts: all, row {deep:,} by cursor", f"/api/facts?after={id_at('/api/facts', deep)}")]


def page_costs(db: str, n: int = 15) -> None:
    """In process, no HTTP: CPU (median of ``n`` calls) of one page of 100 facts deep in a
    selection by offset (counted, as first pages are; and not counted) against the same page by
    cursor (not counted, as cursor pages are). On PostgreSQL the server's work is not in this
    process's CPU: use the HTTP figures and EXPLAIN ANALYZE there."""
    from budgetlens.store import open_store
    from budgetlens.store.browse import Filters, list_facts

    def cpu(call) -> float:
        call()
        spent = []
        for _ in range(n):
            t = time.process_time()
            call()
            spent.append(time.process_time() - t)
        return 1000 * statistics.median(spent)

    store = open_store(db)
    e = store.engine
    for label, f in (("all facts", Filters()),
                     ("measure prefix", Filters(measure="expense.general.function."))):
        total = list_facts(e, f, 1, 0).total
        for row in (200, total // 2):
            after = list_facts(e, f, 1, row - 1, count=False).rows[0]["id"]
            print(f"{label:15s} {total:7d} facts, row {row:7d}: offset+count "
                  f"{cpu(lambda: list_facts(e, f, 100, row)):6.1f} ms  offset "
                  f"{cpu(lambda: list_facts(e, f, 100, row, count=False)):6.1f} ms  cursor "
                  f"{cpu(lambda: list_facts(e, f, 100, 0, after=after, count=False)):6.1f} ms CPU")
    store.close()


def explain(db: str, analyze: bool = True) -> None:
    """In process, no HTTP: every SQL statement each benchmarked query sends (captured from the
    app, warm), and the database's plan of each — ``EXPLAIN QUERY PLAN`` on SQLite, ``EXPLAIN
    (ANALYZE, BUFFERS)`` on PostgreSQL (the statement is run). Lines that scan a table are marked
    ``<< SCAN``: where an index or another query shape is wanted. Why in process: the server's CPU
    per request tells that a query costs, the plan tells why."""
    from fastapi.testclient import TestClient
    from sqlalchemy import event

    from budgetlens.serve.app import create_app
    from budgetlens.store import open_store

    store = open_store(db)
    seen: list[tuple[str, object]] = []
    event.listen(store.engine, "before_cursor_execute",
                 lambda conn, cur, sql, params, ctx, many: seen.append((sql, params)))
    pg = store.engine.dialect.name == "postgresql"
    with TestClient(create_app(store.engine)) as client:
        facts = client.get("/api/facts?limit=1").json()["total"]
        for label, url in (*QUERIES, *cursor_queries(client, facts)):
            client.get(url).raise_for_status()
            seen.clear()
            client.get(url).raise_for_status()
            print(f"== {label}: {url}")
            for sql, params in list(seen):
                _plan(store.engine, sql, params, pg, analyze)
    store.close()


def _plan(engine, sql: str, params: object, pg: bool, analyze: bool) -> None:
    if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
        return
    head = ("EXPLAIN (ANALYZE, BUFFERS) " if analyze else "EXPLAIN ") if pg else \
        "EXPLAIN QUERY PLAN "
    print("  SQL:", " ".join(sql.split())[:400])
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(head + sql, params).all()
    for row in rows:
        line = str(row[0]) if pg else str(row[-1])
        scans = ("Seq Scan" in line) if pg else (line.startswith("SCAN") and "USING" not in line
                                                 and "VIRTUAL TABLE" not in line)
        print("    " + line + ("   << SCAN" if scans else ""))


def fill(db: Path, jobs: int) -> None:
    """Ingest every corpus document (manifests left out) and the seeds into ``db``."""
    from budgetlens.pipeline import expand_paths

    files = [f for f in expand_paths([str(SHARED / "corpus"), str(SHARED / "seeds")])
             if not Path(f).name.lower().startswith("manifest")]
    db.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "budgetlens", "ingest", *files, "--db", str(db),
                    "--workers", str(jobs), "--no-progress", "--fail-on", "never"],
                   env=child_env(), check=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: str) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "budgetlens", "serve", "--db", str(db),
                             "--port", str(port)], env=child_env(), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server did not start: {proc.stderr.read()}")
        try:
            if httpx.get(base + "/api/documents?limit=1", timeout=5).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.3)
    proc.kill()
    raise SystemExit("the server did not answer within 120 s")


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(client: httpx.Client, url: str, n: int, pid: int, warm: int = 5
            ) -> tuple[list[float], int, float]:
    """Latencies (ms) of ``n`` requests after ``warm`` untimed ones; the answer's total rows; the
    server's CPU ms per request."""
    total = 0
    for _ in range(warm):
        r = client.get(url)
        r.raise_for_status()
        body = r.json()
        total = body.get("total")  # None on a cursor page (not counted again): its rows then
        total = len(body.get("rows", body.get("cells", []))) if total is None else total
    times = []
    cpu0 = cpu_seconds(pid)
    for _ in range(n):
        t = time.perf_counter()
        client.get(url).raise_for_status()
        times.append(1000 * (time.perf_counter() - t))
    return times, total, 1000 * (cpu_seconds(pid) - cpu0) / n


def _pct(times: list[float], q: float) -> float:
    return statistics.quantiles(times, n=100, method="inclusive")[int(q) - 1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", default=str(DEFAULT_DB), help="a SQLite file or a database URL")
    ap.add_argument("--requests", type=int, default=100)
    ap.add_argument("--jobs", type=int, default=1, help="workers when the library is filled")
    ap.add_argument("--pages", action="store_true",
                    help="in process: CPU of a deep page by offset against the same by cursor")
    ap.add_argument("--explain", action="store_true",
                    help="in process: the plan of every statement of every query (PostgreSQL: "
                    "EXPLAIN ANALYZE)")
    args = ap.parse_args()
    if args.pages:
        return page_costs(args.db)
    if args.explain:
        return explain(args.db)
    if "://" not in args.db and not Path(args.db).exists():
        fill(Path(args.db), args.jobs)
    proc, base = start_server(args.db)
    try:
        with httpx.Client(base_url=base, timeout=60) as client:
            docs = client.get("/api/documents?limit=1").json()["total"]
            facts = client.get("/api/facts?limit=1").json()["total"]
            print(f"library {args.db}: {docs} documents, {facts} facts; "
                  f"{args.requests} requests per query; load {os.getloadavg()[0]:.1f}")
            for label, url in (*QUERIES, *cursor_queries(client, facts)):
                times, rows, cpu = measure(client, url, args.requests, proc.pid)
                print(f"  {label:48s} p50 {_pct(times, 50):7.1f} ms  p95 {_pct(times, 95):7.1f} ms"
                      f"  max {max(times):7.1f} ms  server CPU {cpu:6.1f} ms/request"
                      f"  ({rows} rows)")
            print(f"load at the end {os.getloadavg()[0]:.1f}")
    finally:
        proc.terminate()
        proc.wait(timeout=30)


if __name__ == "__main__":
    main()
