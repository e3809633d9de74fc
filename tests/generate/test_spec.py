"""The generator's declarations: validated when loaded (the bad key named), and a regional variant
added as data (a [[document]] declaration plus its Jinja2 file) changes the document without code."""

from __future__ import annotations

import tomllib
from decimal import Decimal
from importlib import resources

import pytest

from budgetlens.generate.build import build, table_roles
from budgetlens.generate.inputs import build_inputs
from budgetlens.generate.spec import load_spec, parse_spec
from budgetlens.model import Fact, Source
from budgetlens.rules.catalogue import RuleError


def _files() -> tuple[dict, dict]:
    folder = resources.files("budgetlens.rules").joinpath("generate")
    return (tomllib.loads(folder.joinpath("document.toml").read_text(encoding="utf-8")),
            tomllib.loads(folder.joinpath("tables.toml").read_text(encoding="utf-8")))


def test_shipped_spec_covers_the_nine_tables_of_both_kinds():
    spec = load_spec()
    for kind in ("budget", "final"):
        for role in table_roles(kind, "department", "national"):
            assert role.split("_", 1)[1] in spec.tables, role
        doc = spec.document(kind, "national")
        assert any(p.tables for p in doc.parts)
        declared = {spec.sections[k].section for p in doc.parts for k in p.sections}
        assert {"overview", "three_public", "admin_cost", "procurement", "glossary"} <= declared


def test_a_row_with_the_wrong_number_of_cells_is_named():
    document, tables = _files()
    tables["table"][2]["side"][0]["rows"][0]["cells"].pop()
    with pytest.raises(RuleError, match=r"table\[2\].*rows\[0\]: 2 cells for 3 columns"):
        parse_spec(document, tables)


def test_an_unknown_section_is_named():
    document, tables = _files()
    document["document"][0]["parts"][0]["sections"].append("no_such_section")
    with pytest.raises(RuleError, match="unknown section 'no_such_section'"):
        parse_spec(document, tables)


def _inputs(template: str):
    src = Source("input.json", text="input")
    facts = [Fact("three_public.total", "current", Decimal("5.00"), src),
             Fact("three_public.overseas", "current", Decimal("5.00"), src)]
    meta = {"unit": "示例区文化馆", "year": 2025, "kind": "budget", "level": "unit", "template": template}
    return build_inputs("input.json", meta, facts, [])


def test_a_regional_variant_is_a_declaration_plus_a_template(tmp_path):
    (tmp_path / "three_public_brief.j2").write_text(
        "{% if d.has('three_public.total') %}本{{ d.level }}{{ d.year }}年“三公”经费共{{ d.amt('three_public.total') }}万元。{% endif %}\n",
        encoding="utf-8")
    document, tables = _files()
    # the package declares a Shanghai budget already: this test adds its own in its place
    document["document"] = [d for d in document["document"] if d["template"] != "shanghai"]
    document["section"].append({"key": "three_public_brief", "title": "“三公”经费", "template":
                                "three_public_brief.j2", "section": "three_public"})
    document["document"].append({"template": "shanghai", "kind": "budget", "parts": [
        {"title": "一、{level}预算表", "tables": True},
        {"title": "二、说明", "sections": ["three_public_brief", "glossary"]}]})
    spec = parse_spec(document, tables)
    model = build(_inputs("shanghai"), spec, (str(tmp_path),))
    assert [p.title for p in model.parts] == ["一、单位预算表", "二、说明"]
    assert model.parts[1].sections[0].paragraphs == ("本单位2025年“三公”经费共5.00万元。",)
    # the tables are the Shanghai template's (rules/templates.toml), in its order
    assert [t.role for t in model.tables()] == [
        r for r in table_roles("budget", "unit", "shanghai") if r.split("_", 1)[1] in spec.tables]
    national = build(_inputs("national"), spec, (str(tmp_path),))
    assert national.parts[0].title.startswith("第一部分")


def test_no_number_is_typed_into_a_template():
    """Every figure a section prints comes from the data: outside Jinja2 tags the narrative
    templates hold words only, no digit (the HTML page template's CSS sizes are layout)."""
    import re

    folder = resources.files("budgetlens.generate").joinpath("templates")
    tags = re.compile(r"{{.*?}}|{%.*?%}|{#.*?#}", re.S)
    narrative = {s.template for s in load_spec().sections.values()} | {"_macros.j2"}
    assert len(narrative) > 10
    for name in sorted(narrative):
        item = folder.joinpath(name)
        words = tags.sub("", item.read_text(encoding="utf-8"))
        assert not re.search(r"\d", words), (item.name, re.findall(r".{0,10}\d.{0,10}", words))


