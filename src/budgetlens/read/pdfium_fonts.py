"""Choose where PDFium looks for system fonts: reading that can be shown not to depend on them.

Why: a PDF that names a font without embedding it (宋体/SimSun, ``STSong-Light``) is drawn with
whatever font the machine has under that name, and PDFium's char boxes follow that font. The
reader must give the same characters and positions whatever is installed; to prove it, tests and
``scripts/font_invariance.py`` read the same file with PDFium pointed at an empty folder, at a
folder holding Noto CJK and at one holding WenQuanYi Zen Hei.

pypdfium2 initialises PDFium when it is imported, with the default font folders. PDFium reads
``FPDF_LIBRARY_CONFIG.m_pUserFontPaths`` (a NULL-terminated list of folders that *replaces* the
default search paths) only at initialisation, so :func:`use_font_dirs` destroys the library and
initialises it again with the list. It must run before any document is opened (open ones are
closed by pypdfium2 when the library goes). The environment variable :data:`ENV` (folders joined
by ``os.pathsep``; empty means no folder at all) lets a test run or a subprocess ask for it.
"""

from __future__ import annotations

import ctypes
import os
from typing import Optional, Sequence

ENV = "BUDGETLENS_PDFIUM_FONT_DIRS"

# PDFium keeps the pointer and reads the folders lazily, when it first maps a font: the array
# must outlive the library instance.
_KEEP: list = []


def use_font_dirs(dirs: Sequence[str]) -> None:
    """Re-initialise PDFium so that it finds system fonts only in ``dirs`` (none if empty)."""
    import pypdfium2.raw as pdfium_c
    from pypdfium2 import _library_scope

    from budgetlens.read.pdf_fallback_font import forget as forget_fallback_font
    from pypdfium2.internal import bases

    paths = (ctypes.c_char_p * (len(dirs) + 1))(*[os.fsencode(d) for d in dirs], None)
    field = dict(pdfium_c.FPDF_LIBRARY_CONFIG._fields_)["m_pUserFontPaths"]
    config = pdfium_c.FPDF_LIBRARY_CONFIG(
        version=2, m_pUserFontPaths=ctypes.cast(paths, field), m_pIsolate=None,
        m_v8EmbedderSlot=0)
    if bases.LIBRARY_AVAILABLE:
        _library_scope.destroy_lib()
        forget_fallback_font()  # it went with the library
    _KEEP[:] = [paths, config]
    pdfium_c.FPDF_InitLibraryWithConfig(config)
    bases.LIBRARY_AVAILABLE = True


def font_dirs_from_env(environ: Optional[dict] = None) -> Optional[list[str]]:
    """The folders :data:`ENV` asks for, or None when it is not set."""
    value = (os.environ if environ is None else environ).get(ENV)
    if value is None:
        return None
    return [d for d in value.split(os.pathsep) if d]


def apply_env() -> bool:
    """Apply :data:`ENV` if set; True when PDFium was re-initialised."""
    dirs = font_dirs_from_env()
    if dirs is None:
        return False
    use_font_dirs(dirs)
    return True
