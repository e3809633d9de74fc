"""Who discloses: the unit name as printed, its region, and the regional template.

Why its own module: unit names are read from three kinds of places that need different care —
labels (预算主管部门：…, 部门名称：…), title phrases (…2024年部门预算 / 2026年度…单位预算, often
wrapped over several cover lines) and a bare organisation line at the top (Chongqing covers) —
and the region is derived from the name with declarative province names and suffix rules.
"""

from __future__ import annotations

import re
from typing import Callable, NamedTuple, Optional, Sequence

from ..model import Source
from ..rules.classify import ClassifyRules
from ..rules.extract_words import load_extract_words
from ..rules.memo import OwnedMemo

# CJK with the brackets and marks names print; Latin letters inside (北京CBD管理委员会), never at
# the start (a Latin start is an English line or a file label, not a printed unit name).
_CJK_NAME = re.compile(r"^[\u4e00-\u9fff（(][\u4e00-\u9fffXＸ×（）()·A-Za-zＡ-Ｚａ-ｚ]*$")
_NOTE = re.compile(r"[（(][^（）()]{1,12}[）)]$")
# where a label's value ends: the next label's colon, a clause mark, a column bar
_VALUE_STOP = re.compile(r"[：:，。,|｜;；]")
# Anchored: ``search`` would return the match starting at 0 anyway (``.+?`` can take any prefix),
# but unanchored it retries from every position of a line without a match: quadratic, minutes on
# one long line (found by scripts/fuzz.py).
_WORDS = load_extract_words()["classify"]  # rules/extract_words.toml [classify], compiled once
_TITLE_BEFORE = _WORDS.rx["title_unit_before"]
_TITLE_AFTER = _WORDS.rx["title_unit_after"]

# body phrases naming the discloser: 纳入重庆市交通委员会部门预算…; 重庆市交通委员会是…
_INCLUDED_IN = _WORDS.rx["included_in"]
_SUBJECT = _WORDS.rx["subject"]
_PART_HEADING = _WORDS.rx["part_heading"]
_LEAD_NAME = _WORDS.rx["lead_name"]


class Candidate(NamedTuple):
    """A unit name found somewhere, with how it was found (label, title, line)."""

    name: str
    how: str
    source: Source


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


def _squeeze(text: str) -> str:
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
    core = _squeeze(fold(name, rules))
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


def _clean(raw: str, rules: ClassifyRules) -> str:
    return rules.strip_prefix.sub("", _squeeze(raw))


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


def _label_candidates(lines: Sequence[tuple[str, Source]], rules: ClassifyRules,
                      labels: Sequence[str], spaced: bool = False) -> list[Candidate]:
    """Names after a label and its colon; with ``spaced``, also after a …名称 label and spaces (a
    form's field cell, "部门（单位）名称 宁德市人民政府办公室 …"): trusted only after the title, since
    an OCR'd form prints "单位名称 (略) 华侨商业学校" under its title's full name."""
    alternation = "|".join(re.escape(x) for x in sorted(labels, key=len, reverse=True))
    gap = r"(?:\s*[：:]|(?<=名称)\s)" if spaced else r"\s*[：:]"
    pattern = re.compile(rf"(?:^|[\s|｜])(?P<label>{alternation}){gap}\s*(?P<name>[^：:，。,|｜;；]+)")
    found = []
    for i, (text, src) in enumerate(lines):
        for m in pattern.finditer(fold(text, rules)):
            pieces = text[m.start("name"):m.end("name")].split()
            name = join_name(pieces, rules)
            if m.end("name") == len(text) and i + 1 < len(lines):
                name = wrapped_name("".join(pieces), lines[i + 1][0], rules) or name
            if name:
                found.append((labels.index(m["label"]), Candidate(name, f"label:{m['label']}", src)))
    return [c for _, c in sorted(found, key=lambda t: t[0])]


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
    rest = _squeeze(_VALUE_STOP.split(next_line, 1)[0])
    if not rest or _starts_name(rest, rules):
        return None
    joined = _squeeze(first) + rest
    return joined if is_org_name(joined, rules) else None


