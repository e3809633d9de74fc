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
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Mapping, NamedTuple, Optional

from .guarded import guard

FUNDS = ("all", "general", "gov_fund", "soe_capital", "fiscal")  # fiscal: the three funds together
KINDS = ("budget", "final")
BASES = ("current", "prior", "initial_budget", "adjusted_budget", "prior_execution")
STATEMENT_KINDS = ("not_applicable", "empty_statement", "no_expense", "residue")
_MEASURE_RE = re.compile(r"^[a-z][a-z0-9_]*(?:\.(?:[a-z0-9_]+|\{code\}))*$")
_TOP_KEYS = {"version", "normalize", "headings", "section", "qualifier", "alias", "functions",
             "comparator", "amount_basis", "completion", "direction", "markers", "units",
             "share_of", "share_whole", "statement", "layout", "parts", "flow", "economic",
             "function_names", "statement_table"}


class LexiconError(ValueError):
    """The lexicon is malformed; the message names the table, entry and key."""


class Item(NamedTuple):
    """One matchable lexicon entry. ``role`` says which table it came from (``alias``,
    ``qualifier``, ``comparator`` ...); ``value`` carries the role's payload (an :class:`Alias`,
    a fund, a basis ...); ``kinds`` the document kinds it applies to (empty = all)."""

    role: str
    regex: re.Pattern
    value: Any
    kinds: frozenset = frozenset()
    where: str = ""


class Alias(NamedTuple):
    """A measure alias: ``measure`` for all funds (or the only one), fund variants for relative
    aliases, ``counts`` unit → count measure, ``kind`` ``money`` or ``count`` (count-only).
    ``fund_parts``: later in its sentence a fund qualifier followed by filler words names this
    alias's variant for that fund ("实行绩效目标管理，涉及一般公共预算当年财政拨款…，政府性基金
    预算当年财政拨款…"). ``also``: a second measure the same figure states ("收支较上年增加…":
    收入总计 and 支出总计 both). ``item``: right after an item title sentence ("1.其他支出（类）…
    （项）。") the word is that item's, not the total's ("本年支出决算568,051.63万元").
    ``parts``: whole → measure, for a word whose measure depends on the whole named before 其中
    ("实有人员119人，其中行政108人": 行政 is ``staff.actual.administrative``; after 人员编制 it is
    ``staff.authorized.administrative``); after 其中 with another whole it names nothing, without
    其中 it names ``measure`` ("" = nothing). Its ``counts`` give the units only (values may be "").
    ``before``: a count printed right before the word is its figure ("设24个内设机构").
    ``in_reason``: the alias names a figure only inside a reason ("主要是人员减少工资薪金减少9.82万元");
    elsewhere it is an unknown subject."""

    measure: str
    general: str = ""
    gov_fund: str = ""
    soe_capital: str = ""
    relative: bool = False
    neutral: bool = False
    boundary: bool = False
    counts: tuple[tuple[str, str], ...] = ()
    kind: str = "money"
    function: bool = False
    fund_parts: bool = False
    also: str = ""
    fiscal: str = ""
    item: bool = False
    parts: tuple[tuple[str, str], ...] = ()
    before: bool = False
    in_reason: bool = False

    def for_fund(self, fund: str) -> Optional[str]:
        """The measure for ``fund``; None when this alias has no variant for it."""
        if fund in ("", "all"):
            return self.measure
        return getattr(self, fund, "") or None

    def count_measure(self, unit: str) -> str:
        return dict(self.counts).get(unit, "")


class SectionRule(NamedTuple):
    """``block``: sentences under such a heading have no default subject (绩效自评: project
    figures), whatever an outer heading or the title's own alias says."""

    regex: re.Pattern
    fund: str = ""
    subject: str = ""
    block: bool = False
    unit: bool = False  # a heading naming one unit of the department: its figures are not read


class ShareOf(NamedTuple):
    whole: str
    exact: str = ""
    prefix: str = ""


class HeadingStyle(NamedTuple):
    level: int
    regex: re.Pattern


class Statement(NamedTuple):
    kind: str
    measure: str


