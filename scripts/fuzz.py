#!/usr/bin/env python3
"""Fuzz every reader and the whole pipeline; report crashes and hangs per format (issue #13).

Each case is a Hypothesis-drawn recipe (:mod:`fuzz_gen`): a real seed file of the format
(:mod:`fuzz_seeds`) or a document drawn by Hypothesis and written in that format, then 0–4
mutations (:mod:`fuzz_mutate`, :mod:`fuzz_mutate_pdf`) from bytes up to the format's structure.
The case runs in a forked worker with a CPU-time limit (``RLIMIT_CPU``), a wall-clock watchdog
and an address-space limit (``RLIMIT_AS``), through the same entry the CLI uses
(``pipeline.process_many`` then the JSON and text renderers), and is classified:

* ``result`` — the file was read (the Document's tables and lines are checked for consistency);
* ``error`` — refused with a one-line message and a stable code (``pdf-corrupt`` ...);
* ``crash`` — an exception reached the reader's or the pipeline's safety net (``read-failed``
  from an unexpected exception, ``internal-error``), escaped altogether, a message was not one
  line, the Document was inconsistent, the memory limit was hit, or the worker died (signal);
* ``hang`` — over the CPU-time limit or the wall-clock watchdog.

Every crash and hang is saved to ``--out`` with its recipe and traceback, for reproduction
(``--replay FILE``). Runs are deterministic for a given ``--seed`` and ``--cases``.

    PYTHONPATH=src python scripts/fuzz.py --cases 200                      # every format
    PYTHONPATH=src python scripts/fuzz.py --formats pdf,html --cases 5000 --seed 7
    PYTHONPATH=src python scripts/fuzz.py --replay fuzz-findings/pdf-000123-crash.pdf
"""

from __future__ import annotations

import argparse
import faulthandler
import json
import os
import re
import resource
import select
import signal
import sys
import tempfile
import time
import traceback
import warnings
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fuzz_gen import Recipe, recipes, render  # noqa: E402
from fuzz_mutate import MUTATORS, apply  # noqa: E402
from fuzz_seeds import EXTENSIONS, FORMATS, SHARED, build_pool, labels  # noqa: E402

warnings.filterwarnings("ignore")  # zipfile's "Duplicate name" and the like: cases, not news

#: Cases drawn per Hypothesis run: its example tree grows with every case, so long runs are
#: split into chunks, each seeded from (seed, format, chunk number).
CHUNK = 500
_CODE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_NET = "读取文件时出错（"  # the read stage's safety net (read/__init__._failed)


# --- inside the worker -------------------------------------------------------------------------

def run_case(path: str) -> dict:
    """The CLI's path for one file (process_many, then the renderers), classified."""
    from budgetlens.pipeline import process_many
    from budgetlens.report import AUDIT_RENDERERS, EXTRACT_RENDERERS

    result = next(process_many([path], audit=True, debug=True, ocr=False))
    for render_fn in (AUDIT_RENDERERS["json"], AUDIT_RENDERERS["text"], EXTRACT_RENDERERS["json"]):
        render_fn([result], "zh")
    return classify(result, path)


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
        if d.code == "internal-error" or "MemoryError" in d.message:
            kind = "memory" if "MemoryError" in d.message else "internal-error"
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
        out["peak_mib"] = max(0, _status_kib("VmHWM") - base) / 1024
        payload = json.dumps(out).encode()
        while payload:
            payload = payload[os.write(w, payload):]
    finally:
        os._exit(0)


def run_isolated(fn: Callable[..., dict], args: tuple, cpu_s: float = 20.0,
                 mem_mib: int = 2048, errors: Optional[str] = None) -> dict:
    """``fn(*args)`` in a forked child under limits; its dict, or a crash/hang verdict.

    A hang is judged on CPU time (``RLIMIT_CPU``), which does not depend on how busy the machine
    is; the wall-clock watchdog (ten times longer) only catches a worker that waits for ever."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        _child(fn, args, cpu_s, mem_mib, w, errors)
    os.close(w)
    chunks, timed_out = [], False
    deadline = time.monotonic() + max(10 * cpu_s, 60)
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
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


# --- the run -----------------------------------------------------------------------------------

@dataclass
class Tally:
    """What one format's cases gave."""

    cases: int = 0
    cpu: float = 0.0
    outcomes: Counter = field(default_factory=Counter)
    codes: Counter = field(default_factory=Counter)
    crashes: dict = field(default_factory=dict)  # signature → [case ids]
    worst: dict = field(default_factory=lambda: {"cpu": (0.0, ""), "wall": (0.0, ""),
                                                 "peak_mib": (0.0, "")})

    def add(self, case_id: str, verdict: dict) -> None:
        self.cases += 1
        self.cpu += verdict.get("cpu", 0.0)
        self.outcomes[verdict["outcome"]] += 1
        if verdict["outcome"] in ("result", "error"):
            self.codes[verdict.get("code", "?")] += 1
        elif verdict["outcome"] != "skipped":
            self.crashes.setdefault(signature(verdict), []).append(case_id)
        for key in self.worst:
            if verdict.get(key, 0.0) > self.worst[key][0]:
                self.worst[key] = (verdict[key], case_id)


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


