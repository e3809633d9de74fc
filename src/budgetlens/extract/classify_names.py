"""What a unit name is: its comparison form, whether a text is an organisation name, where a
name printed in pieces or run into a title ends, and the region a name starts with.

Why its own module: the ways a unit is found (extract/classify_unit.py: labels, titles, lines,
body phrases) and what they find share one notion of a name — folded to simplified characters,
ended on an organisation word, never cut inside a word or its own brackets — and the region is
derived from the name with declarative province names and suffix rules (rules/classify.toml).
"""

from __future__ import annotations

import re
from typing import Callable, Optional, Sequence

from ..rules.classify import ClassifyRules
from ..rules.memo import OwnedMemo


# CJK with the brackets and marks names print; Latin letters inside (北京CBD管理委员会), never at
# the start (a Latin start is an English line or a file label, not a printed unit name).
_CJK_NAME = re.compile(r"^[\u4e00-\u9fff（(][\u4e00-\u9fffXＸ×（）()·A-Za-zＡ-Ｚａ-ｚ]*$")
_NOTE = re.compile(r"[（(][^（）()]{1,12}[）)]$")
# where a label's value ends: the next label's colon, a clause mark, a column bar
_VALUE_STOP = re.compile(r"[：:，。,|｜;；]")


def fold(text: str, rules: ClassifyRules) -> str:
    """Traditional → simplified, character for character (offsets are kept). Memoised per rules
    object: classification folds every line of a document three times (signals, disclosure
    vocabulary, unit titles), and a translation through a dict costs per character. A text with
    none of the rules' traditional characters (most lines of most documents) is its own fold:
    one scan by a character class tells, cheaper than the memo's lookup (session 16: fold was
    2.7% of extract and reconcile's CPU time, most of it on lines it left unchanged)."""
    owner, traditional = _TRADITIONAL
    if owner is not rules:
        traditional = _traditional(rules)
    if traditional(text) is None:
        return text
    return _FOLDED.get(rules, text, lambda: text.translate(rules.fold))


# Folded lines of the rules in use, bounded (emptied when full or when the rules change).
_FOLDED: OwnedMemo[str] = OwnedMemo(1 << 15)
# The rules in use and the search for any character their [fold] table translates.
_TRADITIONAL: tuple[object, Callable[[str], Optional[re.Match[str]]]] = (None, re.compile("").search)


def _traditional(rules: ClassifyRules) -> Callable[[str], Optional[re.Match[str]]]:
    """The search for a character ``rules.fold`` maps, kept for ``rules`` (one rules object is
    in use at a time; another one replaces it)."""
    global _TRADITIONAL
    chars = "".join(sorted(chr(k) for k in rules.fold))
    search = re.compile(f"[{re.escape(chars)}]").search if chars else (lambda text: None)
    _TRADITIONAL = (rules, search)
    return search


def squeeze(text: str) -> str:
    return "".join(text.split())  # = re.sub(r"\s+", "", text), without the regex call


def strip_qualifier(name: str, rules: ClassifyRules) -> str:
    """"无锡市教育局（本级）" → "无锡市教育局"."""
    for q in rules.qualifiers:
        if name.endswith(q):
            return name[: -len(q)]
    return name


def normalise_unit(name: Optional[str], rules: ClassifyRules) -> Optional[str]:
    """A comparison form of a unit name: simplified characters, no spaces, the short forms of
    rules/classify.toml ``comparison_forms`` (中国共产党北京市委员会宣传部 and 江苏省委办公厅 are
    compared as 中共北京市委宣传部, 中共江苏省委办公厅), no （本级）/（汇总） qualifier, ASCII brackets. The printed name stays in Metadata.unit; this is for matching the
    same unit across documents and years."""
    if not name:
        return None
    core = squeeze(fold(name, rules))
    for pattern, replacement in rules.comparison_forms:
        core = pattern.sub(replacement, core)
    return strip_qualifier(core, rules).replace("（", "(").replace("）", ")")


def is_org_name(name: str, rules: ClassifyRules) -> bool:
    """An organisation name: CJK only, short, ends with an org word (局, 委员会, 卫生院 ...),
    and no title words in it (a title phrase is not a name)."""
    core = strip_qualifier(fold(name, rules), rules)
    # a bracketed note after the name: 人民政府办公室（区外事办）, 教育委员会（教育工委）
    core = _NOTE.sub("", core) or core
    if not (3 <= len(core) <= rules.unit_max_chars and _CJK_NAME.match(core)):
        return False
    if any(w in core for w in rules.not_name_words) or core.endswith(rules.not_name_endings):
        return False
    return core.endswith(rules.org_suffixes)


def clean(raw: str, rules: ClassifyRules) -> str:
    return rules.strip_prefix.sub("", squeeze(raw))


