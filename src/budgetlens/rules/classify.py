"""Typed, validated view of ``rules/classify.toml``: the knowledge classification runs on.

Why a separate module: the classifier's vocabulary (title phrases, masks, province names, org
endings, entity types, templates) is data, so a new region or a new title wording is one row in the
TOML. This module only turns the file into immutable records; every table's shape is declared as a
schema of the rules kit (:mod:`.schema`), so a bad or unknown key is refused naming file, line and
key. (It lived in ``extract/``; it is a rules loader like the others.)
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Mapping, Optional

from ..model import DocKind, Level
from .schema import Field as F, RuleError, Schema, entry_line, header_lines

FIELDS = ("kind", "level", "year")
VALUES = {"kind": tuple(k.value for k in DocKind), "level": tuple(v.value for v in Level)}
SCOPES = ("cover", "head", "table", "body", "unit")
#: Signal groups in the order they decide a field (first group with a value wins).
GROUP_OF_SCOPE = {"cover": "title", "head": "title", "table": "table", "body": "body", "unit": "unit"}
DECISION_ORDER = {"kind": ("title", "table", "body"), "year": ("title", "table", "body"),
                  "level": ("unit", "override", "title", "table", "body", "prior")}


#: The one error class of the rules kit, under the name this loader has always raised.
ClassifyRulesError = RuleError
FILE = "classify.toml"


@dataclass(frozen=True)
class Signal:
    """One pattern: each line of ``scopes`` it matches adds ``weight`` to (field, value).
    ``group`` overrides the decision group of its scopes (``override`` for self-descriptions
    that outrank the title, such as 本单位为二级预算单位)."""

    field: str
    value: Optional[str]
    scopes: tuple[str, ...]
    regex: re.Pattern
    weight: float
    group: Optional[str] = None
    masked: bool = True


@dataclass(frozen=True)
class Template:
    key: str
    provinces: tuple[str, ...]
    markers: tuple[str, ...]


@dataclass(frozen=True)
class ClassifyRules:
    settings: dict[str, Any]
    scope_weight: dict[str, float]
    mask: re.Pattern
    keep: frozenset[str]
    fold: dict[int, str]
    provinces: tuple[str, ...]
    region_suffixes: tuple[str, ...]
    region_max_chars: int
    not_regions: frozenset[str]
    not_region_endings: tuple[str, ...]
    region_stop_words: tuple[str, ...]
    org_prefixes: tuple[str, ...]
    body_start_levels: tuple[str, ...]
    region_body_lines: int
    region_line_chars: int
    county_min_chars: int
    short_county_suffixes: tuple[str, ...]
    not_place_words: tuple[str, ...]
    unit_labels: tuple[str, ...]
    strong_labels: tuple[str, ...]
    org_suffixes: tuple[str, ...]
    qualifiers: tuple[str, ...]
    not_name_words: tuple[str, ...]
    #: words a name never ends inside (统计局|部门: 部 ends names, 部门 is a word)
    no_cut_inside: tuple[str, ...]
    strip_prefix: re.Pattern
    unit_max_chars: int
    unit_entity_suffixes: tuple[str, ...]
    unit_entity_weight: float
    prior_unit_suffixes: tuple[str, ...]
    prior_department_suffixes: tuple[str, ...]
    templates: tuple[Template, ...]
    signals: tuple[Signal, ...]
    year_skip_before: tuple[str, ...]
    year_skip_after: re.Pattern
    year_remove: re.Pattern
    disclosure: re.Pattern
    #: (pattern, replacement) rewrites giving a unit name's comparison form, in order
    #: (中国共产党…委员会 → 中共…委): one unit printed in its full and its usual short form
    comparison_forms: tuple[tuple[re.Pattern, str], ...] = ()
    #: words a zone's name puts after its city's bare short name (贵阳国家高新区 is in 贵阳市)
    zone_words: tuple[str, ...] = ()
    #: the title of a disclosure's attachment printed with its year (a self-evaluation report or
    #: form, a final account's table): a file that prints one is a disclosure by itself
    attachment: Optional[re.Pattern] = None
    #: words of a line that names such a title without being one (a notice, a regulation)
    attachment_not: Optional[re.Pattern] = None
    #: endings of words that end like a name (运行 ends on 行, as 银行) but never end one
    not_name_endings: tuple[str, ...] = ()
    #: a portal menu's item lines (首页): the run of short lines holding one is navigation
    menu_words: tuple[str, ...] = ()
    #: endings of a portal's link lines (…网站): a run of short lines with two such is navigation
    menu_link_endings: tuple[str, ...] = ()
    #: a form's label cells naming its department / its unit (主管部门 | …; 实施单位 | …)
    form_department_labels: tuple[str, ...] = ()
    form_unit_labels: tuple[str, ...] = ()
    #: the code a form's value opens with when label and value are space-separated (219-…)
    form_value_code: Optional[re.Pattern] = None


_WORDS: dict[str, Any] = dict(type=list, items=str)
_INT, _NUM = int, (int, float)
SETTINGS = Schema("[settings]", "Bounds of the classifier.", (
    F("head_pages", _INT, True, "pages whose top counts as the head"),
    F("head_lines", _INT, True, "lines of the head"),
    F("head_max_chars", _INT, True, "longest head line"),
    F("cover_max_lines", _INT, True, "a cover has at most this many lines"),
    F("disclosure_min_hits", _INT, True, "disclosure words needed to call a file a disclosure"),
    F("conflict_min_score", _NUM, True, "score from which a losing value is a conflict"),
    F("unit_top_lines", _INT, True, "lines searched for the unit's name")))
SCOPE_WEIGHT = Schema("[scope_weight]", "Weight of a signal by where it matched.",
                      tuple(F(s, _NUM, True, f"weight in the {s}") for s in SCOPES))
MASK = Schema("[mask]", "Phrases masked before matching (a year in them is not the document's).", (
    F("keep", required=True, doc="phrases kept as they are", **_WORDS),
    F("phrases", required=True, doc="phrases masked", **_WORDS)))
FOLD = Schema("[fold]", "Traditional → simplified characters.", (
    F("chars", str, True, "pairs: traditional then simplified"),))
REGION = Schema("[region]", "How a region is read from a title or the body.", (
    F("provinces", required=True, doc="province names", **_WORDS),
    F("suffixes", required=True, doc="region name endings", **_WORDS),
    F("max_name_chars", _INT, True, "longest region name"),
    F("not_regions", required=True, doc="words that are not regions", **_WORDS),
    F("not_region_endings", required=True, doc="endings that are not regions", **_WORDS),
    F("stop_words", required=True, doc="words a region name stops at", **_WORDS),
    F("org_prefixes", required=True, doc="organisation prefixes", **_WORDS),
    F("body_start_levels", required=True, doc="levels read from the body's first lines",
      **_WORDS),
    F("body_lines", _INT, True, "body lines searched"),
    F("line_chars", _INT, True, "longest body line searched"),
    F("county_min_chars", _INT, True, "shortest county name"),
    F("short_county_suffixes", required=True, doc="suffixes of short county names", **_WORDS),
    F("not_place_words", required=True, doc="words that are not places", **_WORDS),
    F("zone_words", doc="zone words after a city's bare short name", **_WORDS)))
UNIT = Schema("[unit]", "How the unit's name is read.", (
    F("labels", required=True, doc="labels before a unit's name", **_WORDS),
    F("strong_labels", required=True, doc="labels that decide", **_WORDS),
    F("org_suffixes", required=True, doc="organisation name endings", **_WORDS),
    F("qualifiers", required=True, doc="qualifiers of a name", **_WORDS),
    F("not_name_words", required=True, doc="words that are not names", **_WORDS),
    F("no_cut_inside", required=True, doc="words a name never ends inside", **_WORDS),
    F("not_name_endings", doc="word endings that end like a name but never end one", **_WORDS),
    F("menu_words", doc="a portal menu's items: its run of short lines is no name", **_WORDS),
    F("menu_link_endings", doc="endings of a portal's link lines: two in a run make it navigation",
      **_WORDS),
    F("form_department_labels", doc="a form's label cells naming its department", **_WORDS),
    F("form_unit_labels", doc="a form's label cells naming its unit", **_WORDS),
    F("form_value_code", str, doc="the code a space-separated form value opens with (219-), cut",
      format="regex"),
    F("strip_prefix", str, True, "regex stripped before a name", format="regex"),
    F("max_chars", _INT, True, "longest unit name"),
    F("comparison_forms", list, doc="[regex, replacement] pairs giving a name's comparison form",
      items=list)))
LEVEL = Schema("[level]", "Department or unit, by the entity's name.", (
    F("unit_entity_suffixes", required=True, doc="endings of a unit's name", **_WORDS),
    F("unit_entity_weight", _NUM, True, "weight of such an ending"),
    F("prior_unit_suffixes", required=True, doc="endings that suggest a unit", **_WORDS),
    F("prior_department_suffixes", required=True, doc="endings that suggest a department",
      **_WORDS)))
YEAR = Schema("[year]", "Year spans that are not the document's year.", (
    F("skip_before", required=True, doc="words before a year that is not the document's",
      **_WORDS),
    F("skip_after", required=True, doc="regexes after such a year", format="regex", **_WORDS),
    F("remove_spans", required=True, doc="regexes removed before reading the year",
      format="regex", **_WORDS)))
DISCLOSURE = Schema("[disclosure]", "Words of a disclosure.", (
    F("regex", str, True, "regex of disclosure words", format="regex"),
    F("attachment", str, doc="regex of an attachment's title with its year (enough by itself)",
      format="regex"),
    F("attachment_not", str, doc="regex of a line that names such a title without being one",
      format="regex")))
TEMPLATE = Schema("[[template]]", "A regional template recognised by province and markers.", (
    F("key", str, True, "template key"), F("provinces", doc="provinces", **_WORDS),
    F("markers", doc="words of the template", **_WORDS)))
SIGNAL = Schema("[[signal]]", "A pattern that adds weight to a field's value where it matches.", (
    F("field", str, True, "the field decided", allowed=FIELDS),
    F("value", str, doc="the value (none for year: the (?P<year>) group)"),
    F("regex", str, True, "the pattern", format="regex"),
    F("scopes", list, True, "where it counts", items=str),
    F("weight", _NUM, True, "weight per matching line"),
    F("group", str, doc="decision group overriding the scopes'"),
    F("mask", bool, doc="match on the masked text (default true)")))
_TABLES = {"settings": SETTINGS, "scope_weight": SCOPE_WEIGHT, "mask": MASK, "fold": FOLD,
           "region": REGION, "unit": UNIT, "level": LEVEL, "year": YEAR,
           "disclosure": DISCLOSURE}
TOP = Schema("classify.toml", "The file's top level.", (
    *(F(k, dict, True, f"see {s.name}") for k, s in _TABLES.items()),
    F("template", list, doc="see [[template]]"), F("signal", list, True, "see [[signal]]")))
SCHEMAS = (TOP, *_TABLES.values(), TEMPLATE, SIGNAL)


def _check(data: Mapping[str, Any], text: str) -> None:
    """Every table and entry of the file against its schema (file, line and key on error)."""
    TOP.check(data, FILE, 1 if text else 0, text)
    for key, schema in _TABLES.items():
        schema.check(data[key], FILE, entry_line(header_lines(text, key), 0), text, f"[{key}]")
    for key, schema in (("template", TEMPLATE), ("signal", SIGNAL)):
        lines = header_lines(text, key)
        for i, entry in enumerate(data.get(key, [])):
            schema.check(entry, FILE, entry_line(lines, i), text, f"{key} #{i + 1}")


def _fold_table(chars: str) -> dict[int, str]:
    pairs = "".join(chars.split())
    if len(pairs) % 2:
        raise RuleError("[fold] chars must be traditional/simplified pairs", file=FILE, key="chars")
    return {ord(pairs[i]): pairs[i + 1] for i in range(0, len(pairs), 2)}


def _signal(raw: Mapping, i: int) -> Signal:
    where = f"signal #{i + 1}"
    field, value, regex = raw["field"], raw.get("value"), re.compile(raw["regex"])
    if field == "year" and "year" not in regex.groupindex:
        raise RuleError(f"{FILE}: {where}: a year signal needs a (?P<year>) group", key="regex")
    if field != "year" and value not in VALUES[field]:
        raise RuleError(f"{FILE}: {where}: bad value {value!r} for {field}", key="value")
    bad = [s for s in raw["scopes"] if s not in SCOPES]
    if bad:
        raise RuleError(f"{FILE}: {where}: unknown scope {bad[0]!r}", key="scopes")
    group = raw.get("group")
    if group is not None and group not in DECISION_ORDER.get(field, ()):
        raise RuleError(f"{FILE}: {where}: unknown group {group!r}", key="group")
    return Signal(field, value, tuple(raw["scopes"]), regex, float(raw["weight"]), group,
                  raw.get("mask", True))


def _levels(levels: list) -> tuple[str, ...]:
    bad = [x for x in levels if x not in ("province", "prefecture", "county")]
    if bad:
        raise RuleError(f"{FILE}: [region] body_start_levels: unknown level {bad[0]!r}",
                        key="body_start_levels")
    return tuple(levels)


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def parse_rules(data: dict, text: str = "") -> ClassifyRules:
    """Build the typed rules from a parsed TOML mapping (validation names the bad key; ``text``,
    the file's text when given, its line)."""
    _check(data, text)
    mask, region, unit, level, year = (data[k] for k in ("mask", "region", "unit", "level", "year"))
    keep = mask["keep"]
    return ClassifyRules(
        settings=dict(data["settings"]),
        scope_weight={k: float(v) for k, v in data["scope_weight"].items()},
        mask=re.compile(_alternation(keep + mask["phrases"])),
        keep=frozenset(keep),
        fold=_fold_table(data["fold"]["chars"]),
        provinces=tuple(region["provinces"]), region_suffixes=tuple(region["suffixes"]),
        region_max_chars=region["max_name_chars"], not_regions=frozenset(region["not_regions"]),
        not_region_endings=tuple(region["not_region_endings"]),
        region_stop_words=tuple(region["stop_words"]), org_prefixes=tuple(region["org_prefixes"]),
        body_start_levels=_levels(region["body_start_levels"]),
        region_body_lines=region["body_lines"], region_line_chars=region["line_chars"],
        county_min_chars=region["county_min_chars"],
        short_county_suffixes=tuple(region["short_county_suffixes"]),
        not_place_words=tuple(region["not_place_words"]),
        unit_labels=tuple(unit["labels"]), strong_labels=tuple(unit["strong_labels"]),
        org_suffixes=tuple(sorted(unit["org_suffixes"], key=len, reverse=True)),
        qualifiers=tuple(unit["qualifiers"]), not_name_words=tuple(unit["not_name_words"]),
        no_cut_inside=tuple(unit["no_cut_inside"]), strip_prefix=re.compile(unit["strip_prefix"]),
        unit_max_chars=unit["max_chars"],
        unit_entity_suffixes=tuple(level["unit_entity_suffixes"]),
        unit_entity_weight=float(level["unit_entity_weight"]),
        prior_unit_suffixes=tuple(level["prior_unit_suffixes"]),
        prior_department_suffixes=tuple(level["prior_department_suffixes"]),
        templates=tuple(Template(t["key"], tuple(t.get("provinces", [])),
                                 tuple(t.get("markers", []))) for t in data.get("template", [])),
        signals=tuple(_signal(s, i) for i, s in enumerate(data["signal"])),
        year_skip_before=tuple(year["skip_before"]),
        year_skip_after=re.compile("^(?:" + "|".join(year["skip_after"]) + ")"),
        year_remove=re.compile("|".join(year["remove_spans"])),
        disclosure=re.compile(data["disclosure"]["regex"]),
        comparison_forms=_rewrites(unit.get("comparison_forms", []), "comparison_forms"),
        zone_words=tuple(region.get("zone_words", [])),
        not_name_endings=tuple(unit.get("not_name_endings", [])),
        menu_words=tuple(unit.get("menu_words", [])),
        menu_link_endings=tuple(unit.get("menu_link_endings", [])),
        form_department_labels=tuple(unit.get("form_department_labels", [])),
        form_unit_labels=tuple(unit.get("form_unit_labels", [])),
        form_value_code=_optional_regex(unit.get("form_value_code")),
        attachment=_optional_regex(data["disclosure"].get("attachment")),
        attachment_not=_optional_regex(data["disclosure"].get("attachment_not")),
    )


def _optional_regex(text: Optional[str]) -> Optional[re.Pattern]:
    return re.compile(text) if text else None


def _rewrites(pairs: list, key: str) -> tuple[tuple[re.Pattern, str], ...]:
    """[regex, replacement] pairs, each checked here (two strings, a pattern that compiles, a
    replacement that names only its groups) so a bad row is refused when the rules load."""
    out = []
    for i, pair in enumerate(pairs):
        where = f"{FILE}: [unit] {key} #{i + 1}"
        if len(pair) != 2 or not all(isinstance(x, str) for x in pair):
            raise RuleError(f"{where}: must be [regex, replacement]", key=key)
        try:
            pattern = re.compile(pair[0])
            re.sub(r"\\(\d)", lambda m: _group_ok(pattern, int(m.group(1))), pair[1])
        except (re.error, IndexError) as exc:
            raise RuleError(f"{where}: {exc}", key=key) from None
        out.append((pattern, pair[1]))
    return tuple(out)


def _group_ok(pattern: re.Pattern, group: int) -> str:
    if group > pattern.groups:
        raise IndexError(f"replacement names group {group}; the pattern has {pattern.groups}")
    return ""


@lru_cache(maxsize=1)
def load_rules() -> ClassifyRules:
    """The shipped classify.toml, parsed and validated once."""
    text = resources.files("budgetlens.rules").joinpath(FILE).read_text(encoding="utf-8")
    return parse_rules(tomllib.loads(text), text)
