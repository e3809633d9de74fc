"""The API over real HTTP: a uvicorn server on 127.0.0.1 and a free port, in a thread of the
test process, stopped at the end; and ``budgetlens serve`` refusing a library that is not there."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import httpx
import pytest

from ..live_server import free_port, live_server

#: Seconds the served process may take to answer its first request before the test fails.
START_BOUND_S = 300


@pytest.fixture(scope="module")
def base_url(library):
    from budgetlens.serve import create_app

    with live_server(create_app(library[0])) as url:
        yield url


def test_lists_records_and_errors_over_http(base_url, raw):
    with httpx.Client(base_url=base_url, timeout=30) as http:
        docs = http.get("/api/documents", params={"limit": 1000}).json()
        (n,) = raw.execute("SELECT count(*) FROM documents WHERE superseded_by IS NULL").fetchone()
        assert docs["total"] == n == len(docs["rows"])
        first = docs["rows"][0]
        detail = http.get(f"/api/documents/{first['id']}").json()
        assert detail["unit_name"] == first["unit_name"] and detail["tables"] is not None
        body = http.get("/api/facts", params={"unit": first["unit_name"], "scope": "document",
                                              "format": "csv"})
        assert body.headers["content-type"].startswith("text/csv")
        assert body.content.startswith(b"\xef\xbb\xbf")
        assert first["unit_name"].encode("utf-8") in body.content or not first["n_facts"]
        bad = http.get("/api/facts", params={"year": "明年"})
        assert bad.status_code == 422 and "year" in bad.json()["error"]["message"]
        assert http.get("/api/units/0").status_code == 404
        assert http.get("/docs").status_code == 200


def test_budgetlens_serve_command_serves_the_library(library):
    """The real command in its own process: it answers, then shuts down cleanly on SIGTERM
    (uvicorn re-raises the signal after its shutdown, so the exit status is 0 or -SIGTERM)."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "budgetlens", "serve", "--db", str(library[1]),
                             "--port", str(port)], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    try:
        # A bound for a broken start, not a timing: under a load of 30 on 2 cores the process's
        # imports alone took over a minute (session 18's CI). On failure the process is killed
        # before its output is read: reading a live process's pipe to its end waits for ever.
        deadline = time.monotonic() + START_BOUND_S
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/units", params={"limit": 1000},
                              timeout=10)
                break
            except httpx.TransportError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    proc.kill()
                    out, _ = proc.communicate(timeout=30)
                    pytest.fail("budgetlens serve did not start: "
                                + out.decode("utf-8", "replace"))
                time.sleep(0.2)
        assert r.status_code == 200 and r.json()["total"] == len(r.json()["rows"]) > 0
        home = httpx.get(f"http://127.0.0.1:{port}/", timeout=10)  # the pages beside the API
        assert home.status_code == 200 and "预决算透镜" in home.text
        assert httpx.get(f"http://127.0.0.1:{port}/static/echarts.min.js", timeout=10).status_code == 200
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=30)
    text = out.decode("utf-8", "replace")
    assert proc.returncode in (0, -signal.SIGTERM), text
    assert "Application shutdown complete" in text and "Traceback" not in text
