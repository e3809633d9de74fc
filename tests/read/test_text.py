"""Plain-text reader: decoding, line numbers, pages and tables rebuilt from flattened text."""

from __future__ import annotations

import codecs

import pytest

from budgetlens.read import read_document
from budgetlens.read.text import read_text

from ..conftest import SEEDS, seed_path


def _grid_of(document, needle: str):
    """The grid of the first table whose title lines mention ``needle``."""
    for table in document.tables:
        if any(needle in line.text for line in table.title_lines):
            return table.grid()
    raise AssertionError(f"no table titled with {needle!r}")


@pytest.fixture(scope="module")
def seed004():
    path = seed_path("004")
    document, diagnostics = read_text(str(path))
    assert document is not None and not diagnostics
    return path, document


def test_every_seed_reads_without_diagnostics():
    seeds = sorted(SEEDS.glob("*.txt")) if SEEDS.exists() else []
    if not seeds:
        pytest.skip("no seeds")
    for path in seeds:
        document, diagnostics = read_document(path)
        assert document is not None and diagnostics == [], path
        assert document.format == "text" and document.encoding == "utf-8"
        assert sum(1 for _ in document.lines()) > 20


def test_line_numbers_are_line_numbers_in_the_file(seed004):
    path, document = seed004
    file_lines = path.read_text(encoding="utf-8").split("\n")
    for line in document.lines():
        assert file_lines[line.number - 1] == line.text


def test_seed_004_tables_and_titles(seed004):
    path, document = seed004
    assert len(document.tables) >= 10
    for table in document.tables:
        assert any("单位" in ln.text for ln in table.title_lines), table.index
        assert table.line is not None and table.n_cols >= 2
    # every tab-separated line of the file belongs to a table, and to the right one
    tab_lines = [ln for ln in document.lines() if "\t" in ln.text]
    assert tab_lines and all(ln.table is not None for ln in tab_lines)
    for table in document.tables:
        rows = [ln for ln in tab_lines if ln.table == table.index]
        assert len(rows) == table.n_rows
        assert [c.line for c in table.cells if c.col == 0] == [ln.number for ln in rows]


def test_three_public_table_keeps_blank_cells_in_their_columns(seed004):
    _, document = seed004
    grid = _grid_of(document, "三公")
    header = next(r for r, row in enumerate(grid) if "公务用车运行费" in row)
    column = grid[header].index("公务用车运行费")
    data = next(row for row in grid[header + 1:] if any(cell[:1].isdigit() for cell in row))
    assert data[column] == "1.90"
    purchase = grid[header].index("公务用车购置费")
    assert data[purchase] == ""
    assert "因公出国（境）费" in grid[header - 1]
    assert data[grid[header - 1].index("因公出国（境）费")] == ""


def test_header_rows_are_preserved(seed004):
    _, document = seed004
    grid = _grid_of(document, "部门支出总表")
    assert grid[0] == ["科目编码", "科目名称", "总计", "基本支出", "项目支出"]
    assert grid[1][:3] == ["合计", "", "967.73"]


def test_blank_line_inside_a_table_does_not_split_it(seed004):
    path, document = seed004
    lines = path.read_text(encoding="utf-8").split("\n")
    blank_inside = [i + 1 for i in range(1, len(lines) - 1)
                    if not lines[i].strip() and "\t" in lines[i - 1] and "\t" in lines[i + 1]]
    assert blank_inside, "seed 004 has a blank line inside a table"
    by_number = {ln.number: ln for ln in document.lines()}
    for n in blank_inside:
        assert by_number[n - 1].table == by_number[n + 1].table is not None


@pytest.mark.parametrize("encoding,bom,expected", [
    ("gb18030", b"", "gb18030"),
    ("utf-16-le", codecs.BOM_UTF16_LE, "utf-16-le"),
    ("utf-16-be", b"", "utf-16-be"),
    ("utf-8", codecs.BOM_UTF8, "utf-8-sig"),
])
def test_same_content_in_other_encodings_reads_identically(seed004, tmp_path, encoding, bom,
                                                         expected):
    path, document = seed004
    other = tmp_path / "seed.txt"
    other.write_bytes(bom + path.read_text(encoding="utf-8").encode(encoding))
    copy, diagnostics = read_document(other)
    assert copy is not None and diagnostics == []
    assert copy.encoding == expected
    assert copy.pages == document.pages
    assert [t.grid() for t in copy.tables] == [t.grid() for t in document.tables]


