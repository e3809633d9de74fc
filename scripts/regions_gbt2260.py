"""The romanised names of GB/T 2260 (中华人民共和国行政区划代码), for ``build_regions_en.py``.

Why this source: GB/T 2260, the national standard of division codes, gives every county-level
division a romanised name (罗马字母拼写) and a three-letter code (字母码). Its romanisation is the
State's: Hanyu Pinyin for Chinese names, and for names of Mongolian, Tibetan, Uyghur, Kazakh…
origin the transcription of the original by the 1976 rules (《少数民族语地名汉语拼音字母音译转写法》,
国家测绘总局 and 中国文字改革委员会), the forms the national atlases and gazetteers print
("Hexigten Qi", "Xaitongmoin Xian", "Shache(Yarkant) Xian"). A program cannot derive these from the
characters (克什克腾 is not "Keshiketeng"): they must be read from the standard.

Where it is read: the standard is not published as data. A copy of its code, name, romanisation
and letter-code columns (divisions of about 2009) sits in a public repository's SQL dump:
``VanniAmor/hitch``, ``hitch.sql``, commit e1ba58cc2bea8df7776e6392b8df15e690313ebd, blob
:data:`BLOB` (checked). Whoever copied it added rows of their own for later divisions and wrote
the placeholder ``'2'`` in their letter code; those rows are not the standard and are never used
(some are plain pinyin of the characters, "Ewenkizu Zizhiqi", "Hebukesaiermengguzizhi Xian").
A row is used only when its letter code is three capitals that begin with the romanised name's
first letter: that check refuses the copy's slips ("Jinzhou Shi" for 绵竹市, MZU).

How a form becomes English (rules, each visible in :func:`english`): the specific part is kept
as the standard writes it; the copy's ``v`` is ü (the keyboard spelling of GB/T 16159:
"Lhvnze" is Lhünzê's ASCII without ê) and its comma is the apostrophe ("Sa,gya" → Sa'gya); the
generic part is put in English as everywhere in ``regions_en.csv`` (Xian County, Shi City, Qu
District, Qi Banner, Zuoqi/Youqi/Qianqi/Zhongqi/Houqi Left/Right/Front/Middle/Rear Banner, Zuoyi/
Youyi Left/Right Wing); a name the standard gives in brackets (the original-language name beside
a Chinese one: "Kangding(Dardo)") is kept apart as ``also``. The circumflex of ê is not restored:
the copy does not carry it, and it cannot be derived from the ASCII form.

A row the copier added is used only with a second, independent source that prints the same name:
China Daily's page on Inner Mongolia (:data:`CHINA_DAILY`), which lists the region's divisions in
English (the rows of Tongliao and Hulunbuir, whose codes changed when the leagues became cities).

``python scripts/regions_gbt2260.py /tmp/hitch.sql`` compares the generated pinyin of every
ordinary county name with the standard's form (:func:`compare`): the review that found six
misreadings (闵行 Minhang, 马尾 Mawei…). What still differs is the generic written as one word
("Kuangqu"), the copy's case, its slips (禄劝 "Luchuan", 芦溪 "Lixi") and readings the review keeps
(乐亭 Laoting, 乐陵 Laoling, 中牟 Zhongmu: the place names' own readings).

Matching a 2025 division to a row of about 2009: by code and name, else by the same name in the
same province (codes changed when leagues and prefectures became cities), else by the same name
without its suffix (a county that became a city keeps its specific name: 康定县 → 康定市). A match
that is not unique is not used.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

BLOB = "9a24d71e13dde5e537651a9f8a1f1f3bf65acabd"  # git blob id of hitch.sql at that commit
SOURCE = "GB/T 2260 romanisation (copy: VanniAmor/hitch hitch.sql @e1ba58c)"
_ROW = re.compile(r"INSERT INTO `region` VALUES \('\d+', '(\d{6})', '([^']+)', '\d+', '\d+', "
                  r"'\d+', '([^']*)', '([^']*)'\);")
#: the standard's generic terms, longest first, and their English
GENERIC = (("Zizhizhou", None), ("Diqu", "Prefecture"), ("Meng", "League"),
           ("Zizhixian", None), ("Zizhiqi", None), ("Zuoqi", "Left Banner"),
           ("Youqi", "Right Banner"), ("Qianqi", "Front Banner"), ("Zhongqi", "Middle Banner"),
           ("Houqi", "Rear Banner"), ("Xian", "County"), ("Shi", "City"), ("Qu", "District"),
           ("Qi", "Banner"))
WINGS = {"Zuoyi": "Left Wing", "Youyi": "Right Wing"}
#: Chinese suffixes of our names and the English a standard form takes with them
SUFFIX_EN = (("自治县", None), ("自治旗", None), ("区", "District"), ("县", "County"),
             ("市", "City"))


@dataclass(frozen=True)
class Standard:
    """One row of the standard: code, name, romanised name, letter code."""

    code: str
    name: str
    roman: str
    letters: str


def _blob_id(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def load(path: Path) -> list[Standard]:
    """The standard's rows from the copy at ``path`` (refused if it is another file), only those
    whose letter code is the standard's (three capitals, the romanised name's first letter)."""
    data = path.read_bytes()
    if _blob_id(data) != BLOB:
        raise SystemExit(f"{path} is not hitch.sql at blob {BLOB}")
    out = []
    for code, name, roman, letters in _ROW.findall(data.decode("utf-8")):
        roman, letters = roman.strip(), letters.strip()
        if re.fullmatch(r"[A-Z]{3}", letters) and roman[:1].upper() == letters[0]:
            out.append(Standard(code, name, roman, letters))
    return out


def load_uncoded(path: Path) -> list[Standard]:
    """The rows the copier added (letter code ``'2'``): not the standard, used only where a second,
    independent source prints the same name (:data:`CHINA_DAILY`)."""
    data = path.read_bytes()
    if _blob_id(data) != BLOB:
        raise SystemExit(f"{path} is not hitch.sql at blob {BLOB}")
    return [Standard(code, name, roman.strip(), letters.strip())
            for code, name, roman, letters in _ROW.findall(data.decode("utf-8"))
            if letters.strip() == "2"]


#: The English names of Inner Mongolia's divisions as China Daily's page on the region prints
#: them (https://www.chinadaily.com.cn/m/innermongolia/2013-12/16/content_17177049.htm, "About",
#: 2013-12-16), for the divisions whose row in the copy has no letter code: where the two agree,
#: the name has two independent attestations (basis ``copy+chinadaily``).
CHINA_DAILY = {
    "150205": "Shiguai district", "150521": "Horqin Left Wing Middle banner",
    "150522": "Horqin Left Wing Rear banner", "150523": "Kailu county", "150524": "Hure banner",
    "150525": "Naiman banner", "150526": "Jarud banner", "150581": "Huolin Gol",
    "150721": "Arun banner", "150725": "Chen Barag banner", "150726": "Xin Barag Left banner",
    "150727": "Xin Barag Right banner", "150782": "Yakeshi", "150783": "Zalantun",
    "150784": "Ergun", "150785": "Genhe",
}


def attested(code: str, english_name: str) -> bool:
    """China Daily prints the same name (case, spaces and the generic word of a city aside)."""
    printed = CHINA_DAILY.get(code)
    if printed is None:
        return False
    fold = "".join(c for c in english_name.lower() if c.isalpha())
    want = "".join(c for c in printed.lower() if c.isalpha())
    return fold in (want, want + "city")


def _stem(name: str) -> str:
    for zh in ("自治县", "自治旗", "行政区", "区", "县", "市", "旗"):
        if name.endswith(zh) and len(name) > len(zh) + 1:
            return name[: -len(zh)]
    return name


def match(code: str, name: str, rows: list[Standard]) -> Optional[Standard]:
    """The standard's row of a division, or None (not found, or not unique)."""
    same = [r for r in rows if r.code == code and r.name == name]
    if same:
        return same[0]
    province = [r for r in rows if r.code[:2] == code[:2]]
    for key in (lambda r: r.name == name, lambda r: _stem(r.name) == _stem(name)):
        found = {r.roman: r for r in province if key(r)}
        if len(found) == 1:
            return next(iter(found.values()))
        if found:
            return None
    return None