class NameFold(NamedTuple):
    """[function_names]: printing variants of a function name (其它/其他, brackets, markers,
    numbering, trailing 支出) that must not keep a sentence's name from its table row."""

    fold: tuple[tuple[str, str], ...]
    drop: re.Pattern
    numbering: re.Pattern
    optional_suffix: str


@dataclass(frozen=True)
class Lexicon:
    """Everything in ``lexicon.toml``, compiled. ``items`` are the matchable entries of every
    role, in file order; the engine tokenises a paragraph with all of them and keeps the
    leftmost-longest matches."""

    variants: Mapping[str, str]
    drop: frozenset
    heading_styles: tuple[HeadingStyle, ...]
    max_title: int
    sections: tuple[SectionRule, ...]
    items: tuple[Item, ...]
    function_templates: Mapping[str, str]
    chain: re.Pattern
    coded: tuple
    direction_gap: re.Pattern
    money_units: tuple[str, ...]
    percent_units: tuple[str, ...]
    count_units: tuple[str, ...]
    threshold_after: re.Pattern
    share_of: tuple[ShareOf, ...]
    lead_in: re.Pattern
    alias_lead: re.Pattern
    alias_gap: re.Pattern
    page_furniture: re.Pattern
    conjunctions: frozenset = frozenset()
    families: Mapping[str, str] = None  # measure prefix → family name
    other_count_units: frozenset = frozenset()  # counts of organisation, not budget measures
    plan_blocks: tuple = ()  # measure prefixes a plan sentence (计划购置…) never states
    flows: tuple = ()  # (measure family, regex of its flow word): [flow], e.g. ("income", 收入)
    list_item: Optional[re.Pattern] = None  # numbering that opens an item of a list (1. ／（1）)
    #: groups of table roles: when each group has a table printed empty, 财政拨款 function
    #: figures are 一般公共预算 ones ([functions] fiscal_is_general_when_empty)
    fiscal_general_roles: tuple = ()
    #: [economic]: measure templates per fund and the patterns of a name printed with its code
    economic_templates: Mapping[str, str] = None
    economic_coded: tuple = ()
    #: words before a flat word that make it approximate ("基本持平"): no zero change is stated
    flat_hedge: Optional[re.Pattern] = None
    #: [function_names]: how printed function names are folded before they are compared
    name_fold: Optional["NameFold"] = None
    #: [functions] name_not_before: a regex of what may not follow a 类 name (a unit's name)
    function_not_before: str = ""
    #: [layout] running_pages: a line at a page edge on this many pages is a running header
    running_pages: int = 3
    #: [[statement_table]]: table role → the measure a note printed under that table is about
    statement_tables: Mapping[str, str] = None
    #: a unit's name (then lead-in words): text ending with a [markers] entity word
    unit_lead: Optional[re.Pattern] = None

    def family(self, measure: str) -> str:
        """The family of a measure for 其中 parts: its first segment unless [parts] joins it to
        another (三公 with 会议费/培训费)."""
        head = measure.split(".", 1)[0]
        return (self.families or {}).get(head, head)

    def whole_of(self, measure: str) -> str:
        """The default whole of a share of ``measure`` (standards §4.6 T3), or ""."""
        for rule in self.share_of:
            if (rule.exact and measure == rule.exact) or (rule.prefix and measure.startswith(rule.prefix)):
                return rule.whole
        return ""


# ---------------------------------------------------------------------------------------------
# Validation helpers
# ---------------------------------------------------------------------------------------------


def _keys(entry: Mapping[str, Any], allowed: set[str], where: str) -> None:
    if not isinstance(entry, Mapping):
        raise LexiconError(f"{where}: expected a table")
    extra = set(entry) - allowed
    if extra:
        raise LexiconError(f"{where}: unknown key '{sorted(extra)[0]}'")


def _compile(pattern: str, where: str) -> re.Pattern:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise LexiconError(f"{where}: bad regex {pattern!r}: {exc}") from None


def _strs(entry: Mapping[str, Any], key: str, where: str) -> list[str]:
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise LexiconError(f"{where}: '{key}' must be a list of non-empty strings")
    return value


