"""Run calamine on a workbook in a child process and bring back plain Python values.

Why a child: calamine (Rust) sizes some of its arrays from counts the file declares — a shared
string table's ``uniqueCount``, an XLS ``DIMENSIONS`` record — and when such an allocation fails
Rust *aborts the process*: no exception, nothing to catch, the whole run (a batch of a thousand
files) is gone. One damaged attribute is enough (``<sst uniqueCount="2000000000">`` asks for
48 GB; found by ``scripts/fuzz.py``). Guarding each count calamine trusts would be a list that is
never complete, so the parse itself is isolated: a forked child opens the workbook under an
address-space limit (``limits.parse_memory_bytes`` over what it inherits) and sends back each
sheet's values and merged ranges. If it dies, the file is reported as damaged and the run goes
on. The fork shares the parent's imports, so this costs milliseconds, not an interpreter start.
Where ``fork`` is not available the workbook is read in this process, as before.
"""

from __future__ import annotations

import faulthandler
import os
import pickle
import resource
import select
import signal
import tempfile
import time
from typing import Callable, NamedTuple, Optional, Sequence

import python_calamine

from .common import is_library_error, one_line
from .settings import DEFAULT_READ, LimitSettings
from .xlsx_extent import MAX_SHEET_CELLS, too_large

#: Address space a workbook parse may add to what the child inherits, and seconds the child may
#: take before it is killed: ``limits.parse_memory_bytes`` and ``limits.parse_timeout_s``.
_LIMITS: LimitSettings = DEFAULT_READ.limits


class LoadedSheet(NamedTuple):
    """One sheet as calamine read it. ``status``: ``ok`` (``rows``/``merges`` set), ``hidden``,
    ``too-large`` (``size`` = rows, columns) or ``unreadable`` (``problem`` = the reason); a
    sheet not read has no rows (empty, not None: every status reads the same way)."""

    name: str
    status: str
    rows: Sequence[list] = ()
    merges: tuple = ()
    size: tuple[int, int] = (0, 0)
    problem: str = ""


Reason = tuple[str, str]  # why a workbook could not be opened: (zh, en), one line each
#: the sheets of a workbook, or None and why not (what :func:`load_sheets` answers)
Loaded = tuple[Optional[list[LoadedSheet]], Reason]


def load_sheets(path: str, extents: dict[str, tuple[int, int]], widest: tuple[int, int],
                max_cells: int = MAX_SHEET_CELLS, limits: LimitSettings = _LIMITS
                ) -> tuple[Optional[list[LoadedSheet]], Reason]:
    """The workbook's sheets, or None and why it could not be opened.

    ``extents`` are the sheets' sizes measured from the XML before calamine runs
    (:mod:`.xlsx_extent`; ``widest`` for a sheet not listed): a sheet over the limit is not
    asked of calamine at all (``max_cells``: ``limits.max_sheet_cells``). The parse runs in a
    child bounded by ``limits.parse_memory_bytes`` and ``limits.parse_timeout_s``."""
    if not hasattr(os, "fork"):
        return _load(path, extents, widest, max_cells)
    return _in_child(_load, (path, extents, widest, max_cells), limits)


def _load(path: str, extents: dict, widest: tuple[int, int], max_cells: int
          ) -> tuple[Optional[list[LoadedSheet]], Reason]:
    try:
        # from_filelike detects XLSX/XLS/XLSB by content; from_path trusts the extension, and
        # the extension of a downloaded workbook is often wrong.
        with open(path, "rb") as fh:
            workbook = python_calamine.CalamineWorkbook.from_filelike(fh)
        metas = list(workbook.sheets_metadata)
    except BaseException as exc:  # noqa: BLE001 - calamine's errors, and its panics
        if not is_library_error(exc):
            raise
        return None, (one_line(exc), one_line(exc))
    return [_load_sheet(workbook, meta, extents.get(meta.name, widest), max_cells)
            for meta in metas], ("", "")


