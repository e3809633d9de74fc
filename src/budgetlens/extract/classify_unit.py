"""Who discloses: the unit name as printed, and the ways it is found.

Why its own module: unit names are read from three kinds of places that need different care —
labels (预算主管部门：…, 部门名称：…), title phrases (…2024年部门预算 / 2026年度…单位预算, often
wrapped over several cover lines) and a bare organisation line at the top (Chongqing covers) —
then body phrases. What a name is (its comparison form, where it ends, its region) is
extract/classify_names.py; its names are imported here too, where callers have long found them.
"""

from __future__ import annotations

import re
from typing import NamedTuple, Optional, Sequence

from ..model import Source
from ..rules.classify import ClassifyRules
from ..rules.extract_words import load_extract_words
from .classify_names import (clean, fold, is_org_name, join_name, normalise_unit, org_prefix,
                             region_of, squeeze, strip_qualifier, wrapped_name)

__all__ = ["Candidate", "find_unit", "fold", "is_org_name", "join_name", "menu_lines",
           "normalise_unit", "org_prefix", "region_of", "strip_qualifier", "with_place",
           "wrapped_name"]

# Anchored: ``search`` would return the match starting at 0 anyway (``.+?`` can take any prefix),
# but unanchored it retries from every position of a line without a match: quadratic, minutes on
# one long line (found by scripts/fuzz.py).
_WORDS = load_extract_words()["classify"]  # rules/extract_words.toml [classify], compiled once
_TITLE_BEFORE = _WORDS.rx["title_unit_before"]
_TITLE_AFTER = _WORDS.rx["title_unit_after"]

# body phrases naming the discloser: 纳入重庆市交通委员会部门预算…; 重庆市交通委员会是…
_INCLUDED_IN = _WORDS.rx["included_in"]
_SUBJECT = _WORDS.rx["subject"]
_ESTABLISHED = _WORDS.rx["established"]
_PART_HEADING = _WORDS.rx["part_heading"]
_LEAD_NAME = _WORDS.rx["lead_name"]


class Candidate(NamedTuple):
    """A unit name found somewhere, with how it was found (label, title, line)."""

    name: str
    how: str
    source: Source


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



def _title_candidates(lines: Sequence[tuple[str, Source]], rules: ClassifyRules,
                      patterns: Sequence[re.Pattern[str]] = (_TITLE_BEFORE, _TITLE_AFTER),
                      how: str = "title") -> list[Candidate]:
    out: list[Candidate] = []
    for text, src in lines:
        squeezed = squeeze(text)
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
        return org_prefix(re.sub(r"^(?:(?:19|20)\d{2}年度?)", "", clean(raw, rules)), rules)

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
    body phrases (纳入X部门预算…, 设立X，内设…, a first sentence X是…). Each way is tried only when the ways
    before it found nothing (they were all run first, then the first answer taken: four of the
    eight scan every body line, most documents are named by a label or title; session 17)."""
    lines = list(cover) + list(head)
    top = rules.settings["unit_top_lines"]
    for scan in (lambda: _label_candidates(lines, rules, rules.strong_labels),
                 lambda: _title_candidates(lines, rules),
                 lambda: _label_candidates(lines + list(tables), rules, rules.unit_labels, True),
                 lambda: _line_candidates(list(head)[:top], rules),
                 lambda: _title_candidates(body, rules, (_INCLUDED_IN, _ESTABLISHED), "body"),
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
        m = _LEAD_NAME.search(fold(squeeze(text), rules))
        name = squeeze(text)[m.start("unit"):m.end("unit")] if m else ""
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
        line = clean(text, rules)
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
        if 0 < len(squeeze(text)) <= 8:
            run.append(i)
            continue
        if any(squeeze(lines[k][0]) in rules.menu_words for k in run) \
                or sum(squeeze(lines[k][0]).endswith(rules.menu_link_endings) for k in run) > 1:
            out.update(run)
        run = []
    return out


def form_unit(body: Sequence[tuple[str, Source]], rules: ClassifyRules,
              level: Optional[str]) -> Optional[Candidate]:
    """The unit a form's own cells name ([unit] form_department_labels / form_unit_labels of
    rules/classify.toml), for a document no title or label names (a 项目支出绩效自评表 flattened as
    page text). The label is a whole cell — at the line's start or after a bar, a note such as
    (盖章) after it — and the name is the next cell, the text after its colon, or, when the label
    is the line's last cell, the next line's first: "主管部门 | 大英县司法局部门 | 实施单位 | …",
    "实施单位 (盖章) |" / "青神县发展和改革局 |". A label in a sentence (经主管部门审核…) or with an
    empty cell names none. The level word decides which label is read first: a department's
    document takes its 主管部门, any other its 实施单位."""
    department, unit = rules.form_department_labels, rules.form_unit_labels
    for labels in ((department, unit) if level == "department" else (unit, department)):
        for found in _form_cells(body, labels, rules):
            return found
    return None


def _form_cells(body: Sequence[tuple[str, Source]], labels: Sequence[str],
                rules: ClassifyRules) -> list[Candidate]:
    if not labels:
        return []
    alternation = "|".join(re.escape(x) for x in sorted(labels, key=len, reverse=True))
    pattern = re.compile(rf"(?:^|[|｜])\s*(?P<label>{alternation})\s*(?:[（(][^（）()|｜]{{1,6}}[）)])?"
                         rf"\s*(?:[：:|｜]|$)")
    out = []
    for i, (text, src) in enumerate(body):
        for m in pattern.finditer(fold(text, rules)):
            rest = [c.strip() for c in _FORM_CELL.split(text[m.end():])]
            value = rest[0]  # empty when the label's cell is: no name, the next label's neither
            if not any(rest) and i + 1 < len(body):  # the label ends its line: the next line's cell
                value = _FORM_CELL.split(body[i + 1][0].strip(), 1)[0].strip()
            pieces = value.split()
            name = (join_name(pieces, rules) or org_prefix(squeeze(pieces[0]), rules)) if pieces else None
            if name:
                out.append(Candidate(name, f"form:{m['label']}", src))
    return out + _spaced_cells(body, alternation, rules)


def _spaced_cells(body: Sequence[tuple[str, Source]], alternation: str,
                  rules: ClassifyRules) -> list[Candidate]:
    """A label and its value on one space-separated line, the value opening with the unit's code
    ([unit] form_value_code, cut): "主管部门 219-池州市贵池区棠溪镇人民政府 实施单位 219001-…". Why the
    code is required: a space also runs a sentence on, and only a form writes a code there."""
    if rules.form_value_code is None:
        return []
    code = rules.form_value_code.pattern
    pattern = re.compile(rf"(?:^|(?<=\s))(?P<label>{alternation})\s+(?:{code})(?P<value>\S+)")
    out = []
    for text, src in body:
        for m in pattern.finditer(fold(text, rules)):
            name = org_prefix(squeeze(m["value"]), rules)
            if name:
                out.append(Candidate(name, f"form:{m['label']}", src))
    return out


# where a form's cell ends: a column bar, a clause mark or the next label's colon
_FORM_CELL = re.compile(r"[|｜：:，。,;；]")
