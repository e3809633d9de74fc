"""Checks made on the path before any byte is read: exists, is a file, not empty, not too large.

Why before reading: every reader loads its input into memory (the text decoder needs the whole
byte string, python-docx and calamine parse the whole container, lxml builds the whole tree). A
size limit checked with ``os.stat`` keeps memory bounded whatever the input: a 20 GB log file or a
sparse file given by mistake is refused in microseconds instead of exhausting the machine. The
largest real disclosure seen (a 262-page PDF) is far below the limit.
"""

from __future__ import annotations

import os
import stat
from typing import Optional

from ..model import Diagnostic
from .common import error
from .settings import DEFAULT_READ

#: Largest input accepted by default, in bytes (100 MiB; ``limits.max_file_bytes`` of
#: :class:`~budgetlens.read.settings.ReadSettings`). Bounded memory: see the module docstring.
MAX_FILE_BYTES = DEFAULT_READ.limits.max_file_bytes


def check_path(path: str, max_bytes: int = MAX_FILE_BYTES) -> Optional[Diagnostic]:
    """A Diagnostic if ``path`` cannot be read as an input file, else None. Reads no content."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return error("not-found", f"文件不存在：{path}", f"File not found: {path}", path)
    except OSError as exc:
        return error("read-failed", f"无法访问文件：{exc.strerror or exc}",
                     f"Cannot access the file: {exc.strerror or exc}", path)
    if not stat.S_ISREG(st.st_mode):
        return error("not-found", f"不是普通文件（可能是目录）：{path}",
                     f"Not a regular file (a directory?): {path}", path)
    if st.st_size == 0:
        return error("empty-file", "文件为空（0 字节）。", "The file is empty (0 bytes).", path)
    if st.st_size > max_bytes:
        mib = st.st_size / 2**20
        limit = max_bytes / 2**20
        return error("too-large", f"文件过大（{mib:.0f} MiB），超过 {limit:.0f} MiB 的上限，未读取。",
                     f"File too large ({mib:.0f} MiB), over the {limit:.0f} MiB limit; not read.",
                     path)
    if not os.access(path, os.R_OK):
        return error("read-failed", "没有读取该文件的权限。", "No permission to read the file.", path)
    return None
