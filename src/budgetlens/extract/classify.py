"""Classify a document from its content: kind, level, year, unit, region, template.

Why from content: file names lie (the corpus has files named 2026 holding a 2022 决算). Signals
come, in order of trust, from the title/cover lines, the document's own table titles, and
repeated phrases of the body; each pattern is a row of ``rules/classify.toml``. When the title and
the tables (or the body) disagree, the title wins for kind and year and a ``metadata-conflict``
warning names both places; for level, an entity type or a self-description (本单位为二级预算
单位, 卫生院) outranks a 部门 title, as such documents are units printed on a department template.

Entry point: :func:`classify` ``(Document) → (Metadata, [Diagnostic])``; never raises on content.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable, Mapping, Optional, Union

from ..model import Diagnostic, Document, Line, Metadata, Severity, Source
from ..rules.extract_words import load_extract_words
from ..rules.classify import DECISION_ORDER, GROUP_OF_SCOPE, ClassifyRules, Signal, load_rules
from ..rules.reference import load_gazetteer
from .classify_region import locate_text, locate_unit, province_in, template_of, unit_codes
from .classify_unit import (Candidate, find_unit, fold, form_unit, menu_lines, region_of,
                            strip_qualifier, with_place)
from .token_literals import LineIndex, Required, one_literal, required_literals

ScopedLine = tuple[str, Source]
#: a value a signal counts for a field: a year as a number, kind and level by their word (None: a
#: signal that names no value)
FieldValue = Union[int, str, None]
_TABLE_TITLE = load_extract_words()["classify"].rx["table_title"]  # compiled once


@dataclass
class Tally:
    """Scores of one field's values in one decision group, with the best line for each."""

    score: dict[FieldValue, float] = field(default_factory=lambda: defaultdict(float))
    #: value → ((single printed line, weight), its line): the heaviest single line wins
    best: dict[FieldValue, tuple[tuple[bool, float], Source]] = field(default_factory=dict)

    def add(self, value: FieldValue, weight: float, source: Source, single_line: bool = True) -> None:
        """Add a match; the evidence kept is the heaviest single printed line (a joined cover
        is evidence only when no single line says the same)."""
        self.score[value] += weight
        rank = (single_line, weight)
        if value not in self.best or rank > self.best[value][0]:
            self.best[value] = (rank, source)

    def winner(self) -> FieldValue:
        """The value with the highest score (ties: the one printed first); None when none."""
        if not self.score:
            return None
        return max(self.score, key=lambda v: (self.score[v], -_position(self.best[v][1])))


def _position(source: Source) -> int:
    """Ties go to the value printed first."""
    return (source.page or 0) * 100000 + (source.line or 0)


def _src(document: Document, line: Line, text: Optional[str] = None) -> Source:
    return Source(file=document.path, page=line.page, line=line.number, bbox=line.bbox,
                  table=line.table, text=text if text is not None else line.text)


# ---------------------------------------------------------------------------------------------
# Scopes
# ---------------------------------------------------------------------------------------------


def build_scopes(document: Document, rules: ClassifyRules) -> dict[str, list[ScopedLine]]:
    """Lines grouped by where they sit: cover, head, table titles, body (see classify.toml)."""
    s = rules.settings
    body = [(ln.text, _src(document, ln)) for ln in document.lines() if ln.text.strip()]
    head = [(t, src) for t, src in body if (src.page or 1) <= s["head_pages"]][: s["head_lines"]]
    head = [(t, src) for t, src in head if len(t.strip()) <= s["head_max_chars"]]
    above = [(ln.text, _src(document, ln)) for t in document.tables for ln in t.title_lines]
    return {"cover": _cover(document, rules), "head": head, "table": _table_titles(document),
            "body": body, "above_tables": above}


