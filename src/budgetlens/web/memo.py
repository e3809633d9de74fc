"""Answers of the library-wide sums, remembered per library version.

Why: a treemap of a year's budgets over the whole library, a region page and an item page add
up every matching figure of every document (store.explore.figure_sums) — on a library of 200
documents that is ~0.3 s of CPU per page, the same answer for every reader until the library
changes. The library changes only by storing documents (ingest, reprocess, an upload added) or
by deciding unit identity (merge/split), so the key of a remembered answer holds the library's
version: the newest document id, the number of current documents and the newest unit decision.
A change anywhere gives a new version and the next page computes afresh; the version costs one
small indexed query per page. Per process (each server process keeps its own; they agree
because they read the same version).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any, Callable

from sqlalchemy import Engine

from ..store.explore import library_version

#: Answers kept (oldest dropped first); a sum is a few hundred rows at most.
MAX_ENTRIES = 256
_cache: "OrderedDict[tuple, Any]" = OrderedDict()
_lock = threading.Lock()


def remembered(engine: Engine, name: str, args: tuple, compute: Callable[[], Any]) -> Any:
    """``compute()``'s answer for (``name``, ``args``) at the library's current version."""
    key = (id(engine), library_version(engine), name, args)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    value = compute()
    with _lock:
        _cache[key] = value
        while len(_cache) > MAX_ENTRIES:
            _cache.popitem(last=False)
    return value
