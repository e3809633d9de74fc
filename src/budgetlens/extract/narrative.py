"""Narrative extraction: headings and sentence claims of the running text → facts and claims.

Entry point: :func:`extract_narrative`. Only lines outside tables are read (table text is the table
extractor's). The flow is pdfplumber-like, each step inspectable:

    lines → prose_lines, find_headings (headings.py) → to_paragraphs (sentences.py)
          → normalize + tokenize (tokens.py) → ClaimEngine per sentence (claims.py: one handler
            per kind of token and of claim in claim_*.py, state records in claim_state.py)

All phrase knowledge (aliases and their fund variants, comparators and basis words per document
kind, direction/reason/purpose/share/completion words, statements, residue, section rules,
numbering styles) is data in ``rules/lexicon.toml``; function 类/款/项 names come from
``rules.reference``. ``read_narrative`` returns the engine itself (facts, claims, stats) for
inspection (``scripts/narrative_coverage.py`` measures coverage from its stats).

Facts have ``origin="text"`` and ``scope="text:<page>:<line>"`` of the line their sentence starts
on (a sentence wrapped over PDF lines is one statement: its total and parts are added up
together); their Source names the line each number sits on and quotes the whole sentence. Numbers that cannot be attached with confidence are not
guessed: they are counted and reported in one ``unattached-numbers`` diagnostic (severity info),
so coverage can be measured.
"""

from __future__ import annotations

import re

from typing import Mapping, Optional, Sequence

from budgetlens.model import (Claim, Diagnostic, Document, Fact, Heading, Metadata, Severity,
                              Source, TableInfo)
from budgetlens.rules.lexicon import Alias, Lexicon, load_lexicon

from .claim_statements import read_statements
from .claims import CONTEXT, HANDLERS, ClaimEngine, Handler, Section, Stats, Subject
from .func_names import FunctionNames
from .headings import HeadingHit, find_headings
from .sentences import Normalized, Paragraph, normalize, prose_lines, sentence_spans, to_paragraphs
from .tokens import tokenize


def section_context(path: Sequence[str], lexicon: Lexicon) -> Section:
    """Fund and default subject from a heading path, innermost heading first: the first alias a
    title names ("（一）因公出国（境）经费" → three_public.overseas; an unknown 类/款/项 → an unknown
    subject), else the first section rule it matches; the fund from the first rule with one."""
    fund, named, alias, qualifier, subject = "", False, None, "", ""
    for title in reversed(path):
        norm = normalize(title, lexicon).text
        if not named and any(r.block and r.regex.search(norm) for r in lexicon.sections):
            return Section(fund, Subject(""))
        if not named:
            found = _title_alias(norm, lexicon)
            if found is not None:
                (alias, qualifier), named = found, True
        for rule in lexicon.sections:
            if rule.regex.search(norm):
                fund = fund or rule.fund
                if not named and rule.subject:
                    subject, named = rule.subject, True
                break
    if not named:
        return Section(fund)
    if alias is not None:
        measure = alias.for_fund(qualifier or fund or "all") if alias.relative else alias.measure
        item = Subject(measure or "", "") if alias.function else None
        return Section(fund, Subject(measure or "", ""), item=item)
    return Section(fund, Subject(_fund_variant(subject, fund or "all", lexicon), ""))


def _unit_heading(path: Sequence[str], lexicon: Lexicon) -> Optional[tuple[tuple, str]]:
    """(parent path, title) of the first nested heading that is only a unit's name (a
    ``unit`` section rule); the outermost heading may be the document's own unit."""
    for k in range(1, len(path)):
        norm = normalize(path[k], lexicon).text
        if any(r.unit and r.regex.search(norm) for r in lexicon.sections):
            return tuple(path[:k]), norm
    return None


def _unit_sections(paths: Sequence[Sequence[str]], lexicon: Lexicon) -> list[bool]:
    """Sections about one of several units under the same heading (深圳 部门预算支出具体情况: 一、XX局
    （本级） 二、XX院 …): their figures are one unit's, not the department's. A single unit heading
    (a one-unit department, or a heading that only looks like a name) is read as usual."""
    found = [_unit_heading(p, lexicon) for p in paths]
    names: dict[tuple, set] = {}
    for hit in found:
        if hit is not None:
            names.setdefault(hit[0], set()).add(hit[1])
    return [hit is not None and len(names[hit[0]]) > 1 for hit in found]


