"""Run a few lines in a fresh Python process with PDFium pointed at chosen font folders.

Why a process of its own: :func:`budgetlens.read.pdfium_fonts.use_font_dirs` re-initialises the
PDFium library (every open document goes with it) and the fallback font stays installed for the
life of the library, so a test that changes either must not share its process with other tests.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Optional

REPO = Path(__file__).resolve().parents[2]

#: ``ink(path)``: the box (left, top, right, bottom, in pixels at 72 dpi) of what page 1 of
#: ``path`` renders dark, None for a blank page
PRELUDE = """
import json, sys
import pypdfium2 as pdfium
from PIL import ImageOps
def ink(path):
    pdf = pdfium.PdfDocument(path)
    try:
        box = ImageOps.invert(pdf[0].render(scale=1).to_pil().convert("L")).getbbox()
    finally:
        pdf.close()
    return list(box) if box else None
"""


def run_child(code: str, font_dirs: Optional[str]) -> dict:
    """Run ``PRELUDE + code`` (which prints one JSON object) with ``BUDGETLENS_PDFIUM_FONT_DIRS``
    set to ``font_dirs`` (unset when None) and return that object."""
    env = {k: v for k, v in os.environ.items() if k != "BUDGETLENS_PDFIUM_FONT_DIRS"}
    if font_dirs is not None:
        env["BUDGETLENS_PDFIUM_FONT_DIRS"] = font_dirs
    env["PYTHONPATH"] = os.pathsep.join([str(REPO / "src"), env.get("PYTHONPATH", "")])
    done = subprocess.run([sys.executable, "-c", PRELUDE + code], env=env, capture_output=True,
                          text=True, timeout=300, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])
