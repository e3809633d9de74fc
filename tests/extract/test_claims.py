"""The claim engine (extract/claims.py): one handler per token role, the state it carries between
sentences and sections, and the re-keying of a total whose 其中 lists a carry-over. Sentences are
the running text of a document the test builds (lines of one page) read by the real narrative
flow; the seeds give the token roles real text produces. Each behaviour with its near miss."""

from __future__ import annotations

from decimal import Decimal

from budgetlens.extract.claims import HANDLERS
from budgetlens.extract.narrative import read_narrative
from budgetlens.extract.sentences import normalize, prose_lines
from budgetlens.extract.tokens import tokenize
from budgetlens.model import Document, Line, Metadata, Page
from budgetlens.read import read_document
from budgetlens.rules.lexicon import load_lexicon

from ..conftest import seed_path

#: roles the engine leaves to other readers (statements are read per paragraph, claim_statements)
READ_ELSEWHERE = {"statement"}


def _facts(*texts: str, kind: str = "budget", year: int = 2024) -> list[tuple[str, str, Decimal]]:
    lines = tuple(Line(t, 1, i + 1) for i, t in enumerate(texts))
    document = Document("inline.txt", "text", (Page(1, lines),))
    _, engine = read_narrative(document, Metadata(kind=kind, year=year))
    return [(f.measure, f.basis, f.value) for f in engine.facts]


def test_every_token_role_of_the_seeds_prose_has_its_handler():
    lexicon = load_lexicon()
    roles: set[str] = set()
    for prefix in ("000", "001", "002", "003", "004"):
        document, _ = read_document(str(seed_path(prefix)))
        for line in prose_lines(document, lexicon):
            roles |= {t.role for t in tokenize(normalize(line.text, lexicon).text, lexicon,
                                               "budget", 2024)}
    assert {"alias", "number", "direction", "comparator", "punct"} <= roles
    assert roles - set(HANDLERS) <= READ_ELSEWHERE, roles - set(HANDLERS)


def test_the_subject_carries_to_the_next_sentence_but_not_into_the_next_section():
    change = "比2023年增加10.00万元。"
    same = _facts("一、部门预算情况说明", "2024年一般公共预算财政拨款支出100.00万元。" + change)
    assert ("expense.general.total", "change_prior", Decimal("10.00")) in same
    other = _facts("一、部门预算情况说明", "2024年一般公共预算财政拨款支出100.00万元。",
                   "二、政府采购情况说明", change)
    assert ("expense.general.total", "change_prior", Decimal("10.00")) not in other
    # under the new heading the change is its own subject's (政府采购)
    assert ("procurement.total", "change_prior", Decimal("10.00")) in other


def test_a_total_whose_list_holds_a_carryover_is_the_total_with_it():
    listed = _facts("2024年收入预算3,600.00万元，其中：一般公共预算拨款3,456.78万元，"
                    "上年结转143.22万元。")
    assert ("income.grand_total", "current", Decimal("3600.00")) in listed
    assert ("income.carryover", "current", Decimal("143.22")) in listed
    # near misses: a carry-over of 0 leaves the two totals equal, and a list without one
    zero = _facts("2024年收入预算3,456.78万元，其中：一般公共预算拨款3,456.78万元，上年结转0.00万元。")
    assert ("income.total", "current", Decimal("3456.78")) in zero
    assert not [m for m, _, _ in zero if m == "income.grand_total"]
    plain = _facts("2024年收入预算3,600.00万元，其中：一般公共预算拨款3,456.78万元。")
    assert ("income.total", "current", Decimal("3600.00")) in plain
    assert not [m for m, _, _ in plain if m == "income.grand_total"]


def _lines_per_offset(engine) -> list:
    """The reference: every offset of the sentence located, each line once, in order."""
    out: list = []
    for x in map(engine.locate, range(engine.sentence_start, engine.sentence_end)):
        if not any(x is y for y in out):
            out.append(x)
    return out


def _engine_over(paragraph) -> tuple:
    from budgetlens.extract.claims import ClaimEngine
    from budgetlens.extract.sentences import sentence_spans
    lexicon = load_lexicon()
    norm = normalize(paragraph.text, lexicon)
    engine = ClaimEngine(lexicon, "budget", 2024, "inline.txt")
    engine.start_paragraph(norm.text, lambda at: paragraph.line_at(
        norm.index[min(at, len(norm.index) - 1)]), lambda s, e: "", False)
    return engine, sentence_spans(norm.text, lexicon.bracket_span)


def test_a_sentences_lines_found_by_bisection_are_the_lines_of_its_offsets():
    """The lines a claim's box is the union of (sentence_source): found per line by bisection,
    the same lines, in order, as locating every offset — over every sentence of the seeds'
    paragraphs (sentences wrapped over two and three lines among them)."""
    from budgetlens.extract.sentences import to_paragraphs
    lexicon = load_lexicon()
    compared = wrapped = 0
    for prefix in ("000", "001", "002", "003", "004"):
        document, _ = read_document(str(seed_path(prefix)))
        for paragraph in to_paragraphs(prose_lines(document, lexicon), []):
            engine, spans = _engine_over(paragraph)
            for start, end in spans:
                engine.sentence_start, engine.sentence_end = start, end
                expected = _lines_per_offset(engine)
                assert engine._sentence_lines() == expected
                compared += 1
                wrapped += len(expected) > 1
    assert compared > 250 and wrapped > 30, (compared, wrapped)


def test_a_line_of_dropped_characters_inside_a_sentence_is_no_line_of_it():
    """Near miss: a line printed between two lines of one sentence whose characters all drop in
    normalisation (full-width spaces) holds no offset of the sentence: neither way lists it."""
    from budgetlens.extract.sentences import to_paragraphs
    lines = (Line("2024年一般公共预算财政拨款支出", 1, 1, (10.0, 10.0, 200.0, 20.0)),
             Line("\u3000\u3000\u3000", 1, 2, (10.0, 22.0, 400.0, 32.0)),
             Line("100.00万元，比上年增加10.00万元。", 1, 3, (10.0, 34.0, 180.0, 44.0)))
    (paragraph,) = to_paragraphs(lines, [])
    engine, spans = _engine_over(paragraph)
    engine.sentence_start, engine.sentence_end = spans[0]
    found = engine._sentence_lines()
    assert found == _lines_per_offset(engine)
    assert [x.number for x in found] == [1, 3]