def _cover(document: Document, rules: ClassifyRules) -> list[ScopedLine]:
    """The first page with text as one joined line when it is a cover page (few lines: a title
    wrapped like 上海市普陀区规划和自然 / 资源局 / 2024年度部门决算), else its first four lines
    joined; plus the document's own title property (HTML <title>, PDF Title) when it has one."""
    out = [(v.strip(), Source(file=document.path, text=v.strip())) for k, v in document.info
           if k.lower() == "title" and len(v.strip()) >= 4]
    page = next((p for p in document.pages if any(ln.text.strip() for ln in p.lines)), None)
    if page is None:
        return out
    lines = [ln for ln in page.lines if ln.text.strip()]
    # a portal's menu or search box above the title is no part of it ("财政局 / 搜本站 / 搜索 /
    # 2021年度新疆昌吉回族自治州团委部门决算公开说明" named the site's 财政局)
    menu = menu_lines([(ln.text, None) for ln in lines], rules)
    lines = [ln for i, ln in enumerate(lines) if i not in menu]
    if len(lines) > rules.settings["cover_max_lines"]:
        lines = lines[:4]
    text = " ".join(ln.text.strip() for ln in lines)
    return [(text, _src(document, lines[0], text))] + out


def _table_titles(document: Document) -> list[ScopedLine]:
    """Titles of tables: the readers' ``title_lines`` and free lines that end in …表."""
    seen, out = set(), []
    candidates = [ln for t in document.tables for ln in t.title_lines]
    candidates += [ln for ln in document.lines() if ln.table is None]
    for ln in candidates:
        text = ln.text.strip()
        if len(text) <= 80 and _TABLE_TITLE.search(text) and (ln.page, ln.number) not in seen:
            seen.add((ln.page, ln.number))
            out.append((text, _src(document, ln)))
    return out


# ---------------------------------------------------------------------------------------------
# Signals
# ---------------------------------------------------------------------------------------------


def mask(text: str, rules: ClassifyRules) -> str:
    """Hide neutral phrases (一般公共预算, 预算单位, 事业单位 ...) so that 预算/决算/单位 left in
    the line speak of the document itself. Offsets are kept (each char becomes □)."""
    return rules.mask.sub(lambda m: m[0] if m[0] in rules.keep else "□" * len(m[0]), text)


def _year_ok(text: str, m: re.Match, rules: ClassifyRules) -> bool:
    before = text[max(0, m.start("year") - 3):m.start("year")]
    if before.rstrip().endswith(rules.year_skip_before):
        return False
    after = text[m.end("year"):].lstrip()
    after = after[1:].lstrip() if after.startswith("年") else after
    return not rules.year_skip_after.match(after)


_DIGITS = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)},
                         **dict(zip("〇零一二三四五六七八九", "00123456789"))})
_CN_YEAR = re.compile(r"[〇零一二三四五六七八九０-９]{4}(?=\s*年)")


def _prepare(text: str, rules: ClassifyRules, needs: tuple[Optional[str], Optional[str]]
             ) -> tuple[str, str]:
    """(masked, unmasked) matching copies of a line: folded to simplified characters, years
    printed as 二〇二四 or ２０２４ turned into digits, and never-the-year spans (〔2024〕, 《…》,
    dates) blanked. Every step keeps offsets. ``needs``: the two patterns' :func:`one_literal`
    (a line without it is as the substitution leaves it: most lines print no year before 年)."""
    folded = fold(text, rules)
    if needs[0] is None or needs[0] in folded:
        folded = _CN_YEAR.sub(lambda m: m[0].translate(_DIGITS), folded)
    if needs[1] is None or needs[1] in folded:
        folded = rules.year_remove.sub(lambda m: " " * len(m[0]), folded)
    return mask(folded, rules), folded


# The literals each signal's pattern cannot match without, per compiled pattern.
_REQUIRED: dict[re.Pattern, Required] = {}


