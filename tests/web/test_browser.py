"""The explore pages in a real headless browser: Debian's chromium driven by chromium-driver
through Selenium (no browser is ever downloaded; without chromium these tests skip and say why —
CI installs it, scripts/system-packages.txt). The site runs on a real uvicorn (conftest.base_url).

Flows: search → unit → document → a cell on the page image (the box drawn where the cell is);
treemap drill-down by clicking the chart, and back; a CSV and an XLSX download (the workbook
opened); a PDF document's review exports (问题台账 and annotated PDF, opened); comparing two
documents;
uploading a file and reading its audit report;
switching to English. After each flow the browser's console must hold no error (page errors,
failed loads, Content-Security-Policy violations all land there)."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import httpx
import pytest

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         "--window-size=1400,1000")
WAIT = 30


def _missing() -> str:
    try:
        import selenium  # noqa: F401
    except ModuleNotFoundError:
        return "selenium is not installed (pip install -e '.[test]')"
    if not (shutil.which("chromium") and shutil.which("chromedriver")):
        return "chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)"
    return ""


pytestmark = pytest.mark.skipif(bool(_missing()), reason=_missing() or "ok")


@pytest.fixture(scope="module")
def downloads(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(tmp_path_factory, downloads):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = shutil.which("chromium")
    profile = tmp_path_factory.mktemp("chromium-profile")
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    opts.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                           "download.prompt_for_download": False})
    d = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=opts)
    d.set_page_load_timeout(60)
    d.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow",
                                                   "downloadPath": str(downloads)})
    yield d
    d.quit()


@pytest.fixture
def b(browser):
    """The browser for one flow; its console must be clean at the end."""
    browser.get_log("browser")  # drop what an earlier flow left
    yield browser
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, errors


def _wait(d, condition, what: str):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(d, WAIT).until(condition, message=what)


def _css(d, selector: str):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec

    return _wait(d, ec.presence_of_element_located((By.CSS_SELECTOR, selector)), selector)


def _document_id(base_url: str, part: str) -> int:
    rows = httpx.get(base_url + "/api/documents", params={"limit": 1000}, timeout=60).json()["rows"]
    return next(r["id"] for r in rows if part in r["source"])


def test_search_unit_document_cell_on_the_page_image(b, base_url, raw):
    from selenium.webdriver.common.by import By

    b.get(base_url + "/?lang=zh")
    unit_name, unit_id = raw.execute("SELECT unit_name, unit_id FROM documents WHERE source LIKE "
                                     "'%wanli_2025%'").fetchone()
    box = _css(b, "#q")
    box.send_keys(unit_name[-4:])
    b.find_element(By.ID, "search-go").click()
    _wait(b, lambda d: "q=" in d.current_url, "search submitted")
    _css(b, f'a.unit-link[href="/units/{unit_id}"]').click()
    assert _css(b, "#unit-name").text == unit_name
    _wait(b, lambda d: d.find_element(By.ID, "chart-totals").get_attribute("data-ready"),
          "totals chart drawn")
    _css(b, "a.doc-link").click()
    cell = _css(b, "#grid a.cell")
    expected_text = cell.text
    cell.click()
    img = _css(b, "#page-image")
    _wait(b, lambda d: d.execute_script("return arguments[0].complete && "
                                        "arguments[0].naturalWidth > 0", img), "page image loaded")
    assert b.find_element(By.ID, "fact-text").text.strip("“”\"") == expected_text
    fact = int(b.current_url.split("fact=")[1].split("&")[0])
    x0, top, x1, bottom = raw.execute("SELECT x0, top, x1, bottom FROM facts WHERE id = ?",
                                      (fact,)).fetchone()
    shown = b.find_element(By.ID, "cell-box")
    assert shown.is_displayed()
    r_img, r_box = img.rect, shown.rect
    scale = r_img["width"] / (img.get_property("naturalWidth") / 1.5)  # CSS px per PDF point
    assert r_box["x"] - r_img["x"] == pytest.approx(x0 * scale, abs=3)
    assert r_box["y"] - r_img["y"] == pytest.approx(top * scale, abs=3)
    assert r_box["width"] == pytest.approx((x1 - x0) * scale, abs=3)
    assert r_box["height"] == pytest.approx((bottom - top) * scale, abs=3)


TREEMAP_NODE = """
var chart = window.budgetlensCharts['chart-treemap'];
var series = chart.getModel().getSeriesByIndex(0);
var info = series.layoutInfo;
var node = series.getData().tree.root.children.find(function (n) { return n.getModel().get('href'); });
var l = node.getLayout();
return [node.name, info.x + l.x + l.width / 2, info.y + l.y + l.height / 2];
"""


def test_treemap_drill_down_by_clicking_and_back(b, base_url):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    doc = _document_id(base_url, "wanli_2025")
    start = f"{base_url}/treemap?document={doc}"
    b.get(start)
    chart = _css(b, "#chart-treemap[data-ready]")
    name, x, y = b.execute_script(TREEMAP_NODE)
    size = chart.size
    ActionChains(b).move_to_element_with_offset(chart, int(x - size["width"] / 2),
                                                int(y - size["height"] / 2)).click().perform()
    code = name.split()[0]
    _wait(b, lambda d: f"code={code}" in d.current_url, f"drilled into {code}")
    here = _css(b, "#breadcrumbs .here")
    assert here.text.startswith(code)
    _css(b, "#chart-treemap[data-ready]")
    kids = [a.text for a in b.find_elements(By.CSS_SELECTOR, "#treemap-table tbody tr td:first-child")]
    assert kids and all(k.startswith(code) and len(k) == 5 for k in kids)
    b.back()
    _wait(b, lambda d: "code=" not in d.current_url, "back at the 类")
    assert not b.find_elements(By.CSS_SELECTOR, "#breadcrumbs .here")
    b.forward()
    _wait(b, lambda d: f"code={code}" in d.current_url, "forward again")
    _css(b, "#crumb-root").click()
    _wait(b, lambda d: "code=" not in d.current_url, "root breadcrumb")


def test_download_a_table_as_csv(b, base_url, downloads, raw):
    unit_id = raw.execute("SELECT unit_id FROM documents WHERE source LIKE '%wanli_2025%'").fetchone()[0]
    b.get(f"{base_url}/units/{unit_id}")
    _css(b, "#tools-totals a.dl-csv").click()
    target = downloads / "totals.csv"
    deadline = time.monotonic() + WAIT
    while not target.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert target.exists(), list(downloads.iterdir())
    content = target.read_bytes()
    assert content.startswith(b"\xef\xbb\xbfyear,kind,document_id,income.total,expense.total")
    (n,) = raw.execute("SELECT count(*) FROM documents WHERE unit_id = ? AND status = 'ok'",
                       (unit_id,)).fetchone()
    assert content.count(b"\r\n") == n + 1


def _downloaded(target: Path) -> bytes:
    """The file once the browser has finished writing it (chromium writes ``.crdownload`` first)."""
    deadline = time.monotonic() + WAIT
    while not (target.exists() and target.stat().st_size) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert target.exists(), list(target.parent.iterdir())
    return target.read_bytes()


def test_download_a_table_as_xlsx_and_open_it(b, base_url, downloads, raw):
    """The XLSX link of a table, clicked in the browser: the workbook opens (python-calamine, the
    reader the readers use) and holds what the CSV of the same table holds, cell for cell."""
    import csv
    import io

    from python_calamine import CalamineWorkbook

    unit_id = raw.execute("SELECT unit_id FROM documents WHERE source LIKE '%wanli_2025%'").fetchone()[0]
    b.get(f"{base_url}/units/{unit_id}")
    _css(b, "#tools-three_public a.dl-xlsx").click()
    content = _downloaded(downloads / "three_public.xlsx")
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(content))
    rows = sheet.get_sheet_by_name(sheet.sheet_names[0]).to_python()
    text = httpx.get(f"{base_url}/units/{unit_id}", params={"dl": "three_public", "format": "csv"},
                     timeout=60).content.decode("utf-8-sig")
    want = list(csv.reader(io.StringIO(text)))
    assert len(rows) == len(want) > 1
    for got, expected in zip(rows, want):
        assert [_cell(v) for v in got] == expected


def _cell(value) -> str:
    """A calamine cell as the CSV writes it (whole numbers read back as floats)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def test_download_the_review_exports_of_a_pdf(b, base_url, downloads, raw):
    """The review box's exports of a PDF document, clicked in the browser: the 问题台账 opens with
    one detail row per finding, the annotated PDF opens with a box per place of evidence."""
    import io

    import pypdfium2 as pdfium
    from python_calamine import CalamineWorkbook

    from budgetlens.report.annotate import annotation_count

    doc = _document_id(base_url, "wanli_2025")
    b.get(f"{base_url}/documents/{doc}?lang=zh")
    _css(b, "#export-xlsx").click()
    wb = CalamineWorkbook.from_filelike(io.BytesIO(
        _downloaded(downloads / f"ledger-{doc}.xlsx")))
    (n,) = raw.execute("SELECT count(*) FROM findings WHERE document_id = ?", (doc,)).fetchone()
    assert len(wb.get_sheet_by_name("检查明细").to_python()) - 1 == n > 0
    _css(b, "#export-pdf").click()
    pdf = downloads / f"annotated-{doc}.pdf"
    _downloaded(pdf)
    (places,) = raw.execute(
        "SELECT count(DISTINCT e.page || ':' || round(e.x0, 1) || ':' || round(e.top, 1) || ':' ||"
        " round(e.x1, 1) || ':' || round(e.bottom, 1)) FROM evidence e JOIN findings f ON"
        " f.id = e.finding_id WHERE f.document_id = ? AND e.x0 IS NOT NULL", (doc,)).fetchone()
    assert len(pdfium.PdfDocument(str(pdf))) > 0
    assert sum(annotation_count(pdf)) == places > 0


