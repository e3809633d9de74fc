"""The worker side of the fuzz harness: run one case in a forked child under limits, and judge it.

:func:`run_isolated` forks, sets ``RLIMIT_CPU`` (a hang is judged on CPU time, which does not
depend on how busy the machine is), ``RLIMIT_AS`` (address space over what the child inherits)
and ``RLIMIT_CORE`` = 0, keeps the child's stderr (Rust panics and aborts write there), and turns
what came back — or how the child died — into a verdict. :func:`run_case` is the CLI's own path
for one file (``pipeline.process_many``, then the JSON and text renderers) and :func:`classify`
names the outcome: ``result``, ``error`` (one line, stable code), ``crash`` or ``hang``;
:func:`warm_up` runs it once before forking, so every worker starts with everything loaded.
"""

from __future__ import annotations

import faulthandler
import json
import os
import re
import resource
import select
import signal
import tempfile
import time
import traceback
from pathlib import Path
from typing import Callable, Optional

from fuzz_gen import Recipe, render
from fuzz_mutate import apply
from fuzz_seeds import EXTENSIONS

_CODE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_NET = "读取文件时出错（"  # the read stage's safety net (read/__init__._failed)


def run_case(path: str) -> dict:
    """The CLI's path for one file (process_many, then the renderers), classified."""
    from budgetlens.pipeline import process_many
    from budgetlens.report import AUDIT_RENDERERS, EXTRACT_RENDERERS

    result = next(process_many([path], audit=True, debug=True, ocr=False))
    for render_fn in (AUDIT_RENDERERS["json"], AUDIT_RENDERERS["text"], EXTRACT_RENDERERS["json"]):
        render_fn([result], "zh")
    return classify(result, path)


def warm_up(fmt: str = "text", pool: Optional[list] = None) -> None:
    """Run the CLI's path once in this process before forking, on the first seed of ``pool``
    (else a small text), so what every run loads once — rules, gazetteers, lazy imports, compiled
    patterns — is inherited by the workers and a case's time and memory are its own."""
    import budgetlens.read.pdf  # noqa: F401 - imported on first use otherwise (PDFium)

    small = "重庆市南岸区财政局\n2024年部门预算\n项目\t金额\n收入合计\t1.00\n"
    data = pool[0].data if pool else small.encode()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"warm{EXTENSIONS[fmt]}"
        path.write_bytes(data)
        run_case(str(path))


def build_and_run(fmt: str, recipe: Recipe, pool: list, target: str) -> dict:
    """Write the case's bytes to ``target`` and run it. Building happens here, in the worker,
    so a recipe that makes a huge file is bounded by the worker's limits, not the harness's."""
    try:
        data = case_bytes(fmt, recipe, pool)
        Path(target).write_bytes(data)
    except Exception:  # noqa: BLE001 - a harness bug, not a reader's: counted apart
        return {"outcome": "skipped", "kind": "harness", "detail": traceback.format_exc()[-2000:]}
    usage = resource.getrusage(resource.RUSAGE_SELF)
    out = run_case(target)
    out["build_cpu"] = usage.ru_utime + usage.ru_stime
    return out


def classify(result, path: str) -> dict:
    for d in result.diagnostics:
        # out-of-memory is the pipeline's clean record, but a reader that should have bounded
        # what it builds: still a finding of the campaign
        if d.code in ("internal-error", "out-of-memory") or "MemoryError" in d.message:
            kind = "internal-error" if d.code == "internal-error" else "memory"
            return {"outcome": "crash", "kind": kind, "detail": d.message[-4000:]}
        if not _CODE.match(d.code) or "\n" in d.message or "\n" in d.message_en:
            return {"outcome": "crash", "kind": "bad-diagnostic", "detail": f"{d.code}: {d.message}"}
    if result.status != "ok":
        if result.error_code == "read-failed" and (result.error or "").startswith(_NET):
            return {"outcome": "crash", "kind": "reader-exception",
                    "detail": reader_traceback(path) or result.error}
        if not result.error or "\n" in result.error or "Traceback" in result.error:
            return {"outcome": "crash", "kind": "bad-error", "detail": repr(result.error)}
        return {"outcome": "error", "code": result.error_code}
    problem = check_document(result.document) if result.document is not None else None
    if problem:
        return {"outcome": "crash", "kind": "invariant", "detail": problem}
    return {"outcome": "result", "code": "ok"}