def _split(roman: str) -> tuple[str, str, list[str]]:
    """("Kangding(Dardo) Xian") → ("Kangding", "Dardo", ["Xian"]): specific, bracketed, generic."""
    also = " ".join(m.strip()[:1].upper() + m.strip()[1:]
                    for m in re.findall(r"\(([^)]*)\)", roman))  # "(piqan)" → Piqan
    plain = re.sub(r"\s*\([^)]*\)\s*", " ", roman).strip()
    plain = re.sub(r"(?<=[a-z])(Xian|Qi)$", r" \1", plain)  # "ZoigeXian"
    words = plain.split()
    generic: list[str] = []
    while words and (words[-1] in dict(GENERIC) or words[-1] in WINGS
                     or (words[-1].endswith("zu") and generic)):
        generic.insert(0, words.pop())
    specific = " ".join(words).replace("v", "ü").replace(",", "'")
    return specific, also.replace("v", "ü"), generic


def _banner(generic: list[str]) -> Optional[str]:
    """The English of a banner's generic words ("Zuoyi", "Zhongqi" → "Left Wing Middle Banner")."""
    out = [WINGS[g] for g in generic[:-1] if g in WINGS]
    last = dict(GENERIC).get(generic[-1]) if generic else None
    if not last or not last.endswith("Banner") or len(out) != len(generic) - 1:
        return None
    return " ".join([*out, last])


