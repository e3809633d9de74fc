"""HTML reader: our own decoding (gb2312 declared, GB18030 bytes), text blocks, table spans."""

from __future__ import annotations

import pytest

from budgetlens.read import read_document
from budgetlens.read.html import declared_charset

PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>二〇二四年某局部门预算</title><style>p {{ color: red }}</style></head>
<body><script>var 金额 = "9999.99";</script>
<div>二〇二四年某局部门预算公开<br>一、部门职责</div>
<p>&nbsp;&nbsp;本部门“三公”经费预算 2.90 万元。</p>
<p>表四</p><p>一般公共预算“三公”经费支出表</p><p>单位：万元</p>
<table border="1">
 <tr><th rowspan="2">合计</th><th rowspan="2">因公出国（境）费</th>
     <th colspan="3">公务用车购置及运行费</th><th rowspan="2">公务接待费</th></tr>
 <tr><td>小计</td><td>公务用车购置费</td><td>公务用车运行费</td></tr>
 <tr><td>2.90</td><td></td><td>1.90</td><td></td><td>1.90</td><td>1.00</td></tr>
</table>
<p>注：{note}</p>
</body></html>
"""


@pytest.fixture()
def gb_page(tmp_path):
    path = tmp_path / "page.html"
    path.write_bytes(PAGE.format(note="〇 表示无").encode("gb18030"))
    return path


def test_gb2312_declared_page_with_gb18030_only_char(gb_page):
    with pytest.raises(UnicodeEncodeError):
        "〇".encode("gb2312")
    document, diagnostics = read_document(gb_page)
    assert diagnostics == [] and document.format == "html" and document.encoding == "gb18030"
    texts = [ln.text for ln in document.lines()]
    assert texts[:2] == ["二〇二四年某局部门预算公开", "一、部门职责"]
    assert "本部门“三公”经费预算 2.90 万元。" in texts
    assert texts[-1] == "注：〇 表示无"
    assert not any("9999" in t or "color" in t for t in texts)
    assert dict(document.info)["title"] == "二〇二四年某局部门预算"


def test_table_spans_and_titles(gb_page):
    document, _ = read_document(gb_page)
    table = document.tables[0]
    assert [ln.text for ln in table.title_lines] == ["表四", "一般公共预算“三公”经费支出表",
                                                     "单位：万元"]
    assert (table.n_rows, table.n_cols) == (3, 6)
    spans = {(c.row, c.col): (c.rowspan, c.colspan) for c in table.cells
             if (c.rowspan, c.colspan) != (1, 1)}
    assert spans == {(0, 0): (2, 1), (0, 1): (2, 1), (0, 2): (1, 3), (0, 5): (2, 1)}
    grid = table.grid()
    assert grid[1][2:5] == ["小计", "公务用车购置费", "公务用车运行费"]
    assert grid[2] == ["2.90", "", "1.90", "", "1.90", "1.00"]
    rows = [ln for ln in document.lines() if ln.table == 0]
    assert [c.line for c in table.cells if c.col == 0] == [rows[0].number, rows[2].number]


def test_undeclared_utf8_and_misdeclared_pages(tmp_path):
    plain = tmp_path / "plain.html"
    plain.write_bytes(PAGE.replace("charset=gb2312", "charset=utf-8").format(note="无").encode())
    document, _ = read_document(plain)
    assert document.encoding == "utf-8" and len(document.tables) == 1
    # declared utf-8 but served as GBK: the strict decode fails and GB18030 is used
    wrong = tmp_path / "wrong.html"
    wrong.write_bytes(PAGE.replace("charset=gb2312", "charset=utf-8").format(note="无")
                      .encode("gb18030"))
    document, _ = read_document(wrong)
    assert document.encoding == "gb18030" and "一、部门职责" in document.text()


def test_declared_charset_widens_gb_labels():
    assert declared_charset(b'<meta charset="GB2312">') == "gb18030"
    assert declared_charset(b"<meta content='text/html; charset=gbk'>") == "gb18030"
    assert declared_charset(b'<meta charset="utf-8">') == "utf-8"
    assert declared_charset(b"<p>no meta</p>") is None


def test_corpus_html_fragment(corpus_dir):
    pages = sorted((corpus_dir / "html").glob("*.html"))
    if not pages:
        pytest.skip("no corpus html")
    for path in pages:
        document, diagnostics = read_document(path)
        assert document is not None and document.format == "html" and diagnostics == []
        texts = [ln.text for ln in document.lines()]
        assert len(texts) > 10
        assert any(t.startswith("一、") for t in texts)
        assert all(t == t.strip() and "\n" not in t for t in texts)


def test_layout_table_keeps_inner_data_table(tmp_path):
    path = tmp_path / "layout.html"
    path.write_text(
        "<html><body><table><tr><td>网站导航</td></tr><tr><td>"
        "<p>一、部门预算说明</p><p>单位：万元</p>"
        "<table><tr><td>项目</td><td>金额</td></tr><tr><td>合计</td><td>967.73</td></tr></table>"
        "</td></tr></table></body></html>", encoding="utf-8")
    document, _ = read_document(path)
    assert len(document.tables) == 1
    table = document.tables[0]
    assert table.grid() == [["项目", "金额"], ["合计", "967.73"]]
    assert [ln.text for ln in table.title_lines][-2:] == ["一、部门预算说明", "单位：万元"]
    assert [ln.text for ln in document.lines() if ln.table is None][0] == "网站导航"


def test_single_column_wrapper_table_is_running_text(tmp_path):
    path = tmp_path / "wrapper.html"
    path.write_text("<table><tr><td><p>一、部门主要职能</p><p>本部门预算2.90万元。</p></td></tr>"
                    "<tr><td>版权所有</td></tr></table>", encoding="utf-8")
    document, _ = read_document(path)
    assert document.format == "html" and document.tables == ()
    assert [ln.text for ln in document.lines()] == ["一、部门主要职能", "本部门预算2.90万元。",
                                                    "版权所有"]


def test_mhtml_single_file_web_page_saved_as_doc(tmp_path):
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText

    html = ("<html><body><p>二〇二四年部门预算</p><p>单位：万元</p><table>"
            "<tr><td>项目</td><td>金额</td></tr><tr><td>合计</td><td>967.73</td></tr>"
            "</table></body></html>")
    archive = MIMEMultipart("related")
    archive.attach(MIMEText(html, "html", "gb18030"))
    path = tmp_path / "exported.doc"  # Word "single file web page" renamed .doc
    path.write_bytes(archive.as_bytes())
    document, diagnostics = read_document(path)
    assert diagnostics == [] and document.format == "html" and document.encoding == "gb18030"
    assert document.tables[0].grid() == [["项目", "金额"], ["合计", "967.73"]]
    assert [ln.text for ln in document.tables[0].title_lines] == ["二〇二四年部门预算", "单位：万元"]


@pytest.mark.parametrize("entity", ["&#1;", "&#11;", "&#x1F;"])
def test_a_control_character_beside_a_dropped_element_keeps_the_page(tmp_path, entity):
    """A numeric entity of a control character right after a comment or script (libxml2 gives
    the character back; lxml refuses to join it to the text before): the page is read, the
    text on both sides joined without the character (fuzz html-2026-020349 lost the page)."""
    path = tmp_path / "ctl.html"
    path.write_text(f"<html><body><p>本年收入<!-- 注 -->{entity}合计 100.00</p>"
                    f"<script>var a = 1;</script>{entity}单位：万元</body></html>", encoding="utf-8")
    document, diagnostics = read_document(str(path))
    assert document is not None and not [d for d in diagnostics if d.severity == "error"]
    assert [ln.text for ln in document.pages[0].lines] == ["本年收入合计 100.00", "单位：万元"]


def test_near_miss_text_around_a_comment_is_joined_as_printed(tmp_path):
    """Near miss: no control character — the comment and script go, the text on both sides is
    joined exactly as before (tab and line ends are characters XML holds: kept as text)."""
    path = tmp_path / "plain.html"
    path.write_text("<html><body><p>本年收入<!-- 注 -->合计 100.00</p>"
                    "<script>x</script>单位：万元</body></html>", encoding="utf-8")
    document, _ = read_document(str(path))
    assert [ln.text for ln in document.pages[0].lines] == ["本年收入合计 100.00", "单位：万元"]


# --- MHT web archives (session 19: 金凤镇 2022 决算, batch 11, a .doc link stored as an MHT) ---------

def _mht(html: str, charset: str = "gb2312", cut: int = 0) -> bytes:
    """A Word/IE "single file web page" as it is written: MIME headers, a multipart/related body
    whose HTML part is quoted-printable in GBK with soft line breaks every 76 characters (a
    numeric entity may be broken over one), and the closing boundary — cut ``cut`` bytes short."""
    import quopri

    body = quopri.encodestring(html.encode("gbk", "xmlcharrefreplace")).replace(b"\n", b"\r\n")
    data = (b"MIME-Version: 1.0\r\nContent-Type: multipart/related; "
            b"boundary=\"----=_NextPart_01D8A2\"\r\n\r\nThis document is a Single File Web Page, "
            b"also known as a Web Archive file.\r\n\r\n------=_NextPart_01D8A2\r\n"
            b"Content-Location: file:///C:/D3E2/page.htm\r\nContent-Transfer-Encoding: "
            b"quoted-printable\r\nContent-Type: text/html; charset=\"" + charset.encode() + b"\"\r\n\r\n"
            + body + b"\r\n\r\n------=_NextPart_01D8A2--\r\n")
    return data[:len(data) - cut] if cut else data


MHT_PAGE = ("<html><head><meta http-equiv=Content-Type content=\"text/html; charset=gb2312\"></head>"
            "<body><p class=MsoNormal>某镇人民政府二&#12295;二二年部门决算公开说明</p>"
            "<p>一、收入支出决算总体情况</p><p>2022年度收入总计2,468.10万元，比上年增加&#49;&#50;.30万元。</p>"
            "<table><tr><td>项目</td><td>金额</td></tr><tr><td>合计</td><td>2,468.10</td></tr></table>"
            "</body></html>")


@pytest.mark.parametrize("name", ["exported.mht", "exported.mhtml", "exported.doc"])
def test_a_quoted_printable_gbk_mht_is_read_as_its_page(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(_mht(MHT_PAGE))
    assert b"=\r\n" in path.read_bytes()  # soft line breaks, as Word writes them
    document, diagnostics = read_document(path)
    assert diagnostics == [] and document.format == "html" and document.encoding == "gb18030"
    assert [ln.text for ln in document.lines()][:3] == [
        "某镇人民政府二〇二二年部门决算公开说明", "一、收入支出决算总体情况",
        "2022年度收入总计2,468.10万元，比上年增加12.30万元。"]
    assert document.tables[0].grid() == [["项目", "金额"], ["合计", "2,468.10"]]


def test_an_mht_cut_inside_its_page_keeps_what_it_holds(tmp_path):
    """Cut inside the HTML part (no closing boundary, maybe half a character): the lines before
    the cut are read and the cut is said (a warning), not the file refused."""
    path = tmp_path / "cut.mht"
    path.write_bytes(_mht(MHT_PAGE, cut=260))
    document, diagnostics = read_document(path)
    assert [d.code for d in diagnostics] == ["mhtml-truncated"]
    assert [ln.text for ln in document.lines()][:2] == ["某镇人民政府二〇二二年部门决算公开说明",
                                                         "一、收入支出决算总体情况"]


@pytest.mark.parametrize("data", [
    _mht(MHT_PAGE)[:200],  # cut before the HTML part's headers end
    b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b1\"\r\n\r\n--b1\r\n"
    b"Content-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n--b1--\r\n",
    b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b1\"\r\n\r\n--b1\r\n"
    b"Content-Type: text/html; charset=gbk\r\nContent-Transfer-Encoding: base64\r\n\r\n"
    b"%%%%not base64$$$$\r\n--b1--\r\n",
], ids=["cut-before-page", "no-html-part", "broken-base64"])
def test_a_broken_mht_is_refused_with_its_code(tmp_path, data):
    """Before: the MIME headers were read as the page's lines (a document of boilerplate)."""
    path = tmp_path / "broken.mht"
    path.write_bytes(data)
    document, diagnostics = read_document(path)
    assert document is None and [d.code for d in diagnostics] == ["mhtml-corrupt"]
    assert diagnostics[0].severity == "error" and diagnostics[0].message_en


def test_near_miss_mime_like_headers_over_a_plain_page_are_read_as_before(tmp_path):
    """A single-part message whose body is the page (no multipart archive) is its page."""
    path = tmp_path / "single.mht"
    path.write_bytes(b"MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
                     + "<html><body><p>本年收入合计 100.00</p></body></html>".encode("utf-8"))
    document, diagnostics = read_document(path)
    assert diagnostics == [] and [ln.text for ln in document.lines()] == ["本年收入合计 100.00"]