def check_document(document) -> Optional[str]:
    """What must hold of any Document whatever the input: cells inside their grid, spans ≥ 1,
    lines on existing pages, line table indexes naming a table."""
    pages = {p.number for p in document.pages}
    for t in document.tables:
        for c in t.cells:
            if not (0 <= c.row < t.n_rows and 0 <= c.col < t.n_cols) or c.rowspan < 1 \
                    or c.colspan < 1 or c.row + c.rowspan > t.n_rows or c.col + c.colspan > t.n_cols:
                return f"table {t.index}: cell {c.row},{c.col} span {c.rowspan}x{c.colspan} " \
                       f"outside {t.n_rows}x{t.n_cols}"
    for line in document.lines():
        if line.page not in pages:
            return f"line {line.number} on missing page {line.page}"
        if line.table is not None and not 0 <= line.table < len(document.tables):
            return f"line {line.number} names missing table {line.table}"
    return None


def reader_traceback(path: str) -> str:
    """Re-run the reader without the safety net, to report where the exception came from."""
    from budgetlens.read import READERS
    from budgetlens.read.detect import detect_format

    try:
        fmt = detect_format(path).format
        reader = READERS[fmt]
        reader(path, ocr=False) if fmt == "pdf" else reader(path)
    except Exception:  # noqa: BLE001 - this is what we came for
        return traceback.format_exc()[-4000:]
    return ""


def _status_kib(key: str) -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def _limit(cpu_s: float, mem_mib: int) -> None:
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    cpu = max(1, int(cpu_s + 0.999))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 2))
    if mem_mib:
        size = _status_kib("VmSize") * 1024 + mem_mib * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (size, size))
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")  # reset the peak RSS to the current RSS: peak is this case's own
    except OSError:
        pass


