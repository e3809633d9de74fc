"""The narrative lexicon (``lexicon.toml``): phrase knowledge for the sentence extractor, typed.

Why data: the wording of disclosures varies by region and year (一般公共预算财政拨款 / 一般公共财政拨款,
比2023年 / 较上年决算数, 增加 / 增长 / 上升). The extractor in ``extract/narrative.py`` is a small
engine over these tables; a new alias, basis phrase or direction word is one TOML line.

Every item is compiled into one regular expression (``Item.regex``) from its ``phrases`` (literal,
longest first) and ``patterns`` (regex). Loading validates every key and names the bad one: a
broken lexicon is a bug in package data, so it raises :class:`LexiconError` at load time.

Public API: :func:`load_lexicon` (cached), :func:`parse_lexicon` (from a parsed TOML mapping, for
tests and overrides), :class:`Lexicon` and its item records.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources
from typing import Any, Mapping, Optional

from .guarded import Guarded, guard
from .lexicon_items import _compile, _measure, _regex, _strs, parse_items
from .lexicon_records import (BOUNDARY_BEFORE, BOUNDARY_NUMBERING, CONTEXT, Alias, HeadingStyle, Item, Lexicon,
                              LexiconError, NameFold, SectionRule, ShareOf, Statement,
                              StatementList)
from .lexicon_schema import check_lexicon, located
from .schema import toml_line


def _parse_sections(data: Mapping[str, Any]) -> tuple[SectionRule, ...]:
    rules = []
    for i, entry in enumerate(data.get("section", [])):
        where = f"section #{i + 1}"
        fund = entry.get("fund", "")  # flags and fund: checked by lexicon_schema.SECTION
        subject = _measure(entry.get("subject", ""), f"{where}.subject", allow_empty=True)
        rules.append(SectionRule(_compile(str(entry.get("pattern", "")), where), fund, subject,
                                 entry.get("block", False), entry.get("unit", False)))
    return tuple(rules)


def _parse_headings(data: Mapping[str, Any]) -> tuple[tuple[HeadingStyle, ...], int, int]:
    headings = data.get("headings", {})
    styles = []
    for i, entry in enumerate(headings.get("style", [])):
        where = f"headings.style #{i + 1}"
        if not isinstance(entry.get("level"), int):
            raise LexiconError(f"{where}.level: expected an integer")
        styles.append(HeadingStyle(entry["level"], _compile(str(entry.get("pattern", "")), where)))
    if not styles:
        raise LexiconError("headings.style: at least one numbering style is needed")
    max_title = int(headings.get("max_title", 30))
    return tuple(styles), max_title, int(headings.get("max_title_period", max_title))


def _parse_functions(data: Mapping[str, Any]) -> tuple[dict[str, str], Guarded | re.Pattern, tuple]:
    functions = data.get("functions", {})
    templates = {}
    for key in ("measure", "general", "gov_fund", "soe_capital", "fiscal"):
        value = _measure(functions.get(key, ""), f"functions.{key}", allow_empty=key != "measure")
        if value and "{code}" not in value:
            raise LexiconError(f"functions.{key}: template needs {{code}}")
        templates[key] = value
    coded_requires = _strs(functions, "coded_requires", "functions.coded_requires")
    coded = tuple(guard(_compile(p, "functions.coded"), coded_requires, "functions.coded", LexiconError)
                  for p in _strs(functions, "coded", "functions.coded"))
    for regex in coded:
        if "code" not in regex.groupindex:
            raise LexiconError(f"functions.coded: {regex.pattern!r} needs a (?P<code>…) group")
    # further chain wordings join the main one as alternatives (their groups: lei*/kuan*/xiang*)
    chains = [str(functions.get("chain", "(?!)"))]
    for pattern in _strs(functions, "chain_more", "functions.chain_more"):
        if not any(g.startswith(("kuan", "xiang")) for g in _compile(pattern, "functions.chain_more").groupindex):
            raise LexiconError(f"functions.chain_more: {pattern!r} needs a (?P<kuan…>) or (?P<xiang…>) group")
        chains.append(pattern)
    chain = guard(_compile("|".join(chains), "functions.chain"),
                  _strs(functions, "chain_requires", "functions.chain_requires"), "functions.chain",
                  LexiconError)
    return templates, chain, coded


def _parse_share_of(data: Mapping[str, Any]) -> tuple[ShareOf, ...]:
    out = []
    for i, entry in enumerate(data.get("share_of", [])):
        where = f"share_of #{i + 1}"
        if bool(entry.get("exact")) == bool(entry.get("prefix")):
            raise LexiconError(f"{where}: give exactly one of 'exact' or 'prefix'")
        out.append(ShareOf(_measure(entry.get("whole"), f"{where}.whole"),
                           str(entry.get("exact", "")), str(entry.get("prefix", ""))))
    return tuple(out)


def _parse_normalize(data: Mapping[str, Any]) -> tuple[dict[str, str], frozenset]:
    normalize = data.get("normalize", {})
    pairs = re.sub(r"\s+", "", str(normalize.get("variants", "")))
    if len(pairs) % 2:
        raise LexiconError("normalize.variants: expected pairs of characters (odd length)")
    variants: dict[str, str] = {}
    for i in range(0, len(pairs), 2):
        src, dst = pairs[i], pairs[i + 1]
        if variants.get(src, dst) != dst:
            raise LexiconError(f"normalize.variants: {src!r} mapped twice")
        variants[src] = dst
    return variants, frozenset(str(normalize.get("drop", "")))


def _parse_families(data: Mapping[str, Any]) -> dict[str, str]:
    parts = data.get("parts", {})
    out: dict[str, str] = {}
    for i, group in enumerate(parts.get("families", [])):
        if not isinstance(group, list) or not all(isinstance(g, str) and g for g in group):
            raise LexiconError(f"parts.families #{i + 1}: expected a list of measure heads")
        for head in group:
            out[head] = group[0]
    return out


def _parse_with_carryover(data: Mapping[str, Any]) -> Optional[tuple]:
    """[parts] with_carryover (total → its with-carry-over twin), carryover_listed (regex of a
    其中 list naming a carry-over), carryover_measure (the carry-over's measure) and
    carryover_stated (a carry-over amount in words no alias reads, or None), or None when the
    first two are missing."""
    parts = data.get("parts", {})
    totals, listed = parts.get("with_carryover"), parts.get("carryover_listed")
    if totals is None or listed is None:
        return None
    if not isinstance(totals, Mapping) or not isinstance(listed, str):
        raise LexiconError("parts.with_carryover: expected a table; parts.carryover_listed: a regex")
    mapping = {_measure(k, "parts.with_carryover"): _measure(v, f"parts.with_carryover.{k}")
               for k, v in totals.items()}
    carryover = _measure(parts.get("carryover_measure", ""), "parts.carryover_measure")
    stated = parts.get("carryover_stated")
    stated_rx = _compile(stated, "parts.carryover_stated") if stated else None
    if stated_rx is not None and "amount" not in stated_rx.groupindex:
        raise LexiconError("parts.carryover_stated: needs a (?P<amount>…) group")
    return mapping, _compile(listed, "parts.carryover_listed"), carryover, stated_rx


def _alt(data: Mapping[str, Any], key: str) -> str:
    return "|".join(f"(?:{p})" for p in _strs(data.get("markers", {}), key, f"markers.{key}")) or "(?!)"


def _star(data: Mapping[str, Any], key: str) -> str:
    return f"(?:{_alt(data, key)})*"


def parse_lexicon(data: Mapping[str, Any], text: str = "") -> Lexicon:
    """Check a parsed lexicon against its declared schemas (:mod:`.lexicon_schema`), then compile
    it; with ``text`` (the file's text) every error names the line of the bad key."""
    try:
        check_lexicon(data, text)
        return _compiled(data)
    except LexiconError as err:
        raise located(err, text) from None


def _compiled(data: Mapping[str, Any]) -> Lexicon:
    variants, drop = _parse_normalize(data)
    styles, max_title, max_title_period = _parse_headings(data)
    templates, chain, coded = _parse_functions(data)
    direction = data.get("direction", {})
    units = data.get("units", {})
    gap = "|".join(re.escape(g) for g in _strs(direction, "gap", "direction.gap")) or "(?!)"
    threshold = "|".join(f"(?:{p})" for p in _strs(units, "threshold_after", "units.threshold_after"))
    return Lexicon(
        variants=variants, drop=drop, heading_styles=styles, max_title=max_title,
        max_title_period=max_title_period,
        sections=_parse_sections(data), items=tuple(parse_items(data)),
        function_templates=templates, chain=chain, coded=coded,
        direction_gap=_compile(f"(?:{gap})*", "direction.gap"),
        money_units=tuple(_strs(units, "money", "units.money")),
        percent_units=tuple(_strs(units, "percent", "units.percent")),
        count_units=tuple(_strs(units, "count", "units.count")),
        other_count_units=frozenset(_strs(units, "other_counts", "units.other_counts")),
        money_short=tuple(_strs(units, "money_short", "units.money_short")),
        plan_blocks=tuple(_strs(data.get("markers", {}), "plan_blocks", "markers.plan_blocks")),
        threshold_after=_compile(threshold or "(?!)", "units.threshold_after"),
        share_of=_parse_share_of(data),
        lead_in=_compile(_star(data, "lead_in"), "markers.lead_in"),
        alias_lead=_compile(f"(?:.{{0,40}}?(?:{_alt(data, 'entity')}))?{_star(data, 'lead_in')}",
                            "markers.entity"),
        unit_lead=_compile(f".{{0,40}}?(?:{_alt(data, 'entity')}){_star(data, 'lead_in')}",
                           "markers.entity"),
        alias_gap=_compile(_star(data, "alias_gap"), "markers.alias_gap"),
        name_lead=_compile(f"(?:{_alt(data, 'name_lead')}){_star(data, 'lead_in')}",
                           "markers.name_lead"),
        page_furniture=_compile(str(data.get("layout", {}).get("page_furniture", "(?!)")),
                                "layout.page_furniture"),
        conjunctions=frozenset(_strs(data.get("parts", {}), "conjunctions", "parts.conjunctions")),
        families=_parse_families(data), flows=_parse_flows(data), nested=_parse_nested(data),
        list_item=_compile(_alt(data, "list_item"), "markers.list_item"),
        fiscal_general_roles=_role_groups(data),
        economic_templates=_parse_economic(data)[0], economic_coded=_parse_economic(data)[1],
        flat_hedge=_compile(f"(?:{'|'.join(map(re.escape, _strs(direction, 'hedges', 'direction.hedges')))})$"
                            if direction.get("hedges") else "(?!)", "direction.hedges"),
        flat_scope=_flat_scope(direction),
        name_fold=_parse_name_fold(data),
        running_pages=_running_pages(data), bracket_span=_bracket_span(data),
        statement_tables=_parse_statement_tables(data),
        statement_list=_parse_statement_list(data),
        holding=_compile(_alt(data, "holding"), "markers.holding"),
        with_carryover=_parse_with_carryover(data),
        function_not_before=_compile(str(data.get("functions", {}).get("name_not_before", "")),
                                     "functions.name_not_before").pattern)


def _parse_statement_tables(data: Mapping[str, Any]) -> dict[str, str]:
    """[[statement_table]] roles → measure (a role listed twice is a bug in the data)."""
    out: dict[str, str] = {}
    for i, entry in enumerate(data.get("statement_table", [])):
        where = f"statement_table #{i + 1}"
        measure = _measure(entry.get("measure"), f"{where}.measure")
        for role in _strs(entry, "roles", where):
            if role in out:
                raise LexiconError(f"{where}.roles: role {role!r} listed twice")
            out[role] = measure
    return out


def _parse_statement_list(data: Mapping[str, Any]) -> Optional[StatementList]:
    """[statement_list]: negation, separator and tail regexes (all three, or no table), and
    optionally not_item."""
    table = data.get("statement_list")
    if table is None:
        return None
    where = "statement_list"
    parts = {}
    for key in ("negation", "separator", "tail", "not_item"):
        value = table.get(key)
        if key == "not_item" and value is None:
            continue
        if not isinstance(value, str) or not value:
            raise LexiconError(f"{where}.{key}: expected a non-empty regex")
        parts[key] = _compile(f"(?:{value})$" if key == "tail" else value, f"{where}.{key}")
    return StatementList(**parts)


def _bracket_span(data: Mapping[str, Any]) -> int:
    value = data.get("layout", {}).get("bracket_span", Lexicon.bracket_span)
    if not isinstance(value, int) or value < 1:
        raise LexiconError("layout.bracket_span: expected an integer >= 1")
    return value


def _flat_scope(direction: dict) -> Optional[re.Pattern]:
    """A [direction] scope word followed by a comparator's first word (口径与上年, 范围较上年)."""
    words = _strs(direction, "scopes", "direction.scopes") if direction.get("scopes") else []
    if not words:
        return None
    return _compile(f"(?:{'|'.join(map(re.escape, words))})(?:与|和|同|较|比|相较|相比)", "direction.scopes")

def _running_pages(data: Mapping[str, Any]) -> int:
    layout = data.get("layout", {})
    value = layout.get("running_pages", 3)
    if not isinstance(value, int) or value < 2:
        raise LexiconError("layout.running_pages: expected an integer >= 2")
    return value


def _parse_name_fold(data: Mapping[str, Any]) -> NameFold:
    """[function_names]: fold pairs, dropped pattern, leading numbering, optional suffix."""
    table = data.get("function_names", {})
    pairs = table.get("fold", [])
    if not isinstance(pairs, list) or not all(
            isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p) and p[0]
            for p in pairs):
        raise LexiconError("function_names.fold: expected [from, to] pairs of strings")
    return NameFold(tuple((a, b) for a, b in pairs),
                    _compile(str(table.get("drop", "(?!)")), "function_names.drop"),
                    _compile(str(table.get("numbering", "(?!)")), "function_names.numbering"),
                    str(table.get("optional_suffix", "")))


def _parse_economic(data: Mapping[str, Any]) -> tuple[dict[str, str], tuple]:
    """[economic]: "工资福利支出（301）2,981.28万元" — templates per fund and coded patterns."""
    table = data.get("economic", {})
    templates = {}
    for key in ("measure", "general"):
        value = _measure(table.get(key, ""), f"economic.{key}", allow_empty=True)
        if value and "{code}" not in value:
            raise LexiconError(f"economic.{key}: template needs {{code}}")
        templates[key] = value
    requires = _strs(table, "coded_requires", "economic.coded_requires")
    coded = tuple(guard(_compile(p, "economic.coded"), requires, "economic.coded", LexiconError)
                  for p in _strs(table, "coded", "economic.coded"))
    if any("code" not in regex.groupindex for regex in coded):
        raise LexiconError("economic.coded: every pattern needs a (?P<code>…) group")
    return templates, coded


def _role_groups(data: Mapping[str, Any]) -> tuple:
    groups = data.get("functions", {}).get("fiscal_is_general_when_empty", [])
    if not isinstance(groups, list) or not all(
            isinstance(g, list) and g and all(isinstance(r, str) and r for r in g) for g in groups):
        raise LexiconError("functions.fiscal_is_general_when_empty: expected lists of table roles")
    return tuple(frozenset(g) for g in groups)


def _parse_nested(data: Mapping[str, Any]) -> Mapping[str, frozenset]:
    """[nested_counts]: count measure → the wider count measures it is a subset of."""
    nested = data.get("nested_counts", {})
    if not isinstance(nested, Mapping):
        raise LexiconError("nested_counts: expected a table")
    return {measure: frozenset(_strs(nested, measure, f"nested_counts.{measure}"))
            for measure in nested}


def _parse_flows(data: Mapping[str, Any]) -> tuple:
    """[flow]: family → words naming that side of the account (income 收入, expense 支出)."""
    flow = data.get("flow", {})
    if not isinstance(flow, Mapping):
        raise LexiconError("flow: expected a table")
    return tuple((family, _regex({"phrases": _strs(flow, family, f"flow.{family}")}, f"flow.{family}"))
                 for family in flow)


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The package lexicon, loaded once."""
    text = resources.files(__package__).joinpath("lexicon.toml").read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LexiconError(f"not valid TOML: {exc}", file="lexicon.toml",
                           line=toml_line(exc)) from exc
    return parse_lexicon(data, text)


__all__ = ["Alias", "BOUNDARY_BEFORE", "BOUNDARY_NUMBERING", "CONTEXT", "HeadingStyle", "Item",
           "Lexicon", "LexiconError", "NameFold", "SectionRule", "ShareOf", "Statement", "StatementList", "load_lexicon",
           "parse_lexicon"]
