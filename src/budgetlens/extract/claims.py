"""Sentence claims → facts: a left-to-right state machine over the tokens of a paragraph.

Why a state machine: disclosures chain clauses around one subject ("一般公共预算财政拨款支出1962.78
万元，比2023年增加1110.21万元。其中：基本支出369.62万元，比2023年减少136.48万元，主要原因是…"):
the subject carries over clauses and sentences, 其中 makes the next aliases parts of the current
subject (基本支出 → expense.general.basic), a comparator names the basis of the next change and a
percentage after a change takes the same basis. Everything phrase-like comes from the lexicon.

Precision over recall: a number becomes a fact only when its measure and basis are known with
confidence (an alias in its clause, or an explicit basis/change phrase for the running subject);
other numbers are counted as unattached (see :class:`Stats`). Inside a reason (主要原因是…) only
changes of an alias named in the same clause are read; inside a purpose (主要用于…) nothing is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable, Optional

from budgetlens.model import Claim, Fact, Source
from budgetlens.rules.lexicon import BOUNDARY_BEFORE, Alias, Lexicon

from .tokens import CLAUSE_END, Token

CONTEXT = "@context"
_BOUNDARY_BEFORE = set(BOUNDARY_BEFORE) | {""}


class Subject(tuple):
    """``(measure, label, alias)``: what a clause is about."""

    __slots__ = ()

    def __new__(cls, measure: str, label: str = "", alias: Optional[Alias] = None):
        return tuple.__new__(cls, (measure, label, alias))

    @property
    def measure(self) -> str:
        return self[0]

    @property
    def label(self) -> str:
        return self[1]

    @property
    def alias(self) -> Optional[Alias]:
        return self[2]


@dataclass
class Section:
    """What the headings say: fund ("" unknown) and default subject."""

    fund: str = ""
    subject: Optional[Subject] = None


@dataclass
class Carry:
    """State that outlives a sentence: running subject and the parent set by 其中."""

    subject: Optional[Subject] = None
    parent: Optional[Subject] = None
    parent_in_paragraph: bool = False
    last_basis: str = ""


@dataclass
class Stats:
    """Numbers with a unit seen in sentences, how many became facts, by kind (money, percent,
    count), and a few unattached examples ("number | sentence")."""

    numbers: int = 0
    attached: int = 0
    examples: list = field(default_factory=list)
    by_kind: dict = field(default_factory=dict)  # kind -> [numbers, attached]


@dataclass
class _Sentence:
    """Per-sentence state (see module docstring)."""

    subject: Optional[Subject] = None
    clause_alias: Optional[Subject] = None
    local_alias: Optional[Subject] = None
    mode: str = "normal"
    cmp_basis: Optional[str] = None
    last_basis: str = ""
    last_change: Optional[tuple[str, str]] = None
    last_current: str = ""
    direction: Optional[tuple[int, int, str]] = None
    amount_basis: Optional[str] = None
    completion: Optional[str] = None
    share_at: int = -1
    qualifier: Optional[tuple[str, str, int]] = None
    flat_done: bool = False
    fund_scope: bool = False
    inherits: bool = False
    clause_start: int = 0
    alias_end: int = -1
    alias_used: bool = False
    of_which: bool = False
    cmp_pending: bool = False
    lead_ok: Optional[bool] = None
    last_number: Optional[tuple[str, str]] = None
    used: set = field(default_factory=set)
    prev: Optional[Token] = None


class ClaimEngine:
    """Reads one document's paragraphs; accumulates facts, claims and stats."""

    def __init__(self, lexicon: Lexicon, kind: Optional[str], year: Optional[int], file: str):
        self.lexicon = lexicon
        self.kind = kind
        self.year = year
        self.file = file
        self.facts: list[Fact] = []
        self.claims: list[Claim] = []
        self.stats = Stats()
        self._last_fact: Optional[tuple[str, str]] = None
        # set per sentence by the caller
        self.norm = ""
        self.sentence_end = 0
        self.locate: Callable = lambda offset: None  # norm offset -> Line
        self.original: Callable = lambda start, end: ""  # norm span -> printed text
        self.quote = ""
        self.section = Section()
        self.carry = Carry()

    # ------------------------------------------------------------------ records
    def _source(self, at: int) -> Source:
        line = self.locate(at)
        return Source(self.file, line.page, line.number, line.bbox, text=self.quote)

    def _fact(self, token: Token, measure: str, basis: str, value, decimals: int, kind: str,
              label: str, of: str = "") -> None:
        src = self._source(token.start)
        self.facts.append(Fact(measure, basis, value, src, decimals, kind, "text",
                               f"text:{src.page}:{src.line}", label, of))
        self.stats.attached += 1
        self._last_fact = (measure, basis)

    def _claim(self, kind: str, at: int, measure: str = "", basis: str = "", value: str = "",
               text: str = "") -> None:
        self.claims.append(Claim(kind, text or self.quote, self._source(at), measure, basis, value))

    # ------------------------------------------------------------------ subjects
    def _fund_for(self, st: _Sentence, token: Token) -> str:
        if st.qualifier and st.qualifier[2] == token.start:
            return st.qualifier[0]
        parent = self.carry.parent
        if parent is not None:
            fund = _fund_of(parent.measure)
            if fund:
                return fund
        return self.section.fund or "all"

    def resolve(self, st: _Sentence, token: Token) -> Optional[Subject]:
        """The subject an alias token names here, or None when it cannot be named safely."""
        alias: Alias = token.value[0]
        if alias.measure == CONTEXT:
            parent = self.carry.parent if self.carry.parent_in_paragraph else None
            found = parent or st.subject or self.carry.subject
            # a bare 支出 points back for a change, never names an amount of its own
            return Subject(found.measure, token.text, alias) if found is not None else None
        if not self._unmodified(st, token):  # "其他资金收入预算总计", "上年结转结余的一般公共预算收入"
            return Subject("", token.text, alias)
        parent = self.carry.parent if st.of_which else None
        if parent is not None and st.mode == "normal" and not self._part_of(alias, parent):
            # "机关运行经费82万元，其中：…公务接待费2万元", "安排购置车辆0辆，其中：执法执勤用车0辆":
            # parts of another whole than the measure the alias names
            return Subject("", token.text, alias)
        if self._coordinated(st, token):  # "会议费、培训费预算支出共263.72万元"
            return Subject("", token.text, alias)
        qualified = st.qualifier is not None and st.qualifier[2] == token.start
        if alias.relative:
            measure = alias.for_fund(self._fund_for(st, token))
        elif alias.neutral or alias.function:
            measure = alias.measure
        elif qualified or st.fund_scope:
            # "其中一般公共预算拨款政府采购0万元：政府采购货物预算0万元…": a fund's share of a
            # measure we have no key for; the rest of the sentence lists that share's parts.
            st.fund_scope = True
            measure = None
        else:
            measure = alias.measure
        parent = self.carry.parent
        if measure and alias.function and parent is not None and parent.measure.endswith(_PARTS):
            # "项目支出…，其中：一般公共服务支出3.00万元": the 类's project part
            measure += parent.measure[parent.measure.rindex("."):]
        return Subject(measure or "", token.text, alias)

    def _part_of(self, alias: Alias, parent: Subject) -> bool:
        """Can this alias name a part of ``parent`` (the measure before 其中)?"""
        if not parent.measure:
            return False
        if alias.kind == "count" and parent.alias is not None and parent.alias.kind == "count":
            return alias.measure.startswith(parent.measure)
        if alias.measure == CONTEXT or not alias.measure:
            return True
        return self.lexicon.family(alias.measure) == self.lexicon.family(parent.measure)

    def _coordinated(self, st: _Sentence, token: Token) -> bool:
        """Two aliases joined by 及/和/、 before one amount: the amount is of neither alone."""
        if st.clause_alias is None or st.alias_end < 0 or st.alias_used:
            return False
        between = self.norm[st.alias_end:token.start]
        if between in self.lexicon.conjunctions:
            st.clause_alias = Subject("")
            return True
        return False

    def _unmodified(self, st: _Sentence, token: Token) -> bool:
        """Nothing but lead-in words (a year, 本单位, numbering, a unit name) stands between the
        clause start or the previous marker and the alias; another alias right before it (with
        at most 的) modifies it."""
        prev = st.prev
        if prev is not None and prev.role == "alias" and prev.end >= st.clause_start:
            return self.norm[prev.end:token.start] not in ("", "的")
        start = st.clause_start
        if prev is not None and prev.end > start and (
                prev.role not in ("punct", "number") or prev.text == "、"
                or (prev.role == "number" and prev.value.kind != "none")):
            start = prev.end
        return self.lexicon.alias_lead.fullmatch(self.norm[start:token.start]) is not None

    def subject_for_number(self, st: _Sentence) -> tuple[Optional[Subject], bool]:
        """(subject, explicit): the clause's alias, else the running subject."""
        if st.mode == "reason":
            return st.local_alias, st.local_alias is not None
        if st.clause_alias is not None:
            return st.clause_alias, True
        if not st.lead_ok:  # "单位预留机动经费预算数为…": an unknown noun leads the clause
            return None, False
        if st.subject is not None:
            return st.subject, False
        carried = self.carry.subject if self.carry.subject is not None else self.section.subject
        return carried, False

    # ------------------------------------------------------------------ sentence
    def read_sentence(self, tokens: list[Token], start: int = 0) -> None:
        """Run the state machine over one sentence's tokens (``start``: its norm offset)."""
        st = _Sentence(clause_start=start)
        self._tokens = tokens
        for i, tok in enumerate(tokens):
            self._i = i
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            if st.lead_ok is None and tok.role != "punct":
                lead = self.norm[st.clause_start:tok.start]
                st.lead_ok = self.lexicon.lead_in.fullmatch(lead) is not None
            handler = getattr(self, f"_on_{tok.role}", None)
            if handler is not None:
                handler(st, tok, nxt)
            st.prev = tok
        if st.subject is not None:
            # a sentence about something unknown ends the running subject (and the section's)
            self.carry.subject = st.subject
        self.carry.last_basis = st.cmp_basis or st.last_basis

    def _on_punct(self, st: _Sentence, tok: Token, nxt: Optional[Token]) -> None:
        if tok.value not in CLAUSE_END:
            return
        st.clause_start = tok.end
        st.lead_ok = None
        st.alias_end = -1
        st.cmp_pending = False
        st.clause_alias = None
        st.local_alias = None
        st.direction = st.amount_basis = st.completion = None
        st.share_at = -1
        st.flat_done = False
        st.used = set()
        if tok.value in ";:" and st.mode != "normal" and self._new_statement_follows():
            st.mode = "normal"

    def _new_statement_follows(self) -> bool:
        """After ；or ：inside a reason or purpose: does the next clause state an amount of its own
        ("…；项目支出267.92万元", "主要用于以下方面：社会保障和就业支出754.75万元")? Otherwise
        the reason goes on ("…降低；公务接待次数…下降")."""
        seen_alias = False
        for tok in self._tokens[self._i + 1:]:
            if tok.role == "punct" and tok.value in CLAUSE_END + "。":
                return False
            if tok.role == "alias":
                seen_alias = True
            elif tok.role in ("number", "amount_basis", "comparator"):
                return seen_alias
        return False

    def _on_qualifier(self, st: _Sentence, tok: Token, nxt: Optional[Token]) -> None:
        fund, alone = tok.value[0]
        st.qualifier = (fund, alone, tok.end)
        if alone and self._starts_clause(st, tok) and nxt is not None and nxt.start == tok.end \
                and nxt.role in ("number", "direction"):
            alias = Alias(measure=alone)
            self._on_alias(st, tok._replace(role="alias", value=(alias, None)), nxt)
        elif st.mode == "normal" and st.share_at < 0:
            # "政府性基金拨款支出预算0.00万元": a fund named without a known measure after it is
            # an unknown subject, unless an alias follows (it then replaces this)
            st.clause_alias = Subject("", tok.text)

    def _starts_clause(self, st: _Sentence, tok: Token) -> bool:
        """At the start of a clause, or right after 其中 / 主要是 ("其中：一般公共预算拨款…")."""
        if self.norm[tok.start - 1:tok.start] in _BOUNDARY_BEFORE:
            return True
        return st.prev is not None and st.prev.end == tok.start and st.prev.role in ("of_which", "reason")

    def _on_alias(self, st: _Sentence, tok: Token, nxt: Optional[Token]) -> None:
        if st.mode == "purpose" or st.share_at >= 0:
            return
        subject = self.resolve(st, tok)
        if subject is None:
            return
        if st.mode == "reason":
            st.local_alias = subject
            return
        st.clause_alias = subject
        st.alias_end = tok.end
        st.alias_used = False
        st.subject = subject  # a blocker (measure "") stops the running subject too

    def _on_of_which(self, st: _Sentence, tok: Token, nxt: Optional[Token]) -> None:
        if st.prev is None:
            st.inherits = True
        if st.mode == "normal":
            parent = st.subject or self.carry.subject or self.section.subject
            st.of_which = True
            if parent is not None:
                self.carry.parent = parent
                self.carry.parent_in_paragraph = True

    def _on_comparator(self, st: _Sentence, tok: Token, nxt: Optional[Token]) -> None:
        basis, m = tok.value
        year = m.groupdict().get("year") if m is not None else None
        if year and self.year and int(year) != self.year - 1:
            basis = ""
        if st.mode == "purpose":
            st.mode = "normal"
        if st.amount_basis is not None and st.clause_alias is None and st.mode == "normal":
            # "2026年预算比2025年预算增加…": 预算 is the subject here, and not one we can name
            st.clause_alias = Subject("")
            st.subject = Subject("")
        st.cmp_basis = basis
        st.cmp_pending = True  # "比2025年年初预算数44021.20万元增加…": an amount here is the basis
        st.amount_basis = None

    def _on_amount_basis(self, st: _Sentence, tok: Token, nxt: Optional[Token]) -> None:
        """"年初预算数0.00万元": the basis of the next amount, if only lead-in words precede it
        ("（去年预算数为0万元）" is not this measure's figure; it is then left unattached)."""
        start = st.clause_start
        prev = st.prev
        if prev is not None and prev.end > start and prev.role != "punct" and not (
                prev.role == "number" and prev.value.kind == "none"):
            start = prev.end
        clean = self.lexicon.lead_in.fullmatch(self.norm[start:tok.start]) is not None
        st.amount_basis = tok.value[0] if clean else ""

    def _on_completion(self, st: _Sentence, tok: Token, nxt: Optional[Token]) -> None:
        st.completion = tok.value[0]

    def _on_share(self, st: _Sentence, tok: Token, nxt: Optional[Token]) -> None:
        if st.mode != "purpose":
            st.share_at = tok.end

    def _on_reason(self, st: _Sentence, tok: Token, nxt: Optional[Token]) -> None:
        st.mode = "reason"
        st.local_alias = None
        rest = self.norm[tok.end:self.sentence_end]
        measure, basis = st.last_change or ((st.subject.measure if st.subject else ""), "")
        if not rest.strip("。;,:!?"):
            self._claim("residue", tok.start, measure, basis, value=tok.text)
            return
        self._claim("reason", tok.start, measure, f"change_{basis}" if basis else "",
                    text=self.original(tok.start, self.sentence_end))

    def _on_purpose(self, st: _Sentence, tok: Token, nxt: Optional[Token]) -> None:
        if st.mode == "normal":
            st.mode = "purpose"

    def _on_not_comparable(self, st: _Sentence, tok: Token, nxt: Optional[Token]) -> None:
        subject, _ = self.subject_for_number(st)
        measure = st.last_change[0] if st.last_change else (subject.measure if subject else "")
        basis = st.cmp_basis or st.last_basis
        self._claim("not_comparable", tok.start, measure,
                    f"pct_change_{basis}" if basis else "", tok.text)
        st.direction = None

    def _on_direction(self, st: _Sentence, tok: Token, nxt: Optional[Token]) -> None:
        sign = tok.value[0]
        st.amount_basis = None
        st.cmp_pending = False
        if sign != 0:
            st.direction = (sign, tok.end, tok.text)
            return
        if st.flat_done or st.mode != "normal":
            return
        measure = st.last_current or (st.subject.measure if st.subject else "")
        basis = st.cmp_basis if st.cmp_basis is not None else "prior"
        if not measure or not basis:
            return
        st.flat_done = True
        self._claim("direction", tok.start, measure, f"change_{basis}", tok.text)
        src = self._source(tok.start)
        kind = "count" if st.subject and st.subject.alias and st.subject.alias.kind == "count" else "money"
        self.facts.append(Fact(measure, f"change_{basis}", _ZERO, src, 0, kind, "text",
                               f"text:{src.page}:{src.line}", tok.text))

    # ------------------------------------------------------------------ numbers
    def _on_number(self, st: _Sentence, tok: Token, nxt: Optional[Token]) -> None:
        num = tok.value
        if num.threshold:
            return
        if num.kind == "none":
            if not self._unitless_amount(st, tok, nxt):
                return
            num = num._replace(kind="money", unit="万元")
            tok = tok._replace(value=num)
        self.stats.numbers += 1
        before = self.stats.attached
        self._last_fact = None
        if st.mode != "purpose":
            if num.kind == "percent":
                self._percent(st, tok)
            elif num.kind == "count":
                self._count(st, tok)
            else:
                self._money(st, tok)
        seen = self.stats.by_kind.setdefault(num.kind, [0, 0])
        seen[0] += 1
        seen[1] += self.stats.attached > before
        if self.stats.attached == before:
            if len(self.stats.examples) < 12:
                self.stats.examples.append(f"{tok.text} | {self.quote[:60]}")
            if num.kind == "money" and st.direction is None and st.mode == "normal" \
                    and (st.clause_alias is None or not st.clause_alias.measure):
                st.subject = Subject("")  # an amount of something we cannot name
                st.last_current = ""
        st.last_number = self._last_fact
        st.alias_used = True
        st.direction = st.amount_basis = None
        st.cmp_pending = False

    def _unitless_amount(self, st: _Sentence, tok: Token, nxt: Optional[Token]) -> bool:
        """"项目支出198.36，占…": a decimal number right after an alias, ending a clause."""
        return (st.prev is not None and st.prev.role == "alias" and st.prev.end == tok.end - len(tok.text)
                and tok.value.decimals > 0 and (nxt is None or nxt.role == "punct"))

    def _change_basis(self, st: _Sentence) -> str:
        """The comparator of this sentence, else of the last change; a sentence opened by 其中
        lists parts of the previous sentence's change and inherits its basis."""
        if st.cmp_basis is not None:
            return st.cmp_basis
        if not st.last_basis and st.inherits:
            return self.carry.last_basis
        return st.last_basis

    def _direction_adjacent(self, st: _Sentence, tok: Token) -> bool:
        if st.direction is None:
            return False
        gap = self.norm[st.direction[1]:tok.start]
        return self.lexicon.direction_gap.fullmatch(gap) is not None

    def _percent(self, st: _Sentence, tok: Token) -> None:
        num = tok.value
        subject, explicit = self.subject_for_number(st)
        if not explicit and st.mode == "normal":
            # "基本支出342.81万元，占63.35%": the share of the amount just read, if it was read
            last = st.last_number
            subject = Subject(last[0], subject.label if subject else "") if last else None
        if st.share_at >= 0:
            if subject is not None and subject.measure and (explicit or st.mode == "normal"):
                whole = self._share_whole(st, tok) or self.lexicon.whole_of(subject.measure)
                if whole and whole != subject.measure:
                    self._fact(tok, subject.measure, "share", num.value, num.decimals, "percent",
                               subject.label, whole)
            st.share_at = -1
            return
        if st.completion is not None:
            basis, st.completion = st.completion, None
            if basis and subject is not None and subject.measure:
                self._fact(tok, subject.measure, f"completion_{basis}", num.value, num.decimals,
                           "percent", subject.label)
            return
        if self._direction_adjacent(st, tok):
            basis = self._change_basis(st)
            if explicit:
                measure = subject.measure
            else:  # "…增加27.98万元，增长5.45%": the percentage of the change just read
                last = st.last_number
                measure = last[0] if last and last[1].startswith("change_") else ""
            if basis and measure:
                self._fact(tok, measure, f"pct_change_{basis}", num.value * st.direction[0],
                           num.decimals, "percent", subject.label if subject else "")

    def _share_whole(self, st: _Sentence, tok: Token) -> str:
        between = self.norm[st.share_at:tok.start]
        for item in self.lexicon.items:
            if item.role == "share_whole" and item.regex.search(between):
                return item.value
        return ""

    def _money(self, st: _Sentence, tok: Token) -> None:
        num = tok.value
        subject, explicit = self.subject_for_number(st)
        if subject is None or not subject.measure or (subject.alias and subject.alias.kind == "count"):
            return
        if self._direction_adjacent(st, tok):
            basis = self._change_basis(st)
            if basis:
                self._fact(tok, subject.measure, f"change_{basis}", num.value * st.direction[0],
                           num.decimals, "money", subject.label)
                st.last_change, st.last_basis = (subject.measure, basis), basis
                self._claim("direction", tok.start, subject.measure, f"change_{basis}",
                            st.direction[2])
            return
        if st.mode != "normal":
            return
        if st.cmp_pending and st.cmp_basis:
            self._fact(tok, subject.measure, st.cmp_basis, num.value, num.decimals, "money",
                       subject.label)
            return
        if st.completion is not None:
            if st.completion:
                self._fact(tok, subject.measure, st.completion, num.value, num.decimals, "money",
                           subject.label)
            return
        if st.amount_basis == "":  # "预算为…" in a final account: which budget is not said
            return
        if self._other_year(st, tok):  # "2023年当年预算执行数为60.13万元" in a 2024 budget
            return
        if st.amount_basis is not None:
            self._fact(tok, subject.measure, st.amount_basis, num.value, num.decimals, "money",
                       subject.label)
            if st.amount_basis == "current":
                st.last_current = subject.measure
            return
        if explicit and subject.measure not in st.used and self._names_amount(st, subject, tok):
            st.used.add(subject.measure)
            self._fact(tok, subject.measure, "current", num.value, num.decimals, "money", subject.label)
            st.last_current = subject.measure

    def _other_year(self, st: _Sentence, tok: Token) -> bool:
        """The clause dates the amount to a year other than the document's (comparators such
        as 比2023年 are not dates of the amount)."""
        if not self.year:
            return False
        for m in _YEAR_RE.finditer(self.norm, st.clause_start, tok.start):
            if int(m.group(1)) != self.year:
                return True
        return False

    def _names_amount(self, st: _Sentence, subject: Subject, tok: Token) -> bool:
        """An alias names the amount after it only through filler words ("支出决算为", "(类)支出");
        "上年结转项目资金1,443.44万元" is an amount of something narrower."""
        if subject.alias is not None and subject.alias.measure == CONTEXT:
            return False
        gap = self.norm[st.alias_end:tok.start] if st.alias_end >= 0 else ""
        return self.lexicon.alias_gap.fullmatch(gap) is not None

    def _count(self, st: _Sentence, tok: Token) -> None:
        """Counts take the clause's alias, else the sentence's ("0个团组，0人")."""
        num = tok.value
        subject = st.clause_alias
        if subject is None and st.lead_ok:  # "0个团组，0人" but not "其中业务用车17辆"
            subject = st.subject
        if subject is None or subject.alias is None or not subject.measure or st.mode != "normal":
            return
        measure = subject.alias.count_measure(num.unit)
        if not measure:
            return
        if self._direction_adjacent(st, tok):
            basis = self._change_basis(st)
            if basis:
                self._fact(tok, measure, f"change_{basis}", num.value * st.direction[0],
                           num.decimals, "count", subject.label)
            return
        if self._other_year(st, tok):
            return
        if (measure, num.unit) not in st.used:
            st.used.add((measure, num.unit))
            self._fact(tok, measure, "current", num.value, num.decimals, "count", subject.label)
            st.last_current = measure


def _fund_of(measure: str) -> str:
    """The fund a parent measure implies for its parts (其中 基本支出 → same fund)."""
    for prefix, fund in (("expense.general.", "general"), ("income.fiscal.general", "general"),
                         ("expense.gov_fund.", "gov_fund"), ("income.fiscal.gov_fund", "gov_fund"),
                         ("expense.soe_capital.", "soe_capital"),
                         ("income.fiscal.soe_capital", "soe_capital")):
        if measure.startswith(prefix):
            return fund
    if measure.startswith(("expense.", "income.")):
        return "all"
    return ""


_ZERO = Decimal(0)
_PARTS = (".basic", ".project")
_YEAR_RE = re.compile(r"(?<![比较与同\d])(\d{4})年(?!初|末|底)")

__all__ = ["Carry", "ClaimEngine", "Section", "Stats", "Subject"]
