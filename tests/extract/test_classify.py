"""Classification from content: manifest accuracy over the real corpus, and behaviour on inline
disclosure excerpts written to files and read by the real text reader."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from budgetlens.extract.classify import classify
from budgetlens.rules.classify import load_rules
from budgetlens.extract.classify_region import region_consistent
from budgetlens.extract.classify_unit import fold, region_of
from budgetlens.rules.reference import load_gazetteer
from budgetlens.read import read_document

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
KIND = {"预算": "budget", "决算": "final"}
LEVEL = {"部门": "department", "单位": "unit"}


def _doc(tmp_path: Path, text: str, name: str = "doc.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    document, diagnostics = read_document(str(path))
    assert document is not None, diagnostics
    return document


def _codes(diagnostics):
    return sorted(d.code for d in diagnostics)


# ---------------------------------------------------------------------------------------------
# The corpus manifest and the seeds
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_results():
    manifest = SHARED / "corpus" / "manifest.csv"
    if not manifest.is_file():
        pytest.skip("shared corpus missing")
    out = []
    for row in csv.DictReader(manifest.open(encoding="utf-8")):
        document, _ = read_document(str(SHARED / "corpus" / row["file"]))
        if document is None:
            continue
        metadata, diagnostics = classify(document)
        out.append((row, metadata, diagnostics))
    return out


def test_manifest_kind_and_year_are_right_for_every_document(corpus_results):
    wrong = [(r["file"], m.kind, m.year) for r, m, _ in corpus_results
             if (m.kind, m.year) != (KIND[r["kind"]], int(r["year"]))]
    assert len(corpus_results) >= 80
    assert wrong == []


def test_manifest_level_is_right_for_every_document(corpus_results):
    wrong = [(r["file"], m.level) for r, m, _ in corpus_results if m.level != LEVEL[r["level"]]]
    assert wrong == []


def test_manifest_unit_names_match_by_containment(corpus_results):
    def norm(s):
        return fold(s or "", load_rules()).replace("（", "(").replace("）", ")").replace(" ", "")

    matched = sum(bool(norm(m.unit)) and (norm(m.unit) in norm(r["unit"]) or norm(r["unit"]) in norm(m.unit))
                  for r, m, _ in corpus_results)
    assert matched / len(corpus_results) >= 0.85


def test_manifest_region_is_consistent_for_every_document(corpus_results):
    """Our region is the manifest's division or one under it (same county; same prefecture when
    the manifest stops there). Where the manifest's region did not come from the document (marked
    推断 inferred, or the unit is 未注明 unknown) we may say nothing, but never something else."""
    gaz, rules = load_gazetteer(), load_rules()
    wrong, silent = [], []
    for row, metadata, _ in corpus_results:
        consistent = region_consistent(metadata.region_code, row["region"], gaz, rules)
        assert consistent is not None, row["region"]
        outside_source = "推断" in row["region"] or "未注明" in row["unit"]
        if not consistent and not (outside_source and metadata.region is None):
            wrong.append((row["file"], row["region"], metadata.region))
        silent += [row["file"]] if not consistent else []
        if consistent:
            assert len(metadata.region_code) == 6 and metadata.region == gaz.full_name(metadata.region_code)
            assert "region" in {f for f, _ in metadata.evidence}
    assert wrong == []
    assert len(silent) <= 2


def test_every_corpus_document_is_a_disclosure_with_evidence(corpus_results):
    for row, metadata, diagnostics in corpus_results:
        assert metadata.is_disclosure, row["file"]
        fields = {f for f, _ in metadata.evidence}
        assert {"kind", "year"} <= fields, row["file"]
        for _, src in metadata.evidence:
            assert src.text and src.file.endswith(Path(row["file"]).name)


@pytest.mark.parametrize("prefix,kind,year", [
    ("000", "budget", 2024), ("001", "budget", 2024), ("002", "final", 2020),
    ("003", "budget", 2024), ("004", "budget", 2024)])
def test_seeds(prefix, kind, year):
    paths = sorted((SHARED / "seeds").glob(f"{prefix}_*.txt"))
    if not paths:
        pytest.skip("seeds missing")
    document, _ = read_document(str(paths[0]))
    metadata, diagnostics = classify(document)
    assert (metadata.kind, metadata.year, metadata.level) == (kind, year, "department")
    assert metadata.unit.startswith("重庆市") and metadata.region.startswith("重庆市")
    assert metadata.template == "chongqing"
    assert "metadata-conflict" not in _codes(diagnostics)


# ---------------------------------------------------------------------------------------------
# Behaviour on inline excerpts
# ---------------------------------------------------------------------------------------------

BODY = """一、收入支出预算总体情况说明
{y}年收入预算总计967.73万元，比2023年增加19.32万元，主要是一般公共预算拨款增加。
二、支出预算情况说明
{y}年支出预算967.73万元，其中基本支出699.81万元。
截至2023年12月，本部门共有车辆1辆。依据《关于2023年部门预算编制的通知》（渝财预〔2022〕12号）编制。
"""


def test_year_ignores_comparisons_dates_and_titles(tmp_path):
    text = "重庆市南岸区政务服务管理办公室\n2024 年部门预算情况说明\n" + BODY.format(y=2024)
    metadata, diagnostics = classify(_doc(tmp_path, text))
    assert (metadata.kind, metadata.year, metadata.level) == ("budget", 2024, "department")
    assert metadata.unit == "重庆市南岸区政务服务管理办公室"
    assert metadata.region == "重庆市南岸区"
    year_src = dict(metadata.evidence)["year"]
    assert (year_src.page, year_src.line) == (1, 2)
    assert diagnostics == []


def test_cover_and_table_titles_disagree_on_year(tmp_path):
    tables = "\n".join(f"2026年上海市XX局{t}预算表\n单位：万元\n项目\t金额\n合计\t1.00\n"
                       for t in ("财务收支", "收入", "支出"))
    text = "上海市XX局\n2025年度部门预算\n" + BODY.format(y=2025) + tables
    metadata, diagnostics = classify(_doc(tmp_path, text))
    assert metadata.year == 2025
    conflicts = [d for d in diagnostics if d.code == "metadata-conflict"]
    assert len(conflicts) == 1 and conflicts[0].severity == "warning"
    assert "2025" in conflicts[0].message and "2026" in conflicts[0].message
    assert conflicts[0].source.text.startswith("2026年")


def test_final_account_with_budget_vocabulary(tmp_path):
    text = ("柞水县审计局2020年部门决算\n第一部分 部门概况\n一、收入支出决算总体情况说明\n"
            "2020年度收入总计100.00万元，年初预算95.00万元，完成年初预算的105.26%。\n"
            "一般公共预算财政拨款支出决算表\n")
    metadata, _ = classify(_doc(tmp_path, text))
    assert (metadata.kind, metadata.year, metadata.unit) == ("final", 2020, "柞水县审计局")


def test_department_title_but_grassroots_unit_is_a_unit_with_conflict(tmp_path):
    text = ("2023年度海原县高崖乡卫生院部门决算\n第一部分 部门概况\n一、收入支出决算总体情况说明\n"
            "2023年度收入总计100.00万元，支出总计100.00万元。\n")
    metadata, diagnostics = classify(_doc(tmp_path, text))
    assert metadata.level == "unit"
    assert _codes(diagnostics) == ["metadata-conflict"]


def test_self_description_as_grassroots_budget_unit(tmp_path):
    text = ("XX县林业站2024年部门预算\n一、部门概况\n我单位为基层预算单位，无下属单位。\n"
            "2024年收入预算50.00万元，支出预算50.00万元。\n")
    metadata, _ = classify(_doc(tmp_path, text))
    assert metadata.level == "unit"


SANGONG_ONLY = ("{unit}2023年度一般公共预算财政拨款“三公”经费支出决算\n"
                "一、2023年度一般公共预算财政拨款“三公”经费支出情况说明\n"
                "{unit}2023年度“三公”经费支出预算为3万元，支出决算为1.71万元。\n")


@pytest.mark.parametrize("unit, level", [
    ("寿县文物保护中心", "unit"), ("某县农业技术推广站", "unit"), ("某市图书馆", "unit"),
    ("乌鲁木齐市政务服务中心", "department"), ("德江县机关事务中心", "department"),
    ("广东省财政厅", "department"), ("某县林业局", "department"),
    ("云南寻甸产业园区管理委员会", "department"),
])
def test_entity_type_prior_decides_a_page_that_never_says_its_level(tmp_path, unit, level):
    metadata, _ = classify(_doc(tmp_path, SANGONG_ONLY.format(unit=unit)))
    assert (metadata.unit, metadata.level) == (unit, level)


def test_printed_level_outranks_the_entity_type_prior(tmp_path):
    text = ("寿县文物保护中心2023年部门决算\n第一部分 部门概况\n一、收入支出决算总体情况说明\n"
            "2023年度收入总计100.00万元，年初预算95.00万元，完成年初预算的105.26%。\n"
            "一般公共预算财政拨款支出决算表\n")
    metadata, diagnostics = classify(_doc(tmp_path, text))
    assert metadata.level == "department"
    assert "metadata-conflict" not in _codes(diagnostics)


def test_shanghai_unit_budget_cover(tmp_path):
    text = ("上海市普陀区2025年区级单位预算\n预算单位：上海市普陀区商务委员会\n目 录\n一、单位主要职能\n"
            "四、单位预算编制说明\n2025年收入预算合计100.00万元，支出预算合计100.00万元。\n")
    metadata, _ = classify(_doc(tmp_path, text))
    assert (metadata.kind, metadata.year, metadata.level) == ("budget", 2025, "unit")
    assert metadata.unit == "上海市普陀区商务委员会"
    assert (metadata.region, metadata.template) == ("上海市普陀区", "shanghai")


def test_traditional_characters(tmp_path):
    text = ("烏魯木齊市政務服務中心2023年度部門決算公開說明\n一、收入支出決算總體情況說明\n"
            "2023年度收入總計434.72萬元，支出總計434.72萬元。\n")
    metadata, _ = classify(_doc(tmp_path, text))
    assert (metadata.kind, metadata.year, metadata.level) == ("final", 2023, "department")
    assert metadata.unit == "烏魯木齊市政務服務中心"  # as printed
    assert (metadata.region, metadata.region_code) == ("新疆维吾尔自治区乌鲁木齐市", "650100")


def test_off_topic_text_is_not_a_disclosure(tmp_path):
    text = "春季植树活动通知\n各科室：定于3月12日组织植树活动，请按时参加。\n联系人：张三\n"
    metadata, diagnostics = classify(_doc(tmp_path, text))
    assert metadata.is_disclosure is False
    assert _codes(diagnostics) == ["not-a-disclosure"]
    assert diagnostics[0].severity == "error" and diagnostics[0].message and diagnostics[0].message_en


def test_file_name_is_never_used(tmp_path):
    text = "随州市公安局曾都区分局2019年决算公开报告\n一、收入支出决算总体情况\n2019年度收入总计10.00万元，支出总计10.00万元。\n"
    metadata, _ = classify(_doc(tmp_path, text, name="xx_2026_yusuan_danwei.txt"))
    assert (metadata.kind, metadata.year, metadata.level) == ("final", 2019, "department")


@pytest.mark.parametrize("name,region", [
    ("中共上海市普陀区委社会工作部", "上海市普陀区"), ("海原县高崖乡卫生院", "海原县"),
    ("共青城市江益中心卫生院", "共青城市"), ("泾源县兴盛学区中心校", "泾源县"),
    ("随州市公安局曾都区分局", "随州市"), ("重庆市开州区政务服务管理办公室", "重庆市开州区"),
    ("广西壮族自治区柳州市城中区教育局", "广西壮族自治区柳州市城中区"), ("XX市城市管理局", "XX市"),
    ("江苏省人大常委会办公厅", "江苏省"), ("寻甸回族彝族自治县塘子街道", "寻甸回族彝族自治县"),
])
def test_region_of(name, region):
    assert region_of(name, load_rules()) == region


def test_year_in_chinese_numerals_and_full_width_digits(tmp_path):
    text = "XX市统计局二〇二四年部门预算\n一、收入预算情况\n收入预算合计100.00万元，支出预算合计100.00万元。\n"
    metadata, _ = classify(_doc(tmp_path, text))
    assert (metadata.kind, metadata.year) == ("budget", 2024)
    text = "XX市统计局２０２３年度部门决算\n一、收入支出决算总体情况\n收入总计100.00万元，支出总计100.00万元。\n"
    metadata, _ = classify(_doc(tmp_path, text, "b.txt"))
    assert (metadata.kind, metadata.year) == ("final", 2023)


def test_empty_document_is_not_a_disclosure_and_does_not_raise():
    from budgetlens.model import Document, Page

    for document in (Document(path="x.pdf", format="pdf", pages=()),
                     Document(path="x.pdf", format="pdf", pages=(Page(1, ()),))):
        metadata, diagnostics = classify(document)
        assert metadata.is_disclosure is False
        assert _codes(diagnostics) == ["not-a-disclosure"]


def test_missing_metadata_is_a_warning(tmp_path):
    text = "收入支出情况\n本年收入预算合计100.00万元，支出预算合计100.00万元。\n三公经费预算1.00万元。\n"
    metadata, diagnostics = classify(_doc(tmp_path, text))
    assert metadata.is_disclosure and metadata.kind == "budget"
    missing = [d for d in diagnostics if d.code == "metadata-missing"]
    assert len(missing) == 1 and missing[0].severity == "warning"
    assert "year" in missing[0].message_en and "unit" in missing[0].message_en


def test_normalised_unit_name():
    from budgetlens.extract.classify_unit import normalise_unit

    rules = load_rules()
    assert normalise_unit("无锡市教育局（本级）", rules) == "无锡市教育局"
    assert normalise_unit("烏魯木齊市政務服務中心", rules) == "乌鲁木齐市政务服务中心"
    assert normalise_unit(None, rules) is None


# ---------------------------------------------------------------------------------------------
# Region against the gazetteer (rules/reference/regions_<year>.csv)
# ---------------------------------------------------------------------------------------------


_BODY = "一、收入支出预算总体情况\n收入预算合计100.00万元，支出预算合计100.00万元。\n"


@pytest.mark.parametrize("context,code", [
    ("本局是北京市人民政府的工作部门。", "110105"),
    ("本局负责吉林省长春市朝阳区的教育工作。", "220104"),
    ("", None),  # 朝阳区 of Beijing or of Changchun: nothing printed decides
])
def test_ambiguous_district_is_settled_by_a_parent_printed_nearby(tmp_path, context, code):
    text = f"朝阳区教育局2024年部门预算\n{_BODY}{context}\n"
    metadata, _ = classify(_doc(tmp_path, text))
    assert metadata.unit == "朝阳区教育局"
    assert metadata.region_code == code
    assert metadata.region == (load_gazetteer().full_name(code) if code else None)


def test_ambiguous_district_stays_at_the_level_that_is_certain(tmp_path):
    # 鼓楼区 is in Nanjing and Xuzhou (江苏省), Kaifeng and Fuzhou: 江苏省 narrows it to two
    text = f"鼓楼区卫生健康局2024年部门预算\n{_BODY}本部门贯彻江苏省卫生健康工作部署。\n"
    metadata, _ = classify(_doc(tmp_path, text))
    assert (metadata.region, metadata.region_code) == ("江苏省", "320000")
    text = f"鼓楼区卫生健康局2024年部门预算\n{_BODY}本部门贯彻福州市卫生健康工作部署。\n"
    metadata, _ = classify(_doc(tmp_path, text))
    assert (metadata.region, metadata.region_code) == ("福建省福州市鼓楼区", "350102")


def test_unit_without_a_place_takes_the_region_from_the_title(tmp_path):
    text = ("寻甸县2024年县级部门预算公开\n单位名称：机关事务服务中心\n" + _BODY)
    metadata, _ = classify(_doc(tmp_path, text))
    assert metadata.unit == "机关事务服务中心"
    assert (metadata.region, metadata.region_code) == ("云南省昆明市寻甸回族彝族自治县", "530129")
    source = dict(metadata.evidence)["region"]
    assert "寻甸县" in source.text


def test_unit_without_a_place_takes_the_region_from_the_body(tmp_path):
    text = ("单位名称：文化馆\n2023年度单位决算公开\n一、收入支出决算总体情况说明\n"
            "本馆是运城市文化和旅游局下属公益一类事业单位，位于盐湖区。\n"
            "2023年度收入总计100.00万元，支出总计100.00万元。\n")
    metadata, _ = classify(_doc(tmp_path, text))
    assert metadata.unit == "文化馆"
    assert (metadata.region, metadata.region_code) == ("山西省运城市", "140800")
    assert "运城市" in dict(metadata.evidence)["region"].text


def test_a_place_is_read_from_the_start_of_a_line_however_long_the_line(tmp_path):
    """A one-line dump (a text export without line breaks) names its place early: the place at the
    start of a line of ~1 MB is found, scanning only ``line_chars`` of it (the whole line took most of
    the CPU of reading such a file); a place first named beyond that is not read from that line."""
    from budgetlens.rules.classify import load_rules

    limit = load_rules().region_line_chars
    head = "单位名称：文化馆\n2023年度单位决算公开\n一、收入支出决算总体情况说明\n"
    place = "本馆是运城市文化和旅游局下属公益一类事业单位。"
    tail = "\n2023年度收入总计100.00万元，支出总计100.00万元。\n"
    metadata, _ = classify(_doc(tmp_path, head + place + "预算" * 500_000 + tail))
    assert (metadata.region, metadata.region_code) == ("山西省运城市", "140800")
    metadata, _ = classify(_doc(tmp_path, head + "预算" * limit + place + tail))
    assert metadata.region_code != "140800"


def _all_hits(scopes, rules):
    """The count classification compared with its bound before session 19: every disclosure
    word of the body, and the bound again for an attachment title anywhere in it."""
    from budgetlens.extract.classify_names import fold
    texts = [fold(text, rules) for text, _ in scopes["body"]]
    hits = sum(len(rules.disclosure.findall(text)) for text in texts)
    if rules.attachment is not None and any(
            rules.attachment.search(t) and not (rules.attachment_not and rules.attachment_not.search(t))
            for t in texts):
        hits += rules.settings["disclosure_min_hits"]
    return hits


def test_disclosure_words_are_counted_only_up_to_the_bound(tmp_path):
    """_is_disclosure stops counting at ``disclosure_min_hits`` and looks for an attachment
    title only in a body short of it: the same answer as the whole count on the seeds, and on
    bodies at the bound (one word short, exactly there, a title alone, a title in a notice —
    the near miss: 通知 makes it none)."""
    from budgetlens.extract.classify import _is_disclosure, build_scopes

    rules = load_rules()
    need = rules.settings["disclosure_min_hits"]
    texts = [
        "植树活动安排\n本单位部门预算另行说明。\n联系人：张三\n",  # one word short of 2
        "植树活动安排\n本单位部门预算另行说明。\n部门决算另见附件。\n",  # exactly 2
        "某某中心\n项目支出绩效自评表（2022年度）\n项目名称 得分\n",  # a title alone
        "关于报送项目支出绩效自评表（2022年度）的通知\n请各单位按时报送。\n",  # near miss
        "",
    ]
    docs = [_doc(tmp_path, t, f"d{k}.txt") for k, t in enumerate(texts) if t]
    seeds = SHARED / "seeds"
    docs += [read_document(str(p))[0] for p in sorted(seeds.glob("*.txt"))] if seeds.is_dir() else []
    answers = []
    for document in docs:
        scopes = build_scopes(document, rules)
        answers.append(_is_disclosure(scopes, rules))
        assert answers[-1] == (_all_hits(scopes, rules) >= need), document.path
    assert answers[:4] == [False, True, True, False]
