"""The region of a disclosure, read against the gazetteer of administrative divisions.

Why a gazetteer and not suffix rules: units print places without their suffix (运城铁路中学),
abbreviated (云南寻甸产业园区, 寻甸县 for 寻甸回族彝族自治县), or ambiguously (朝阳区 is in
Beijing and Changchun). Matching real division names — longest first, each next name under the
one before — gives the official name and its 6-digit code, and lets a parent printed nearby settle
an ambiguous name; when nothing settles it, the region stays at the level all readings share.

Trust of name forms (see ``rules/reference/regions.py``): an official name or a short name with
its suffix (寻甸县, 红河州) is read anywhere; a bare short name (运城, 寻甸) only at the start of a
unit name (provinces and prefectures) or directly under its printed parent, and never where an
organisation word or a known non-place word starts (荆州市公安局 is not 公安县; 中山大学 is not
中山市): both lists are ``[region]`` data in ``rules/classify.toml``.

Entry points: :func:`locate_unit`, :func:`locate_text` (title/head lines, then body), :func:`place_of_text`,
:func:`region_consistent` (a printed region such as a manifest's against a found code);
:func:`province_in` and :func:`template_of` (the province a head prints, the regional template).
"""

from __future__ import annotations

import re
from typing import Iterator, NamedTuple, Optional, Sequence

from ..model import Source
from ..rules.reference.regions import SHORT, Gazetteer
from ..rules.classify import ClassifyRules
from .classify_names import fold

ALL_LEVELS = ("province", "prefecture", "county")


class Place(NamedTuple):
    """A resolved division: its code and official full name (province down)."""

    code: str
    name: str


class _Chain(NamedTuple):
    codes: frozenset  # the divisions the deepest name may denote
    start: int
    end: int


def _text(raw: str, rules: ClassifyRules) -> str:
    return fold(re.sub(r"\s+", "", raw or ""), rules)


def _admissible(code: str, kind: str, form: str, within: Optional[frozenset], text: str, pos: int,
                gaz: Gazetteer, rules: ClassifyRules, first: tuple[str, ...], short: bool) -> bool:
    """May this reading of ``form`` stand at ``pos``? Under a chain (``within``): only a
    division below it. At a chain's start: a level in ``first``, a bare short name only when
    ``short`` (a unit name's start) or followed by a zone word (贵阳国家高新区), and not of a county,
    a county's official name only when long enough (寿县 only at a unit name's start)."""
    region = gaz.regions[code]
    zone = kind == SHORT and text.startswith(rules.zone_words, pos + len(form)) if rules.zone_words else False
    if kind == SHORT and (not (short or zone) or any(text.startswith(w, pos)
                                                     for w in rules.region_stop_words + rules.not_place_words)):
        return False
    if within is not None:
        return any(code != w and gaz.within(code, w) for w in within)
    if region.level not in first or form in rules.not_regions:
        return False
    if kind == SHORT:
        return region.level != "county"
    return (region.level != "county" or len(form) > rules.county_min_chars
            or (short and form.endswith(rules.short_county_suffixes)))


def _step(text: str, pos: int, within: Optional[frozenset], gaz: Gazetteer, rules: ClassifyRules,
          first: tuple[str, ...], short: bool = True) -> Optional[tuple[frozenset, int]]:
    """The longest name form at ``pos`` that may stand there: (its divisions, end)."""
    for end in range(min(len(text), pos + gaz.longest), pos + 1, -1):
        form = text[pos:end]
        hits = {c for c, kind in gaz.lookup(form)
                if _admissible(c, kind, form, within, text, pos, gaz, rules, first, short)}
        if hits:
            return frozenset(hits), end
    return None


def chain_at(text: str, pos: int, gaz: Gazetteer, rules: ClassifyRules,
             first: tuple[str, ...] = ALL_LEVELS, short_first: bool = False) -> Optional[_Chain]:
    """Division names printed one under the other from ``pos`` (云南 寻甸; 上海市 普陀区)."""
    found = _step(text, pos, None, gaz, rules, first, short=short_first)
    if found is None:
        return None
    codes, end = found
    while (nxt := _step(text, end, codes, gaz, rules, first)) is not None:
        codes, end = nxt
    return _Chain(codes, pos, end)


def chains_in(text: str, gaz: Gazetteer, rules: ClassifyRules,
              first: tuple[str, ...] = ALL_LEVELS) -> list[_Chain]:
    """Every chain in ``text``, left to right, not overlapping (names with a suffix only)."""
    out, pos = [], 0
    while pos < len(text):
        chain = chain_at(text, pos, gaz, rules, first)
        if chain is None:
            pos += 1
            continue
        out.append(chain)
        pos = chain.end
    return out


def _deepen(text: str, chain: _Chain, gaz: Gazetteer, rules: ClassifyRules) -> frozenset:
    """A division under the chain named later in the unit (随州市公安局曾都区分局 → 曾都区)."""
    codes = chain.codes
    for pos in range(chain.end, len(text)):
        found = _step(text, pos, codes, gaz, rules, ALL_LEVELS, short=False)
        if found:
            codes = found[0]
    return codes


def unit_codes(name: Optional[str], gaz: Gazetteer, rules: ClassifyRules) -> Optional[frozenset]:
    """The divisions a unit name places itself in: a chain at its start (bare short names of
    provinces and prefectures allowed), else the first chain with suffixes inside it."""
    text = _text(name or "", rules)
    for prefix in rules.org_prefixes:
        if text.startswith(prefix):
            text = text[len(prefix):]
    chain = chain_at(text, 0, gaz, rules, short_first=True)
    if chain is None:
        chains = chains_in(text, gaz, rules)
        chain = chains[0] if chains else _before_ending(text, gaz, rules)
    return _deepen(text, chain, gaz, rules) if chain else None


