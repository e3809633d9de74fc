"""Latency of the explore pages (issue #10: ≤ 300 ms p95 on a library of every corpus document).
A benchmark, not a test: it serves the library on a real uvicorn (one process, in a thread) and
asks each kind of page over HTTP with httpx, one request at a time, for every unit and document
the library holds (capped per kind), and prints p50/p95/max per kind, with the CPU time each
request took (this process: the server's threads and the client) — on a shared machine the wall
time also counts the wait for a core — and the load average before and after.

    budgetlens ingest ../shared/corpus/pdf ../shared/seeds --db /tmp/corpus.db
    python scripts/web_benchmark.py /tmp/corpus.db [--per-kind 60] [--lang en]

Page images are timed twice: first render (pypdfium2) and cached. ``--lang en`` asks the English
pages (``?lang=en``: every classification and region name looked up in its English too).
"""

from __future__ import annotations

import argparse
import socket
import statistics
import sys
import threading
import time


def _serve(db: str) -> tuple[str, object]:
    import uvicorn

    from budgetlens.store import open_store
    from budgetlens.web import create_site

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_site(open_store(db).engine), host="127.0.0.1",
                                           port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server


def _urls(http, per_kind: int) -> dict[str, list[str]]:
    docs = [d for d in http.get("/api/documents", params={"limit": 1000}).json()["rows"]
            if d["status"] == "ok"][:per_kind]
    units = sorted({d["unit_id"] for d in docs if d["unit_id"]})[:per_kind]
    pages, pngs = [], []
    for d in docs:
        f = http.get("/api/facts", params={"document": d["id"], "measure": "expense.total",
                                           "limit": 1}).json()["rows"]
        if f and f[0]["page"]:
            pages.append(f"/documents/{d['id']}/pages/{f[0]['page']}?fact={f[0]['id']}")
            if d["format"] == "pdf":
                pngs.append(f"/documents/{d['id']}/pages/{f[0]['page']}.png")
    return {"home": ["/", "/?year=2025", "/?kind=final", "/?q=局", "/?q=社会保障"],
            "unit": [f"/units/{u}" for u in units],
            "document": [f"/documents/{d['id']}" for d in docs],
            "page view": pages, "page image (first)": pngs, "page image (cached)": pngs,
            "item": [f"/items/{c}" for c in ("201", "20101", "2010101", "208", "212", "221")],
            "treemap": ["/treemap"] + [f"/treemap?document={d['id']}" for d in docs],
            "compare": [f"/compare?a={a['id']}&b={b['id']}" for a, b in zip(docs, docs[1:])]}


def _row(kind: str, times: list[float], cpu: list[float]) -> str:
    def p95(xs: list[float]) -> float:
        return statistics.quantiles(xs, n=20, method="inclusive")[18] if len(xs) > 1 else xs[0]

    return (f"{kind:22} {len(times):4d} {statistics.median(times):8.1f} {p95(times):8.1f} "
            f"{max(times):8.1f} {statistics.median(cpu):8.1f} {p95(cpu):8.1f}")


def main(argv: list[str]) -> int:
    import os

    import httpx

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("db")
    ap.add_argument("--per-kind", type=int, default=60)
    ap.add_argument("--lang", choices=("zh", "en"), default="zh")
    args = ap.parse_args(argv)
    base, server = _serve(args.db)
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())} "
          f"({os.cpu_count()} CPUs)")
    with httpx.Client(base_url=base, timeout=120) as http:
        http.get("/")  # warm up: templates compiled, reference tables loaded
        print(f"{'page':22} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'cpu p50':>8} "
              f"{'cpu p95':>8}")
        for kind, urls in _urls(http, args.per_kind).items():
            times, cpu = [], []
            for url in urls:
                if args.lang == "en" and not url.endswith(".png"):
                    url += ("&" if "?" in url else "?") + "lang=en"
                c0, t0 = time.process_time(), time.perf_counter()
                r = http.get(url)
                times.append((time.perf_counter() - t0) * 1000)
                # CPU of this process (server threads and the client): on a shared, loaded
                # machine the wall time also holds the time spent waiting for a core
                cpu.append((time.process_time() - c0) * 1000)
                if r.status_code != 200:
                    print(f"  {url}: {r.status_code}", file=sys.stderr)
            if times:
                print(_row(kind, times, cpu), flush=True)
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    server.should_exit = True
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