def fuzz_format(fmt: str, cases: int, seed: int, on_case: Callable[[Recipe], None],
                pool: list, lexicon: tuple[str, ...]) -> None:
    """Draw ``cases`` recipes for ``fmt`` with Hypothesis (chunked, seeded) and hand each over."""
    from hypothesis import HealthCheck, Phase, Verbosity, given, settings
    from hypothesis import seed as hseed

    strategy = recipes(fmt, len(pool), tuple(sorted(MUTATORS[fmt])), lexicon)
    done, chunk = [0], 0
    while done[0] < cases:
        want = min(CHUNK, cases - done[0])

        @settings(max_examples=want, database=None, deadline=None, phases=[Phase.generate],
                  suppress_health_check=list(HealthCheck), verbosity=Verbosity.quiet)
        @given(strategy)
        def one(recipe: Recipe) -> None:
            if done[0] < cases:
                done[0] += 1
                on_case(recipe)

        before = done[0]
        hseed(_chunk_seed(seed, fmt, chunk))(one)()
        chunk += 1
        if done[0] == before:
            break


def _chunk_seed(seed: int, fmt: str, chunk: int) -> int:
    return (seed * 1_000_003 + FORMATS.index(fmt) * 10_007 + chunk) % 2**32


def _jsonable(value):
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return value if isinstance(value, (str, int, float, bool, type(None))) else repr(value)


def save_finding(out: Path, case_id: str, fmt: str, data: bytes, recipe: Recipe,
                 verdict: dict, pool: list) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{case_id}-{verdict['outcome']}{EXTENSIONS[fmt]}"
    path.write_bytes(data)
    base = recipe.base if recipe.base[0] == "gen" else ("seed", pool[recipe.base[1]].name)
    meta = {"case": case_id, "verdict": verdict, "signature": signature(verdict),
            "recipe": {"base": _jsonable(base), "mutations": _jsonable(recipe.mutations)}}
    path.with_suffix(path.suffix + ".json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def run(formats: list[str], cases: int, seed: int, out: Path, cpu_s: float, mem_mib: int,
        log=sys.stderr) -> dict[str, Tally]:
    """Fuzz each format in turn; the report so far is rewritten after each format, so a long
    run stopped early still says what it did."""
    tallies: dict[str, Tally] = {}
    lexicon = labels(SHARED) if SHARED.exists() else ("合计",)
    with tempfile.TemporaryDirectory(prefix="budgetlens-fuzz-") as work:
        for fmt in formats:
            pool = build_pool(fmt)
            tally = tallies[fmt] = Tally()
            target = Path(work) / f"case{EXTENSIONS[fmt]}"
            started = time.monotonic()

            def on_case(recipe: Recipe, fmt=fmt, pool=pool, tally=tally, target=target,
                        started=started) -> None:
                case_id = f"{fmt}-{seed}-{tally.cases:06d}"
                target.unlink(missing_ok=True)
                verdict = run_isolated(build_and_run, (fmt, recipe, pool, str(target)), cpu_s,
                                       mem_mib, str(Path(work) / "stderr.txt"))
                tally.add(case_id, verdict)
                data = target.read_bytes() if target.exists() else b""
                if verdict["outcome"] == "skipped":
                    print(f"  skipped (harness): {verdict.get('detail', '')[-300:]}", file=log)
                if verdict["outcome"] in ("crash", "hang"):
                    saved = save_finding(out, case_id, fmt, data, recipe, verdict, pool)
                    print(f"  {verdict['outcome'].upper()} {saved}: {signature(verdict)}", file=log)
                elif verdict.get("cpu", 0) >= cpu_s / 4:  # not a failure: kept to study speed
                    saved = save_finding(out / "slow", case_id, fmt, data, recipe,
                                         dict(verdict, outcome="slow"), pool)
                    print(f"  slow ({verdict['cpu']:.1f} s CPU) {saved}", file=log)
                if tally.cases % 250 == 0:
                    print(f"  {fmt}: {tally.cases}/{cases} cases, {time.monotonic() - started:.0f} s,"
                          f" {dict(tally.outcomes)}", file=log, flush=True)

            warm_up(fmt, pool)
            print(f"{fmt}: {len(pool)} seeds, {len(MUTATORS[fmt])} mutators", file=log, flush=True)
            fuzz_format(fmt, cases, seed, on_case, pool, lexicon)
            out.mkdir(parents=True, exist_ok=True)
            (out / f"report-seed{seed}.md").write_text(report(tallies, seed) + "\n", encoding="utf-8")
    return tallies


