"""``budgetlens.ingest.warm``: importing it in a fresh interpreter reads its small disclosure
through the whole pipeline, so the rules a worker needs are loaded before a worker is forked
from it (the ``--dask local`` fork server, ingest/cluster.py)."""

from __future__ import annotations

import os
import subprocess
import sys

from ..conftest import REPO

PROBE = """
import budgetlens.ingest.warm as warm
from budgetlens.rules.catalogue import _load_rules  # cached per rules folder
from budgetlens.rules.lexicon import load_lexicon
print(warm.WARMED, load_lexicon.cache_info().currsize, _load_rules.cache_info().currsize)
"""


def test_importing_warm_loads_the_rules_in_a_fresh_interpreter():
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True", "1", "1"]


def test_the_sample_is_read_as_a_disclosure():
    """The sample goes through every stage: a unit, a year and facts come out of it."""
    import tempfile
    from pathlib import Path

    from budgetlens.ingest.warm import SAMPLE
    from budgetlens.pipeline import process

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "warm.txt"
        path.write_text(SAMPLE, encoding="utf-8")
        result = process(str(path))
    assert result.disclosure is not None and result.disclosure.facts
    assert result.disclosure.metadata.year == 2024 and result.audit is not None
