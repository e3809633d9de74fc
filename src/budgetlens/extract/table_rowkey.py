"""Row keys of a table: a row's code and name, codes printed short or by name only, and the
measure a keyed row's figure is filed under.

Why apart from the cells (``table_cells.py``): a row is keyed in as many ways as regions print
their classifications (code in its own cell, code and name in one, 208 | 05 | 05 split over 类 |
款 | 项 columns, 两位 款 codes, names without codes under a 类 row); reading that key is one
question, turning a cell into a fact with its basis and unit is another. The words a key is read
by (类/款/项, the 支出 a numbered 类 may drop) are data: ``rules/extract_words.toml`` [cells].
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Optional

from ..rules.extract_words import load_extract_words
from ..rules.reference import lookup_function_by_name
from ..rules.table_layouts import Family, LabelAlias
from .table_grid import CODE_RE, norm

if TYPE_CHECKING:
    from .table_cells import TableContext

_WORDS = load_extract_words()["cells"]  # compiled once per process
_SPLIT_KEYS = _WORDS.words["split_keys"]
_LEVEL_SUFFIX_RE = _WORDS.rx["level_suffix"]
_LEI_SUFFIXES = _WORDS.words["lei_suffix"]
_BARE_NUMBERING_RE = _WORDS.rx["bare_numbering"]
_TRAILING_COLON_RE = re.compile(r"[：:]+$")


def strip_numbering(label: str, ctx: "TableContext") -> str:
    s = norm(label)
    for pat in ctx.layouts.recognition.numbering:
        s = pat.sub("", s, count=1)
    s = _TRAILING_COLON_RE.sub("", s)
    return _LEVEL_SUFFIX_RE.sub("", s)


def lei_code(name: str, ctx: "TableContext") -> Optional[str]:
    """The 类 code of a function name printed without a code (summary tables).

    A name without its 支出 is a 类 only when numbered as one (陕西 1、一般公共服务): unnumbered,
    it may be a 款 of another 类 (深圳 五、援助其他地区支出 / 住房保障)."""
    target = strip_numbering(name, ctx)
    numbered = target != norm(name)
    for lei_name, code in ctx.layouts.lei_names:
        short = next((lei_name[:-len(s)] for s in _LEI_SUFFIXES if lei_name.endswith(s)),
                     lei_name) if numbered else lei_name
        if target in (lei_name, short):
            return code
    return _barely_numbered(target, ctx)


def _barely_numbered(target: str, ctx: "TableContext") -> Optional[str]:
    """The 类 code of a name whose numbering lost its 、 ("一一般公共服务支出", "二十二灾害防治及应急
    管理支出"): a numeral run taken off only when the rest is a 类's full name, so "一般…" itself
    or a name that merely opens with a numeral is never cut."""
    names = dict(ctx.layouts.lei_names)
    for n in range(1, len(target)):
        if not _BARE_NUMBERING_RE.fullmatch(target[:n]):
            break
        if target[n:] in names:
            return names[target[n:]]
    return None


@dataclass(frozen=True)
class RowKey:
    """A data row's key: a normalised code (``""`` if none) and the printed name."""

    code: str
    name: str
    mapped: bool = False  # the code was not printed: it is the reference code of the name
    #: a second code printed in a key cell of its own (西安 部门经济科目 30206 × 政府经济科目
    #: 50201): the row is one cell of a crosswalk, not the figure of ``code`` alone
    pair: str = ""

    @property
    def label(self) -> str:
        return self.name if self.mapped else f"{self.code} {self.name}".strip()


def read_row_key(ctx: "TableContext", row: int, keys: list[int], prev: str) -> RowKey:
    """Code and name of a row: code in its own cell, with the name, spaced, or split in 类/款/项.

    Split codes (上海 ``208 | 05 | 05``) inherit a blank 类/款 part from the previous code row.
    """
    cols = ctx.view.columns
    split = [c for c in keys if cols[c].leaf in _SPLIT_KEYS]
    texts = {c: norm(ctx.view.cell(row, c)) for c in keys}
    if len(split) >= 2:
        parts = [texts[c] for c in split]
        if any(parts) and all(re.fullmatch(r"\d*", p) for p in parts):
            code = _join_split(parts, prev)
            name = " ".join(ctx.view.cell(row, c).strip() for c in keys
                            if c not in split and ctx.view.cell(row, c).strip())
            return RowKey(code, name)
    joined = " ".join(ctx.view.cell(row, c).strip() for c in keys if ctx.view.cell(row, c).strip())
    m = CODE_RE.match(joined)
    if m:
        code = "".join(g for g in m.groups() if g)
        unit = ctx.layouts.recognition.unit_header
        codes = {c: t for c, t in texts.items() if not unit.search(cols[c].leaf)}
        return RowKey(code, joined[m.end():].strip(" 　-—:：、"), pair=_second_code(codes, code))
    return RowKey("", joined)


_CODE_CELL_RE = re.compile(r"\d{3}(\d{2}){0,2}")


def _second_code(texts: dict[int, str], code: str) -> str:
    """The code of a second code cell of the row (two classifications keying one row), or ""."""
    cells = [t for t in texts.values() if _CODE_CELL_RE.fullmatch(t)]
    if len(cells) < 2 or cells[0] != code:
        return ""
    return cells[1]


_SHORT_KUAN_RE = re.compile(r"^(\d{2})(?!\d)\s*(\S.*)$")


def short_codes(ctx: "TableContext", rows: list[tuple[int, RowKey]]) -> list[tuple[int, RowKey]]:
    """款 rows printed with their two digits only (西安: ``208 社会保障和就业支出`` / ``05
    行政事业单位离退休`` / ``2080505 …``) read as 类 + 款 (20805).

    Why guarded: a two-digit row is a 款 only where the 类 above it is known (the last code row's
    first three digits) and the level is unambiguous: an economic table has no level below 款,
    and a function table printing full 项 codes shows the 款 by a 项 row below it that starts with
    类 + 款. Elsewhere (208 / 05 / 05 printed as one column) the row is left unread. The label
    keeps the digits as printed."""
    codes = [k.code for _, k in rows if k.code]
    out, lei = [], ""
    for i, (row, key) in enumerate(rows):
        if key.code:
            lei = key.code[:3]
        m = _SHORT_KUAN_RE.match(key.name) if not key.code and lei else None
        if m is not None:
            code = lei + m.group(1)
            below = [c for c in codes if len(c) == 7 and c.startswith(code)]
            if ctx.family.row_key == "economic" or below:
                key = RowKey(code, key.name, mapped=True)
        out.append((row, key))
    return out


def named_function_codes(ctx: "TableContext", rows: list[tuple[int, RowKey]],
                         is_label: Callable[[str], bool]) -> dict[int, str]:
    """款 and 项 rows printed by name only under a 类 row (深圳 收支总表: 四、卫生健康支出 /
    行政事业单位医疗 / 行政单位医疗): row → the reference code of the name.

    Why narrow: 款/项 names repeat under many 类 (行政运行), so a name is looked up only under the
    类 above it (a 款: five digits) or the 款 above it (a 项: seven digits); an ambiguous or unknown
    name (其他科学技术支出: the 款 and its 项 share it) is left unread. The caller reads these rows
    alone: a name left unread, here or on the next page, would make 类 = Σ 款 fail. A labelled row
    (``is_label``: 本年支出合计, 结转下年) ends the 类 list. The last code read is kept in
    ``ctx.lei``: a page continuing the table goes on under it."""
    out: dict[int, str] = {}
    lei, kuan = ctx.lei[:3], ctx.lei[:5] if len(ctx.lei) >= 5 else ""  # carried from the page before
    for row, key in rows:
        code = key.code or (lei_code(key.name, ctx) or "" if key.name else "")
        if code:
            lei, kuan = code[:3], code[:5] if len(code) >= 5 else ""
            ctx.lei = code
            continue
        name = strip_numbering(key.name, ctx)
        if not lei or not name:
            continue
        if is_label(name):
            lei = kuan = ctx.lei = ""
            continue
        found = lookup_function_by_name(name, ctx.year, kuan) if kuan else None
        if found is None or len(found) != 7:
            found = lookup_function_by_name(name, ctx.year, lei)
            if found is None or len(found) != 5 or found == kuan:
                # 深圳: 其他文化旅游体育与传媒支出 (款 20799) / 文化产业发展专项支出 / 其他文化旅游体育与
                # 传媒支出 again — a 项 that shares its 款's name is not the 款 a second time
                continue
            kuan = found
        out[row] = ctx.lei = found
    return out


def _join_split(parts: list[str], prev: str) -> str:
    widths = (3, 2, 2)
    out = ""
    for i, part in enumerate(parts[:3]):
        if part:
            out += part.zfill(widths[i]) if i else part  # "2" where "02" is printed in 款
        elif any(parts[i + 1:3]):
            start = sum(widths[:i])
            piece = prev[start:start + widths[i]]
            if len(piece) != widths[i]:
                return ""
            out += piece
        else:
            break
    return out if len(out) in (3, 5, 7) else ""


def measure_for_code(family: Family, code: str, component: str) -> str:
    prefixes = dict(family.component_prefix)
    if component in prefixes:
        return f"{prefixes[component]}.{code}"
    return f"{family.prefix}.{code}" + (f".{component}" if component else "")


def measure_for_label(family: Family, alias: LabelAlias, component: str) -> str:
    """A labelled row's measure for a column component (合计 row → the table's total keys)."""
    if not component:
        return alias.measure
    by_component = dict(alias.by_component)
    if component in by_component:
        return by_component[component]
    if alias.measure == family.total:
        totals = dict(family.totals)
        return totals.get(component, f"{family.total_prefix}.{component}")
    return ""  # no declared key for this label × column: not guessed
