"""The extractor version a stored document is tagged with.

Why a digest of the code and rules, not just ``__version__``: facts change whenever the readers,
the extraction, the audit or the rule declarations change, and the package version is bumped far
less often. A library must know which documents were read by older code, so the version is
``<package version>+<12 hex digits>`` over every file that shapes a fact or a finding. Any such
change makes ``budgetlens reprocess`` (and a new ``ingest``) read the stored files again.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Optional

import budgetlens

from ..read.settings import ReadSettings

#: The parts of the package whose content decides what facts and findings a file gives.
SHAPING = ("model", "read", "extract", "imply", "reconcile", "rules", "pipeline.py")
_SUFFIXES = (".py", ".toml", ".csv")


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """``<package version>+<digest>`` of the shaping code and data (computed once per process)."""
    root = Path(budgetlens.__file__).resolve().parent
    digest = hashlib.sha256()
    for part in SHAPING:
        base = root / part
        files = [base] if base.is_file() else sorted(
            p for p in base.rglob("*") if p.is_file() and p.suffix in _SUFFIXES
            and "__pycache__" not in p.parts)
        for f in files:
            digest.update(f.relative_to(root).as_posix().encode())
            digest.update(b"\0")
            digest.update(f.read_bytes())
    return f"{budgetlens.__version__}+{digest.hexdigest()[:12]}"


def read_tagged(version: str, read: Optional[ReadSettings]) -> str:
    """``version`` as the library records it for documents read with ``read``.

    Why the settings are part of the version: a document read with other settings (a wider
    ``grid.snap``, a smaller file limit …) may give other tables, facts and findings, so it is not
    "the same" as the one the library holds. Tagging the version lets ingest read such a file again
    and store the new document alongside (the library keeps one document per content and
    version; the newer supersedes the older as ``reprocess`` does), while a second ingest with the
    same settings skips it. Default settings leave the version as it is, so libraries filled
    before settings existed stay current. The tag is a digest of the changed settings (a version
    is at most 64 characters); the settings themselves are in each document's ``read-settings``
    diagnostic.
    """
    changed = read.changed() if read is not None else ()
    if not changed:
        return version
    text = ";".join(f"{name}={value}" for name, value in changed)
    return f"{version}+read.{hashlib.sha256(text.encode()).hexdigest()[:12]}"