def _before_ending(text: str, gaz: Gazetteer, rules: ClassifyRules) -> Optional[_Chain]:
    """A province's or prefecture's bare short name right before the entity word that ends the
    name is its place (清华附中福州学校: 福州市, the school's campus named by its city); a pair of
    characters anywhere else is no place (大同路小学, 长治久安小学: a road, a phrase)."""
    for ending in sorted(rules.unit_entity_suffixes, key=len, reverse=True):
        if not text.endswith(ending) or len(text) <= len(ending):
            continue
        head = text[:-len(ending)]
        for start in range(max(0, len(head) - 3), len(head) - 1):
            form = head[start:]
            hits = {c for c, kind in gaz.lookup(form)
                    if kind == SHORT and gaz.regions[c].level in ("province", "prefecture")}
            if hits and not any(head.startswith(w, start) for w in rules.not_place_words):
                return _Chain(frozenset(hits), start, len(head))
    return None


def resolve(codes: Optional[frozenset], context: Sequence[str], gaz: Gazetteer) -> Optional[str]:
    """One code from the readings of a name: narrowed by places printed nearby (``context``, in
    order of trust), else the lowest division all remaining readings share."""
    if not codes:
        return None
    left = set(codes)
    for place in context:
        inside = {c for c in left if gaz.within(c, place)}
        if inside:
            left = inside
        if len(left) == 1:
            break
    return next(iter(left)) if len(left) == 1 else gaz.common_ancestor(left)


def _line_places(lines: Sequence[tuple[str, Source]], gaz: Gazetteer, rules: ClassifyRules,
                 first: tuple[str, ...] = ALL_LEVELS) -> Iterator[tuple[str, Source]]:
    """(code, source) of each place printed in ``lines`` that resolves on its own, each line read
    up to ``region_line_chars`` (a place is named early; a line longer than that is no prose)."""
    for raw, src in lines:
        for chain in chains_in(_text(raw[:rules.region_line_chars], rules), gaz, rules, first):
            code = resolve(chain.codes, (), gaz)
            if code:
                yield code, src


def locate_unit(unit_name: Optional[str], unit_src: Optional[Source], context_lines: Sequence[tuple[str, Source]],
                gaz: Gazetteer, rules: ClassifyRules) -> Optional[Place]:
    """The region a unit name places itself in; an ambiguous name (朝阳区, 鼓楼区) is settled by
    a parent printed on the unit's own line, then on ``context_lines`` (head, body), else left at
    the level all readings share (None when they share none)."""
    codes = unit_codes(unit_name, gaz, rules)
    if not codes:
        return None
    context = [c for c, _ in _line_places([(unit_src.text, unit_src)], gaz, rules)] if unit_src else []
    if len(codes) > 1:
        context += [c for c, _ in _line_places(context_lines, gaz, rules)]
    code = resolve(codes, context, gaz)
    return Place(code, gaz.full_name(code)) if code else None


def locate_text(head: Sequence[tuple[str, Source]], body: Sequence[tuple[str, Source]], gaz: Gazetteer,
                rules: ClassifyRules) -> Optional[tuple[Place, Source]]:
    """The first place printed on the title/cover/head lines, else the body's first province or
    city (counties in running text only under their printed parent), with its line."""
    for lines, first in ((head, ALL_LEVELS), (body, rules.body_start_levels)):
        found = next(_line_places(lines, gaz, rules, first), None)
        if found:
            return Place(found[0], gaz.full_name(found[0])), found[1]
    return None


def place_of_text(text: str, gaz: Gazetteer, rules: ClassifyRules) -> Optional[Place]:
    """The division a printed region names (宁夏回族自治区固原市泾源县, 云南省红河州元阳县);
    bracketed notes such as (省级) are ignored."""
    cleaned = re.sub(r"[(（][^)）]*(?:[)）]|$)", "", text or "")
    code = resolve(unit_codes(cleaned, gaz, rules), (), gaz)
    return Place(code, gaz.full_name(code)) if code else None


def region_consistent(found_code: Optional[str], printed: str, gaz: Gazetteer,
                      rules: ClassifyRules) -> Optional[bool]:
    """Whether a found region agrees with a printed one: the same division or one under it
    (the same county; the same prefecture when the printed region stops there). None when the
    printed region names no known division."""
    expected = place_of_text(printed, gaz, rules)
    if expected is None:
        return None
    if not found_code:
        return False
    return gaz.within(found_code, expected.code)


def province_in(lines: Sequence[tuple[str, Source]], rules: ClassifyRules
                ) -> Optional[tuple[str, Source]]:
    """The first province name printed in ``lines``, with its line (when the unit name carries
    no region)."""
    for text, src in lines:
        folded = fold(text, rules)
        for p in rules.provinces:
            if p in folded:
                return p, src
    return None


def template_of(region: Optional[str], lines: Sequence[tuple[str, Source]],
                rules: ClassifyRules) -> Optional[str]:
    """A regional template key from the region's province, else from template markers."""
    if region:
        for t in rules.templates:
            if region.startswith(t.provinces):
                return t.key
    for t in rules.templates:
        if t.markers and any(any(m in text for m in t.markers) for text, _ in lines):
            return t.key
    return None