def _apply(signal: Signal, scope: str, lines: list[tuple[str, str, Source]], rules: ClassifyRules,
           tallies: Tallies, index: Callable[[bool], LineIndex]) -> None:
    weight = signal.weight * rules.scope_weight[scope]
    group = signal.group or GROUP_OF_SCOPE[scope]
    if signal.regex not in _REQUIRED:
        _REQUIRED[signal.regex] = required_literals(signal.regex)
    need = _REQUIRED[signal.regex]
    # only the lines holding a literal every match holds (see .token_literals), in order
    held = lines if need is None else [lines[k] for k in index(signal.masked).holding(need)]
    for masked, unmasked, src in held:
        prepared = masked if signal.masked else unmasked
        for m in signal.regex.finditer(prepared):
            value: int | str | None  # a year is counted as a number, other fields by their word
            if signal.field == "year":
                if not _year_ok(prepared, m, rules):
                    continue
                value = int(m["year"])
            else:
                value = signal.value
            tallies[signal.field][group].add(value, weight, src, scope != "cover")
            break


def score(scopes: dict[str, list[ScopedLine]], rules: ClassifyRules) -> Tallies:
    """field → decision group → Tally, from every signal over its scopes (a field or group read
    for the first time is an empty one: the mappings are defaultdicts)."""
    tallies: defaultdict[str, defaultdict[str, Tally]] = defaultdict(lambda: defaultdict(Tally))
    done: dict[str, tuple[str, str]] = {}  # the head and table titles are body lines again
    needs = one_literal(_CN_YEAR), one_literal(rules.year_remove)

    def prepare(text: str) -> tuple[str, str]:
        found = done.get(text)
        if found is None:
            found = done[text] = _prepare(text, rules, needs)
        return found

    prepared = {name: [(*prepare(text), src) for text, src in lines]
                for name, lines in scopes.items() if name != "above_tables"}
    indexes: dict[tuple[str, bool], LineIndex] = {}  # per scope, its masked or unmasked lines

    def index_of(scope: str) -> Callable[[bool], LineIndex]:
        def index(masked: bool) -> LineIndex:
            found = indexes.get((scope, masked))
            if found is None:
                found = indexes[scope, masked] = LineIndex(
                    [ln[0] if masked else ln[1] for ln in prepared[scope]])
            return found
        return index

    for signal in rules.signals:
        for scope in signal.scopes:
            if scope in prepared:
                _apply(signal, scope, prepared[scope], rules, tallies, index_of(scope))
    return tallies


def _entity_level(unit: Optional[str], source: Optional[Source], rules: ClassifyRules,
                  tallies: Tallies) -> None:
    """Grassroots institutions (卫生院, 学校, 幼儿园 ...) are budget units whatever the title.

    Other entity types only give a prior, consulted when nothing printed says 部门 or 单位 (a
    三公-only page of 文物保护中心): institutions (中心, 站, 馆, 所 …) lean to 单位, organs of
    government (局, 委员会, 政务服务中心 …) to 部门; the longest matching ending decides."""
    if not unit or not source:
        return
    name = fold(strip_qualifier(unit, rules), rules)
    if name.endswith(rules.unit_entity_suffixes):
        tallies["level"]["unit"].add("unit", rules.unit_entity_weight, source)
        return
    endings = [(len(s), "unit") for s in rules.prior_unit_suffixes if name.endswith(s)]
    endings += [(len(s), "department") for s in rules.prior_department_suffixes if name.endswith(s)]
    if endings:
        tallies["level"]["prior"].add(max(endings)[1], 1.0, source)


# ---------------------------------------------------------------------------------------------
# Decisions and conflicts
# ---------------------------------------------------------------------------------------------

_FIELD_ZH = {"kind": "类型（预算/决算）", "year": "年度", "level": "层级（部门/单位）"}
_VALUE_ZH: Mapping[FieldValue, str] = {"budget": "预算", "final": "决算", "department": "部门", "unit": "单位"}


