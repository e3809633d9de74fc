"""``budgetlens debug`` on a bundled real PDF and on inputs it must refuse with a message."""

from __future__ import annotations

import json
from pathlib import Path

from PIL import Image
from typer.testing import CliRunner

from budgetlens.cli import app

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
WANLI = SAMPLES / "shanghai_putuo_wanli_2025_yusuan.pdf"
runner = CliRunner()


def test_json_names_the_page_tables_and_the_role_extraction_gave_them():
    result = runner.invoke(app, ["debug", str(WANLI), "--page", "10", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["page"] == 10 and data["tables"] and data["rulings"]
    (table,) = data["document_tables"]
    assert table["role"] == "budget_income" and table["pages"][0] == 10 and table["pages"][1:]
    assert table["label"].startswith(f"T{table['table']} budget_income")


def test_text_form_speaks_english_under_lang_en():
    result = runner.invoke(app, ["debug", str(WANLI), "--page", "10", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "page 10:" in result.stdout and "recognised as budget_income" in result.stdout
    assert "页" not in result.stdout.replace("收入预算总表", "")


def test_png_shows_the_recognised_table_box_in_green(tmp_path):
    out = tmp_path / "p10.png"
    result = runner.invoke(app, ["debug", str(WANLI), "--page", "10", "-o", str(out),
                                 "--scale", "1", "--format", "json"])
    assert result.exit_code == 0, result.output
    printed = result.stdout[:result.stdout.rindex("}") + 1]  # the JSON, then "drawn: <path>"
    table = json.loads(printed)["document_tables"][0]
    x0, top, x1, bottom = table["bbox"]
    with Image.open(out) as image:
        rgb = image.convert("RGB")
        assert abs(rgb.size[0] - 842) <= 1
        # the left edge of the recognised table's box, halfway down: drawn green
        r, g, b = rgb.getpixel((round(x0), round((top + bottom) / 2)))
        assert g > 100 and r < 80 and b < 80, (r, g, b)


def test_refusals_are_one_line_and_exit_2(tmp_path):
    text_file = next(SAMPLES.glob("000_*.txt"))
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 50)
    cases = [([str(text_file), "--page", "1"], "page view is for PDF"),
             ([str(WANLI), "--page", "999"], "has no page 999"),
             ([str(tmp_path / "missing.pdf"), "--page", "1"], "no such file"),
             ([str(broken), "--page", "1"], "cannot read")]
    for args, expected in cases:
        result = runner.invoke(app, ["debug", *args, "--lang", "en"])
        assert result.exit_code == 2, (args, result.output)
        assert expected in result.output and "Traceback" not in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