def _regex(entry: Mapping[str, Any], where: str) -> re.Pattern:
    """One regex for an entry's ``phrases`` (longest first) and ``patterns``."""
    phrases = sorted(_strs(entry, "phrases", where), key=len, reverse=True)
    patterns = _strs(entry, "patterns", where)
    for p in patterns:
        _compile(p, f"{where}.patterns")
    parts = [re.escape(p) for p in phrases] + [f"(?:{p})" for p in patterns]
    if not parts:
        raise LexiconError(f"{where}: needs 'phrases' or 'patterns'")
    return _compile("|".join(parts), where)


CONTEXT = "@context"
# A bare word alias (收入, 支出预算) starts a clause, follows a year, or follows a unit's name
# (…办事处收入预算…): the last characters of unit names are listed too.
BOUNDARY_BEFORE = ",;:。!?、年度局厅委办院室处所站队会门位道府校馆社团级镇乡区县市省心"


def _measure(value: Any, where: str, allow_empty: bool = False) -> str:
    if value == "" and allow_empty:
        return ""
    if value == CONTEXT and where.startswith("alias") and where.endswith(".measure"):
        return value
    if not isinstance(value, str) or not _MEASURE_RE.match(value):
        raise LexiconError(f"{where}: bad measure key {value!r}")
    return value


def _kinds(entry: Mapping[str, Any], where: str) -> frozenset:
    kinds = _strs(entry, "kinds", where)
    for k in kinds:
        if k not in KINDS:
            raise LexiconError(f"{where}.kinds: unknown document kind {k!r}")
    return frozenset(kinds)


def _basis(value: Any, where: str, extra: tuple[str, ...] = ("",)) -> str:
    if value not in BASES + extra:
        raise LexiconError(f"{where}.basis: unknown basis {value!r}")
    return value


# ---------------------------------------------------------------------------------------------
# Sections of the file
# ---------------------------------------------------------------------------------------------


def _parse_alias(entry: Mapping[str, Any], where: str) -> Item:
    _keys(entry, {"measure", "general", "gov_fund", "soe_capital", "fiscal", "relative", "neutral",
                  "boundary", "counts", "kind", "phrases", "patterns", "fund_parts", "also",
                  "item", "parts", "before", "in_reason"}, where)
    counts = entry.get("counts", {})
    if not isinstance(counts, Mapping):
        raise LexiconError(f"{where}.counts: expected a table unit → measure")
    parts = entry.get("parts", {})
    if not isinstance(parts, Mapping):
        raise LexiconError(f"{where}.parts: expected a table whole → part measure")
    kind = entry.get("kind", "money")
    if kind not in ("money", "count"):
        raise LexiconError(f"{where}.kind: expected 'money' or 'count', got {kind!r}")
    for flag in ("relative", "neutral", "boundary", "fund_parts", "item", "before", "in_reason"):
        if not isinstance(entry.get(flag, False), bool):
            raise LexiconError(f"{where}.{flag}: expected true or false")
    alias = Alias(
        measure=_measure(entry.get("measure"), f"{where}.measure", allow_empty=True),
        general=_measure(entry.get("general", ""), f"{where}.general", allow_empty=True),
        gov_fund=_measure(entry.get("gov_fund", ""), f"{where}.gov_fund", allow_empty=True),
        soe_capital=_measure(entry.get("soe_capital", ""), f"{where}.soe_capital", allow_empty=True),
        relative=entry.get("relative", False), neutral=entry.get("neutral", False),
        boundary=entry.get("boundary", False), fund_parts=entry.get("fund_parts", False),
        also=_measure(entry.get("also", ""), f"{where}.also", allow_empty=True),
        fiscal=_measure(entry.get("fiscal", ""), f"{where}.fiscal", allow_empty=True),
        item=entry.get("item", False), in_reason=entry.get("in_reason", False),
        counts=tuple((str(u), _measure(m, f"{where}.counts.{u}", allow_empty=bool(parts)))
                     for u, m in counts.items()),
        kind=kind,
        parts=tuple((_measure(w, f"{where}.parts"), _measure(m, f"{where}.parts.{w}"))
                    for w, m in parts.items()),
        before=entry.get("before", False))
    regex = _regex(entry, where)
    if alias.boundary:  # only at a clause start or after a year: "…；支出比2023年增加…"
        regex = _compile(f"(?:^|(?<=[{re.escape(BOUNDARY_BEFORE)}]))(?:{regex.pattern})", where)
    return Item("alias", regex, alias, where=where)