def _child(fn: Callable[..., dict], args: tuple, cpu_s: float, mem_mib: int, w: int,
           errors: Optional[str]) -> None:
    try:
        faulthandler.disable()  # a fatal signal is a verdict here, not a dump on the terminal
        if errors:  # libraries write to fd 2 (Rust panics, pdfminer warnings): keep it per case
            fd = os.open(errors, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.dup2(fd, 2)
            os.close(fd)
        base = _status_kib("VmRSS")
        _limit(cpu_s, mem_mib)
        start = time.perf_counter()
        try:
            out = fn(*args)
        except BaseException:  # noqa: BLE001 - escaped the pipeline: the worst kind of crash
            out = {"outcome": "crash", "kind": "uncaught", "detail": traceback.format_exc()[-4000:]}
        out["wall"] = time.perf_counter() - start
        # the reader's own children (the spreadsheet parser runs in one) count too
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        out["peak_mib"] = max(0, _status_kib("VmHWM") - base, children - base) / 1024
        payload = json.dumps(out).encode()
        while payload:
            payload = payload[os.write(w, payload):]
    finally:
        os._exit(0)


def run_isolated(fn: Callable[..., dict], args: tuple, cpu_s: float = 20.0,
                 mem_mib: int = 2048, errors: Optional[str] = None,
                 watchdog_s: Optional[float] = None) -> dict:
    """``fn(*args)`` in a forked child under limits; its dict, or a crash/hang verdict.

    A hang is judged on CPU time (``RLIMIT_CPU``), which does not depend on how busy the machine
    is; the wall-clock watchdog (ten times longer, renewed while the worker and its children
    keep using CPU) only catches a worker that waits for ever."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        _child(fn, args, cpu_s, mem_mib, w, errors)
    os.close(w)
    chunks, timed_out = [], False
    window = watchdog_s or max(10 * cpu_s, 60)
    deadline, spent = time.monotonic() + window, 0.0
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            used, running = tree_usage(pid)
            if running or used - spent >= window / 100:  # computing, slowly: RLIMIT_CPU judges
                deadline, spent = time.monotonic() + window, used
                continue
            timed_out = True
            os.kill(pid, signal.SIGKILL)
            break
        if select.select([r], [], [], left)[0]:
            chunk = os.read(r, 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    os.close(r)
    _, status, usage = os.wait4(pid, 0)
    cpu = usage.ru_utime + usage.ru_stime
    verdict = _verdict(b"".join(chunks), status, cpu, timed_out, cpu_s)
    if errors and verdict["outcome"] in ("crash", "hang") and not verdict.get("detail"):
        with open(errors, "rb") as fh:  # what the worker said before it died (a Rust abort)
            said = fh.read()
        verdict["detail"] = (said[:1500] + b"\n...\n" + said[-1500:] if len(said) > 3000
                             else said).decode("utf-8", "replace")
    return verdict


def tree_usage(pid: int) -> tuple[float, bool]:
    """CPU seconds used so far by process ``pid`` and its live descendants (the spreadsheet
    reader's forked parser), and whether one of them is running or waiting for a CPU (state R).
    The watchdog asks: a worker that waits for ever sleeps and uses no CPU; a worker starved by a
    loaded machine is runnable and keeps using some (a 10 s case took 200 s of wall time at
    nice 19 on 2 cores shared by many, and was called a hang before this)."""
    tick = os.sysconf("SC_CLK_TCK")
    total, running, todo = 0.0, False, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/stat") as fh:
                fields = fh.read().rpartition(")")[2].split()
            running = running or fields[0] == "R"
            total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo += [int(c) for c in fh.read().split()]
        except (OSError, ValueError, IndexError):
            continue  # gone meanwhile
    return total, running


def _verdict(payload: bytes, status: int, cpu: float, timed_out: bool, cpu_s: float) -> dict:
    if timed_out:
        return {"outcome": "hang", "kind": "wall-clock watchdog", "cpu": cpu}
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        if sig == signal.SIGXCPU or (sig == signal.SIGKILL and cpu >= cpu_s):
            return {"outcome": "hang", "kind": f"cpu limit {cpu_s:g} s", "cpu": cpu}
        return {"outcome": "crash", "kind": f"signal {signal.Signals(sig).name}", "cpu": cpu}
    try:
        out = json.loads(payload)
    except ValueError:
        return {"outcome": "crash", "kind": "worker died", "cpu": cpu,
                "detail": f"exit status {os.WEXITSTATUS(status)}"}
    out["cpu"] = max(0.0, cpu - out.pop("build_cpu", 0.0))
    return out


def signature(verdict: dict) -> str:
    """Exception type and the innermost budgetlens frame: one line per distinct bug."""
    detail = verdict.get("detail") or ""
    frames = re.findall(r'File "[^"]*?/(budgetlens/[^"]+)", line \d+, in (\w+)', detail)
    lines = [ln.strip() for ln in detail.strip().splitlines() if ln.strip()]
    telling = [ln for ln in lines if re.search(r"Error|Exception|panicked|allocation|Warning", ln)]
    last = re.sub(r"\d+", "N", (telling or lines or [""])[-1])[:120]
    where = f" at {frames[-1][0]}:{frames[-1][1]}" if frames else ""
    kind = verdict.get("kind", "")
    return f"{verdict['outcome']}/{kind}{where}: {last}" if last else f"{verdict['outcome']}/{kind}"


def case_bytes(fmt: str, recipe: Recipe, pool: list) -> bytes:
    if recipe.base[0] == "seed":
        data = pool[recipe.base[1]].data
    else:
        data = render(fmt, recipe.base[1], recipe.base[2])
    return apply(fmt, data, recipe.mutations, [s.data for s in pool])