def _starts_name(piece: str, rules: ClassifyRules) -> bool:
    folded = fold(piece, rules)
    if folded.startswith(("（", "(")):  # a bracket closes the name before it, never opens one
        return False
    return folded.startswith(rules.org_prefixes) or region_of(folded, rules) is not None


def _title_candidates(lines: Sequence[tuple[str, Source]], rules: ClassifyRules,
                      patterns: Sequence[re.Pattern[str]] = (_TITLE_BEFORE, _TITLE_AFTER),
                      how: str = "title") -> list[Candidate]:
    out: list[Candidate] = []
    for text, src in lines:
        squeezed = _squeeze(text)
        folded = fold(squeezed, rules)
        for pattern in patterns:
            m = pattern.search(folded)
            if not m:
                continue
            org = _title_org(squeezed[m.start("unit"):m.end("unit")], rules)
            if org:
                out.append(Candidate(org, how, src))
                break
    return out


def _title_org(text: str, rules: ClassifyRules) -> Optional[str]:
    """The organisation name a title's run-in text before the year starts with; when the text
    holds clause marks, the name after the last of them instead, unless the first starts with a
    province or the party's name or is repeated in the last (a header naming its unit again). Why: a cover joins the page's first lines, and a portal or
    document-library page starts with its own banner ("欢迎访问…人民政府门户网站！今日是：当前所在
    位置：融安县大良镇人民政府", "经济文库 - 千万精品文档，…下载即用。大连工业大学"): read from the
    start, the name is the banner's (…网站 and …文库 end like names). A notice's header keeps its
    first name ("重庆市开州区政务信息中心 …签发人：黄岗 重庆市开州区政务信息中心关于…")."""
    def org_of(raw: str) -> Optional[str]:
        return org_prefix(re.sub(r"^(?:(?:19|20)\d{2}年度?)", "", _clean(raw, rules)), rules)

    org = org_of(text)
    tail = _CLAUSE_MARKS.split(text)[-1]
    named = org_of(tail) if tail.strip() and tail != text else None
    if named is None and org is not None and tail != text:  # a banner's name read from the start
        named = _province_org(tail, rules)
    if org is None or named is None or org in named:
        return org or named
    folded = fold(org, rules)
    return org if folded.startswith(rules.provinces + rules.org_prefixes) else named


def _province_org(tail: str, rules: ClassifyRules) -> Optional[str]:
    """The name starting at the first province in ``tail``: after a portal's banner the page's
    section words run into the title ("…TIELING.GOV.CN 政府信息公開 遼寧省鐵嶺市人民代表大會常務委員會
    辦公室2023年度部門決算公開"), and the name starts where the province does."""
    folded = fold(tail, rules)
    starts = [i for p in rules.provinces if (i := folded.find(p)) > 0]
    return org_prefix(tail[min(starts):], rules) if starts else None


# clause and field marks a unit name never holds (brackets and · do occur in names); a web
# address (TIELING.GOV.CN, www.gov.cn) ends a portal's banner
_CLAUSE_MARKS = re.compile(r"[。！!？?：:；;，,|｜]|[A-Za-z][A-Za-z0-9\-]*(?:\.[A-Za-z0-9\-]+)+")


def find_unit(cover: Sequence[tuple[str, Source]], head: Sequence[tuple[str, Source]],
              rules: ClassifyRules, tables: Sequence[tuple[str, Source]] = (),
              body: Sequence[tuple[str, Source]] = ()) -> Optional[Candidate]:
    """The unit, in order of trust: strong labels, title phrases (cover, then head lines),
    weak labels (部门：/单位：, also above tables), an organisation line at the very top, then
    body phrases (纳入X部门预算…, a first sentence X是…). Each way is tried only when the ways
    before it found nothing (they were all run first, then the first answer taken: four of the
    eight scan every body line, most documents are named by a label or title; session 17)."""
    lines = list(cover) + list(head)
    top = rules.settings["unit_top_lines"]
    for scan in (lambda: _label_candidates(lines, rules, rules.strong_labels),
                 lambda: _title_candidates(lines, rules),
                 lambda: _label_candidates(lines + list(tables), rules, rules.unit_labels, True),
                 lambda: _line_candidates(list(head)[:top], rules),
                 lambda: _title_candidates(body, rules, (_INCLUDED_IN,), "body"),
                 lambda: _title_candidates(list(body)[:top], rules, (_SUBJECT,), "body"),
                 lambda: _title_candidates(body, rules, (_PART_HEADING,), "body"),
                 lambda: _lead_candidates(body, rules)):
        candidates = scan()
        if candidates:
            return candidates[0]
    return None