def _where(src: Source) -> str:
    return f"p{src.page}:{src.line} “{src.text[:40]}”"


#: field → decision group → tally (see :func:`score`)
Tallies = Mapping[str, Mapping[str, Tally]]


def decide(field_name: str, groups: Mapping[str, Tally], rules: ClassifyRules
           ) -> tuple[FieldValue, Optional[Source], Optional[Diagnostic]]:
    """(value, evidence Source, conflict Diagnostic | None) for one field: the first decision
    group with a value wins; a title or table group that says otherwise (with enough weight)
    becomes a metadata-conflict warning naming both sources."""
    order = DECISION_ORDER[field_name]
    chosen = next(((g, groups[g].winner()) for g in order if g in groups and groups[g].winner()
                   is not None), None)
    if chosen is None:
        return None, None, None
    group, value = chosen
    evidence = groups[group].best[value][1]
    minimum = rules.settings["conflict_min_score"]
    for other in ("title", "table"):
        tally = groups.get(other)
        if other == group or tally is None or tally.winner() in (None, value):
            continue
        rival = tally.winner()
        if tally.score[rival] < minimum or tally.score[rival] <= tally.score.get(value, 0.0):
            continue
        return value, evidence, _conflict(field_name, value, evidence, rival, tally.best[rival][1])
    return value, evidence, None


def _conflict(field_name: str, value: FieldValue, src: Source, rival: FieldValue,
              rival_src: Source) -> Diagnostic:
    zh_v, zh_r = _VALUE_ZH.get(value, value), _VALUE_ZH.get(rival, rival)
    return Diagnostic(
        code="metadata-conflict", severity=Severity.WARNING,
        message=(f"{_FIELD_ZH[field_name]}不一致：采用“{zh_v}”（{_where(src)}），"
                 f"但另处为“{zh_r}”（{_where(rival_src)}）"),
        message_en=(f"{field_name} disagrees: using {value!r} from {_where(src)}, "
                    f"but {rival!r} at {_where(rival_src)}"),
        source=rival_src)


def _is_disclosure(scopes: dict[str, list[ScopedLine]], rules: ClassifyRules) -> bool:
    """Whether the body holds ``disclosure_min_hits`` disclosure words; the title of an
    attachment printed with its year (绩效自评表(2022年度), 2024年度项目支出绩效单位自评报告,
    2017年…收支决算总表) is enough by itself: such a page is the attachment and may print no
    other budget word. Counted line by line up to the bound (the count beyond it was never
    read); the attachment's pattern (≈ 4 µs a line) only in a body short of it."""
    need, hits = rules.settings["disclosure_min_hits"], 0
    body = iter(scopes["body"])
    while hits < need:
        line = next(body, None)
        if line is None:
            break
        hits += len(rules.disclosure.findall(fold(line[0], rules)))
    else:
        return True
    return rules.attachment is not None and any(
        rules.attachment.search(text) and not (
            rules.attachment_not and rules.attachment_not.search(text))
        for text in (fold(text, rules) for text, _ in scopes["body"]))


def _not_a_disclosure(document: Document) -> Diagnostic:
    return Diagnostic(
        code="not-a-disclosure", severity=Severity.ERROR,
        message="不是预算或决算公开文件：未找到预算/决算收支内容",
        message_en="not a budget or final-account disclosure: no budget/final vocabulary found",
        source=Source(file=document.path, text="<classify>"))


