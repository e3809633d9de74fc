"""The gazetteer of administrative divisions (行政区划) as a queryable index.

Why an index of names: documents print places in many forms — the official name (寻甸回族彝族
自治县), a short form with its suffix (寻甸县, 红河州) or a bare short name (运城, 新疆) — and the
same name can denote several divisions (朝阳区 in Beijing and Changchun; 鼓楼区 in four cities).
The index maps each form to every division it may denote, with the kind of form, so that callers
decide with the hierarchy (a child under its printed parent) instead of guessing.

Data: ``regions_<year>.csv`` (see ``scripts/build_regions.py``), loaded and validated by
:func:`data.load_regions`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Optional

from .data import Region, load_regions, select_year

#: kinds of name form, from the most to the least trusted
NAME, ALIAS, SHORT = "name", "alias", "short"


@dataclass(frozen=True)
class Gazetteer:
    """Divisions by code and by every printed form of their names."""

    year: int
    regions: dict[str, Region]
    forms: dict[str, tuple[tuple[str, str], ...]]  # form → ((code, kind), ...)
    longest: int

    def ancestors(self, code: str) -> tuple[str, ...]:
        """Codes above ``code``, nearest first (530129 → 530100, 530000)."""
        out = []
        parent = self.regions[code].parent if code in self.regions else ""
        while parent:
            out.append(parent)
            parent = self.regions[parent].parent
        return tuple(out)

    def within(self, code: str, ancestor: str) -> bool:
        """``code`` is ``ancestor`` or lies under it."""
        return code == ancestor or ancestor in self.ancestors(code)

    def full_name(self, code: str) -> str:
        """Official names from the province down: 530129 → 云南省昆明市寻甸回族彝族自治县."""
        chain = (*reversed(self.ancestors(code)), code)
        return "".join(self.regions[c].name for c in chain)

    def common_ancestor(self, codes: Iterable[str]) -> Optional[str]:
        """The lowest division containing every code (the level that is certain), or None."""
        codes = list(codes)
        if not codes:
            return None
        shared = [c for c in (codes[0], *self.ancestors(codes[0])) if all(self.within(x, c) for x in codes)]
        return shared[0] if shared else None

    def lookup(self, form: str) -> tuple[tuple[str, str], ...]:
        return self.forms.get(form, ())


def build_gazetteer(year: int, regions: Iterable[Region]) -> Gazetteer:
    by_code = {r.code: r for r in regions}
    forms: dict[str, list[tuple[str, str]]] = {}
    for r in by_code.values():
        for kind, names in ((NAME, (r.name,)), (ALIAS, r.aliases), (SHORT, r.short)):
            for n in names:
                if (r.code, NAME) not in forms.get(n, []):
                    forms.setdefault(n, []).append((r.code, kind))
    longest = max((len(f) for f in forms), default=0)
    return Gazetteer(year, by_code, {k: tuple(v) for k, v in forms.items()}, longest)


def load_gazetteer(year: Optional[int] = None) -> Optional[Gazetteer]:
    """The gazetteer for ``year`` (nearest shipped year ≤ it, else the earliest), or None when
    no gazetteer is shipped."""
    chosen = select_year(load_regions(), year)
    return _gazetteer(chosen) if chosen is not None else None


@lru_cache(maxsize=None)
def _gazetteer(chosen: int) -> Gazetteer:
    """Built once per shipped year and process: keyed by the document's year, a small cache was
    rebuilt for every batch that mixes more years than it held (the wide corpus spans ten)."""
    return build_gazetteer(chosen, load_regions()[chosen])
