"""Seed pools for the fuzz harness: real files from ../shared and real office files made from them.

Why real seeds: mutations only reach deep structure when they start from files that exercise it —
published PDFs (classic xref tables, xref and object streams, linearized files, CID fonts, ruled
tables), disclosures whose tables the readers recognise. The five seed disclosures and the corpus
excerpts are read once with budgetlens' own text reader and written out as DOCX (python-docx),
XLSX (openpyxl), HTML/MHTML and re-encoded text, so every reader starts from a real disclosure in
its own container. PDFs come whole (small ones) and as two-page slices of larger ones (written by
PDFium, which keeps fonts and content streams), plus one reportlab PDF with an uncompressed
content stream. Pools are deterministic: sorted file lists, fixed page choices.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import NamedTuple

from fuzz_gen import blocks_from_document, to_docx, to_html, to_mhtml, to_pdf, to_text, to_xlsx

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"

#: Small published PDFs used whole (covering xref streams, object streams, linearization).
PDF_WHOLE = ("beijing_czj_2026_yusuan.pdf", "jiangsu_rdcwh_bgt_2019_yusuan_tables.pdf",
             "zhejiang_hangzhou_qxj_2026_yusuan.pdf",
             "shanghai_zhongyi_wenxianguan_2026_yusuan_danwei.pdf")
#: Larger ones of which two pages are sliced out.
PDF_SLICED = ("shanghai_czj_2025_yusuan_danwei.pdf", "jiangsu_wuxi_fgw_2025_yusuan.pdf",
              "chongqing_jxw_2026_yusuan_textlayout.pdf", "guangdong_shenzhen_sjj_2026_yusuan.pdf",
              "jilin_changchun_xfj_2026_yusuan.pdf", "fujian_fuzhou_gaj_zazd_2026_yusuan_danwei.pdf",
              "shaanxi_xian_ajj_2019_yusuan_tables.pdf", "hunan_changsha_gaj_2025_yusuan.pdf",
              "shanghai_putuo_ghzyj_2024_juesuan.pdf", "jiangsu_jcy_2018_yusuan.pdf")
#: How many corpus excerpts are also written as DOCX/XLSX/HTML (besides the five seeds).
OFFICE_EXCERPTS = 6

FORMATS = ("pdf", "docx", "xlsx", "xls", "html", "text")
EXTENSIONS = {"pdf": ".pdf", "docx": ".docx", "xlsx": ".xlsx", "xls": ".xls", "html": ".html",
              "text": ".txt"}


class Seed(NamedTuple):
    name: str
    data: bytes


def text_sources(shared: Path = SHARED) -> list[Path]:
    seeds = sorted((shared / "seeds").glob("*.txt"))
    excerpts = sorted((shared / "corpus" / "excerpts").glob("*.txt"))
    return seeds + excerpts


def _read_blocks(path: Path) -> list:
    from budgetlens.read import read_document

    document, _ = read_document(path)
    return blocks_from_document(document) if document is not None else []


def labels(shared: Path = SHARED) -> tuple[str, ...]:
    """Short Chinese texts of the seeds (row labels, titles, units): the vocabulary drawn cells use."""
    found: set[str] = set()
    for path in sorted((shared / "seeds").glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            for part in line.split("\t"):
                part = part.strip()
                if 1 < len(part) <= 20 and any("\u4e00" <= ch <= "\u9fff" for ch in part):
                    found.add(part)
    return tuple(sorted(found)[:400]) or ("合计",)


def _office_sources(shared: Path) -> list[Path]:
    sources = text_sources(shared)
    seeds = [p for p in sources if p.parent.name == "seeds"]
    return seeds + [p for p in sources if p.parent.name != "seeds"][:OFFICE_EXCERPTS]


def pool_text(shared: Path) -> list[Seed]:
    out = []
    for path in text_sources(shared):
        data = path.read_bytes()
        out.append(Seed(path.name, data))
        if path.parent.name == "seeds":
            text = data.decode("utf-8")
            out += [Seed(f"{path.stem}.gb18030", text.encode("gb18030")),
                    Seed(f"{path.stem}.utf16", text.encode("utf-16")),
                    Seed(f"{path.stem}.utf16be", text.encode("utf-16-be")),
                    Seed(f"{path.stem}.pipes", to_text(_read_blocks(path), " | ").encode())]
    return out


def pool_html(shared: Path) -> list[Seed]:
    out = [Seed(p.name, p.read_bytes()) for p in sorted((shared / "corpus" / "html").glob("*.htm*"))]
    for path in _office_sources(shared):
        blocks = _read_blocks(path)
        out.append(Seed(f"{path.stem}.html", to_html(blocks).encode("utf-8")))
        gbk = to_html(blocks, "gb2312").encode("gb18030", "xmlcharrefreplace")
        out.append(Seed(f"{path.stem}.gb2312.html", gbk))
        if path.parent.name == "seeds":
            out.append(Seed(f"{path.stem}.mht", to_mhtml(gbk, "gb2312")))
    return out


def pool_docx(shared: Path) -> list[Seed]:
    return [Seed(f"{p.stem}.docx", to_docx(_read_blocks(p))) for p in _office_sources(shared)]


def pool_xlsx(shared: Path) -> list[Seed]:
    out = [Seed(f"{p.stem}.xlsx", to_xlsx(_read_blocks(p))) for p in _office_sources(shared)]
    out += [Seed(p.name, p.read_bytes())
            for p in sorted((shared / "corpus" / "templates").glob("*.xlsx"))]
    return out


def pool_xls(shared: Path) -> list[Seed]:
    return [Seed(p.name, p.read_bytes())
            for p in sorted((shared / "corpus" / "templates").glob("*.xls"))]


def pool_pdf(shared: Path) -> list[Seed]:
    import pypdfium2 as pdfium

    folder = shared / "corpus" / "pdf"
    out = [Seed(name, (folder / name).read_bytes()) for name in PDF_WHOLE
           if (folder / name).exists()]
    for name in PDF_SLICED:
        if not (folder / name).exists():
            continue
        src = pdfium.PdfDocument(str(folder / name))
        try:
            n = len(src)
            pages = sorted({min(1, n - 1), n // 2})
            dst = pdfium.PdfDocument.new()
            dst.import_pages(src, pages)
            buf = io.BytesIO()
            dst.save(buf)
            dst.close()
        finally:
            src.close()
        out.append(Seed(f"{Path(name).stem}.p{'-'.join(str(p + 1) for p in pages)}.pdf",
                        buf.getvalue()))
    seeds = sorted((shared / "seeds").glob("*.txt"))
    if seeds:
        out.append(Seed("reportlab.uncompressed.pdf", to_pdf(_read_blocks(seeds[-1])[:40], False)))
    return out


_POOLS = {"pdf": pool_pdf, "docx": pool_docx, "xlsx": pool_xlsx, "xls": pool_xls,
          "html": pool_html, "text": pool_text}


def build_pool(fmt: str, shared: Path = SHARED) -> list[Seed]:
    """The seed files of one format (empty when ../shared is missing)."""
    if not shared.exists():
        return []
    return _POOLS[fmt](shared)
