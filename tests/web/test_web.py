"""``budgetlens.web.run`` (web/__init__.py) serves the site of a library from a process of its
own, as ``budgetlens serve`` does: with ``public_read=False`` a page sends the visitor to the
login form, and the API answers only with a login too. Near miss: with ``public_read=True`` the
same page is served to anyone."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from budgetlens.store import open_store

from ..live_server import free_port, server_process


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def _get(url: str) -> tuple[int, dict, str]:
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(url, timeout=30) as r:
            return r.status, dict(r.headers), r.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read().decode("utf-8")


@pytest.mark.parametrize("public", [False, True])
def test_run_serves_the_site_of_a_library(tmp_path, public):
    open_store(str(tmp_path / "lib.db")).close()  # an empty library, migrated
    port = free_port()
    code = ("from sqlalchemy import create_engine\nfrom budgetlens.web import run\n"
            f"run(create_engine({'sqlite:///' + str(tmp_path / 'lib.db')!r}), port={port}, "
            f"public_read={public})\n")
    with server_process(code, port) as url:
        status, headers, body = _get(url + "/")
        api, _, answer = _get(url + "/api/documents")
    if public:
        assert status == 200 and "<html" in body.lower()
        assert api == 200 and json.loads(answer)["total"] == 0
    else:
        assert status in (302, 303, 307) and "/login" in headers["location"]
        assert api in (401, 403)
