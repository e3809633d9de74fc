"""Screenshots of the main explore pages, for docs/screenshots/ (not a test: tests assert, this
shows). Drives Debian's chromium through chromium-driver with Selenium (no browser is downloaded)
against a running ``budgetlens serve``:

    budgetlens ingest samples/ --db /tmp/lib.db
    budgetlens serve --db /tmp/lib.db --port 8765 &
    python scripts/screenshots.py http://127.0.0.1:8765 docs/screenshots

Pages: the home page, the unit with the most documents, its latest document, a page view of one
of its cells, its treemap, a comparison of two of its documents, the home page in English, and
the audit page after uploading the bundled sample seed 004. Which ones is found through the JSON API, never hard-coded.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         "--window-size=1400,1000")


def driver(profile: str):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        opts.add_argument(flag)
    return webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=opts)


def api(base: str, path: str) -> dict:
    with urllib.request.urlopen(base + path, timeout=60) as r:
        return json.load(r)


def pages(base: str) -> list[tuple[str, str]]:
    """(file name, path) of the pages to capture, chosen from what the library holds."""
    docs = api(base, "/api/documents?limit=1000")["rows"]
    by_unit: dict[int, list[dict]] = {}
    for d in docs:
        if d["unit_id"] and d["status"] == "ok":
            by_unit.setdefault(d["unit_id"], []).append(d)
    unit, mine = max(by_unit.items(), key=lambda kv: (len(kv[1]), -kv[0]))
    mine.sort(key=lambda d: (d["year"] or 0, d["kind"] or ""))
    latest = mine[-1]
    fact = api(base, f"/api/facts?document={latest['id']}&measure=expense.total&limit=1")["rows"]
    out = [("home.png", "/"), ("unit.png", f"/units/{unit}"),
           ("document.png", f"/documents/{latest['id']}"),
           ("treemap.png", f"/treemap?document={latest['id']}")]
    if fact and fact[0]["page"]:
        out.insert(3, ("page.png", f"/documents/{latest['id']}/pages/{fact[0]['page']}"
                                   f"?fact={fact[0]['id']}"))
    if len(mine) > 1:
        out.append(("compare.png", f"/compare?a={mine[-2]['id']}&b={latest['id']}"))
    return out + [("en-home.png", "/?lang=en")]  # last: the language cookie stays


def audit_upload(d, base: str, out: Path) -> None:
    """The audit page after uploading the bundled sample seed 004 (the browser runs here)."""
    from selenium.webdriver.common.by import By

    sample = sorted((Path(__file__).resolve().parents[1] / "samples").glob("004_*.txt"))[0]
    d.get(base + "/audit?lang=zh")
    d.find_element(By.ID, "upload-file").send_keys(str(sample))
    d.find_element(By.ID, "upload-go").click()
    d.find_element(By.ID, "report-findings")
    d.save_screenshot(str(out))
    print(out, "/audit (upload)")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("base", help="URL of a running budgetlens serve")
    ap.add_argument("out", type=Path, help="folder for the PNG files")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    base = args.base.rstrip("/")
    with tempfile.TemporaryDirectory() as profile:
        d = driver(profile)
        try:
            for name, path in pages(base):
                d.get(base + path)
                time.sleep(1.0)  # let ECharts finish its entry animation
                d.save_screenshot(str(args.out / name))
                print(args.out / name, path)
            audit_upload(d, base, args.out / "audit.png")
        finally:
            d.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