def _lead_candidates(body: Sequence[tuple[str, Source]], rules: ClassifyRules) -> list[Candidate]:
    """A sentence led by the discloser's name and the year ("达州市达川区马家镇卫生院2017年度财政拨款
    收入决算总计…", when no title or heading names it): only a whole name that carries its place,
    so that a lead-in ("经县财政局汇总…") or a bare short name is none."""
    for text, src in body:
        m = _LEAD_NAME.search(fold(_squeeze(text), rules))
        name = _squeeze(text)[m.start("unit"):m.end("unit")] if m else ""
        if name and org_prefix(name, rules) == name and region_of(name, rules) is not None:
            return [Candidate(name, "body", src)]
    return []


def with_place(unit: Optional[Candidate], lines: Sequence[tuple[str, Source]],
               rules: ClassifyRules) -> Optional[Candidate]:
    """The unit with the place the page prints before it, when its name carries none: 绥芬河
    阜宁镇 2022 is named "阜宁镇人民政府" by its library's file-name line, while its title and
    parts print "绥芬河市阜宁镇人民政府". Only a prefix standing as a word of its own (after a space,
    a mark or the line's start) that is itself the whole region of the longer name (a city, county
    or district: "本市…", "关于…" are none) is taken, from the first line (in ``lines``' order)
    that prints one."""
    if unit is None or region_of(unit.name, rules) is not None:
        return unit
    name = unit.name
    for text, src in lines:
        for m in re.finditer(r"(?<![\u4e00-\u9fff])([\u4e00-\u9fff]{2,%d})" % (rules.region_max_chars + 4)
                             + re.escape(name), text):
            place = m.group(1)  # a word of its own: the whole run of letters before the name
            if text[max(m.start(1) - 1, 0):m.start(1)].isdigit():  # "2017年达州市…": not 年达州市
                place = re.sub(r"^年度?", "", place)
            if region_of(place + name, rules) == fold(place, rules):
                return Candidate(place + name, unit.how, src)
    return unit


def _line_candidates(lines: Sequence[tuple[str, Source]], rules: ClassifyRules) -> list[Candidate]:
    """Organisation lines; a name wrapped onto the next line (or split there by markup) is
    joined with it (see :func:`join_name`)."""
    out = []
    menu = menu_lines(lines, rules)
    for i, (text, src) in enumerate(lines):
        if i in menu:
            continue
        line = _clean(text, rules)
        name = wrapped_name(line, lines[i + 1][0], rules) if i + 1 < len(lines) else None
        name = name or (line if is_org_name(line, rules) else None)
        if name:
            out.append(Candidate(name, "line", src))
    return out


def menu_lines(lines: Sequence[tuple[str, Optional[Source]]], rules: ClassifyRules) -> set[int]:
    """Indices of a portal's menu: a run of lines of a word or two (≤ 8 characters) holding a menu
    word (首页, 搜索) or two link lines (…网站). Its items end like names and two join into one
    ("招商引资" + "新闻中心": 西藏驻沪办 2024's unit was 招商引资新闻中心); a page's title is never
    among them."""
    out: set[int] = set()
    run: list[int] = []
    for i, (text, _) in enumerate([*lines, ("-" * 9, None)]):
        if 0 < len(_squeeze(text)) <= 8:
            run.append(i)
            continue
        if any(_squeeze(lines[k][0]) in rules.menu_words for k in run) \
                or sum(_squeeze(lines[k][0]).endswith(rules.menu_link_endings) for k in run) > 1:
            out.update(run)
        run = []
    return out


# ---------------------------------------------------------------------------------------------
# Region and template
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
    rest = fold(_squeeze(name), rules)
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
