"""Every page kind in English (``?lang=en``) holds no Chinese of its own: what Chinese is left is
what the documents print (unit names, table titles and cells, quoted sentences, labels, file
names) or an official name the site has no English for (a 项 of the functional classification
the reference data does not hold, a county whose romanisation is unverified: shown with their codes,
docs/web.md) — and "中文", the link back
to Chinese, named in its own language. A 类, 款 or 项 name, a province's or a prefecture's that has an
English name (rules/reference/names_en.csv, regions_en.csv: provinces, prefectures and counties)
and still shows in Chinese is found. The walk covers each page kind with a reviewer's and an
admin's forms shown, the error pages, an uploaded file's report, and the document page of a
pair with cross-document findings; the reviewer's exports (问题台账 and annotated PDF) in English
are checked the same way.

Real inputs: the Jiangsu procuratorate's 2017/2018 budgets (a corpus pair with cross findings),
万里街道's 2024 budget and seed 002 (a text original), ingested by the real ingest."""

from __future__ import annotations

import html
import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from ..conftest import CORPUS, seed_path
from .workspace import PASSWORDS, login, token_of

FILES = (CORPUS / "wide" / "jiangsu_jcy_2017_yusuan.pdf", CORPUS / "pdf" / "jiangsu_jcy_2018_yusuan.pdf",
         CORPUS / "pdf" / "shanghai_putuo_wanli_2024_yusuan.pdf")
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]+")
#: A Chinese term glossed in parentheses after its English name, as rules/measures.csv names
#: them ("authorized staff posts (编制)"): the term a reader will meet in the documents.
GLOSS = re.compile(r"(?<=[A-Za-z]) \(([\u3400-\u9fff/、·]+)\)")
#: A name quoted in a message as the document prints it or as the reference names it (the
#: English message of form-code-name-unrecognised: Code 2040405 is printed as "…").
QUOTED = re.compile(r'"[^"<>]*"|“[^”<>]*”')
#: The document's own text, by the library's columns that hold it as printed.
CONTENT = ("SELECT unit_name FROM documents", "SELECT source FROM documents",
           "SELECT title FROM tables", "SELECT text FROM facts", "SELECT label FROM facts",
           "SELECT of FROM facts", "SELECT text FROM claims", "SELECT text FROM evidence",
           "SELECT text FROM cross_evidence", "SELECT name FROM units")


@pytest.fixture(scope="module")
def english(tmp_path_factory):
    from budgetlens.crosscheck import crosscheck
    from budgetlens.ingest import ingest
    from budgetlens.store import open_store
    from budgetlens.store.accounts import add_user
    from budgetlens.web import create_site

    if not all(p.exists() for p in FILES):
        pytest.skip("../shared corpus not available")
    store = open_store(str(tmp_path_factory.mktemp("english") / "lib.db"))
    ingest(store, [str(p) for p in FILES] + [str(seed_path("002"))])
    crosscheck(store.engine)
    for role in ("admin", "reviewer"):
        add_user(store.engine, role, PASSWORDS[role], role, actor_name="test")
    with TestClient(create_site(store.engine)) as client:
        login(client, "admin")
        yield client, store.engine
    store.close()


def _printed(engine) -> list[str]:
    """Every text the library holds as the documents print it, plus the official names (of the
    functional classification and regions) the pages show beside their codes, longest first."""
    out: set[str] = set()
    with engine.connect() as conn:
        for query in CONTENT:
            out |= {r[0] for r in conn.execute(text(query)) if r[0]}
        codes = conn.execute(text("SELECT DISTINCT measure FROM facts")).scalars().all()
        years = conn.execute(text("SELECT DISTINCT year FROM documents")).scalars().all()
        regions = conn.execute(text("SELECT DISTINCT region_code, region FROM documents")).all()
    out |= {s.replace("\\", "/").rsplit("/", 1)[-1] for s in list(out)}
    out |= set(official_names(codes, years)) | set(county_names(regions))
    return sorted(out, key=len, reverse=True)


def official_names(measures, years) -> list[str]:
    """The official names of the functional and economic classification codes the measures
    name (and their parents), in every year given, that have no English name: pages show them
    in Chinese beside their codes. (A name with English must not be left: it is not in here.)"""
    from budgetlens.rules.reference import economic_name, function_name
    from budgetlens.rules.reference.english import name_en

    out = []
    for m in measures:
        code = m.rsplit(".", 1)[-1]
        if not code.isdigit():
            continue
        scheme = "economic" if ".economic." in m else "function"
        name_of = economic_name if scheme == "economic" else function_name
        out += [n for k in range(3, len(code) + 1, 2) for y in (None, *years)
                if (n := name_of(code[:k], y)) and not name_en(scheme, code[:k], n)]
    return out