def english(name: str, current: str, row: Standard) -> Optional[tuple[str, str]]:
    """(English, also) of a county-level division from the standard's form, or None when the form
    and the Chinese name do not fit each other. ``current`` is the generated English (its
    nationalities and suffix are kept for autonomous counties and banners)."""
    specific, also, generic = _split(row.roman)
    if not specific or any(ch.isdigit() for ch in specific):
        return None
    if name.endswith(("自治县", "自治旗")):
        if not generic or generic[-1] not in ("Zizhixian", "Zizhiqi"):
            return None
        first = specific.split()
        return " ".join([first[0], *current.split()[1:]]), also  # keep "<Nations> Autonomous …"
    if name.endswith("旗"):
        suffix = _banner(generic)
        return (f"{specific} {suffix}", also) if suffix else None
    for zh, en in SUFFIX_EN:
        if en and name.endswith(zh) and (not generic or generic[-1] in ("Xian", "Shi", "Qu")):
            return f"{specific} {en}", also
    return None


def prefecture_english(name: str, current: str, row: Standard) -> Optional[tuple[str, str]]:
    """(English, also) of a prefecture-level division from the standard's form (same code and
    name), or None: an autonomous prefecture keeps the nationalities of ``current`` ("Deqen
    Zangzu Zizhizhou" → "Deqen Tibetan Autonomous Prefecture"), a 地区 is a Prefecture, a 盟 a
    League, a city its bare name, as the prefecture rows of ``regions_en.csv`` write them."""
    specific, also, generic = _split(row.roman)
    if not specific or not generic:
        return None
    kind = {"自治州": "Zizhizhou", "地区": "Diqu", "盟": "Meng", "市": "Shi"}
    want = next((g for zh, g in kind.items() if name.endswith(zh)), None)
    if want is None or generic[-1] != want:
        return None
    if want == "Zizhizhou":
        return " ".join([specific.split()[0], *current.split()[1:]]), also
    suffix = dict(GENERIC).get(want) if want != "Shi" else None
    return (f"{specific} {suffix}" if suffix else specific), also


__all__ = ["BLOB", "CHINA_DAILY", "SOURCE", "Standard", "attested", "english", "load",
           "load_uncoded", "match", "prefecture_english"]


def compare(path: Path, regions_en: Path) -> tuple[int, list[tuple[str, str, str, str]]]:
    """How the generated pinyin of ordinary county names (basis ``pinyin``) agrees with the
    standard's romanisation of the same code and name: (agreeing, [(code, name, ours, the
    standard's)]) — the review that found 闵行 Minhang and 马尾 Mawei."""
    import csv

    def fold(text: str) -> str:
        return "".join(c for c in text.lower().replace("ü", "u") if c.isalpha())

    standard = {(s.code, s.name): s for s in load(path)}
    agree, differ = 0, []
    for row in csv.DictReader(regions_en.read_text("utf-8").splitlines()):
        s = standard.get((row["code"], row["name"]))
        if row["basis"] != "pinyin" or row["code"].endswith("00") or s is None:
            continue
        ours = row["en"].split()[0] if "Autonomous" in row["en"] else row["en"].rsplit(" ", 1)[0]
        if fold(ours).startswith(fold(_split(s.roman)[0])):
            agree += 1
        else:
            differ.append((row["code"], row["name"], row["en"], s.roman))
    return agree, differ


if __name__ == "__main__":
    import sys

    ref = Path(__file__).resolve().parents[1] / "src/budgetlens/rules/reference/regions_en.csv"
    agreeing, differing = compare(Path(sys.argv[1]), ref)
    print(f"{agreeing} agree, {len(differing)} differ")
    for line in differing:
        print(*line, sep="\t")
