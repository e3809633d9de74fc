"""The shared records of model/__init__.py: a run's :class:`Status` (issue #12, item 4: status as
an enum, not a string compared again in every report and command).

On real runs: a seed read by the pipeline ends ``Status.OK``, a file that is no PDF at all under a
``.pdf`` name ends ``Status.ERROR``; both print and serialise as the strings the JSON and the
library have always held, and a status is never equal to a string it is not."""

from __future__ import annotations

import json

from budgetlens.model import Result, Status
from budgetlens.pipeline import process
from budgetlens.report.json_output import render_extract

from ..conftest import seed_path


def test_a_read_seed_is_ok_and_a_broken_file_is_an_error(tmp_path):
    good = process(str(seed_path("004")), audit=False)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"this is not a PDF file at all\n" * 20)
    bad = process(str(broken), audit=False)
    assert type(good.status) is Status and good.status is Status.OK
    assert type(bad.status) is Status and bad.status is Status.ERROR and bad.error
    assert [row["status"] for row in json.loads(render_extract([good, bad]))] == ["ok", "error"]


def test_status_compares_as_its_string_and_only_as_it():
    assert Status.OK == "ok" and Status("error") is Status.ERROR and f"{Status.SKIPPED}" == "skipped"
    assert {Status.OK: 1}["ok"] == 1  # rows read back from the library look it up unchanged
    assert Status.ERROR != "failed" and Status.OK != "OK"
    assert Result(file="x", status=Status.SKIPPED).status != Status.OK