def _parse_items(data: Mapping[str, Any]) -> list[Item]:
    items: list[Item] = []
    for i, entry in enumerate(data.get("qualifier", [])):
        where = f"qualifier #{i + 1}"
        _keys(entry, {"fund", "alone", "alone_expense", "phrases", "patterns"}, where)
        if entry.get("fund") not in FUNDS[1:]:
            raise LexiconError(f"{where}.fund: unknown fund {entry.get('fund')!r}")
        alone = _measure(entry.get("alone", ""), f"{where}.alone", allow_empty=True)
        alone_expense = _measure(entry.get("alone_expense", ""), f"{where}.alone_expense",
                                 allow_empty=True)
        items.append(Item("qualifier", _regex(entry, where), (entry["fund"], alone, alone_expense),
                          where=where))
    for i, entry in enumerate(data.get("alias", [])):
        items.append(_parse_alias(entry, f"alias #{i + 1}"))
    for role in ("comparator", "amount_basis", "completion"):
        for i, entry in enumerate(data.get(role, [])):
            where = f"{role} #{i + 1}"
            _keys(entry, {"basis", "kinds", "phrases", "patterns"}, where)
            items.append(Item(role, _regex(entry, where), _basis(entry.get("basis"), where),
                              _kinds(entry, where), where))
    for i, entry in enumerate(data.get("share_whole", [])):
        where = f"share_whole #{i + 1}"
        _keys(entry, {"whole", "phrases", "patterns"}, where)
        items.append(Item("share_whole", _regex(entry, where),
                          _measure(entry.get("whole"), f"{where}.whole"), where=where))
    for i, entry in enumerate(data.get("statement", [])):
        where = f"statement #{i + 1}"
        _keys(entry, {"kind", "measure", "phrases", "patterns"}, where)
        if entry.get("kind") not in STATEMENT_KINDS:
            raise LexiconError(f"{where}.kind: unknown statement kind {entry.get('kind')!r}")
        measure = entry.get("measure", "")
        if measure not in ("subject", "table"):
            measure = _measure(measure, f"{where}.measure", allow_empty=True)
        items.append(Item("statement", _regex(entry, where), Statement(entry["kind"], measure),
                          where=where))
    items += _parse_words(data)
    return items


def _parse_words(data: Mapping[str, Any]) -> list[Item]:
    """[direction] and [markers]: each word list becomes one item of its role."""
    items: list[Item] = []
    direction = data.get("direction", {})
    _keys(direction, {"up", "down", "flat", "gap", "hedges"}, "direction")
    for key, sign in (("up", 1), ("down", -1), ("flat", 0)):
        items.append(Item("direction", _regex({"phrases": _strs(direction, key, f"direction.{key}")},
                                              f"direction.{key}"), sign, where=f"direction.{key}"))
    markers = data.get("markers", {})
    _keys(markers, {"share", "of_which", "reason", "purpose", "not_comparable", "lead_in",
                    "entity", "alias_gap", "plan", "plan_blocks", "list_lead", "list_item", "each"}, "markers")
    for key in ("share", "of_which", "reason", "purpose", "plan", "list_lead", "each"):
        if key == "plan":  # regex patterns (lookaheads keep 购置车辆 an alias)
            items.append(Item(key, _regex({"patterns": _strs(markers, key, "markers.plan")},
                                          "markers.plan"), key, where="markers.plan"))
            continue
        items.append(Item(key, _regex({"phrases": _strs(markers, key, f"markers.{key}")},
                                      f"markers.{key}"), key, where=f"markers.{key}"))
    items.append(Item("not_comparable", _regex({"patterns": _strs(markers, "not_comparable",
                                                                  "markers.not_comparable")},
                                               "markers.not_comparable"), "", where="markers"))
    return items


