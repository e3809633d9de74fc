"""Importing this module readies a process to read disclosures: the pipeline imported and its
rules loaded, by reading one small disclosure it writes itself.

Why a module that works when imported: a ``--dask local`` cluster forks its worker processes from
a fork server that imports this module first (``cluster.py``, ``multiprocessing`` forkserver
preload, which can only import). Workers spawned afresh each imported Dask and budgetlens and
loaded every rules file again on their first file — about 1.8 s of CPU per worker, the most of
what a LocalCluster cost beyond local processes, which fork the ingesting process with all that
done (docs/store.md, Speed). Forked from a warm fork server, each worker starts with it done once.
A failure here costs only the saving: it is never raised.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

#: A disclosure small enough to read in milliseconds that still goes through every stage.
SAMPLE = ("某市某局2024年部门预算\n一、部门预算情况说明\n"
          "2024年一般公共预算财政拨款支出100.00万元，比2023年增加10.00万元，主要原因是人员增加。\n")


def warm() -> bool:
    """Read :data:`SAMPLE` through the whole pipeline; whether it ran without an error."""
    try:
        from ..pipeline import process

        with tempfile.TemporaryDirectory(prefix="budgetlens-warm-") as tmp:
            path = Path(tmp) / "warm.txt"
            path.write_text(SAMPLE, encoding="utf-8")
            process(str(path))
        return True
    except Exception:
        return False


WARMED = warm()