def test_compare_two_documents_chosen_in_the_form(b, base_url):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    a, c = _document_id(base_url, "wanli_2024"), _document_id(base_url, "wanli_2025")
    b.get(base_url + "/compare")
    Select(_css(b, "#pick-a")).select_by_value(str(a))
    Select(_css(b, "#pick-b")).select_by_value(str(c))
    b.find_element(By.ID, "compare-go").click()
    _wait(b, lambda d: f"a={a}" in d.current_url and f"b={c}" in d.current_url, "compared")
    rows = b.find_elements(By.CSS_SELECTOR, "#compare-table tbody tr")
    assert len(rows) > 5
    _css(b, "#chart-compare[data-ready]")


def test_switch_to_english_and_back(b, base_url):
    b.get(base_url + "/?lang=zh")
    _css(b, "#lang-en").click()
    _wait(b, lambda d: d.find_element("tag name", "html").get_attribute("lang") == "en", "english")
    b.get(base_url + "/treemap")  # remembered by the cookie
    assert b.find_element("tag name", "html").get_attribute("lang") == "en"
    _css(b, "#lang-zh").click()
    _wait(b, lambda d: d.find_element("tag name", "html").get_attribute("lang") == "zh-CN", "zh")


def test_upload_a_file_and_read_its_report(b, base_url):
    from selenium.webdriver.common.by import By

    from ..conftest import seed_path

    seed = seed_path("004")
    b.get(base_url + "/audit?lang=zh")
    _css(b, "#upload-file").send_keys(str(seed))
    b.find_element(By.ID, "upload-go").click()
    _css(b, "#report-findings")
    assert b.find_element(By.ID, "report-name").text == seed.name
    assert b.find_elements(By.CSS_SELECTOR, "#report li.finding")