def _parse_sections(data: Mapping[str, Any]) -> tuple[SectionRule, ...]:
    rules = []
    for i, entry in enumerate(data.get("section", [])):
        where = f"section #{i + 1}"
        _keys(entry, {"pattern", "fund", "subject", "block", "unit"}, where)
        for flag in ("block", "unit"):
            if not isinstance(entry.get(flag, False), bool):
                raise LexiconError(f"{where}.{flag}: expected true or false")
        fund = entry.get("fund", "")
        if fund and fund not in FUNDS:
            raise LexiconError(f"{where}.fund: unknown fund {fund!r}")
        subject = _measure(entry.get("subject", ""), f"{where}.subject", allow_empty=True)
        rules.append(SectionRule(_compile(str(entry.get("pattern", "")), where), fund, subject,
                                 entry.get("block", False), entry.get("unit", False)))
    return tuple(rules)


def _parse_headings(data: Mapping[str, Any]) -> tuple[tuple[HeadingStyle, ...], int]:
    headings = data.get("headings", {})
    _keys(headings, {"max_title", "style"}, "headings")
    styles = []
    for i, entry in enumerate(headings.get("style", [])):
        where = f"headings.style #{i + 1}"
        _keys(entry, {"level", "pattern"}, where)
        if not isinstance(entry.get("level"), int):
            raise LexiconError(f"{where}.level: expected an integer")
        styles.append(HeadingStyle(entry["level"], _compile(str(entry.get("pattern", "")), where)))
    if not styles:
        raise LexiconError("headings.style: at least one numbering style is needed")
    return tuple(styles), int(headings.get("max_title", 30))


def _parse_functions(data: Mapping[str, Any]) -> tuple[dict[str, str], re.Pattern, tuple]:
    functions = data.get("functions", {})
    _keys(functions, {"measure", "general", "gov_fund", "soe_capital", "fiscal", "chain", "coded",
                      "chain_more", "fiscal_is_general_when_empty", "name_not_before",
                      "chain_requires", "coded_requires"}, "functions")
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
        _keys(entry, {"whole", "exact", "prefix"}, where)
        if bool(entry.get("exact")) == bool(entry.get("prefix")):
            raise LexiconError(f"{where}: give exactly one of 'exact' or 'prefix'")
        out.append(ShareOf(_measure(entry.get("whole"), f"{where}.whole"),
                           str(entry.get("exact", "")), str(entry.get("prefix", ""))))
    return tuple(out)


def _parse_normalize(data: Mapping[str, Any]) -> tuple[dict[str, str], frozenset]:
    normalize = data.get("normalize", {})
    _keys(normalize, {"variants", "drop"}, "normalize")
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
    _keys(parts, {"conjunctions", "families"}, "parts")
    out: dict[str, str] = {}
    for i, group in enumerate(parts.get("families", [])):
        if not isinstance(group, list) or not all(isinstance(g, str) and g for g in group):
            raise LexiconError(f"parts.families #{i + 1}: expected a list of measure heads")
        for head in group:
            out[head] = group[0]
    return out


def _alt(data: Mapping[str, Any], key: str) -> str:
    return "|".join(f"(?:{p})" for p in _strs(data.get("markers", {}), key, f"markers.{key}")) or "(?!)"


def _star(data: Mapping[str, Any], key: str) -> str:
    return f"(?:{_alt(data, key)})*"


