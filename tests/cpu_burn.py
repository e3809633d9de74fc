"""Burning CPU on purpose, for the tests of the per-file CPU bound (tests/test_batch.py,
tests/ingest/test_pool_cpu.py): a worker judged by its CPU seconds must meet real CPU work."""

from __future__ import annotations

import time


def burn(seconds: float) -> float:
    """Spin until this process has spent ``seconds`` more CPU seconds; returns what it spent."""
    start = time.process_time()
    while time.process_time() - start < seconds:
        pass
    return time.process_time() - start
