"""Helpers of the tests that feed the readers hostile ZIP packages (DOCX, XLSX): splice a fuzz
case's pathology into one part of a package the test wrote, and run a reader in a child whose
memory is bounded, so a reader that builds what a part declares fails the test instead of the
machine."""

from __future__ import annotations

import io
import os
import pickle
import resource
import zipfile
from pathlib import Path


def splice(path: Path, member: str, junk: bytes, count: int) -> None:
    """``junk`` × ``count`` before the last closing tag of ``member`` (the fuzz cases' shape: a
    part padded with millions of empty elements after its real content)."""
    members = []
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            data = zf.read(info)
            if info.filename == member:
                cut = data.rfind(b"</")
                data = data[:cut] + junk * count + data[cut:]
            members.append((info.filename, data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            zf.writestr(name, data)
    path.write_bytes(buf.getvalue())


def in_bounded_child(fn, *args, mib: int):
    """``fn(*args)`` in a forked child whose address space may grow by ``mib`` MiB only: what it
    returns, or the exception it raised (a MemoryError when the bound was reached)."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            os.close(r)
            with open("/proc/self/status") as fh:
                vm = next(int(ln.split()[1]) for ln in fh if ln.startswith("VmSize:")) * 1024
            resource.setrlimit(resource.RLIMIT_AS, (vm + mib * 2**20, vm + mib * 2**20))
            try:
                out = fn(*args)
            except BaseException as exc:  # noqa: BLE001 - what we came to see
                out = exc
            os.write(w, pickle.dumps(out))
        finally:
            os._exit(0)
    os.close(w)
    with os.fdopen(r, "rb") as fh:
        data = fh.read()
    os.waitpid(pid, 0)
    return pickle.loads(data)