def org_prefix(text: str, rules: ClassifyRules) -> Optional[str]:
    """The longest start of ``text`` that is an organisation name (a title phrase often runs
    on: 广东省财政厅一般公共预算… → 广东省财政厅), keeping a following （本级） qualifier."""
    def ends_name(end: int) -> bool:
        return is_org_name(text[:end], rules) and not _cuts_a_word(text, end, rules)

    for end in range(min(len(text), rules.unit_max_chars + 6), 2, -1):
        if ends_name(end) and (end == len(text) or not ends_name(end + 1)):
            return _closed(text, end)
    return None


def _closed(text: str, end: int) -> str:
    """A name never stops inside its own brackets: one that ends on an org word inside them takes
    the closing bracket printed next (宁波市奉化区人民医院(宁波市奉化区人民医院医共体总院)2022年度…, a
    second name too long for a note, was cut to "…(…医共体总院")."""
    name = text[:end]
    if end < len(text) and text[end] in ")）" and name.count("(") + name.count("（") > \
            name.count(")") + name.count("）"):
        return text[:end + 1]
    return name


def _cuts_a_word(text: str, end: int, rules: ClassifyRules) -> bool:
    """Whether ending a name at ``end`` splits a word a name never ends inside (部|门), in
    simplified characters: a title in traditional ones (…交通運輸局系統匯總部門預算) too."""
    folded = fold(text, rules)
    return any(folded[end - 1:end + len(w) - 1] == w for w in rules.no_cut_inside)


def join_name(pieces: Sequence[str], rules: ClassifyRules) -> Optional[str]:
    """The organisation name that ``pieces`` (a name's text split by spaces, markup or a line
    break) spell from the start: the longest run of leading pieces that joins into a name.

    Why: a name printed with a tag, a wide letter spacing or a wrapped line in the middle
    (重庆市黔江区行 | 政服务中心) reaches us in pieces, and its first piece alone can look like a
    whole name (…行, …学, …会 end names too); taking it clips the name. Joining stops where a
    piece starts a name of its own (a region or 中共…) after a whole name, so that two names
    printed side by side are not run together."""
    best, text = None, ""
    for piece in pieces:
        if best is not None and text == best and _starts_name(piece, rules):
            break
        text += piece
        if len(text) > rules.unit_max_chars + 6:
            break
        if is_org_name(text, rules):
            best = text
    return best


def wrapped_name(first: str, next_line: str, rules: ClassifyRules) -> Optional[str]:
    """``first`` and the next line (up to a label's colon or a clause mark) as one name, when a
    name wraps there (上海市普陀区规划和自然 / 资源局, or a <br> in the middle). The whole next
    line must complete it: a line that only starts with a name's last word (部 门 预 算 after
    北京市统计局) is a title, not the rest of the name."""
    rest = squeeze(_VALUE_STOP.split(next_line, 1)[0])
    if not rest or _starts_name(rest, rules):
        return None
    joined = squeeze(first) + rest
    return joined if is_org_name(joined, rules) else None


def _starts_name(piece: str, rules: ClassifyRules) -> bool:
    folded = fold(piece, rules)
    if folded.startswith(("（", "(")):  # a bracket closes the name before it, never opens one
        return False
    return folded.startswith(rules.org_prefixes) or region_of(folded, rules) is not None


# ---------------------------------------------------------------------------------------------
# Region (the regional template: extract/classify_region.py)
# ---------------------------------------------------------------------------------------------


def _lower_region(rest: str, rules: ClassifyRules) -> Optional[str]:
    """The longest ``name + suffix`` at the start of ``rest`` that is a plausible region."""
    valid: list[str] = []
    limit = rules.region_max_chars
    for end in range(2, min(len(rest), limit + 3) + 1):
        cand = rest[:end]
        suffix = next((s for s in rules.region_suffixes if cand.endswith(s)), None)
        if suffix is None or len(cand) - len(suffix) < 1 or len(cand) - len(suffix) > limit:
            continue
        if _not_region(cand, rules) or any(w in cand for w in rules.region_stop_words):
            continue
        # XX市城市管理局: XX市 + 城市 is a region followed by a non-region word, not one region
        if any(_not_region(cand[len(shorter):], rules) for shorter in valid):
            continue
        valid.append(cand)
    return valid[-1] if valid else None


def _not_region(word: str, rules: ClassifyRules) -> bool:
    return word in rules.not_regions or word.endswith(rules.not_region_endings)


def region_of(name: Optional[str], rules: ClassifyRules) -> Optional[str]:
    """"中共上海市普陀区委社会工作部" → "上海市普陀区"; "海原县高崖乡卫生院" → "海原县"."""
    if not name:
        return None
    rest = fold(squeeze(name), rules)
    for prefix in rules.org_prefixes:
        if rest.startswith(prefix):
            rest = rest[len(prefix):]
    region = next((p for p in rules.provinces if rest.startswith(p)), "")
    rest = rest[len(region):]
    while rest:
        lower = _lower_region(rest, rules)
        if not lower:
            break
        region += lower
        rest = rest[len(lower):]
    return region or None
