"""Where PDFium looks for system fonts (read/pdfium_fonts.py): the folders the environment asks
for, and PDFium re-initialised with them so that a page whose CJK font is not embedded finds no
font at all — the machine the reading must not depend on (issue #13). The near miss: with the
variable unset nothing is re-initialised."""

from __future__ import annotations

import os

from budgetlens.read.pdfium_fonts import ENV, apply_env, font_dirs_from_env

from .handmade_pdf import stsong, write_pdf
from .pdfium_child import run_child


def test_the_folders_come_from_the_environment_variable():
    assert font_dirs_from_env({}) is None  # unset: PDFium's own search paths
    assert font_dirs_from_env({ENV: ""}) == []  # set but empty: no folder at all
    joined = os.pathsep.join(["/usr/share/fonts/a", "", "/opt/fonts"])
    assert font_dirs_from_env({ENV: joined}) == ["/usr/share/fonts/a", "/opt/fonts"]


def test_unset_means_pdfium_is_left_as_it_is(monkeypatch):
    monkeypatch.delenv(ENV, raising=False)
    assert apply_env() is False


def test_no_folder_means_no_cjk_font_and_the_library_still_reads(tmp_path):
    """With no folder PDFium finds no font for STSong-Light (not embedded): before the reader's
    fallback font is installed, the page renders blank — on any machine, fonts installed or not;
    the Latin text of the same page is still read after the library was re-initialised."""
    path = write_pdf(tmp_path / "st.pdf", stsong(100, 700, "预算", 20)
                     + b"BT /F3 12 Tf 100 600 Td (Total 100.00) Tj ET\n")
    code = f"""
from budgetlens.read.pdfium_fonts import apply_env
applied = apply_env()
pdf = pdfium.PdfDocument({path!r})
text = pdf[0].get_textpage().get_text_range()
pdf.close()
print(json.dumps({{"applied": applied, "ink": ink({path!r}), "text": text}}))
"""
    got = run_child(code, "")
    assert got["applied"] is True
    assert "Total 100.00" in got["text"]
    # the Latin line inks (PDFium's built-in Helvetica); the CJK line nothing: 600 pt up from
    # the bottom is 242 px from the top, 700 pt up 142 px
    assert got["ink"] is not None and got["ink"][1] > 842 - 700


def test_a_folder_without_fonts_is_the_same_as_none(tmp_path):
    path = write_pdf(tmp_path / "st.pdf", stsong(100, 700, "预算", 20))
    code = f"""
from budgetlens.read.pdfium_fonts import apply_env
print(json.dumps({{"applied": apply_env(), "ink": ink({path!r})}}))
"""
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run_child(code, str(empty)) == {"applied": True, "ink": None}