def warm_up(fmt: str = "text", pool: Optional[list] = None) -> None:
    """Run the CLI's path once in this process before forking, on the first seed of ``pool``
    (else a small text), so what every run loads once — rules, gazetteers, lazy imports, compiled
    patterns — is inherited by the workers and a case's time and memory are its own."""
    import budgetlens.read.pdf  # noqa: F401 - imported on first use otherwise (PDFium)

    data = pool[0].data if pool else "重庆市南岸区财政局\n2024年部门预算\n项目\t金额\n收入合计\t1.00\n".encode()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"warm{EXTENSIONS[fmt]}"
        path.write_bytes(data)
        run_case(str(path))


def report(tallies: dict[str, Tally], seed: int) -> str:
    head = ["| format | cases | results | clean errors | crashes | hangs | mean CPU s | "
            "worst CPU s | worst wall s | worst peak MiB | top error codes |", "|" + "---|" * 11]
    rows = []
    for fmt, t in tallies.items():
        codes = ", ".join(f"{c} {n}" for c, n in t.codes.most_common(4) if c != "ok")
        w = t.worst
        rows.append(f"| {fmt} | {t.cases} | {t.outcomes['result']} | {t.outcomes['error']} | "
                    f"{t.outcomes['crash']} | {t.outcomes['hang']} | {t.cpu / max(t.cases, 1):.2f} | "
                    f"{w['cpu'][0]:.2f} | "
                    f"{w['wall'][0]:.2f} | {w['peak_mib'][0]:.0f} | {codes} |")
    lines = [f"seed {seed}", *head, *rows, ""]
    for fmt, t in tallies.items():
        lines.append(f"- {fmt}: slowest {t.worst['cpu'][1]}, largest {t.worst['peak_mib'][1]}")
    for fmt, t in tallies.items():
        if t.outcomes["skipped"]:
            lines.append(f"- {fmt}: {t.outcomes['skipped']} cases skipped (the harness could not "
                         "build them)")
        for sig, ids in sorted(t.crashes.items()):
            lines.append(f"- {fmt}: {len(ids)}× {sig} (e.g. {ids[0]})")
    return "\n".join(lines)


def replay(paths: list[str], cpu_s: float, mem_mib: int) -> int:
    bad = 0
    for p in paths:
        verdict = run_isolated(run_case, (str(Path(p).resolve()),), cpu_s, mem_mib)
        bad += verdict["outcome"] in ("crash", "hang")
        print(f"{p}: {verdict['outcome']} {verdict.get('code') or signature(verdict)} "
              f"cpu={verdict.get('cpu', 0):.2f}s peak={verdict.get('peak_mib', 0):.0f}MiB")
        if verdict.get("detail"):
            print(verdict["detail"])
    return 1 if bad else 0


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--formats", default=",".join(FORMATS), help="comma-separated: " + ",".join(FORMATS))
    ap.add_argument("--cases", type=int, default=200, help="cases per format")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, default=Path("fuzz-findings"), help="crashing/hanging inputs")
    ap.add_argument("--cpu-limit", type=float, default=20.0, help="CPU seconds per case (hang above)")
    ap.add_argument("--mem-limit", type=int, default=2048, help="MiB of address space per case")
    ap.add_argument("--replay", nargs="+", metavar="FILE", help="run saved inputs and print verdicts")
    args = ap.parse_args(argv)
    if args.replay:
        return replay(args.replay, args.cpu_limit, args.mem_limit)
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        ap.error(f"unknown format(s): {', '.join(unknown)}")
    tallies = run(formats, args.cases, args.seed, args.out, args.cpu_limit, args.mem_limit)
    text = report(tallies, args.seed)
    print(text)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"report-seed{args.seed}.md").write_text(text + "\n", encoding="utf-8")
    return 1 if any(t.outcomes["crash"] or t.outcomes["hang"] for t in tallies.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