def county_names(regions) -> list[str]:
    """The official names of the regions (code, name) that have no English name that may be shown
    (an unverified romanisation): the English pages show them in Chinese, with their prefecture's
    English."""
    from budgetlens.rules.reference.english import region_en

    return [name for code, name in regions if name and not region_en(code)]


def leftover(body: str, printed: list[str]) -> list[str]:
    """The Chinese runs of a page's visible text once the documents' own text, the rebuilt table
    (#grid: cells and headings as printed), the official names and the 中文 link are taken out."""
    body = re.sub(r"<script[^>]*>.*?</script>", " ", body, flags=re.S)
    body = re.sub(r'<table class="data grid" id="grid">.*?</table>', " ", body, flags=re.S)
    body = re.sub(r'<pre class="textpage".*?</pre>', " ", body, flags=re.S)  # a text original
    body = re.sub(r'<a id="lang-zh"[^>]*>中文</a>', " ", body)
    body = GLOSS.sub(" ", body)
    attrs = " ".join(re.findall(r'(?:title|placeholder|aria-label|value)="([^"]*)"', body))
    visible = html.unescape(re.sub(r"<[^>]+>", " ", body) + " " + attrs)
    for s in sorted(printed, key=len, reverse=True):
        visible = visible.replace(s, " ")
    visible = QUOTED.sub(" ", visible)
    return sorted(set(CJK.findall(visible)))


def _pages(engine) -> list[str]:
    with engine.connect() as conn:
        docs = conn.execute(text("SELECT id, format, unit_id FROM documents ORDER BY id")).all()
        page = conn.execute(text("SELECT document_id, page, id FROM facts WHERE page IS NOT NULL "
                                 "AND x0 IS NOT NULL ORDER BY id LIMIT 1")).one()
        line = conn.execute(text("SELECT f.document_id, f.id FROM facts f JOIN documents d ON "
                                 "d.id = f.document_id WHERE d.format = 'text' AND f.line IS NOT NULL "
                                 "LIMIT 1")).one()
        region = conn.execute(text("SELECT region_code FROM documents WHERE region_code IS NOT NULL"
                                   " LIMIT 1")).scalar()
    out = ["/", "/?q=检察院", "/?kind=budget&year=2018", "/treemap", "/audit", "/login",
           "/admin/users", "/admin/log", f"/regions/{region[:2]}", f"/regions/{region}",
           "/items/201", "/items/2010101", "/documents/999999", "/no-such-page",
           f"/compare?a={docs[0].id}&b={docs[1].id}&all=true",
           f"/documents/{page.document_id}/pages/{page.page}?fact={page.id}",
           f"/documents/{line.document_id}/pages/1?fact={line.id}"]
    for d in docs:
        out += [f"/documents/{d.id}", f"/units/{d.unit_id}", f"/treemap?document={d.id}"]
    return out


def test_every_page_kind_in_english_holds_no_chinese_of_its_own(english):
    client, engine = english
    printed = _printed(engine)
    found = {}
    for path in _pages(engine):
        # lang joins the path's own query: httpx >= 0.24 lets params= replace a query written in the
        # URL, which would turn "/?q=检察院" into "/" and leave the searched page untested.
        r = client.get(path + ("&" if "?" in path else "?") + "lang=en")
        assert r.status_code in (200, 404), path
        assert r.url.query.decode().count("=") == path.count("=") + 1, r.url
        typed = parse_qs(urlsplit(path).query).get("q", [])  # what the user typed is shown as typed
        left = leftover(r.text, printed + typed)
        if left:
            found[path] = left
    assert not found, found


def test_forms_errors_and_an_upload_report_in_english(english):
    client, engine = english
    printed = _printed(engine)
    client.get("/", params={"lang": "en"})  # the cookie remembers English
    seed = seed_path("004")
    report = client.post("/audit", data={"csrf": token_of(client, "/audit")},
                         files={"file": (seed.name, seed.read_bytes(), "text/plain")})
    refused = client.post("/audit", data={"csrf": token_of(client, "/audit")},
                          files={"file": ("x.exe", b"MZ\x90\x00", "application/octet-stream")})
    with engine.connect() as conn:
        fid, doc = conn.execute(text("SELECT id, document_id FROM findings LIMIT 1")).one()
    error = client.post(f"/documents/{doc}/findings/{fid}/decision",
                        data={"csrf": token_of(client, "/audit"), "action": "dismiss", "text": ""})
    no_token = client.post("/audit", data={})
    found = {}
    for name, r in (("report", report), ("refused", refused), ("error", error),
                    ("csrf", no_token)):
        assert r.status_code in (200, 400, 403, 413, 415, 422), (name, r.status_code)
        left = leftover(r.text, printed + _upload_text(seed))
        whole = re.sub(r"\s+", "", seed.read_text("utf-8"))
        left = [run for run in left if run not in whole]  # quoted from the uploaded file
        if left:
            found[name] = left
    assert not found, found


