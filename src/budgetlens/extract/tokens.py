"""Tokenise a normalised paragraph: lexicon phrases, numbers with units, clause punctuation.

Why one token stream: the claim engine (``claims.py``) is a left-to-right state machine over what a
sentence says ("<alias> <number>，<comparator> <direction> <number>，<direction> <percent>"); every
regional wording difference is absorbed here by the lexicon, so the engine stays small.

Overlaps are resolved leftmost-longest ("一般公共预算财政拨款支出" beats its qualifier prefix).
Function 类 names come from ``rules.reference`` (year-versioned) and become fund-relative aliases.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from operator import itemgetter
from typing import Any, NamedTuple, Optional

from budgetlens.rules.guarded import first_chars
from budgetlens.rules.lexicon import Alias, Item, Lexicon
from budgetlens.rules.extract_words import load_extract_words
from budgetlens.rules.memo import OwnedMemo
from budgetlens.rules.numbers import figure_pattern, figure_value, to_wan
from budgetlens.rules.reference import load_reference, name_key, select_year

from .func_names import FunctionNames
from .token_literals import Required, Test, required_literals, substring_test

PUNCT = ",;:。!?、"
BRACKETS = "()"  # normalised; role "bracket": an aside the claim engine may step out of
_WORDS = load_extract_words()["tokens"]  # rules/extract_words.toml [tokens], compiled once
_LOWER_MARK = _WORDS.rx["lower_mark"]
_LEVEL_MARK = _WORDS.rx["level_mark"]
_FOLD_FROM, _FOLD_TO = _WORDS.words["name_fold"]  # [printed, variant]
_LEI_SUFFIX = _WORDS.words["lei_suffix"][0]
_LEI_MARKER = _WORDS.words["lei_marker"][0]
_NOT_ALONE = frozenset(_WORDS.words["not_alone"])
CLAUSE_END = ",;:"
# Punctuation and brackets found by one scan (a Python loop over every character of every
# paragraph was the tokenizer's largest own cost); candidates ordered by start, length, priority.
_MARKS = re.compile("[" + re.escape(PUNCT + BRACKETS) + "]")
_BY_PLACE = itemgetter(0, 1, 2)
# The first characters of each lexicon pattern (None: not a small exact set), per compiled
# pattern: a paragraph holding none of them cannot match it (:func:`first_chars`).
_FIRSTS: dict[re.Pattern, Optional[frozenset[str]]] = {}
# The literals each lexicon pattern cannot match without (:mod:`.token_literals`), likewise.
_REQUIRED: dict[re.Pattern, Required] = {}


class Token(NamedTuple):
    """``role``: an lexicon item role (alias, qualifier, comparator, amount_basis, completion,
    direction, share, of_which, reason, purpose, not_comparable), ``number``, ``punct`` or
    ``bracket`` (a "(" or ")" not inside a longer token such as 因公出国(境)费)."""

    start: int
    end: int
    role: str
    value: Any
    text: str


class Num(NamedTuple):
    """A number as printed and as a value in its measure unit (money in 万元)."""

    value: Decimal
    decimals: int
    kind: str  # money | percent | count | none | short (money without its 元: "1000.86万")
    unit: str
    threshold: bool = False


def _number_regex(lexicon: Lexicon) -> re.Pattern:
    """The figures of a sentence, with every unit the lexicon declares (the number lexer's)."""
    return figure_pattern(lexicon.money_units + lexicon.percent_units + lexicon.count_units)


def _to_num(m: re.Match, text: str, lexicon: Lexicon) -> Optional[Num]:
    value, decimals = figure_value(m)
    if value is None:
        return None
    unit = m.group("unit") or ""
    threshold = bool(lexicon.threshold_after.match(text, m.end()))
    if unit in lexicon.money_units:
        wan, decimals = to_wan(value, decimals, unit)
        return Num(wan, decimals, "money", unit, threshold)
    if unit in lexicon.percent_units:
        return Num(value, decimals, "percent", unit, threshold)
    if unit in lexicon.count_units:
        return Num(value, decimals, "count", unit, threshold)
    return Num(value, decimals, "none", "", threshold)


def _short_money(num: Num, norm: str, end: int, lexicon: Lexicon) -> tuple[Num, int]:
    """A figure followed by a money unit without its 元 ("1000.86万,"): kind ``short`` in the
    full unit, the token taking the short unit; whether it is money is the sentence's to say
    (claim_numbers). A letter after it makes it a quantity (10万人次, 3万平方米): left bare."""
    if num.kind != "none":
        return num, end
    for short in lexicon.money_short:
        after = end + len(short)
        if norm.startswith(short, end) and not (after < len(norm) and norm[after].isalpha()):
            full = next((u for u in lexicon.money_units if u.startswith(short) and u != short), "")
            if full:
                return num._replace(kind="short", unit=full), after
    return num, end


@lru_cache(maxsize=16)
def function_items(year: Optional[int], templates: tuple[tuple[str, str], ...],
                   not_before: str = "") -> tuple[Item, ...]:
    """Function 类 names known for ``year`` as fund-relative aliases (name, name without the
    trailing 支出, 与/和 spellings, and the name marked （类） before its 支出: 教育（类）支出, where
    the bare 教育 would be too short to stand for the 类). Why from ``rules.reference``: one year-versioned dictionary.
    ``not_before`` (a regex, [functions] name_not_before): what may not follow a name, so that a
    unit's name (苏州市交通运输局, 福州市科学技术局) is not the 类 it contains."""
    ref = load_reference()
    names: dict[str, set[str]] = {}
    for table in ref.function.values():
        y = select_year(table, year)
        for entry in (table[y].values() if y is not None else ()):
            if len(entry.code) == 3:
                names.setdefault(entry.code, set()).add(entry.name)
    for named in ref.aliases:
        if len(named.code) == 3 and (year is None or (named.valid_from or 0) <= year):
            names.setdefault(named.code, set()).add(named.name)
    tpl = dict(templates)
    items = []
    for code, found in sorted(names.items()):
        phrases = set()
        for name in found:
            for variant in {name_key(name), name_key(name).replace(_FOLD_FROM, _FOLD_TO)}:
                phrases.add(variant)
                short = variant[:-len(_LEI_SUFFIX)]
                if variant.endswith(_LEI_SUFFIX) and len(variant) > 4:
                    phrases.add(short)
                if variant.endswith(_LEI_SUFFIX) and variant not in _NOT_ALONE:
                    # "教育（类）支出": the marker makes a short name safe (其他 names no 类 alone)
                    phrases.add(short + _LEI_MARKER)
        alias = Alias(measure=tpl["measure"].format(code=code),
                      general=tpl.get("general", "").format(code=code),
                      gov_fund=tpl.get("gov_fund", "").format(code=code),
                      soe_capital=tpl.get("soe_capital", "").format(code=code),
                      fiscal=tpl.get("fiscal", "").format(code=code),
                      relative=True, function=True)
        regex = re.compile("(?:" + "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
                           + ")" + (f"(?!{not_before})" if not_before else ""))
        items.append(Item("alias", regex, alias, where=f"function {code}"))
    return tuple(items)


def _lookup_suffix(name: str, names: FunctionNames, parent: str, size: int) -> str:
    """The code of ``size`` digits named by ``name`` or by its shortest-trimmed suffix (the
    capture may start with numbering or lead-in text: "1．人大事务")."""
    for i in range(len(name) - 1):
        code = names.lookup(name[i:], size, parent)
        if code:
            return code
    return ""


def _level(m: re.Match, level: str) -> str:
    """The name a chain match gives for ``level`` (groups ``lei``, ``lei2`` …: one per wording)."""
    for name, value in m.groupdict().items():
        if value and name.rstrip("0123456789") == level:
            return value
    return ""


#: a function code printed before a chain, after its numbering: "（一）2010301一般公共服务支出（类）…"
_CHAIN_CODE = re.compile(r"^\W*(?:[一二三四五六七八九十\d]{1,3}[).、]\s*)?(?P<code>2\d{2}(?:\d{2}){0,2})(?!\d)")


def resolve_chain(m: re.Match, names: FunctionNames) -> str:
    """The deepest function code a 类/款/项 chain names, top-down (a 项 name is one code only
    under its 款), or "" when any named level is unknown or ambiguous. A chain whose 款 or 项
    names are printed in a wording we do not know ("政府办公厅及相关机构事务支出（款）") is the
    code printed before it when its 类 name resolves to that code's 类."""
    lei, kuan, xiang = (_level(m, level) for level in ("lei", "kuan", "xiang"))
    code = ""
    for name, size in ((lei, 3), (kuan, 5), (xiang, 7)):
        if not name:
            continue
        found = _lookup_suffix(name, names, code, size)
        if not found and size == 3 and not kuan:
            # "住房改革支出（类）住房公积金（项）": a 款 printed as （类）; its 项 must resolve under it
            found = _lookup_suffix(name, names, "", 5)
        if not found:
            return _printed_code(m, lei, names)
        code = found
    return code


def _printed_code(m: re.Match, lei: str, names: FunctionNames) -> str:
    """The code printed at the chain's start, when its 类 name confirms it, else ""."""
    printed = _CHAIN_CODE.match(m.group(0))
    if printed is None or not lei:
        return ""
    lei_code = _lookup_suffix(lei, names, "", 3)
    return printed.group("code") if lei_code and printed.group("code").startswith(lei_code) else ""


@lru_cache(maxsize=16)
def reference_names(year: Optional[int]) -> FunctionNames:
    """Names without a document (a heading, a test sentence): the reference alone."""
    return FunctionNames(year)


def _chain_tokens(norm: str, lexicon: Lexicon, names: FunctionNames) -> list[tuple]:
    """类/款/项 chains and names printed with their code, as function aliases (a chain that does
    not resolve becomes a blocker: its amount belongs to an item we cannot name)."""
    tpl = lexicon.function_templates
    out = []
    matches = [(m, resolve_chain(m, names)) for m in lexicon.chain.finditer(norm)]
    for regex in lexicon.coded:
        named = "name" in regex.groupindex
        matches += [(m, m.group("code")) for m in regex.finditer(norm)
                    if not named or _names_a_level(m.group("name"), m.group("code"), names)]
    for m, code in _economic_matches(norm, lexicon):
        tpl_e = lexicon.economic_templates or {}
        alias = Alias(measure=tpl_e.get("measure", "").format(code=code),
                      general=tpl_e.get("general", "").format(code=code), relative=True)
        out.append((m.start(), -(m.end() - m.start()), -3,
                    Token(m.start(), m.end(), "alias", (alias, m), m.group(0))))
    for m, code in matches:
        alias = Alias(measure=tpl["measure"].format(code=code),
                      general=tpl.get("general", "").format(code=code),
                      gov_fund=tpl.get("gov_fund", "").format(code=code),
                      soe_capital=tpl.get("soe_capital", "").format(code=code),
                      fiscal=tpl.get("fiscal", "").format(code=code),
                      relative=True, function=True) if code else Alias(measure="", function=True)
        out.append((m.start(), -(m.end() - m.start()), -3,
                    Token(m.start(), m.end(), "alias", (alias, m), m.group(0))))
    return out


def _names_a_level(name: str, code: str, names: FunctionNames) -> bool:
    """Whether ``name`` (or one of its parts between dashes: "教育管理事务—行政运行") names ``code``
    or one of its levels (its 类, its 款): the check that a number printed before a name is that
    name's code. Why any level: the wording of an older year's 项 may be unknown to the
    reference ("2299901其他支出", 其他支出 a 类 too)."""
    for part in {name, *filter(None, _DASHES.split(name))}:
        for size in (len(code), 5, 3):
            if size <= len(code) and names.lookup(part, size, code[:size - 2] if size > 3 else "") \
                    == code[:size]:
                return True
    return False


#: the dashes that join a 款 name and its 项 name after a printed code
_DASHES = re.compile("[-—－–]+")


def _economic_matches(norm: str, lexicon: Lexicon) -> list[tuple[re.Match, str]]:
    """Economic class names printed with their code ("工资福利支出（301）"): [economic] coded."""
    if not (lexicon.economic_templates or {}).get("measure"):
        return []
    return [(m, m.group("code")) for regex in lexicon.economic_coded for m in regex.finditer(norm)]


# Tokens of texts read without a document's names (headings, statements), per lexicon: a
# heading is tokenised again for every paragraph under it. Bounded; tokens are immutable.
_PLAIN: OwnedMemo[tuple[Token, ...]] = OwnedMemo(4096)


def tokenize(norm: str, lexicon: Lexicon, kind: Optional[str], year: Optional[int],
             names: Optional[FunctionNames] = None) -> list[Token]:
    """All tokens of ``norm``, non-overlapping, in order. Items limited to a document kind apply
    only when ``kind`` is known and matches (precision over recall). ``names`` resolves 类/款/项
    chains (the document's own tables first); without it the reference of ``year`` alone."""
    if names is not None:
        return _tokenize(norm, lexicon, kind, year, names)
    return list(_PLAIN.get(lexicon, (norm, kind, year),
                           lambda: tuple(_tokenize(norm, lexicon, kind, year, None))))


class _Plan(NamedTuple):
    """The lexicon items a text of one document kind and year is searched for, by priority,
    and which of them a text can match by the characters it holds: ``by_char`` maps a character
    to the items whose patterns can only start with one of a small set of characters holding
    it; ``always`` are the rest (:func:`first_chars` is None)."""

    items: tuple[tuple[int, Item], ...]
    always: tuple[int, ...]
    by_char: dict[str, tuple[int, ...]]
    #: per item, the strings one of which a text must hold to match it (None: not known; one
    #: string alone: :func:`.token_literals.substring_test`)
    required: tuple[Test, ...] = ()


# The plan per (kind, year) for one lexicon: filtering ~170 items by role, kind and first
# characters for every paragraph cost more than running the few that can match.
_PLANS: OwnedMemo[_Plan] = OwnedMemo(64)


def _plan(lexicon: Lexicon, kind: Optional[str], year: Optional[int]) -> _Plan:
    items = lexicon.items + function_items(year, tuple(sorted(lexicon.function_templates.items())),
                                           lexicon.function_not_before)
    kept: list[tuple[int, Item]] = []
    required: list[Test] = []
    always: list[int] = []
    by_char: dict[str, list[int]] = {}
    for prio, item in enumerate(items):
        if item.role in ("statement", "share_whole"):
            continue
        if item.kinds and kind not in item.kinds:
            continue
        firsts = _FIRSTS.get(item.regex, ())
        if firsts == ():
            firsts = _FIRSTS[item.regex] = first_chars(item.regex)
        if firsts is None:
            always.append(len(kept))
        else:
            for ch in firsts:
                by_char.setdefault(ch, []).append(len(kept))
        kept.append((prio, item))
        if item.regex not in _REQUIRED:
            _REQUIRED[item.regex] = required_literals(item.regex)
        required.append(substring_test(_REQUIRED[item.regex]))
    return _Plan(tuple(kept), tuple(always), {ch: tuple(v) for ch, v in by_char.items()},
                 tuple(required))


def _tokenize(norm: str, lexicon: Lexicon, kind: Optional[str], year: Optional[int],
              names: Optional[FunctionNames]) -> list[Token]:
    cands: list[tuple[int, int, int, Token]] = []
    plan = _PLANS.get(lexicon, (kind, year), lambda: _plan(lexicon, kind, year))
    present = set(norm)
    hits = set(plan.always).union(*map(plan.by_char.get, present, [()] * len(present)))
    for k in sorted(hits):
        need = plan.required[k]
        if need is not None and not (need in norm if need.__class__ is str
                                     else any(s in norm for s in need)):
            continue  # a literal every match holds is not in the text: nothing to find
        prio, item = plan.items[k]
        for m in item.regex.finditer(norm):
            if m.end() > m.start():
                cands.append((m.start(), -(m.end() - m.start()), prio,
                              Token(m.start(), m.end(), item.role, (item.value, m), m.group(0))))
    for m in _number_regex(lexicon).finditer(norm):
        num = _to_num(m, norm, lexicon)
        if num is not None:
            num, end = _short_money(num, norm, m.end(), lexicon)
            cands.append((m.start(), -(end - m.start()), -1,
                          Token(m.start(), end, "number", num, norm[m.start():end])))
    cands += _chain_tokens(norm, lexicon, names or reference_names(year))
    for m in _MARKS.finditer(norm):
        i, ch = m.start(), m.group()
        cands.append((i, -1, -2, Token(i, i + 1, "punct" if ch in PUNCT else "bracket", ch, ch)))
    cands.sort(key=_BY_PLACE)
    out: list[Token] = []
    last_end = 0
    for start, _, _, token in cands:
        if start >= last_end:
            out.append(_lower_level(token, norm))
            last_end = token.end
    return out


def _lower_level(token: Token, norm: str) -> Token:
    """A 类 name printed with （款）/（项） after it ("其他支出（款）") names a 款/项 we cannot code:
    it becomes a blocker rather than the 类. So does any other alias printed with a level marker
    ("（8）公务接待费（款）支出16万元" lists the 基本支出 economic class 30217, not the 三公 item)."""
    if token.role != "alias" or token.value[0].measure == "":
        return token
    alias = token.value[0]
    if (alias.function and _LOWER_MARK.match(norm, token.end)) or \
            (not alias.function and _LEVEL_MARK.match(norm, token.end)):
        return token._replace(value=(Alias(measure="", function=alias.function), token.value[1]))
    return token


__all__ = ["BRACKETS", "CLAUSE_END", "Num", "PUNCT", "Token", "function_items", "resolve_chain", "tokenize"]
