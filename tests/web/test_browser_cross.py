"""Reviewing a cross-document finding in a real headless browser (Debian's chromium through
Selenium, as tests/web/test_browser.py; skipped, saying why, without it): log in → the unit page
lists the cross findings of its budget and final account → dismiss one with a reason (markup in
it stays text) → the later document's page and the earlier one's show it dismissed → confirm it
again from the document page. The console stays free of errors."""

from __future__ import annotations

import pytest

from ..crosscheck.test_synthetic import _write
from ..live_server import live_server
from .test_browser import _css, _missing, _wait, b, browser, downloads  # noqa: F401
from .workspace import PASSWORDS

pytestmark = pytest.mark.skipif(bool(_missing()), reason=_missing() or "ok")


@pytest.fixture(scope="module")
def cross_url(tmp_path_factory):
    from budgetlens.crosscheck import crosscheck
    from budgetlens.ingest import ingest
    from budgetlens.store import open_store
    from budgetlens.store.accounts import add_user
    from budgetlens.web import create_site

    folder = tmp_path_factory.mktemp("cross")
    store = open_store(str(folder / "cross.db"))
    ingest(store, [str(p) for p in _write(folder, basic="381.00", project="115.00").values()])
    crosscheck(store.engine)
    add_user(store.engine, "reviewer", PASSWORDS["reviewer"], "reviewer", actor_name="test")
    with live_server(create_site(store.engine)) as url:
        yield url, store.engine
    store.close()


def _status(d, fid: str) -> str:
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.by import By

    try:
        return d.find_element(By.ID, f"cross-status-{fid}").text
    except WebDriverException:
        return ""


def test_dismiss_and_confirm_a_cross_finding_from_the_unit_and_document_pages(b, cross_url):  # noqa: F811
    from selenium.webdriver.common.by import By

    from budgetlens.store.query import Filters, list_cross_findings

    url, engine = cross_url
    rows = list_cross_findings(engine, Filters(rule="cross-prior-year-budget"), 100, 0).rows
    finding = next(r for r in rows if r["measure"] == "expense.general.project")
    fid, later, earlier = str(finding["id"]), finding["document_id"], finding["other_document_id"]

    b.get(url + "/login?lang=zh")
    _css(b, "#login-name").send_keys("reviewer")
    b.find_element(By.ID, "login-password").send_keys(PASSWORDS["reviewer"])
    b.find_element(By.ID, "login-go").click()
    assert _css(b, "#account-name").text == "reviewer"

    b.get(f"{url}/units/{finding['unit_id']}")
    assert _status(b, fid) == "待审核"
    form = _css(b, f"#cross-decide-{fid}")
    form.find_element(By.CSS_SELECTOR, "input[name=text]").send_keys('上年数已调整 <b>"口径"</b>')
    form.find_element(By.CSS_SELECTOR, "button.dismiss").click()
    _wait(b, lambda d: _status(d, fid) == "已驳回", "dismissed on the unit page")
    assert b.current_url.endswith(f"/units/{finding['unit_id']}#cross-{fid}")
    reason = b.find_element(By.CSS_SELECTOR, f"#cross-review-{fid} q.reason").text
    assert reason == '上年数已调整 <b>"口径"</b>'  # markup shown as text

    for doc in (later, earlier):  # both documents show the decision
        b.get(f"{url}/documents/{doc}")
        _css(b, f"#cross-{fid}")
        assert _status(b, fid) == "已驳回"
    b.find_element(By.CSS_SELECTOR, f"#cross-decide-{fid} button.confirm").click()
    _wait(b, lambda d: _status(d, fid) == "已确认", "confirmed on the document page")
    assert f"/documents/{earlier}" in b.current_url
    history = b.find_element(By.CSS_SELECTOR, f"#cross-review-{fid} details.history summary")
    assert "2" in history.text