def _upload_text(path) -> list[str]:
    """What the uploaded file prints (its unit's name, the texts of its facts and findings'
    evidence), read by the pipeline the upload runs: the report quotes it as printed."""
    from budgetlens.pipeline import process

    r = process(str(path))
    out = [path.name, r.disclosure.metadata.unit or ""]
    out += [x for f in r.disclosure.facts for x in (f.source.text, f.label)]
    out += [e.source.text for f in r.audit.findings for e in f.evidence]
    out += [line.text.strip() for line in r.disclosure.narrative]
    out += official_names({f.measure for f in r.disclosure.facts}, [r.disclosure.metadata.year])
    return [x for x in out if x]


def test_the_exports_in_english(english, tmp_path):
    from python_calamine import CalamineWorkbook

    from ..report.test_annotate import read_annotations

    client, engine = english
    printed = _printed(engine)
    with engine.connect() as conn:
        doc = conn.execute(text("SELECT document_id FROM cross_findings LIMIT 1")).scalar()
    wb = CalamineWorkbook.from_filelike(io.BytesIO(
        client.get(f"/documents/{doc}/review.xlsx", params={"lang": "en"}).content))
    found = {}
    for name in wb.sheet_names:
        cells = " ".join(str(v) for row in wb.get_sheet_by_name(name).to_python() for v in row)
        left = leftover(html.escape(name + " " + cells), printed)
        if left:
            found[name] = left
    pdf = tmp_path / "en.pdf"
    pdf.write_bytes(client.get(f"/documents/{doc}/review.pdf", params={"lang": "en"}).content)
    notes = " ".join(n for _, _, n in read_annotations(pdf))
    assert notes
    left = leftover(html.escape(notes), printed)
    if left:
        found["annotations"] = left
    assert not found, found


def test_the_command_line_exports_in_english(tmp_path):
    """``budgetlens audit --format xlsx --lang en`` and ``--annotate --lang en`` on a corpus PDF:
    no Chinese but what the file prints (its texts as the pipeline reads them) or official
    names."""
    from python_calamine import CalamineWorkbook
    from typer.testing import CliRunner

    from budgetlens.cli import app

    from ..report.test_annotate import read_annotations

    pdf = FILES[1]
    if not pdf.exists():
        pytest.skip("../shared corpus not available")
    xlsx, annotated = tmp_path / "ledger.xlsx", tmp_path / "annotated.pdf"
    runner = CliRunner()
    for args in (["--format", "xlsx", "-o", str(xlsx)], ["--annotate", str(annotated)]):
        result = runner.invoke(app, ["audit", str(pdf), *args, "--lang", "en"])
        assert result.exit_code in (0, 1), result.output
    printed = _upload_text(pdf)
    wb = CalamineWorkbook.from_path(str(xlsx))
    cells = " ".join(str(v) for name in wb.sheet_names
                     for row in wb.get_sheet_by_name(name).to_python() for v in row)
    notes = " ".join(n for _, _, n in read_annotations(annotated))
    assert notes and cells
    assert leftover(html.escape(" ".join(wb.sheet_names) + " " + cells), printed) == []
    assert leftover(html.escape(notes), printed) == []


def test_county_level_units_are_named_in_english(english):
    """万里街道 (上海市普陀区) and seed 002 (重庆市开州区) are county-level units: in English the unit,
    document, region and search pages and the facts package name their county in English with its
    prefecture ("Putuo District, Shanghai", rules/reference/regions_en.csv); in Chinese, in Chinese."""
    from budgetlens.rules.reference.english import region_en, region_label
    from budgetlens.store.datapackage import facts_package
    from budgetlens.store.browse import Filters

    from ..store.fdp_check import check_package

    client, engine = english
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT DISTINCT id, unit_id, region_code, region FROM documents "
                                 "WHERE region_code NOT LIKE '%00'")).all()
    assert {r.region_code for r in rows} == {"310107", "500154"}
    for doc, unit, code, name in rows:
        label = region_label(code, name, "en")
        assert not CJK.search(label) and label.startswith(region_en(code) + ", "), label
        for path in (f"/units/{unit}", f"/documents/{doc}", f"/regions/{code}", f"/?region={code}"):
            en = client.get(path + ("&" if "?" in path else "?") + "lang=en").text
            zh = client.get(path + ("&" if "?" in path else "?") + "lang=zh").text
            assert html.escape(label) in en and region_en(code) not in zh, path
        _, package = check_package(facts_package(engine, Filters(region=code), lang="en"))
        assert package["facts"] and {r["region"] for r in package["facts"]} == {label}
