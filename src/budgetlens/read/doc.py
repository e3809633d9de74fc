"""Legacy Word (.doc) reader: LibreOffice converts to DOCX, then the DOCX reader reads it.

Why LibreOffice: it is the only offline converter that keeps table structure (antiword silently
drops table bodies, catdoc loses the cell grid; libraries.md §4). It is an optional system tool,
not a Python dependency: without ``soffice``/``libreoffice`` on PATH the file is refused with
``doc-needs-libreoffice`` and a message saying what to install.

Each conversion runs with a private profile (``-env:UserInstallation``) in a temporary directory:
a shared profile is locked by a running LibreOffice and makes concurrent conversions fail.
"""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Optional

from ..model import Diagnostic, Document
from .common import error
from .docx import read_docx
from .settings import DEFAULT_READ, ReadSettings

#: Executable names tried, in order.
LIBREOFFICE_NAMES = ("soffice", "libreoffice")


def find_libreoffice() -> Optional[str]:
    """Path of the LibreOffice executable on PATH, or None."""
    for name in LIBREOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def read_doc(path: str, settings: ReadSettings = DEFAULT_READ
             ) -> tuple[Optional[Document], list[Diagnostic]]:
    """Convert ``path`` to DOCX with LibreOffice and read the result as format ``doc`` (with
    ``settings`` as :func:`~.docx.read_docx` takes them)."""
    exe = find_libreoffice()
    if exe is None:
        return None, [error(
            "doc-needs-libreoffice",
            "旧版 Word（.doc）文件需要 LibreOffice 才能读取：请安装 LibreOffice（soffice），或另存为 .docx 后重试。",
            "Legacy Word (.doc) files need LibreOffice: install it (soffice) or save the file as "
            ".docx and retry.", path)]
    with tempfile.TemporaryDirectory(prefix="budgetlens-doc-") as tmp:
        converted, problem = convert_to_docx(exe, Path(path), Path(tmp),
                                             settings.limits.convert_timeout_s)
        if converted is None:
            return None, [error("doc-convert-failed", f"LibreOffice 转换 .doc 失败：{problem}",
                                f"LibreOffice could not convert the .doc file: {problem}", path)]
        document, diagnostics = read_docx(str(converted), settings)
    if document is not None:
        document = dataclasses.replace(document, path=str(path), format="doc")
    return document, diagnostics


def convert_to_docx(exe: str, source: Path, workdir: Path,
                    timeout_s: int = DEFAULT_READ.limits.convert_timeout_s
                    ) -> tuple[Optional[Path], str]:
    """Run one headless conversion, abandoned after ``timeout_s`` seconds
    (``limits.convert_timeout_s``); the DOCX path, or None and a one-line reason."""
    profile = (workdir / "profile").as_uri()
    outdir = workdir / "out"
    outdir.mkdir()
    # Copy under a plain name: LibreOffice names the output after the input's stem.
    staged = workdir / "input.doc"
    shutil.copyfile(source, staged)
    cmd = [exe, f"-env:UserInstallation={profile}", "--headless", "--norestore",
           "--convert-to", "docx", "--outdir", str(outdir), str(staged)]
    try:
        proc = subprocess.run(cmd, capture_output=True, timeout=timeout_s, check=False)
    except subprocess.TimeoutExpired:
        return None, f"超时（{timeout_s} 秒）/ timed out"
    except OSError as exc:
        return None, str(exc)
    result = outdir / "input.docx"
    if proc.returncode != 0 or not result.exists():
        tail = (proc.stderr or proc.stdout).decode("utf-8", "replace").strip().splitlines()
        return None, tail[-1] if tail else f"exit code {proc.returncode}"
    return result, ""
