"""Font files the PDF tests use, found by path (Debian packages), and the font-invariance check.

Why by path: what PDFium reads or renders from a PDF whose CJK font is not embedded depends on
the fonts installed (issue #13). Tests that render such a page embed a real CJK font instead
(:func:`embedded_cjk_font`), and the invariance tests point PDFium at chosen font folders
(scripts/font_invariance.py) rather than at whatever the machine has. Each skips with the
Debian package to install when its font file is absent.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Sequence

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "font_invariance.py"

# TrueType-outline CJK fonts reportlab can embed (it cannot embed CFF outlines such as Noto
# CJK's), with the Debian package that installs each.
EMBEDDABLE_CJK = (
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "fonts-wqy-zenhei"),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "fonts-wqy-microhei"),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", "fonts-droid-fallback"),
)


def embedded_cjk_font() -> str:
    """Register a CJK TrueType font with reportlab for embedding and return its name; skip the
    test when none is installed."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for path, _ in EMBEDDABLE_CJK:
        if os.path.exists(path):
            name = "EmbeddedCJK"
            if name not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont(name, path, subfontIndex=0))
            return name
    pytest.skip("no embeddable CJK TrueType font: install the Debian package "
                f"{EMBEDDABLE_CJK[0][1]} ({EMBEDDABLE_CJK[0][0]})")


def font_invariance(paths: Sequence[str | Path], configs: str = "none,noto,wqy") -> dict:
    """Run scripts/font_invariance.py on ``paths`` (each configuration in its own subprocess);
    skip when a configuration's font files are missing."""
    sys.path.insert(0, str(SCRIPT.parent))
    try:
        import font_invariance as tool
    finally:
        sys.path.remove(str(SCRIPT.parent))
    for config in configs.split(","):
        missing = tool.missing_fonts(config)
        if missing:
            pytest.skip(f"font configuration {config!r} needs {', '.join(missing)} "
                        f"(Debian package {tool.PACKAGES[config]})")
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    env.pop("BUDGETLENS_PDFIUM_FONT_DIRS", None)
    done = subprocess.run([sys.executable, str(SCRIPT), "--json", "--jobs", "1",
                           "--configs", configs, *map(str, paths)],
                          capture_output=True, text=True, env=env, timeout=900)
    assert done.returncode in (0, 1), done.stderr[-2000:]
    return json.loads(done.stdout)
