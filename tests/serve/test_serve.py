"""``budgetlens.serve.run`` (serve/__init__.py) serves the JSON API of a library from a process of
its own: lists and the OpenAPI description. Near miss: the API alone has no pages (the site's
login page is the web package's), so ``/login`` is not found there."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from budgetlens.store import open_store

from ..live_server import free_port, server_process


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8")


def test_run_serves_the_api_of_a_library(tmp_path):
    open_store(str(tmp_path / "lib.db")).close()  # an empty library, migrated
    port = free_port()
    code = ("from sqlalchemy import create_engine\nfrom budgetlens.serve import run\n"
            f"run(create_engine({'sqlite:///' + str(tmp_path / 'lib.db')!r}), port={port})\n")
    with server_process(code, port) as url:
        listed = _get(url + "/api/documents")
        schema = _get(url + "/openapi.json")
        login = _get(url + "/login")
    assert listed[0] == 200 and json.loads(listed[1])["total"] == 0
    assert schema[0] == 200 and "/api/documents" in json.loads(schema[1])["paths"]
    assert login[0] == 404
