"""The reviewer's flow in a real headless browser (Debian's chromium through Selenium, as
tests/web/test_browser.py; skipped, saying why, without it): log in → upload a corrected copy of a
seed → read its report → add it to the library → confirm one finding and dismiss another with a
reason → sign the review off, on a library of its own (tests/web/workspace.py) served by a real
uvicorn. The browser console must stay free of errors (CSP violations, failed loads) throughout."""

from __future__ import annotations

import re

import pytest

from ..live_server import live_server
from ..store.test_review import corrected_copy
from .test_browser import _css, _missing, _wait, b, browser, downloads  # noqa: F401
from .workspace import PASSWORDS, workspace  # noqa: F401

pytestmark = pytest.mark.skipif(bool(_missing()), reason=_missing() or "ok")


@pytest.fixture(scope="module")
def ws_url(workspace):  # noqa: F811
    from budgetlens.web import create_site

    with live_server(create_site(workspace.engine)) as url:
        yield url


def _status(d, fid: str) -> str:
    """The finding's status as shown ("" while the page is being replaced after a post)."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.by import By

    try:
        return d.find_element(By.ID, f"status-{fid}").text
    except WebDriverException:
        return ""


def test_login_upload_add_confirm_dismiss_sign_off(b, ws_url, tmp_path, downloads):  # noqa: F811
    from selenium.webdriver.common.by import By

    b.get(ws_url + "/login?lang=zh")
    _css(b, "#login-name").send_keys("reviewer")
    b.find_element(By.ID, "login-password").send_keys(PASSWORDS["reviewer"])
    b.find_element(By.ID, "login-go").click()
    assert _css(b, "#account-name").text == "reviewer"

    path, _ = corrected_copy(tmp_path)
    b.get(ws_url + "/audit")
    _css(b, "#upload-file").send_keys(path)
    b.find_element(By.ID, "upload-go").click()
    _css(b, "#report-findings")
    assert b.find_elements(By.CSS_SELECTOR, "#report li.finding")
    b.find_element(By.ID, "library-go").click()
    _wait(b, lambda d: re.search(r"/documents/\d+$", d.current_url), "the added document")
    assert _css(b, "#review-versions").is_displayed()  # a second version of seed 002's unit

    forms = b.find_elements(By.CSS_SELECTOR, "#finding-groups form.decide")
    first, second = (f.get_attribute("id").split("-")[1] for f in forms[:2])
    b.find_element(By.CSS_SELECTOR, f"#decide-{first} button.confirm").click()
    _wait(b, lambda d: _status(d, first) == "已确认", "confirmed")
    b.find_element(By.CSS_SELECTOR, f"#decide-{second} input[name=text]").send_keys(
        '口径不同 <i>"已说明"</i>')
    b.find_element(By.CSS_SELECTOR, f"#decide-{second} button.dismiss").click()
    _wait(b, lambda d: _status(d, second) == "已驳回", "dismissed")
    reason = b.find_element(By.CSS_SELECTOR, f"#review-{second} q.reason").text
    assert reason == '口径不同 <i>"已说明"</i>'  # markup shown as text

    b.find_element(By.CSS_SELECTOR, "#signoff-form input[name=note]").send_keys("其余待下次核对")
    b.find_element(By.ID, "signoff-go").click()
    assert "reviewer" in _css(b, "#signoff").text

    # the 问题台账 export (tests/web/test_exports.py checks its contents): offered, downloaded,
    # and holding the decisions just made — the flow's last step, never skipped
    links = b.find_elements(By.ID, "export-xlsx")
    assert links, "the document's review offers no 问题台账 export"
    doc = b.current_url.split("/documents/")[1].split("#")[0]
    links[0].click()
    done = downloads / f"ledger-{doc}.xlsx"
    _wait(b, lambda d: done.exists() and done.stat().st_size > 0, "ledger downloaded")
    _open_ledger(done, reason)


def _open_ledger(path, reason: str) -> None:
    """The ledger the browser saved opens (python-calamine) with its sheets, and the decisions
    just made are in the review columns of the detail sheet, the reason as typed."""
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    assert wb.sheet_names == ["问题台账", "检查明细", "读取存疑", "跨文件核对", "文件"]
    rows = wb.get_sheet_by_name("检查明细").to_python()
    head = rows[0]
    status, why = head.index("复核状态"), head.index("复核意见")
    decided = {(r[status], r[why]) for r in rows[1:]}
    assert ("已确认", "") in decided and ("已驳回", reason) in decided
