"""What to ingest: files, folders and list files turned into jobs with their content hash.

Why hash in the parent before any reading: the hash decides whether a file is already in the
library (resume, re-ingest no-op) and costs milliseconds, where reading costs seconds. A file that
cannot be opened still becomes a job, without a hash: the pipeline gives it its proper reason
(``not-found``, ``read-failed`` …) and the library records the failure.

A *list file* is a text file whose every non-blank line (``#`` starts a comment) names a folder or
a file with a supported extension — the way a batch is handed over (``find … > list.txt``). Its
relative paths are read from the working directory, else from the list file's folder.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from ..pipeline import SUPPORTED_SUFFIXES, expand_paths

#: Only small text files are considered as list files (a disclosure is larger than its list).
MAX_LIST_BYTES = 4 * 2**20
_LIST_SUFFIXES = (".lst", ".list", ".txt", "")


@dataclass(frozen=True)
class Job:
    """One file to process: ``path`` is read, ``source`` is recorded. ``sha256`` is None when
    the file could not be opened. ``content``: the bytes of a kept copy (``reprocess``), read
    instead of ``path`` — they travel with the job to the worker, which writes them to a
    temporary file of its own only while it reads them (so a cluster's workers need not see
    the parent's disk, and jobs that are never run are never written anywhere)."""

    path: str
    source: str
    sha256: Optional[str]
    size: Optional[int] = None
    content: Optional[bytes] = field(default=None, repr=False)
    #: A kept copy (the library holds its bytes already): true after ``content`` is dropped.
    kept: bool = False


def file_sha256(path: str) -> tuple[Optional[str], Optional[int]]:
    """Content hash and size, reading in blocks (bounded memory); (None, None) if unreadable."""
    digest = hashlib.sha256()
    size = 0
    try:
        with open(path, "rb") as fh:
            while block := fh.read(1 << 20):
                digest.update(block)
                size += len(block)
    except OSError:
        return None, None
    return digest.hexdigest(), size


def read_list_file(path: Path) -> Optional[list[str]]:
    """The paths a list file names, or None when ``path`` is not a list file (see module doc)."""
    if path.suffix.lower() not in _LIST_SUFFIXES:
        return None
    try:
        if path.stat().st_size > MAX_LIST_BYTES:
            return None
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    entries = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    resolved = []
    for entry in entries:  # stops at the first line that is not a path (a disclosure's first)
        if not _looks_like_path(entry):
            return None
        p = _resolve_entry(entry, path.parent)
        if not (Path(p).suffix.lower() in SUPPORTED_SUFFIXES or _is_dir(p)):
            return None
        resolved.append(p)
    return resolved or None


def _looks_like_path(entry: str) -> bool:
    """Cheap test before touching the file system: no tab, and names of at most 255 bytes."""
    if len(entry) > 4096 or "\t" in entry:
        return False
    return all(len(part.encode()) <= 255 for part in Path(entry).parts)


def _is_dir(path: str) -> bool:
    try:
        return Path(path).is_dir()
    except OSError:
        return False


def _resolve_entry(entry: str, folder: Path) -> str:
    p = Path(entry).expanduser()
    try:
        if p.is_absolute() or p.exists():
            return str(p)
        beside = folder / p
        return str(beside) if beside.exists() else str(p)
    except OSError:
        return str(p)


def expand_inputs(paths: Iterable[str | os.PathLike]) -> list[str]:
    """Files as given, supported files inside folders, and the entries of list files; each file
    once, in order of first mention."""
    out: list[str] = []
    for raw in paths:
        p = Path(raw)
        listed = read_list_file(p) if p.is_file() else None
        out += expand_paths(listed) if listed is not None else expand_paths([raw])
    return list(dict.fromkeys(out))


def to_jobs(files: Iterable[str]) -> list[Job]:
    """A job per file, with its hash (None when it cannot be opened)."""
    jobs = []
    for f in files:
        sha256, size = file_sha256(f)
        jobs.append(Job(path=f, source=f, sha256=sha256, size=size))
    return jobs


def least_name_first(jobs: list[Job]) -> list[Job]:
    """The jobs, the copies of one content reordered among their own places so that the least
    name (code point order) comes first: a content is stored once, under its first name, and
    that name must be the same whatever order the inputs were given in (issue #9: the library
    is a function of the files, not of their order). Other jobs keep their places."""
    places: dict[str, list[int]] = {}
    for i, job in enumerate(jobs):
        if job.sha256:
            places.setdefault(job.sha256, []).append(i)
    out = list(jobs)
    for where in places.values():
        if len(where) > 1:
            for i, job in zip(where, sorted((jobs[i] for i in where), key=lambda j: j.source)):
                out[i] = job
    return out


def largest_first(jobs: list[Job]) -> list[Job]:
    """The jobs, the largest files first (a stable sort: files of equal size, and so every copy
    of one content, keep their order, and the first name of a content is still the one stored).

    Why, for several workers: a batch ends when its last file does, and a large file taken last
    keeps one worker reading while the others have nothing left (on the 42 corpus PDFs the
    largest, 2.7 MB, sorts 30th by name). Largest first is the classic longest-processing-time
    rule: the small files fill the gaps at the end. Size in bytes is what is known before
    reading, and it follows the pages closely enough for that."""
    return sorted(jobs, key=lambda j: -(j.size or 0))
