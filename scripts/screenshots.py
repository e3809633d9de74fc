"""Screenshots of the main explore pages, for docs/screenshots/ (not a test: tests assert, this
shows). Drives Debian's chromium through chromium-driver with Selenium (no browser is downloaded)
against a running ``budgetlens serve``:

    budgetlens ingest samples/ --db /tmp/lib.db
    budgetlens serve --db /tmp/lib.db --port 8765 &
    python scripts/screenshots.py http://127.0.0.1:8765 docs/screenshots

Pages: the home page, the unit with the most documents, its latest document, a page view of one
of its cells, its treemap, a comparison of two of its documents and its region's page — each in
Chinese and in English (``en-*.png``: the English names of classification codes and regions,
a county named with its prefecture) — and the audit page after uploading the bundled sample seed
004. Which ones is found through the JSON API, never hard-coded.

With ``--login NAME`` (the password is read from standard input), also the reviewer's workspace:
the login page, then logged in, the review of the latest version of a document that has more
than one version (else of the latest document), the cross-document findings of a unit that has
some (after ``budgetlens crosscheck``) and the review box of a document they name, the audit report with "add to the library", and for an
admin the accounts and the admin log.
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
    if latest.get("region_code"):
        out.append(("region.png", f"/regions/{latest['region_code']}"))
    chinese = [(name, path + ("&" if "?" in path else "?") + "lang=zh") for name, path in out]
    # English last: the language cookie stays (the workspace's login page asks for Chinese again)
    return chinese + [("en-" + name, path + ("&" if "?" in path else "?") + "lang=en")
                      for name, path in out]


def audit_upload(d, base: str, out: Path) -> None:
    """The audit page after uploading the bundled sample seed 004 (the browser runs here)."""
    from selenium.webdriver.common.by import By

    sample = sorted((Path(__file__).resolve().parents[1] / "samples").glob("004_*.txt"))[0]
    d.get(base + "/audit?lang=zh")
    d.find_element(By.ID, "upload-file").send_keys(str(sample))
    d.find_element(By.ID, "upload-go").click()
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(d, 120).until(lambda x: x.find_elements(By.ID, "report-findings")
                                or x.find_elements(By.ID, "error-message"))
    d.save_screenshot(str(out))
    print(out, "/audit (upload)")


def workspace(d, base: str, out: Path, name: str, password: str) -> None:
    """The login page, then the review pages as ``name`` (see the module doc)."""
    from selenium.webdriver.common.by import By

    d.get(base + "/login?lang=zh")
    d.save_screenshot(str(out / "login.png"))
    print(out / "login.png", "/login")
    d.find_element(By.ID, "login-name").send_keys(name)
    d.find_element(By.ID, "login-password").send_keys(password)
    d.find_element(By.ID, "login-go").click()
    d.find_element(By.ID, "account-name")
    docs = [r for r in api(base, "/api/documents?limit=1000")["rows"] if r["status"] == "ok"]
    groups: dict[tuple, list[int]] = {}
    for r in docs:
        groups.setdefault((r["unit_id"], r["year"], r["kind"]), []).append(r["id"])
    doc = max(max(ids) for ids in groups.values() if len(ids) == max(map(len, groups.values())))
    shots = [("review.png", f"/documents/{doc}#review")]
    cross = api(base, "/api/crosscheck?limit=1")["rows"]
    if cross:  # a unit's cross-document findings, with the reviewer's forms; the review box of
        # a document they name (the sign-off lists the undecided ones)
        shots.append(("cross-review.png", f"/units/{cross[0]['unit_id']}#cross"))
        shots.append(("review-cross.png", f"/documents/{cross[0]['document_id']}#review"))
    if d.find_elements(By.ID, "admin-link"):
        shots += [("admin-users.png", "/admin/users"), ("admin-log.png", "/admin/log")]
    for file, path in shots:
        d.get(base + path)
        time.sleep(0.5)
        d.save_screenshot(str(out / file))
        print(out / file, path)
    audit_upload(d, base, out / "audit-reviewer.png")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("base", help="URL of a running budgetlens serve")
    ap.add_argument("out", type=Path, help="folder for the PNG files")
    ap.add_argument("--login", metavar="NAME", help="also the workspace pages, logged in as NAME "
                    "(password on standard input)")
    args = ap.parse_args(argv)
    password = sys.stdin.readline().rstrip("\r\n") if args.login else ""
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
            if args.login:
                workspace(d, base, args.out, args.login, password)
        finally:
            d.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