def _load_sheet(workbook: python_calamine.CalamineWorkbook, meta: python_calamine.SheetMetadata,
                extent: tuple[int, int], max_cells: int) -> LoadedSheet:
    """One sheet; its size is checked from the XML before calamine builds it (XLSX) and from
    calamine's range before Python objects are made (XLS, whose format bounds calamine's array
    but not ours)."""
    if meta.visible != python_calamine.SheetVisibleEnum.Visible:
        return LoadedSheet(meta.name, "hidden")
    if too_large(extent, max_cells):
        return LoadedSheet(meta.name, "too-large", size=extent)
    try:
        sheet = workbook.get_sheet_by_name(meta.name)
        end = sheet.end
        size = (end[0] + 1, end[1] + 1) if end else (0, 0)
        if too_large(size, max_cells):
            return LoadedSheet(meta.name, "too-large", size=size)
        return LoadedSheet(meta.name, "ok", sheet.to_python(skip_empty_area=False),
                           tuple(sheet.merged_cell_ranges or ()))
    except BaseException as exc:  # noqa: BLE001 - one damaged sheet, not the workbook
        if not is_library_error(exc):
            raise
        return LoadedSheet(meta.name, "unreadable", problem=one_line(exc))


def _in_child(fn: Callable[..., Loaded], args: tuple, limits: LimitSettings = _LIMITS
              ) -> Loaded:
    """``fn(*args)`` in a forked child under ``limits.parse_memory_bytes`` (over what it
    inherits) and ``limits.parse_timeout_s``; its result, or ``(None, reason)`` when the child
    died or gave up."""
    r, w = os.pipe()
    with tempfile.TemporaryFile() as said:  # the child's stderr: Rust's panic and abort notes
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child
            os.close(r)
            _child(fn, args, w, said.fileno(), limits.parse_memory_bytes)
        os.close(w)
        payload, timed_out = _read_all(r, time.monotonic() + limits.parse_timeout_s)
        if timed_out:
            os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        if payload and not timed_out:
            try:
                return pickle.loads(payload)
            except Exception:  # noqa: BLE001 - a truncated answer: the child died while writing
                pass
        said.seek(0)
        return None, _death(status, timed_out, said.read(4096).decode("utf-8", "replace"),
                            limits.parse_timeout_s)


def _child(fn: Callable, args: tuple, w: int, err: int, memory: int
           ) -> None:  # pragma: no cover - in child
    try:
        os.dup2(err, 2)
        faulthandler.disable()  # a death here is expected and reported: no dump to the terminal
        try:
            size = resource.getrlimit(resource.RLIMIT_AS)
            want = _vm_size() + memory
            if size[1] == resource.RLIM_INFINITY or want < size[1]:
                resource.setrlimit(resource.RLIMIT_AS, (want, size[1]))
            result = fn(*args)
        except MemoryError:
            result = (None, ("解析所需内存超过上限", "the parse needed more memory than allowed"))
        payload = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        while payload:
            payload = payload[os.write(w, payload):]
    finally:
        os._exit(0)


def _vm_size() -> int:
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _read_all(fd: int, deadline: float) -> tuple[bytes, bool]:
    chunks: list[bytes] = []
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return b"".join(chunks), True
            if select.select([fd], [], [], left)[0]:
                chunk = os.read(fd, 1 << 20)
                if not chunk:
                    return b"".join(chunks), False
                chunks.append(chunk)
    finally:
        os.close(fd)


def _death(status: int, timed_out: bool, said: str = "",
           timeout_s: float = _LIMITS.parse_timeout_s) -> Reason:
    """Why the child gave no answer, with the first line it wrote (``memory allocation of
    48000000000 bytes failed``)."""
    if timed_out:
        return f"解析超时（{timeout_s:g} 秒）", f"the parse timed out ({timeout_s:g} s)"
    first = next((ln.strip() for ln in said.splitlines() if ln.strip()), "")[:160]
    note = f": {first}" if first else ""
    if os.WIFSIGNALED(status):
        name = signal.Signals(os.WTERMSIG(status)).name
        return (f"表格解析程序异常终止（{name}{note}）",
                f"the spreadsheet parser crashed ({name}{note})")
    code = os.WEXITSTATUS(status)
    return f"表格解析程序异常退出（{code}{note}）", f"the spreadsheet parser exited ({code}{note})"
