"""Fiscal Data Package downloads over real HTTP (uvicorn on a free port): the facts and aggregate
selections of the API as valid packages (tests/store/fdp_check.py) holding what the JSON lists
hold; bad parameters refused as on the lists. PostgreSQL: tests/serve/test_postgres.py."""

from __future__ import annotations

from decimal import Decimal

import httpx
import pytest

from ..live_server import live_server
from ..store.fdp_check import check_package


@pytest.fixture(scope="module")
def http(library):
    from budgetlens.serve import create_app

    with live_server(create_app(library[0])) as url:
        with httpx.Client(base_url=url, timeout=60) as client:
            yield client


def test_facts_package_holds_the_listed_money_facts(http):
    params = {"measure": "expense.general.function.", "region": "31"}
    got = http.get("/api/facts.datapackage.zip", params=params)
    assert got.status_code == 200 and got.headers["content-type"] == "application/zip"
    assert "facts.datapackage.zip" in got.headers["content-disposition"]
    descriptor, rows = check_package(got.content)
    listed = http.get("/api/facts", params={**params, "value_kind": "money",
                                            "limit": 1000}).json()
    assert listed["total"] == len(rows["facts"]) > 0
    assert [(r["fact_id"], r["value"]) for r in rows["facts"]] == [
        (r["id"], Decimal(r["value"])) for r in listed["rows"]]
    assert descriptor["budgetlens"]["selection"] == params


def test_aggregate_package_equals_the_aggregate(http):
    params = {"measure": "expense.total", "drilldown": "year|region"}
    descriptor, rows = check_package(http.get("/api/aggregate.datapackage.zip",
                                              params=params).content)
    cells = http.get("/api/aggregate", params=params).json()["cells"]
    assert [(r["year"], r["region"], r["sum"]) for r in rows["aggregate"]] == [
        (c["year"], c["region"], Decimal(c["sum"])) for c in cells]


@pytest.mark.parametrize("path, params", [
    ("/api/facts.datapackage.zip", {"year": "明年"}),
    ("/api/facts.datapackage.zip", {"limit": 100_001}),
    ("/api/aggregate.datapackage.zip", {}),
    ("/api/aggregate.datapackage.zip", {"measure": "expense.total", "drilldown": "colour"}),
])
def test_bad_parameters(http, path, params):
    bad = http.get(path, params=params)
    assert bad.status_code == 422 and bad.json()["error"]["code"]


def test_labels_in_english_on_request(http):
    """``?lang=en``: the facts package's labels and an aggregate's names in English where the
    reference has them (Shanghai, a 类 of the functional classification); by default Chinese."""
    from budgetlens.rules.reference.english import code_name, region_en

    params = {"measure": "expense.general.function.", "region": "31"}
    _, zh = check_package(http.get("/api/facts.datapackage.zip", params=params).content)
    _, en = check_package(http.get("/api/facts.datapackage.zip",
                                    params={**params, "lang": "en"}).content)
    assert [r["fact_id"] for r in zh["facts"]] == [r["fact_id"] for r in en["facts"]]
    for a, b in zip(zh["facts"], en["facts"]):
        code = a["function_level1_code"]
        assert a["function_level1_label"] == code_name(code, a["fiscal_year"], "zh")
        assert b["function_level1_label"] == code_name(code, b["fiscal_year"], "en") != \
            a["function_level1_label"]
        assert b["phase_label"] in ("budget", "final account")
    cells = http.get("/api/aggregate", params={"measure": "expense.total",
                                               "drilldown": "region", "lang": "en"}).json()["cells"]
    shanghai = [c for c in cells if (c["region"] or "").startswith("31")]
    assert shanghai and all(region_en("310000") in c["region_label"] for c in shanghai)
    plain = http.get("/api/aggregate", params={"measure": "expense.total",
                                               "drilldown": "region"}).json()["cells"]
    assert all("region_label" not in c for c in plain)