def _title_alias(norm: str, lexicon: Lexicon) -> Optional[tuple[Alias, str]]:
    """The first alias of a heading title with the fund qualifier written right before it."""
    tokens = tokenize(norm, lexicon, None, None)
    for k, tok in enumerate(tokens):
        if tok.role != "alias" or tok.value[0].measure == CONTEXT:
            continue
        prev = tokens[k - 1] if k else None
        if prev is not None and prev.role == "qualifier" and prev.end == tok.start:
            return tok.value[0], prev.value[0][0]
        return tok.value[0], ""
    return None


def _fund_variant(measure: str, fund: str, lexicon: Lexicon) -> str:
    """A section subject in its fund: 支出情况 under 一般公共预算 → expense.general.total."""
    for item in lexicon.items:
        alias = item.value
        if item.role == "alias" and alias.relative and alias.measure == measure:
            return alias.for_fund(fund) or measure
    return measure


#: a top-level section number opening a sentence inside a paragraph
_INLINE_SECTION = re.compile(r"\s*[一二三四五六七八九十]{1,3}、")


def _read_paragraph(engine: ClaimEngine, para: Paragraph, lexicon: Lexicon,
                    kind: Optional[str], names: FunctionNames,
                    tables: Sequence[TableInfo] = ()) -> None:
    norm: Normalized = normalize(para.text, lexicon)
    if not norm.text:
        return
    tokens = tokenize(norm.text, lexicon, kind, names.year, names)
    engine.start_paragraph(
        norm.text, lambda offset: para.line_at(norm.index[min(offset, len(norm.index) - 1)]),
        lambda s, e: para.text[norm.index[s]:norm.index[e - 1] + 1] if e > s else "",
        listed=lexicon.list_item is not None and lexicon.list_item.match(norm.text) is not None)
    k = 0
    for start, end in sentence_spans(norm.text, lexicon.bracket_span):
        if start and _INLINE_SECTION.match(norm.text, start):
            # "…。 五、公共财政拨款支出决算情况 2017年…": a page body run into one paragraph (a
            # portal page's text) opens its next numbered section here: what the last section's
            # sentences carried (a 其中 parent, a fund's list) ends with it, as under a heading
            engine.start_section(engine.section)
        sentence = []
        while k < len(tokens) and tokens[k].start < end:
            if tokens[k].start >= start:
                sentence.append(tokens[k])
            k += 1
        engine.quote = engine.original(start, end).strip()
        engine.sentence_end = end
        engine.read_sentence(sentence, start)
        read_statements(engine, norm.text, start, end, lexicon, tables)
    engine.end_paragraph()


def _coverage_diagnostic(stats: Stats, file: str) -> Optional[Diagnostic]:
    """One info diagnostic: measure-like numbers (money, %, vehicle/people counts) left
    unattached, apart from organisation counts (内设8个科室) that no budget measure covers."""
    missing = stats.numbers - stats.attached
    if stats.numbers == 0 or missing <= 0:
        return None
    like, like_attached = stats.measure_like
    other = missing - (like - like_attached)
    # a quote may hold a line break (a spreadsheet cell, a sentence over two lines): the message
    # is one line, as every diagnostic is (batch logs and the fuzz harness read it per line)
    examples = "；".join(" ".join(e.split()) for e in stats.examples[:5]) or "—"
    others = "；".join(" ".join(e.split()) for e in stats.other_examples[:3]) or "—"
    return Diagnostic(
        "unattached-numbers", Severity.INFO,
        f"叙述中共有{stats.numbers}个数字，其中{missing}个未能确定对应的度量，未作为事实提取："
        f"金额、百分比和车辆/人数类数字{like}个中{like - like_attached}个（例：{examples}）；"
        f"其他计数{other}个（如机构、项目个数，例：{others}）",
        f"{missing} of {stats.numbers} numbers in the narrative could not be attached to a measure "
        f"with confidence and were not extracted: {like - like_attached} of {like} measure-like "
        f"numbers (money, %, vehicle/people counts; e.g. {examples}) and {other} other counts "
        f"(organisation or project counts; e.g. {others})",
        Source(file, text="<narrative>"))


def _overlong_diagnostic(overlong: Sequence[tuple], file: str) -> Diagnostic:
    """One warning for the paragraphs too long to be prose (:data:`MAX_PARAGRAPH_CHARS`), at the
    first one's first line: the facts of that text are missing, and the reader must know it."""
    first, chars = overlong[0]
    total = sum(n for _, n in overlong)
    return Diagnostic(
        "paragraph-too-long", Severity.WARNING,
        f"有{len(overlong)}段文字（共{total}字，第一段在第{first.page}页第{first.number}行起）"
        f"超过每段{MAX_PARAGRAPH_CHARS}字的上限，不是可读的说明段落，未从中提取事实",
        f"{len(overlong)} paragraph(s) of text ({total} characters, the first from page "
        f"{first.page} line {first.number}) exceed the {MAX_PARAGRAPH_CHARS}-character limit of a "
        "paragraph; they are not readable prose and no facts were taken from them",
        Source(file, page=first.page, line=first.number, text=first.text[:80]))


