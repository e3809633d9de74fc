"""The declared shape of ``lexicon.toml``: one :class:`~.schema.Schema` per table of the file.

Why apart from the loader (``lexicon.py``): the lexicon grew tables and keys one wording at a time,
each checked by its own hand-written code; here every key of every table is declared once (type,
allowed values, regexes that compile), a key no schema declares is refused, and the error names
the file, line and key (:func:`check_lexicon`). ``docs/rules-format.md`` is rendered from the same
schemas. The loader keeps only what spans keys (a measure template needs ``{code}``, a term
listed twice, a pattern's named groups) and turns checked entries into records.
"""

from __future__ import annotations

import re
from typing import Any, Mapping

from .lexicon_records import BASES, FUNDS, STATEMENT_KINDS
from .schema import Field as F, RuleError, Schema, header_lines, key_line

FILE = "lexicon.toml"
_WORDS: dict[str, Any] = dict(type=list, items=str, format="non-empty")
_RXS: dict[str, Any] = dict(type=list, items=str, format="regex")
_RX: dict[str, Any] = dict(type=str, format="regex")
_MATCH = (F("phrases", doc="literal phrases (normalised form), longest first", **_WORDS),
          F("patterns", doc="regular expressions", **_RXS))

NORMALIZE = Schema("[normalize]", "Characters folded before matching.", (
    F("variants", str, doc="pairs 'variant → simplified', two characters per pair"),
    F("drop", str, doc="characters removed before matching (positions remembered)")))
HEADING_STYLE = Schema("[[headings.style]]", "A heading numbering style.", (
    F("level", int, True, "the model.Heading level (0 第X部分 … 5 ①)"),
    F("pattern", required=True, doc="regex of the numbering", **_RX)))
HEADINGS = Schema("[headings]", "How headings are recognised.", (
    F("max_title", int, doc="characters a heading's title has at most (default 30)"),
    F("max_title_period", int, doc="… when 。 ends it (总体情况。; default: max_title)"),
    F("style", list, True, "numbering styles, outermost first", schema=HEADING_STYLE)))
SECTION = Schema("[[section]]", "What a heading says about the sentences under it.", (
    F("pattern", required=True, doc="regex over the heading", **_RX),
    F("fund", str, doc="the fund it sets", allowed=FUNDS),
    F("subject", str, doc="the measure a sentence without its own alias is about"),
    F("block", bool, doc="sentences under it have no default subject"),
    F("unit", bool, doc="a heading naming one unit: its figures are not read")))
QUALIFIER = Schema("[[qualifier]]", "A fund qualifier written before a fund-relative alias.", (
    F("fund", str, True, "the fund", allowed=FUNDS[1:]),
    F("alone", str, doc="its income line when an amount follows directly"),
    F("alone_expense", str, doc="its spending after 其中 of a spending total"), *_MATCH))
_FLAGS = {"relative": "picks a fund variant", "neutral": "stays with a fund lacking a variant",
          "boundary": "only at a clause start or after a year", "fund_parts": "later qualifiers "
          "name its fund variants", "item": "an item's figure right after an item title",
          "before": "a count printed right before it is its figure",
          "in_reason": "names a figure only inside a reason"}
ALIAS = Schema("[[alias]]", "A phrase naming a measure (see lexicon_records.Alias).", (
    F("measure", str, doc="all-fund (or only) measure; \"\" known not to be one; @context"),
    *(F(k, str, doc=f"the {k} variant") for k in ("general", "gov_fund", "soe_capital", "fiscal")),
    *(F(k, bool, doc=d) for k, d in _FLAGS.items()),
    F("counts", dict, doc="count unit → count measure"),
    F("kind", str, doc="money (default) or count", allowed=("money", "count")),
    F("also", str, doc="a second measure the same figure states"),
    F("parts", dict, doc="whole → part measure (after 其中)"), *_MATCH))
BASIS_ITEM = Schema("[[comparator]], [[amount_basis]], [[completion]]",
                    "A phrase naming the basis (which figure) of a comparison or amount.", (
    F("basis", str, doc="the basis, always given (\"\": a comparison not named with confidence)",
      allowed=BASES + ("",)),
    F("kinds", doc="document kinds it applies to (empty: all)", **_WORDS), *_MATCH))
