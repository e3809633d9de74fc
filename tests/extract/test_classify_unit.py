"""Unit names printed in pieces (issue #10): a tag, a wide letter spacing or a wrapped line in the
middle of a name must not clip it (重庆市黔江区行政服务中心 was stored as 重庆市黔江区行, whose
first piece alone ends like a name). Real seed 003 re-printed with its name split, as text and as
HTML, for names of several shapes; the real file itself; and two names side by side kept apart."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from budgetlens.extract import classify_unit as cu
from budgetlens.extract.classify import build_scopes, classify
from budgetlens.rules.classify import load_rules
from budgetlens.read import read_document

SEED = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds" / "003_805888eae833e04a.txt"
PRINTED = "重庆市黔江区行政服务中心"

#: names of several shapes, each with a split point whose first part alone ends like a name
NAMES = [
    ("重庆市黔江区行政服务中心", 7),        # …行 | 政服务中心
    ("北京市CBD管理委员会", 6),             # Latin letters inside: 北京市CBD | 管理委员会
    ("中共重庆市黔江区委员会办公室", 11),    # 中共…委员会 | 办公室
    ("重庆市黔江区城市管理局（本级）", 9),   # …管 | 理局（本级）
    ("重庆市黔江区人民政府办公室（区外事办）", 13),  # brackets inside, …室 | （区外事办）
    ("重庆市黔江区科学技术协会", 8),          # …科 | 学技术协会 (科 ends names too)
]


def _seed_lines() -> list[str]:
    if not SEED.exists():
        pytest.skip("../shared/seeds not available")
    lines = SEED.read_text(encoding="utf-8").split("\n")
    assert lines[0].strip() == PRINTED
    return lines


def _text_variants(name: str, cut: int) -> dict[str, str]:
    """The name split at ``cut`` the ways documents print it: label with a space, label wrapped
    onto the next line, a bare first line wrapped, HTML with a tag / <br> / line break inside."""
    a, b = name[:cut], name[cut:]
    return {
        "label_space.txt": f"单位名称：{a} {b}\n",
        "label_wrapped.txt": f"预算单位：{a}\n{b}\n",
        "line_wrapped.txt": f"{a}\n{b}\n",
        "label_span.html": f"<p>部门名称：{a}<span class='x'>{b}</span></p>",
        "label_br.html": f"<p>预算主管部门：{a}<br/>{b}</p>",
        "label_newline.html": f"<p>单位名称：{a}\n <b>{b}</b></p>",
        "title_br.html": f"<h1>{a}<br>{b}</h1>",
    }


def _document(tmp_path: Path, file_name: str, top: str, body: list[str]):
    path = tmp_path / file_name
    if file_name.endswith(".html"):
        paras = "".join(f"<p>{html.escape(line)}</p>" for line in body if line.strip())
        path.write_text(f"<html><body>{top}{paras}</body></html>", encoding="utf-8")
    else:
        path.write_text(top + "\n".join(body), encoding="utf-8")
    document, diagnostics = read_document(str(path))
    assert document is not None, diagnostics
    return document


@pytest.mark.parametrize("name, cut", NAMES)
def test_a_name_split_by_markup_or_a_line_break_is_read_whole(tmp_path, name, cut):
    body = [line.replace(PRINTED, name) for line in _seed_lines()[1:]]
    for file_name, top in _text_variants(name, cut).items():
        metadata, _ = classify(_document(tmp_path, file_name, top, body))
        assert metadata.unit == name, (file_name, metadata.unit)
        assert metadata.year == 2024 and metadata.region == "重庆市黔江区" or "北京" in name


def test_the_real_file_keeps_its_name():
    lines = _seed_lines()
    document, _ = read_document(str(SEED))
    metadata, _ = classify(document)
    assert metadata.unit == lines[0].strip()


# -- find_unit tries each way only when the ways before it found nothing (session 17) ---------

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"


def _every_way(scopes, rules) -> list:
    """Every way find_unit knows, run in its order, as it ran them all before taking the first."""
    cover, head, above, body = (scopes["cover"], scopes["head"], scopes["above_tables"],
                                scopes["body"])
    lines, top = list(cover) + list(head), rules.settings["unit_top_lines"]
    return [cu._label_candidates(lines, rules, rules.strong_labels),
            cu._title_candidates(lines, rules),
            cu._label_candidates(lines + list(above), rules, rules.unit_labels, True),
            cu._line_candidates(list(head)[:top], rules),
            cu._title_candidates(body, rules, (cu._INCLUDED_IN,), "body"),
            cu._title_candidates(list(body)[:top], rules, (cu._SUBJECT,), "body"),
            cu._title_candidates(body, rules, (cu._PART_HEADING,), "body"),
            cu._lead_candidates(body, rules)]


def _answer(scopes, rules):
    return cu.find_unit(scopes["cover"], scopes["head"], rules, scopes["above_tables"],
                        scopes["body"])


def test_the_unit_is_the_first_answer_of_every_way_on_real_documents(monkeypatch):
    files = [*sorted((SHARED / "seeds").glob("*.txt")),
             *sorted((SHARED / "corpus" / "pdf").glob("*.pdf"))[:6],
             *sorted((SHARED / "corpus" / "html").glob("*.htm*"))[:3]]
    if not files:
        pytest.skip("../shared not available")
    rules = load_rules()
    body_scans = 0
    for f in files:
        document, _ = read_document(str(f))
        scopes = build_scopes(document, rules)
        ways = _every_way(scopes, rules)
        first = next((c[0] for c in ways if c), None)
        calls: list[tuple] = []
        real = cu._title_candidates
        monkeypatch.setattr(cu, "_title_candidates",
                            lambda lines, *a, **k: calls.append(a) or real(lines, *a, **k))
        assert _answer(scopes, rules) == first, f.name
        monkeypatch.setattr(cu, "_title_candidates", real)
        found_at = next((k for k, c in enumerate(ways) if c), len(ways))
        # the body's title scans (ways 4, 5, 6) run only when no way before them answered
        body_scans += sum(1 for a in calls if len(a) > 1)
        assert sum(1 for a in calls if len(a) > 1) == max(0, min(found_at, 6) - 3), f.name
    assert body_scans < 3 * len(files)  # most documents are named before the body is scanned


def test_a_unit_named_only_by_a_body_sentence_is_still_found(tmp_path):
    # the near miss of the early out: no label, no title, no organisation line at the top —
    # only the last way (a sentence led by the name and the year, longer than a head line)
    path = tmp_path / "lead.txt"
    path.write_text("收支情况说明\n"
                    "达州市达川区马家镇卫生院2017年度财政拨款收入决算总计120.5万元，其中一般公共预算"
                    "财政拨款收入110.5万元，政府性基金预算财政拨款收入10万元，与上年相比增加5万元。\n",
                    encoding="utf-8")
    document, _ = read_document(str(path))
    rules = load_rules()
    scopes = build_scopes(document, rules)
    ways = _every_way(scopes, rules)
    assert [bool(c) for c in ways][:7] == [False] * 7 and ways[7]
    found = _answer(scopes, rules)
    assert found is not None and found.name == "达州市达川区马家镇卫生院" and found.how == "body"


# -- a self-evaluation form's own cells name its unit (session 18, branch selfeval) -----------

#: a 项目支出绩效自评表 of another unit, flattened as page text the two ways batch 11 prints it
FORM_ROW = ["部门预算项目支出绩效自评表(2024年度) |", "项目名称 | 2024年农村道路养护项目 |",
            "主管部门 | 宜宾市翠屏区交通运输局部门 | 实施单位 | 宜宾市翠屏区公路养护中心 |",
            "预算执行情况(10分) | 年初预算 | 调整后预算数 | 预算执行数 |", "总额 | 12.00 | 12.00 | 11.50 |"]
FORM_CELL_A_LINE = ["部门预算项目支出绩效自评表(2024年度) |", "项目名称 |", "2024年农村道路养护项目 |",
                    "主管部门 |", "宜宾市翠屏区交通运输局本级 |", "实施单位 (盖章) |",
                    "宜宾市翠屏区公路养护中心 |", "预算执行情况(10分) |", "总额 | 12.00 | 12.00 | 11.50 |"]


def _lines(texts: list[str]) -> list:
    from budgetlens.model import Source
    return [(t, Source(file="form.txt", line=i + 1, text=t)) for i, t in enumerate(texts)]


@pytest.mark.parametrize("texts", [FORM_ROW, FORM_CELL_A_LINE])
def test_a_form_names_its_department_or_its_unit_by_its_level_word(texts):
    rules = load_rules()
    assert cu.form_unit(_lines(texts), rules, "department").name == "宜宾市翠屏区交通运输局"
    assert cu.form_unit(_lines(texts), rules, "unit").name == "宜宾市翠屏区公路养护中心"
    assert cu.form_unit(_lines(texts), rules, None).name == "宜宾市翠屏区公路养护中心"


def test_a_form_of_another_unit_is_classified_by_its_cells(tmp_path):
    path = tmp_path / "cuiping_jtj_2024_xmzp.txt"
    path.write_text("\n".join(FORM_CELL_A_LINE) + "\n", encoding="utf-8")
    document, _ = read_document(str(path))
    metadata, _ = classify(document)
    assert metadata.unit == "宜宾市翠屏区交通运输局"
    assert dict(metadata.evidence)["unit"].text == "主管部门 |"


@pytest.mark.parametrize("texts, level, name", [
    # an empty cell names none, and the next label is no name: the other label is read
    (["主管部门 | | 实施单位 | 宜宾市翠屏区公路养护中心 |"], "department", "宜宾市翠屏区公路养护中心"),
    (["主管部门 |", "|", "总额 | 12.00 |"], "department", None),
    # a label inside a sentence, or run into its words, is no cell
    (["经主管部门宜宾市翠屏区交通运输局审核，资金已拨付。"], "department", None),
    (["项目由实施单位：宜宾市翠屏区公路养护中心负责"], "unit", None),
    (["主管部门负责监督 | 宜宾市翠屏区交通运输局 |"], "department", None),
    # after a colon on its line, the label names it
    (["实施单位：宜宾市翠屏区公路养护中心 主管部门：宜宾市翠屏区交通运输局"], "unit", "宜宾市翠屏区公路养护中心"),
])
def test_a_form_label_names_a_unit_only_as_a_cell_with_a_name(texts, level, name):
    found = cu.form_unit(_lines(texts), load_rules(), level)
    assert (found.name if found else None) == name


def test_a_titled_document_keeps_its_title_s_unit_over_its_form_cells(tmp_path):
    path = tmp_path / "titled.txt"
    path.write_text("宜宾市翠屏区财政局2024年度部门决算\n" + "\n".join(FORM_ROW) + "\n", encoding="utf-8")
    document, _ = read_document(str(path))
    metadata, _ = classify(document)
    assert metadata.unit == "宜宾市翠屏区财政局"


# -- the form flattened with spaces, its value opening with the unit's code (session 19, forms8) --

@pytest.mark.parametrize("texts, level, name", [
    (["附件: 项目支出绩效自评表 (2024年度) 项目名称 道路养护 主管部门 305-宜宾市翠屏区交通运输局 实施单位 "
      "305002-宜宾市翠屏区公路养护中心 项目资金 (万元) 年初预算数"], "department", "宜宾市翠屏区交通运输局"),
    (["项目名称 道路养护 主管部门 305-宜宾市翠屏区交通运输局 实施单位 305002-宜宾市翠屏区公路养护中心"],
     "unit", "宜宾市翠屏区公路养护中心"),
    # near misses: a label run on in a sentence with spaces, no code before the name
    (["项目资金 报 主管部门 宜宾市翠屏区交通运输局 审核后拨付"], "department", None),
    (["经主管部门305-宜宾市翠屏区交通运输局审核"], "department", None),
])
def test_a_space_separated_form_label_reads_the_name_after_its_code(texts, level, name):
    found = cu.form_unit(_lines(texts), load_rules(), level)
    assert (found.name if found else None) == name
