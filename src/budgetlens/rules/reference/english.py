"""English names of classification codes and regions, kept beside the Chinese ones as data.

Why keyed by the Chinese name and not only by the code: a code's name changes with the year (210
医疗卫生与计划生育支出 until 2018, 卫生健康支出 after) and documents print variants (社会保障与就业支出);
the English follows the Chinese name the reference gives for the document's year, so it can never
name another year's item. A row with no code holds the English of a 项 name that many 款 share
(the reserved 行政运行, 事业运行…, and 信息化建设).

Which names: every 类, 款 and 项 name the reference data holds (the 项 are those the year's
dictionaries and the documents of the corpus print, ``func_observed_*.csv``: each row there names
the document and page it was read from). No official English list of the 政府收支分类科目 is
published (the Ministry of Finance publishes it in Chinese only); ``names_en.csv`` is this
package's translation (the 类 follow the wording of the national budget reports' English
editions; a 项 uses its 款's words: 21011 "Medical care of government agencies and public
institutions", 2101101 "Medical care of government agencies"). A name the reference does not hold
keeps its Chinese name, which the English pages show beside its code.

Regions: every province, prefecture and county-level division (``regions_en.csv``, built and
reviewed by ``scripts/build_regions_en.py``: Hanyu Pinyin with the English suffix, established
forms set by hand). A county whose name is a word of another language written in characters
(Mongolian, Tibetan, Uyghur…) takes the State's romanisation, the one GB/T 2260 gives (克什克腾旗
Hexigten Banner, 谢通门县 Xaitongmoin County; ``scripts/regions_gbt2260.py`` says where it is read
and by which rules a form becomes English); one the standard does not give (a division created or
renamed since, a row the copy lacks) is marked ``unverified``: its pinyin is a reviewer's
candidate, never shown; pages name it in Chinese beside its prefecture's English. Every row says on
what its English rests (``basis``), so that a reviewer can check it.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Optional

from ..schema import Field, RuleError, Schema, csv_rows

NAMES_FILE = "names_en.csv"
REGIONS_FILE = "regions_en.csv"
SCHEMES = ("function", "economic")
BASES = ("pinyin", "gbt2260", "copy+chinadaily", "hand", "hand+gbt2260", "none")

NAME_EN = Schema("reference/names_en.csv (one row per name)",
                 "The English of a classification name: function or economic scheme, the code "
                 "(empty: any code printing this name), the Chinese name, the English.", (
                     Field("scheme", str, True, "function | economic", allowed=SCHEMES),
                     Field("code", str, doc="3 or 5 digits; empty: every code of this name"),
                     Field("name", str, True, "the Chinese name as the reference gives it"),
                     Field("en", str, True, "the English name"),
                 ))
REGION_EN = Schema("reference/regions_en.csv (one row per division)",
                   "The English of a province, prefecture- or county-level division.", (
                       Field("code", str, True, "6-digit division code"),
                       Field("name", str, True, "the official Chinese name"),
                       Field("en", str, True, "the English name"),
                       Field("source", str, True, "official (set by hand or read from the "
                             "standard), pinyin (generated) or unverified (a name of another "
                             "language; pinyin kept as a candidate, not shown)",
                             allowed=("official", "pinyin", "unverified")),
                       Field("basis", str, True, "what the English rests on: pinyin (Hanyu Pinyin "
                             "of the Chinese name, GB/T 16159), gbt2260 (the romanisation GB/T 2260 "
                             "gives), hand (an established form set by hand), hand+gbt2260 (set by "
                             "hand and the standard agrees), copy+chinadaily (a row the standard's "
                             "copy adds, printed alike by China Daily), none (unverified)",
                             allowed=BASES),
                       Field("also", str, doc="the original-language name the standard gives "
                             "beside a Chinese one (康定 Kangding: Dardo), and a form set by hand "
                             "the standard writes otherwise (喀什 Kashi: Kashgar)"),
                   ))


def _read(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text("utf-8")


@lru_cache(maxsize=1)
def _names() -> dict[tuple[str, str, str], str]:
    """(scheme, code or "", Chinese name) → English, checked once (the bad line is named)."""
    out: dict[tuple[str, str, str], str] = {}
    for line, row in csv_rows(_read(NAMES_FILE), NAME_EN, NAMES_FILE):
        key = (row["scheme"], row.get("code", ""), row["name"])
        if key in out:
            raise RuleError(f"repeated name {key}", file=NAMES_FILE, line=line, key="name")
        out[key] = row["en"]
    return out


@lru_cache(maxsize=1)
def _regions() -> dict[str, str]:
    """Code → English of the divisions whose English may be shown (not ``unverified``)."""
    out: dict[str, str] = {}
    seen: set[str] = set()
    for line, row in csv_rows(_read(REGIONS_FILE), REGION_EN, REGIONS_FILE):
        if row["code"] in seen:
            raise RuleError(f"repeated code {row['code']}", file=REGIONS_FILE, line=line,
                            key="code")
        seen.add(row["code"])
        if row["source"] != "unverified":
            out[row["code"]] = row["en"]
    return out


def name_en(scheme: str, code: str, name: Optional[str]) -> Optional[str]:
    """The English of ``name`` (the Chinese name the reference gives ``code``), or None."""
    if not name:
        return None
    names = _names()
    return names.get((scheme, code, name)) or names.get((scheme, "", name))


def code_name(code: str, year: Optional[int], lang: str) -> str:
    """A classification code's name for a page in ``lang``: the English where the data has it,
    else the Chinese name of that year (the scheme from the code: 3xx/5xx economic), else ""."""
    from . import economic_name, function_name  # the package's lookups (this module is in it)

    scheme = "economic" if code[:1] in "35" else "function"
    zh = (economic_name if scheme == "economic" else function_name)(code, year) or ""
    if lang != "en":
        return zh
    return name_en(scheme, code, zh) or zh


def region_en(code: Optional[str]) -> Optional[str]:
    """The English name of a division by its 6-digit code, or None (unknown or unverified)."""
    return _regions().get(code or "")


def region_label(code: Optional[str], name: Optional[str], lang: str) -> str:
    """How a page names a region: in Chinese its name; in English a province or prefecture by its
    English name, a county-level division by its English and its prefecture's ("Chaoyang
    District, Beijing" and "Chaoyang District, Changchun" are two places), or by its Chinese
    name and its prefecture's English when it has no English that may be shown."""
    if lang != "en" or not code:
        return name or code or ""
    own = region_en(code)
    if own and (code.endswith("00") or len(code) != 6):
        return own
    parents = [region_en(code[:4] + "00"), region_en(code[:2] + "0000")]
    above = next((p for p in parents if p and p != own), None)
    shown = own or name or code
    return f"{shown}, {above}" if above else shown


__all__ = ["NAME_EN", "REGION_EN", "code_name", "name_en", "region_en", "region_label"]