SHARE_OF = Schema("[[share_of]]", "The default whole of a share (exactly one of exact, prefix).", (
    F("whole", str, True, "the whole's measure"), F("exact", str, doc="the part's measure"),
    F("prefix", str, doc="a prefix of the part's measures")))
SHARE_WHOLE = Schema("[[share_whole]]", "A phrase naming the whole of a share.", (
    F("whole", str, True, "the whole's measure"), *_MATCH))
STATEMENT = Schema("[[statement]]", "A statement without figures (无…支出, 不适用 …).", (
    F("kind", str, True, "the kind of statement", allowed=STATEMENT_KINDS),
    F("measure", str, doc="its measure, subject, table or \"\""), *_MATCH))
DIRECTION = Schema("[direction]", "Words of a change's direction.", (
    *(F(k, doc=f"{k} words", **_WORDS) for k in ("up", "down", "flat")),
    F("signed", doc="words whose figure carries its own sign", **_WORDS),
    F("gap", doc="words allowed between a direction and its figure", **_WORDS),
    F("hedges", doc="words before a flat word that make it approximate", **_WORDS),
    F("scopes", doc="scope words whose comparison states no change of an amount", **_WORDS)))
_MARKER_PATTERNS = ("plan", "not_comparable", "lead_in", "entity", "alias_gap", "list_item",
                    "holding", "of_which_after", "name_lead")
_MARKER_WORDS = ("share", "of_which", "reason", "purpose", "list_lead", "each", "plan_blocks")
MARKERS = Schema("[markers]", "Words and patterns that mark parts of a sentence.", (
    *(F(k, doc="regexes", **_RXS) for k in _MARKER_PATTERNS),
    *(F(k, doc="phrases" if k != "plan_blocks" else "measure prefixes a plan never states",
        **_WORDS) for k in _MARKER_WORDS)))
UNITS = Schema("[units]", "Units printed after figures.", (
    *(F(k, doc=f"{k} units", **_WORDS) for k in ("money", "percent", "count")),
    F("threshold_after", doc="regexes: a figure after them is a threshold", **_RXS),
    F("other_counts", doc="counts of organisation, not budget measures", **_WORDS),
    F("money_short", doc="money units printed without 元 (万), read only beside amounts in the full unit",
      **_WORDS)))
_TEMPLATES = ("measure", "general", "gov_fund", "soe_capital", "fiscal")
FUNCTIONS = Schema("[functions]", "Function (功能分类) names and codes in sentences.", (
    *(F(k, str, doc="measure template with {code}") for k in _TEMPLATES),
    F("chain", doc="regex of a 类/款/项 chain", **_RX),
    F("chain_more", doc="further chain wordings (lei*/kuan*/xiang* groups)", **_RXS),
    F("chain_requires", doc="literals one of which a chain holds", **_WORDS),
    F("coded", doc="regexes of a name printed with its code ((?P<code>…))", **_RXS),
    F("coded_requires", doc="literals one of which a coded name holds", **_WORDS),
    F("fiscal_is_general_when_empty", list, doc="groups of table roles", items=list),
    F("name_not_before", doc="regex of what may not follow a 类 name", **_RX)))
ECONOMIC = Schema("[economic]", "Economic (经济分类) names printed with their codes.", (
    F("measure", str, doc="measure template with {code}"),
    F("general", str, doc="the 一般公共预算 template"),
    F("coded", doc="regexes of a name printed with its code", **_RXS),
    F("coded_requires", doc="literals one of which it holds", **_WORDS)))
PARTS = Schema("[parts]", "Wholes and parts after 其中.", (
    F("conjunctions", doc="words joining two aliases before one amount", **_WORDS),
    F("families", list, doc="measure heads that count as one family", items=list),
    F("with_carryover", dict, doc="total → the total with carry-over"),
    F("carryover_listed", doc="regex of a 其中 list naming a carry-over", **_RX),
    F("carryover_measure", str, doc="the carry-over's measure"),
    F("carryover_stated", doc="regex of a carry-over amount (group amount) stated in words no "
      "alias reads", **_RX)))
LAYOUT = Schema("[layout]", "Page furniture that is not text.", (
    F("page_furniture", doc="regex of a page-number line", **_RX),
    F("running_pages", int, doc="pages a running header is printed on, at least (≥ 2)"),
    F("bracket_span", int, doc="characters an unclosed bracket holds a paragraph or sentence "
      "open (≥ 1; default 160)")))