def test_a_region_the_package_does_not_know_is_added_as_data(tmp_path):
    """A template no declaration names yet (浙江 here): one [[document]] plus its Jinja2 file give
    its own parts, order of tables and wording; nothing else changes (the national one stays)."""
    (tmp_path / "zhejiang_three_public.j2").write_text(
        "{% if d.has('three_public.total') %}{{ d.year }}年度本{{ d.level }}“三公”经费预算"
        "{{ d.amt('three_public.total') }}万元，其中因公出国（境）费{{ d.amt('three_public.overseas') }}万元。{% endif %}\n",
        encoding="utf-8")
    document, tables = _files()
    assert not any(d["template"] == "zhejiang" for d in document["document"])
    document["section"].append({"key": "zhejiang_three_public", "title": "“三公”经费预算情况说明",
                                "template": "zhejiang_three_public.j2", "section": "three_public"})
    document["document"].append({"template": "zhejiang", "kind": "budget",
                                 "tables": ["three_public", "summary", "income"], "parts": [
                                     {"title": "一、{year}年{level}预算说明", "sections": ["zhejiang_three_public"]},
                                     {"title": "二、{level}预算公开表", "tables": True}]})
    spec = parse_spec(document, tables)
    model = build(_inputs("zhejiang"), spec, (str(tmp_path),))
    assert [p.title for p in model.parts] == ["一、2025年单位预算说明", "二、单位预算公开表"]
    assert model.parts[0].sections[0].paragraphs == ("2025年度本单位“三公”经费预算5.00万元，其中因公出国（境）费5.00万元。",)
    families = [t.family for t in model.tables()]
    assert families[:1] == ["three_public"]  # its own order, first
    national = build(_inputs("national"), spec, (str(tmp_path),))
    assert national.parts[0].title.startswith("第一部分")


@pytest.mark.parametrize("old, new, key", [
    ('\nfamily = "summary"', '\nfamily = "summary"\nfamilly = "x"', "familly"),
    ('\nparts = true', '\nparts = "yes"', "parts"),
])
def test_a_bad_key_is_named_with_its_file_and_line(old, new, key):
    text = resources.files("budgetlens.rules").joinpath("generate", "tables.toml").read_text("utf-8")
    document = resources.files("budgetlens.rules").joinpath("generate", "document.toml")
    assert old in text, f"generate/tables.toml no longer holds {old!r}"
    broken = text.replace(old, new, 1)
    with pytest.raises(RuleError) as err:
        parse_spec(tomllib.loads(document.read_text("utf-8")), tomllib.loads(broken), "", broken)
    assert err.value.file == "generate/tables.toml" and err.value.key.split(".")[-1] == key
    assert broken.splitlines()[err.value.line - 1].strip().startswith(key)


def test_a_bad_correction_key_is_named_with_its_line():
    from budgetlens.generate.correct import parse_corrections

    text = resources.files("budgetlens.rules").joinpath("generate", "corrections.toml").read_text("utf-8")
    assert '\nprefer = "total"' in text
    broken = text.replace('\nprefer = "total"', '\nprefers = "total"', 1)
    with pytest.raises(RuleError) as err:
        parse_corrections(tomllib.loads(broken), broken)
    assert (err.value.file, err.value.key) == ("generate/corrections.toml", "prefers")
    assert broken.splitlines()[err.value.line - 1] == 'prefers = "total"'


def _profile(lines: list[str]) -> dict:
    from budgetlens.generate.inputs import _profile_from_narrative
    from budgetlens.model import Disclosure, Line, Metadata

    narrative = tuple(Line(text=t, page=1, number=n) for n, t in enumerate(lines, 1))
    return _profile_from_narrative(Disclosure("source.pdf", Metadata(), narrative=narrative))


def test_a_sources_profile_wording_is_data(monkeypatch):
    """[source]: the paragraphs under 一、主要职能 are the unit's functions and stop at a table's
    title; a region heading them 一、内设机构 is no organisation to the package's words (the near
    miss), and with 内设机构 added to [source] organisation it is one — a line of data."""
    from budgetlens.generate import spec as spec_module

    lines = ["一、主要职能", "负责全市数据资源的统筹管理。", "二、内设机构", "内设办公室、规划科。",
             "收支总表"]
    found = _profile(lines)
    assert [t for t, _ in found["functions"]] == ["负责全市数据资源的统筹管理。"]
    assert "organisation" not in found
    document = resources.files("budgetlens.rules").joinpath("generate", "document.toml")
    data = tomllib.loads(document.read_text("utf-8"))
    data["source"]["organisation"] += "|内设机构"
    tables = tomllib.loads(resources.files("budgetlens.rules").joinpath(
        "generate", "tables.toml").read_text("utf-8"))
    monkeypatch.setattr(spec_module, "load_spec", lambda: parse_spec(data, tables))
    assert [t for t, _ in _profile(lines)["organisation"]] == ["内设办公室、规划科。"]


def test_a_bad_source_pattern_is_named_with_its_line():
    document = resources.files("budgetlens.rules").joinpath("generate", "document.toml")
    text = document.read_text("utf-8")
    tables = resources.files("budgetlens.rules").joinpath("generate", "tables.toml").read_text("utf-8")
    broken = text.replace("functions = '职能|职责'", "functions = '(职能|职责'", 1)
    assert broken != text
    with pytest.raises(RuleError) as err:
        parse_spec(tomllib.loads(broken), tomllib.loads(tables), broken, tables)
    assert err.value.key.split(".")[-1] == "functions"
    assert broken.splitlines()[err.value.line - 1].startswith("functions")