def test_cell_per_line_table_of_seed_002():
    document, diagnostics = read_text(str(seed_path("002")))
    assert document is not None and not diagnostics
    table = next(t for t in document.tables if any("绩效指标" in row for row in t.grid()))
    grid = table.grid()
    header = next(row for row in grid if "指标名称" in row)
    row = next(row for row in grid if "群众满意度" in row)
    assert row.index("群众满意度") == header.index("指标名称")
    assert row[header.index("计量单位")] == "%"
    # a cell written over several lines keeps all of them
    assert any(cell.count("\n") >= 2 for r in grid for cell in r)


def test_form_feed_starts_a_new_page(tmp_path):
    path = tmp_path / "two.txt"
    path.write_text("第一页\n项目\t金额\n合计\t1.00\n\f第二页\n说明", encoding="utf-8")
    document, _ = read_text(str(path))
    assert [p.number for p in document.pages] == [1, 2]
    assert [ln.text for ln in document.pages[1].lines] == ["第二页", "说明"]
    assert document.pages[1].lines[0].number == 4
    assert document.tables[0].page == 1 and document.tables[0].n_rows == 2


def test_space_aligned_table_is_found_and_prose_is_not(tmp_path):
    path = tmp_path / "spaces.txt"
    path.write_text(
        "一、部门预算说明  本部门  收入  支出 按规定  公开。\n"
        "\n"
        "项目            合计       基本支出    项目支出\n"
        "工资福利支出    594.47     594.47      0.00\n"
        "商品和服务支出  102.48     102.48      0.00\n"
        "合计            696.95     696.95      0.00\n"
        "\n"
        "说明  本表  反映  当年情况\n说明  本表  反映  当年情况\n说明  本表  反映  当年情况\n",
        encoding="utf-8")
    document, _ = read_text(str(path))
    assert len(document.tables) == 1
    grid = document.tables[0].grid()
    assert grid[0] == ["项目", "合计", "基本支出", "项目支出"]
    assert grid[2][1] == "102.48"
    assert [ln.table for ln in document.lines()][0] is None


def test_a_lone_tab_line_is_running_text(tmp_path):
    path = tmp_path / "one.txt"
    path.write_text("编制单位：\t某某局\n正文。\n", encoding="utf-8")
    document, _ = read_text(str(path))
    assert document.tables == () and all(ln.table is None for ln in document.lines())


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_prose_without_bom_or_digits(tmp_path, encoding):
    # 一 (U+4E00) puts NUL bytes on the "wrong" side: the byte order is told by plausibility
    text = "一般公共预算财政拨款收入主要用于保障机构正常运转，一切从简。\n" * 40
    path = tmp_path / "prose.txt"
    path.write_bytes(text.encode(encoding))
    document, diagnostics = read_text(str(path))
    assert diagnostics == [] and document.encoding == encoding
    assert document.text() == text.rstrip("\n")


def test_mojibake_is_repaired_and_reported(seed004, tmp_path):
    path, document = seed004
    original = path.read_text(encoding="utf-8")
    garbled = original.encode("gb18030").decode("latin-1")  # GBK bytes shown as Latin-1 ...
    broken = tmp_path / "mojibake.txt"
    broken.write_text(garbled, encoding="utf-8")  # ... and saved again as UTF-8
    copy, diagnostics = read_text(str(broken))
    assert [d.code for d in diagnostics] == ["encoding-repaired"]
    assert copy.encoding == "gb18030" and copy.pages == document.pages


def test_latin_text_is_not_repaired(tmp_path):
    path = tmp_path / "fr.txt"
    path.write_text("Budget général de l'année, dépenses réalisées à 98 % : été, hôtel, "
                    "crédits reportés.\n", encoding="utf-8")
    document, diagnostics = read_text(str(path))
    assert diagnostics == [] and document.encoding == "utf-8" and "général" in document.text()