def classify(document: Document, rules: Optional[ClassifyRules] = None
             ) -> tuple[Metadata, list[Diagnostic]]:
    """Metadata of ``document`` read from its content, with evidence, and diagnostics
    (``metadata-conflict`` and ``metadata-missing`` warnings, ``not-a-disclosure`` error)."""
    rules = rules or load_rules()
    scopes = build_scopes(document, rules)
    unit = find_unit(scopes["cover"], scopes["head"], rules, scopes["above_tables"], scopes["body"])
    lines = scopes["cover"] + scopes["head"] + scopes["body"][:rules.settings["head_lines"]]
    unit = with_place(unit, lines, rules)
    evidence: list[tuple[str, Source]] = []
    if unit:
        evidence.append(("unit", unit.source))
    if not _is_disclosure(scopes, rules):
        return (Metadata(unit=unit.name if unit else None, is_disclosure=False,
                         evidence=tuple(evidence)), [_not_a_disclosure(document)])
    tallies = score(scopes, rules)
    if unit is None:  # a form's own cells, its level word deciding which label is read first
        level_word = _word(decide("level", tallies.get("level", {}), rules)[0])
        unit = with_place(form_unit(scopes["body"], rules, level_word), lines, rules)
        evidence += [("unit", unit.source)] if unit else []
    _entity_level(unit.name if unit else None, unit.source if unit else None, rules, tallies)
    values: dict[str, FieldValue] = {}
    diagnostics: list[Diagnostic] = []
    for name in ("kind", "year", "level"):
        value, src, conflict = decide(name, tallies.get(name, {}), rules)
        values[name] = value
        if src is not None:
            evidence.append((name, src))
        if conflict is not None:
            diagnostics.append(conflict)
    year, kind, level = _year(values["year"]), _word(values["kind"]), _word(values["level"])
    region, region_code, region_src = _region(unit, scopes, rules, year)
    if region_src is not None:
        evidence.append(("region", region_src))
    template = template_of(region, scopes["head"] + scopes["cover"], rules)
    metadata = Metadata(unit=unit.name if unit else None, region=region, year=year,
                        kind=kind, level=level or "department",
                        template=template, is_disclosure=True, evidence=tuple(evidence),
                        region_code=region_code)
    missing = [f for f in ("kind", "year", "unit") if getattr(metadata, f) is None]
    return metadata, diagnostics + [_missing(document, missing)] if missing else diagnostics


def _year(value: FieldValue) -> Optional[int]:
    """The year decided: its signals count numbers only (:func:`_apply`), which this tells the
    type check (a value of another type cannot occur)."""
    return value if isinstance(value, int) else None


def _word(value: FieldValue) -> Optional[str]:
    """A kind or level decided: their signals count words only (see :func:`_year`)."""
    return value if isinstance(value, str) else None


def _region(unit: Optional[Candidate], scopes: dict[str, list[ScopedLine]], rules: ClassifyRules,
            year: Optional[int]) -> tuple[Optional[str], Optional[str], Optional[Source]]:
    """(region, 6-digit code, evidence) read against the gazetteer: from the unit name, then
    the title/cover/head lines, then the body's first province or city. A unit name whose
    places the gazetteer does not know keeps the printed suffix-rule region, without a code."""
    gaz = load_gazetteer(year)
    name, source = (unit.name, unit.source) if unit else (None, None)
    head = scopes["cover"] + scopes["head"]
    body = scopes["body"][: rules.region_body_lines]
    if gaz is not None:
        place = locate_unit(name, source, head + body, gaz, rules)
        if place:
            return place.name, place.code, source
    if name and (gaz is None or unit_codes(name, gaz, rules) is None):
        printed = region_of(name, rules)
        if printed:
            return printed, None, source
    found = locate_text(head, body, gaz, rules) if gaz is not None else None
    if found:
        return found[0].name, found[0].code, found[1]
    province = province_in(scopes["head"], rules)
    return (province[0], None, province[1]) if province else (None, None, None)


def _missing(document: Document, fields: list[str]) -> Diagnostic:
    zh = "、".join({"kind": "类型（预算/决算）", "year": "年度", "unit": "单位名称"}[f] for f in fields)
    return Diagnostic(
        code="metadata-missing", severity=Severity.WARNING,
        message=f"未能从内容识别：{zh}", message_en=f"not found in the content: {', '.join(fields)}",
        source=Source(file=document.path, text="<classify>"))