def parse_lexicon(data: Mapping[str, Any]) -> Lexicon:
    """Validate and compile a parsed lexicon mapping (see ``lexicon.toml`` for the schema)."""
    extra = set(data) - _TOP_KEYS
    if extra:
        raise LexiconError(f"lexicon: unknown top-level key '{sorted(extra)[0]}'")
    variants, drop = _parse_normalize(data)
    styles, max_title = _parse_headings(data)
    templates, chain, coded = _parse_functions(data)
    direction = data.get("direction", {})
    units = data.get("units", {})
    _keys(units, {"money", "percent", "count", "threshold_after", "other_counts"}, "units")
    gap = "|".join(re.escape(g) for g in _strs(direction, "gap", "direction.gap")) or "(?!)"
    threshold = "|".join(f"(?:{p})" for p in _strs(units, "threshold_after", "units.threshold_after"))
    return Lexicon(
        variants=variants, drop=drop, heading_styles=styles, max_title=max_title,
        sections=_parse_sections(data), items=tuple(_parse_items(data)),
        function_templates=templates, chain=chain, coded=coded,
        direction_gap=_compile(f"(?:{gap})*", "direction.gap"),
        money_units=tuple(_strs(units, "money", "units.money")),
        percent_units=tuple(_strs(units, "percent", "units.percent")),
        count_units=tuple(_strs(units, "count", "units.count")),
        other_count_units=frozenset(_strs(units, "other_counts", "units.other_counts")),
        plan_blocks=tuple(_strs(data.get("markers", {}), "plan_blocks", "markers.plan_blocks")),
        threshold_after=_compile(threshold or "(?!)", "units.threshold_after"),
        share_of=_parse_share_of(data),
        lead_in=_compile(_star(data, "lead_in"), "markers.lead_in"),
        alias_lead=_compile(f"(?:.{{0,40}}?(?:{_alt(data, 'entity')}))?{_star(data, 'lead_in')}",
                            "markers.entity"),
        unit_lead=_compile(f".{{0,40}}?(?:{_alt(data, 'entity')}){_star(data, 'lead_in')}",
                           "markers.entity"),
        alias_gap=_compile(_star(data, "alias_gap"), "markers.alias_gap"),
        page_furniture=_compile(str(data.get("layout", {}).get("page_furniture", "(?!)")),
                                "layout.page_furniture"),
        conjunctions=frozenset(_strs(data.get("parts", {}), "conjunctions", "parts.conjunctions")),
        families=_parse_families(data), flows=_parse_flows(data),
        list_item=_compile(_alt(data, "list_item"), "markers.list_item"),
        fiscal_general_roles=_role_groups(data),
        economic_templates=_parse_economic(data)[0], economic_coded=_parse_economic(data)[1],
        flat_hedge=_compile(f"(?:{'|'.join(map(re.escape, _strs(direction, 'hedges', 'direction.hedges')))})$"
                            if direction.get("hedges") else "(?!)", "direction.hedges"),
        name_fold=_parse_name_fold(data),
        running_pages=_running_pages(data), statement_tables=_parse_statement_tables(data),
        function_not_before=_compile(str(data.get("functions", {}).get("name_not_before", "")),
                                     "functions.name_not_before").pattern)


def _parse_statement_tables(data: Mapping[str, Any]) -> dict[str, str]:
    """[[statement_table]] roles → measure (a role listed twice is a bug in the data)."""
    out: dict[str, str] = {}
    for i, entry in enumerate(data.get("statement_table", [])):
        where = f"statement_table #{i + 1}"
        _keys(entry, {"roles", "measure"}, where)
        measure = _measure(entry.get("measure"), f"{where}.measure")
        for role in _strs(entry, "roles", where):
            if role in out:
                raise LexiconError(f"{where}.roles: role {role!r} listed twice")
            out[role] = measure
    return out


def _running_pages(data: Mapping[str, Any]) -> int:
    layout = data.get("layout", {})
    _keys(layout, {"page_furniture", "running_pages"}, "layout")
    value = layout.get("running_pages", 3)
    if not isinstance(value, int) or value < 2:
        raise LexiconError("layout.running_pages: expected an integer >= 2")
    return value


def _parse_name_fold(data: Mapping[str, Any]) -> NameFold:
    """[function_names]: fold pairs, dropped pattern, leading numbering, optional suffix."""
    table = data.get("function_names", {})
    _keys(table, {"fold", "drop", "numbering", "optional_suffix"}, "function_names")
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
    _keys(table, {"measure", "general", "coded", "coded_requires"}, "economic")
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
        raise LexiconError(f"lexicon.toml: {exc}") from None
    return parse_lexicon(data)


__all__ = ["Alias", "HeadingStyle", "Item", "Lexicon", "LexiconError", "NameFold", "SectionRule", "ShareOf",
           "Statement", "load_lexicon", "parse_lexicon"]
