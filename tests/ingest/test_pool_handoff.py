"""A worker is given its next file before its answer reaches the one writer, and no sooner than
it answers: the writer's work overlaps the workers' (session 15, docs/benchmark.md), while the
files in flight stay one per worker. Real worker processes; each marks, in a folder, the file it
starts on."""

from __future__ import annotations

import functools
import time
from pathlib import Path

from budgetlens.ingest.executors import ProcessExecutor
from budgetlens.ingest.inputs import Job, largest_first

#: Seconds the test waits for a worker process to start a file (a loaded machine is slow).
WAIT = 60.0


def _mark(folder: str, item: str) -> str:
    Path(folder, item).touch()
    return item


def _fail(item: str, exc: BaseException) -> str:
    raise AssertionError(f"{item}: {exc}")


def _appears(path: Path) -> bool:
    end = time.monotonic() + WAIT
    while time.monotonic() < end:
        if path.exists():
            return True
        time.sleep(0.05)
    return False


def test_next_file_starts_while_the_writer_holds_an_answer(tmp_path):
    taken: list[str] = []

    def source():
        for item in ("a", "b", "c"):
            taken.append(item)
            yield item

    executor = ProcessExecutor(1)
    try:
        answers = executor.map_unordered(functools.partial(_mark, str(tmp_path)), source(), _fail)
        assert next(answers) == "a"
        # the caller (the writer) still holds "a": the worker has "b" already ...
        assert _appears(tmp_path / "b")
        # ... and no more: one file per worker, "c" not even taken from the source
        assert taken == ["a", "b"] and not (tmp_path / "c").exists()
        assert list(answers) == ["b", "c"]
    finally:
        executor.close()


def test_largest_first_keeps_equal_sizes_in_order():
    jobs = [Job(path=n, source=n, sha256=h, size=s) for n, h, s in
            (("small", "1", 10), ("copy1", "2", 500), ("big", "3", 900), ("copy2", "2", 500),
             ("unreadable", None, None))]
    order = [j.source for j in largest_first(jobs)]
    assert order == ["big", "copy1", "copy2", "small", "unreadable"]