def fiscal_is_general(tables: Sequence[TableInfo], lexicon: Lexicon) -> bool:
    """The other funds' function tables are printed, and empty: 财政拨款 is 一般公共预算 only."""
    groups = lexicon.fiscal_general_roles
    return bool(groups) and all(any(t.role in g and t.empty for t in tables) for g in groups)


#: A paragraph longer than this is not prose a reader reads as one paragraph (the longest in every
#: corpus, wide-corpus and seed file is 2,472 characters; a whole 262-page document holds a few
#: hundred thousand). Such a run of text (a file of one repeated word, a dump without line
#: breaks) is reported and not read for claims: tokenising and reading it costs time linear in its
#: length (about 1.5 µs per character), so a 12 MB paragraph alone took 18 s of CPU.
MAX_PARAGRAPH_CHARS = 100_000


def read_narrative(document: Document, metadata: Metadata, tables: Sequence[TableInfo] = (),
                   table_facts: Sequence[Fact] = (), handlers: Mapping[str, Handler] = HANDLERS
                   ) -> tuple[list[HeadingHit], ClaimEngine]:
    """Run the whole narrative flow; the engine keeps facts, claims and stats (inspectable).
    ``tables`` (roles, empty flags, positions) tell whether 财政拨款 is 一般公共预算 alone and
    which table a note ("故本表无数据") is printed under;
    ``table_facts`` (the table extractor's output) give the document's own function names;
    ``handlers`` the claim engine's handler per token role (passed in, never patched: a test
    observes one handler by wrapping it)."""
    lexicon = load_lexicon()
    lines = prose_lines(document, lexicon)
    hits: list[HeadingHit] = find_headings(lines, lexicon, document.path)
    sections = [section_context(h.heading.path, lexicon) for h in hits]
    for section, unit in zip(sections, _unit_sections([h.heading.path for h in hits], lexicon)):
        section.unit = unit
    engine = ClaimEngine(lexicon, metadata.kind, metadata.year, document.path, handlers)
    engine.fiscal_general = fiscal_is_general(tables, lexicon)
    names = FunctionNames(metadata.year, table_facts)
    current, last = None, None
    for para in to_paragraphs(lines, hits, lexicon.bracket_span):
        if para.section != current:
            current = para.section
            engine.start_section(sections[current] if current >= 0 else Section())
        if engine.section.unit:  # 一、XX局（本级）: one unit's 公用经费 is not the department's
            continue
        if len(para.text) > MAX_PARAGRAPH_CHARS:
            engine.stats.overlong.append((para.lines[0], len(para.text)))
            continue
        _read_paragraph(engine, para, lexicon, metadata.kind, names, tables)
        last = para
    engine.end_text(last is not None and _ends_text(document, last))
    engine.name_twins()
    return hits, engine


def _ends_text(document: Document, para: Paragraph) -> bool:
    """Whether ``para`` holds the document's last printed line (no table, no other text after)."""
    end = para.lines[-1]
    for page in reversed(document.pages):
        for line in reversed(page.lines):
            if line.text.strip():
                return (line.page, line.number) == (end.page, end.number)
    return False


def extract_narrative(document: Document, metadata: Metadata, tables: list[TableInfo],
                      table_facts: Sequence[Fact] = ()
                      ) -> tuple[list[Heading], list[Fact], list[Claim], list[Diagnostic]]:
    """Headings, facts, claims and diagnostics of a document's running text.

    ``metadata.kind`` (budget/final) decides what 年初预算, 上年 and 比2023年 mean; ``metadata.year``
    checks that a compared year is the previous one. ``tables`` is accepted for the contract
    (table text is never read; their roles say whether 财政拨款 is 一般公共预算 alone).
    ``table_facts`` are the table extractor's facts: their function rows (code and printed name)
    are the first dictionary of the names the sentences use (:mod:`.func_names`)."""
    hits, engine = read_narrative(document, metadata, tables, table_facts)
    diagnostics = []
    coverage = _coverage_diagnostic(engine.stats, document.path)
    if coverage is not None:
        diagnostics.append(coverage)
    if engine.stats.overlong:
        diagnostics.append(_overlong_diagnostic(engine.stats.overlong, document.path))
    return [h.heading for h in hits], engine.facts, engine.claims, diagnostics


__all__ = ["extract_narrative", "read_narrative", "section_context"]
