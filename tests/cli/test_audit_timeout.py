"""``audit`` and ``extract`` batches judge a file by the CPU seconds its worker spent on it
(``--cpu-timeout``), with ``--timeout`` the wall-clock ceiling far above (cli/common.py, as
``ingest``'s). Real worker processes (forked, so they inherit the slow reader this test patches in),
real CPU burnt: the burning file is reported as ``timeout`` on its own line and the others are
audited."""

from __future__ import annotations

import json
import multiprocessing
import time

import pytest
from typer.testing import CliRunner

from budgetlens import pipeline
from budgetlens.cli import app

from ..conftest import seed_path

runner = CliRunner()


@pytest.fixture
def burning(monkeypatch, tmp_path):
    """A file whose reading burns CPU without end in a worker (the others read as usual)."""
    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the slow reader is patched in this process: workers must be forked")
    path = tmp_path / "burning.txt"
    path.write_text("收入合计\t1.00\n", encoding="utf-8")
    real = pipeline.process
    real(str(seed_path("001")))  # imports and rules loaded once here, inherited by the workers

    def slow(p, **kwargs):
        if p == str(path):
            start = time.process_time()
            while time.process_time() - start < 6000:
                pass
        return real(p, **kwargs)

    monkeypatch.setattr(pipeline, "process", slow)
    return path


@pytest.mark.parametrize("command", ["audit", "extract"])
def test_a_batch_gives_up_a_file_at_its_cpu_bound_and_reports_the_rest(burning, command):
    result = runner.invoke(app, [command, str(seed_path("001")), str(burning), "--jobs", "2",
                                 "--cpu-timeout", "1.5", "--timeout", "600", "--format", "json",
                                 "--lang", "en"])
    assert result.exit_code == 2  # an input could not be read
    [line] = [ln for ln in result.stderr.splitlines() if ln.startswith(str(burning))]
    assert line.endswith("[timeout]") and "1.5 CPU seconds" in line and "--cpu-timeout" in line
    assert str(seed_path("001")) not in result.stderr
    assert json.loads(result.stdout)


def test_the_defaults_are_ingest_s():
    for command in ("audit", "extract"):
        shown = runner.invoke(app, [command, "--help"], env={"COLUMNS": "200"}).stdout
        assert "--cpu-timeout" in shown and "--timeout" in shown
    from budgetlens.cli.common import CPU_TIMEOUT_OPTION, TIMEOUT_OPTION
    from budgetlens.ingest.watchdog import ClusterSettings

    assert (CPU_TIMEOUT_OPTION.default, TIMEOUT_OPTION.default) == (
        ClusterSettings().file_cpu, ClusterSettings().file_timeout)