FUNCTION_NAMES = Schema("[function_names]", "How printed function names are folded.", (
    F("fold", list, doc="[from, to] pairs", items=list), F("drop", doc="regex removed", **_RX),
    F("numbering", doc="regex of leading numbering", **_RX),
    F("optional_suffix", str, doc="a suffix that may be left off")))
STATEMENT_TABLE = Schema("[[statement_table]]", "Table roles whose notes are about a measure.", (
    F("roles", required=True, doc="table roles", **_WORDS),
    F("measure", str, True, "the measure")))
STATEMENT_LIST = Schema("[statement_list]", "One negation over a list of subjects.", (
    F("negation", required=True, doc="regex", **_RX),
    F("separator", required=True, doc="regex", **_RX),
    F("tail", required=True, doc="regex matched at the end of the last item", **_RX),
    F("not_item", doc="regex: an item opening a clause of its own", **_RX)))
FLOW = Schema("[flow]", "Measure family → words naming that side of the account.", (), open=True)
NESTED = Schema("[nested_counts]", "Count measure → the wider counts it is a subset of.", (),
                open=True)

#: table name → (its schema, whether it is an array of tables)
TABLES: dict[str, tuple[Schema, bool]] = {
    "normalize": (NORMALIZE, False), "headings": (HEADINGS, False), "section": (SECTION, True),
    "qualifier": (QUALIFIER, True), "alias": (ALIAS, True), "comparator": (BASIS_ITEM, True),
    "amount_basis": (BASIS_ITEM, True), "completion": (BASIS_ITEM, True),
    "share_of": (SHARE_OF, True), "share_whole": (SHARE_WHOLE, True),
    "statement": (STATEMENT, True), "direction": (DIRECTION, False),
    "markers": (MARKERS, False), "units": (UNITS, False), "functions": (FUNCTIONS, False),
    "economic": (ECONOMIC, False), "parts": (PARTS, False), "layout": (LAYOUT, False),
    "function_names": (FUNCTION_NAMES, False), "statement_table": (STATEMENT_TABLE, True),
    "statement_list": (STATEMENT_LIST, False), "flow": (FLOW, False),
    "nested_counts": (NESTED, False)}
TOP = Schema("lexicon.toml", "The file's top level: its tables (see the file's header).", (
    F("version", int, doc="format version", allowed=(1,)),
    *(F(name, list if array else dict, doc=f"see {schema.name}")
      for name, (schema, array) in TABLES.items())))
SCHEMAS = (TOP, *dict.fromkeys(schema for schema, _ in TABLES.values()), HEADING_STYLE)


def check_lexicon(data: Mapping[str, Any], text: str = "") -> None:
    """Check every table of a parsed lexicon against its schema; with ``text`` (the file's
    text), the error names the line of the bad key. Array entries are labelled ``alias #3``."""
    TOP.check(data, FILE, 1 if text else 0, text)
    for name, (schema, array) in TABLES.items():
        if name not in data:
            continue
        if not array:
            schema.check(data[name], FILE, _first(text, name), text, name, header=name)
            continue
        lines = header_lines(text, name) if text else []
        for i, entry in enumerate(data[name]):
            schema.check(entry, FILE, lines[i] if i < len(lines) else 0, text,
                         f"{name} #{i + 1}", header=name)


def _first(text: str, name: str) -> int:
    lines = header_lines(text, name) if text else []
    return lines[0] if lines else 0


_WHERE = re.compile(r"^(?P<table>[a-z_]+(?:\.style)?)(?: #(?P<n>\d+))?(?:\.(?P<key>[a-z_]+))?")


def located(err: RuleError, text: str = "") -> RuleError:
    """``err`` (raised by a check across keys, naming ``table #n.key`` or ``table.key``) with the
    key it names, and the file and line where ``text`` (the file's text) shows them."""
    m = _WHERE.match(str(err))
    if err.line or err.key or m is None:
        return err
    key = m["key"] or ""
    starts = header_lines(text, m["table"]) if text else []
    n = int(m["n"]) - 1 if m["n"] else 0
    start = starts[n] if n < len(starts) else 0
    line = key_line(text, start, key) if start and key else start
    return RuleError(str(err), file=FILE if line else "", line=line, key=key)


__all__ = ["FILE", "SCHEMAS", "TABLES", "TOP", "check_lexicon", "located"]
