"""Sentence claims → facts: a left-to-right reading of the tokens of a paragraph, one small
handler per kind of token over an explicit, immutable state.

Why a state machine: disclosures chain clauses around one subject ("一般公共预算财政拨款支出1962.78
万元，比2023年增加1110.21万元。其中：基本支出369.62万元，比2023年减少136.48万元，主要原因是…"):
the subject carries over clauses and sentences, 其中 makes the next aliases parts of the current
subject (基本支出 → expense.general.basic), a comparator names the basis of the next change and a
percentage after a change takes the same basis. Everything phrase-like comes from the lexicon.

How it is split: :data:`HANDLERS` maps a token's role to its handler, a function
``(ctx, state, token, next token) -> (state, found)``. The words that set up a claim are
:mod:`.claim_markers` and :mod:`.claim_clauses`; the claims themselves are made by one handler
per kind: amounts (:mod:`.claim_amount`), changes (:mod:`.claim_change`), percentages, shares and
completion rates (:mod:`.claim_percent`), counts (:mod:`.claim_count`), reasons
(:mod:`.claim_reason`), reached through the number handler (:mod:`.claim_numbers`), and empty
statements (:mod:`.claim_statements`). The state (:class:`SentenceState`, with the
:class:`Carry` that outlives the sentence) is immutable: each handler returns the next one. This
engine alone keeps what was found, as facts and claims located in the document.

Precision over recall: a number becomes a fact only when its measure and basis are known with
confidence (an alias in its clause, or an explicit basis/change phrase for the running subject);
other numbers are counted as unattached (see :class:`Stats`). Inside a reason (主要原因是…) only
changes of an alias named in the same clause are read; inside a purpose (主要用于…) nothing is.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Callable, Mapping, Optional

from budgetlens.model import Claim, Fact, Source
from budgetlens.rules.extract_words import load_extract_words
from budgetlens.rules.lexicon import Lexicon

from .claim_change import on_direction, on_not_comparable
from .claim_clauses import on_bracket, on_of_which, on_punct, track_lead
from .claim_markers import (on_alias, on_amount_basis, on_comparator, on_completion, on_list_lead,
                            on_plan, on_qualifier, on_share)
from .claim_numbers import on_each, on_number
from .claim_reason import on_purpose, on_reason
from .claim_state import (ALSO, CONTEXT, Carry, ClaimFound, Context, FactFound, NumberSeen,
                          SentenceState, Section, Stats, Step, Subject)
from .tokens import Token

Handler = Callable[[Context, SentenceState, Token, Optional[Token]], Step]

#: token role → its handler (roles without one, such as a statement, are read elsewhere)
HANDLERS: Mapping[str, Handler] = {
    "alias": on_alias, "amount_basis": on_amount_basis, "bracket": on_bracket,
    "comparator": on_comparator, "completion": on_completion, "direction": on_direction,
    "each": on_each, "list_lead": on_list_lead, "not_comparable": on_not_comparable,
    "number": on_number, "of_which": on_of_which, "plan": on_plan, "punct": on_punct,
    "purpose": on_purpose, "qualifier": on_qualifier, "reason": on_reason, "share": on_share,
}


#: the bases of a change, which follow the name's meaning ("增加X，增长p%"; the prior it implies)
_TWIN_BASES = ("change_prior", "pct_change_prior", "prior")


class ClaimEngine:
    """Reads one document's paragraphs; accumulates facts, claims and stats."""

    def __init__(self, lexicon: Lexicon, kind: Optional[str], year: Optional[int], file: str,
                 handlers: Mapping[str, Handler] = HANDLERS):
        self.lexicon = lexicon
        self.kind = kind
        self.year = year
        self.file = file
        self.handlers = handlers
        self.facts: list[Fact] = []
        self.fact_at: list[int] = []  # where in the paragraph each fact's figure stands
        self.paragraph_first = 0  # index in ``facts`` of the paragraph's first fact
        self.claims: list[Claim] = []
        self.stats = Stats()
        # set per paragraph and sentence by the caller
        self.norm = ""
        self.sentence_end = 0
        self.sentence_start = 0
        #: the scope of every fact of the sentence being read: its first line (a sentence wrapped
        #: over PDF lines is one statement; its total and parts are added up together)
        self.sentence_scope = ""
        self.locate: Callable = lambda offset: None  # norm offset -> Line
        self.original: Callable = lambda start, end: ""  # norm span -> printed text
        self.quote = ""
        self.section = Section()
        self.carry = Carry()
        #: the document prints the other funds' tables empty: 财政拨款 functions are 一般公共预算
        self.fiscal_general = False

    # ------------------------------------------------------------------ records
    def source(self, at: int) -> Source:
        """Where the norm offset ``at`` of the paragraph was printed, quoting the sentence."""
        line = self.locate(at)
        return Source(self.file, line.page, line.number, line.bbox, text=self.quote)

    def sentence_source(self, at: int) -> Source:
        """:meth:`source`, boxed around the whole sentence: the union of the boxes of the lines
        the sentence is printed on (on ``at``'s page). Why: a claim cites its sentence (a reason
        wrapped over three lines), and a reviewer's page image and annotated PDF box what is
        cited; a fact keeps the box of its own line."""
        src = self.source(at)
        if src.bbox is None:
            return src
        boxes = [x.bbox for x in self._sentence_lines()
                 if x is not None and x.page == src.page and x.bbox is not None]
        union = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
                 max(b[3] for b in boxes)) if boxes else src.bbox
        return src._replace(bbox=union)

    def _sentence_lines(self) -> list:
        """The lines the sentence's offsets are located on, each once, in order. Why not one
        ``locate`` per offset: a paragraph's offsets map to its lines in order (a line holds one
        run of offsets), so the end of each line's run is found by bisection — a few calls per
        line instead of one per character (session 16: 64 per claim on average)."""
        out = []
        at, end = self.sentence_start, self.sentence_end
        while at < end:
            line = self.locate(at)
            lo, hi = at + 1, end  # the first offset after ``at`` on another line
            while lo < hi:
                mid = (lo + hi) // 2
                if self.locate(mid) is line:
                    lo = mid + 1
                else:
                    hi = mid
            out.append(line)
            at = lo
        return out

    def add_claim(self, kind: str, at: int, measure: str = "", basis: str = "", value: str = "",
                  text: str = "") -> None:
        """Record a claim (one per measure of an ``also`` subject), boxed around its sentence."""
        source = self.sentence_source(at)
        for one in measure.split(ALSO):
            self.claims.append(Claim(kind, text or self.quote, source, one, basis, value))

    def _add_fact(self, found: FactFound) -> None:
        src = self.source(found.at)
        scope = self.sentence_scope or f"text:{src.page}:{src.line}"
        # "收支较上年增加…": one figure of two measures (a flat word's zero change: as named)
        measures = found.measure.split(ALSO) if found.counted else (found.measure,)
        for one in measures:
            self.facts.append(Fact(one, found.basis, found.value, src, found.decimals, found.kind,
                                   "text", scope, found.label, found.of))
            self.fact_at.append(found.at)
        self.stats.attached += found.counted

    def _add_seen(self, seen: NumberSeen) -> None:
        """Count a number for the coverage statistics (and keep a few unattached examples)."""
        stats = self.stats
        stats.numbers += 1
        by_kind = stats.by_kind.setdefault(seen.kind, [0, 0])
        by_kind[0] += 1
        by_kind[1] += seen.attached
        if seen.attached or seen.kind != "count" or seen.unit not in self.lexicon.other_count_units:
            stats.measure_like[0] += 1
            stats.measure_like[1] += seen.attached
            examples = stats.examples
        else:
            examples = stats.other_examples
        if not seen.attached and len(examples) < 12:
            examples.append(f"{seen.text} | {self.quote[:60]}")

    def _record(self, found: tuple) -> None:
        for one in found:
            if type(one) is FactFound:
                self._add_fact(one)
            elif type(one) is ClaimFound:
                self.add_claim(one.kind, one.at, one.measure, one.basis, one.value, one.text)
            else:
                self._add_seen(one)

    # ------------------------------------------------------------------ paragraphs
    def start_paragraph(self, norm: str, locate: Callable, original: Callable, listed: bool) -> None:
        """A new paragraph: its parts are no longer listed under the last one's 其中, and a
        paragraph that is no numbered item (``listed`` False) ends a list of one fund."""
        self.norm, self.locate, self.original = norm, locate, original
        self.paragraph_first = len(self.facts)
        list_fund, list_basis = (self.carry.list_fund, self.carry.list_basis) if listed else ("", "")
        self.carry = self.carry.but(parent_in_paragraph=False, item=None, list_fund=list_fund,
                                    list_basis=list_basis, list_reason=False, paired=("", ""))

    def start_section(self, section: Section) -> None:
        """Under a new heading: its fund and subject; nothing carries over from the last one."""
        self.section = section
        self.carry = Carry(subject=section.subject)

    def read_sentence(self, tokens: list[Token], start: int = 0) -> None:
        """Run the handlers over one sentence's tokens (``start``: its norm offset)."""
        self.sentence_start = start
        first = self.locate(start)
        self.sentence_scope = f"text:{first.page}:{first.number}" if first is not None else ""
        index = {tok.start: i for i, tok in enumerate(tokens)}
        ctx = Context(self.lexicon, self.kind, self.year, self.section, self.fiscal_general,
                      self.norm, tokens, index, self.sentence_end, self.quote, self.facts,
                      self.original, self.paragraph_first)
        st = SentenceState(clause_start=start, lead_end=start, carry=self.carry,
                           plan=self.carry.plan and not self._holds(tokens, start))
        handlers = self.handlers
        last = len(tokens) - 1
        prev = None
        first_fact = len(self.facts)
        for i, tok in enumerate(tokens):
            st = track_lead(ctx, st, prev, tok)  # where the clause's lead-in words stand
            handler = handlers.get(tok.role)
            if handler is not None:
                st, found = handler(ctx, st, tok, tokens[i + 1] if i < last else None)
                if found:
                    self._record(found)
            prev = tok
        self.carry = _carried(st, tokens)
        self._with_carryover(first_fact)

    def _with_carryover(self, first: int) -> None:
        """A total of this sentence whose 其中 lists a carry-over other than 0 is the total with
        it: its facts are re-keyed ([parts] with_carryover). Only the figures before the list's
        lead are the total's: a part listed beside the carry-over ("收入总计3,600万元，其中：本年收入
        3,456.78万元，上年结转143.22万元") is the year's own total, and stays so."""
        rule = self.lexicon.with_carryover
        if rule is None or len(self.facts) == first:
            return
        totals, listed, carryover, stated_rx = rule
        lead = listed.search(self.norm, self.sentence_start, self.sentence_end)
        if lead is None or not any(
                f.measure.startswith(carryover) and f.value != 0 for f in self.facts[first:]):
            # (a carry-over of 0 leaves the two totals equal: the current one stays)
            lead = _stated_carryover(stated_rx, self.norm, self.sentence_start, self.sentence_end)
            if lead is None:
                return
        if self._adds_up_without_carryover(first, lead.start(), totals, carryover):
            return
        stated = {f.measure for f in self.facts[first:]}
        fund = ""
        for i in range(first, len(self.facts)):
            fact = self.facts[i]
            # "收入總計434.72萬元,其中:本年收入合計434.16萬元,…年初結轉和結余0.55萬元": the sentence
            # names the total with carry-over itself; its 本年 total stays what it says
            if fact.measure in totals and totals[fact.measure] not in stated \
                    and self.fact_at[i] < lead.start():
                self.facts[i] = fact._replace(measure=totals[fact.measure])
                fund = fund or _fiscal_part(fact.measure)
        if fund:  # "财政拨款收入X，其中:本年收入Y，上年结转收入Z" (昆明): the account's own carry-over
            for i in range(first, len(self.facts)):
                if self.facts[i].measure == carryover and self.fact_at[i] >= lead.start():
                    self.facts[i] = self.facts[i]._replace(measure=carryover + fund)

    def _adds_up_without_carryover(self, first: int, lead: int, totals: Mapping[str, str],
                                   carryover: str) -> bool:
        """The year's sources listed after the lead add up to the total without the carry-over
        listed beside them: the total is the year's own, the carry-over lies outside it (垫江
        包家镇卫生院 2022 "年初预算数504.51万元,其中:一般公共预算拨款204.51万元,…事业收入300万元,…;
        上年结转结余资金29.81万元": 204.51 + 300 = 504.51)."""
        facts = list(enumerate(self.facts[first:], first))
        listed = [f for i, f in facts if self.fact_at[i] >= lead and f.basis == "current"
                  and f.kind == "money" and not f.measure.startswith(carryover)]
        for i, total in facts:
            if total.measure in totals and total.basis == "current" and self.fact_at[i] < lead:
                parts = [f.value for f in listed if f.measure != total.measure]
                if parts and abs(total.value - sum(parts)) < Decimal("0.005"):
                    return True
        return False

    def name_twins(self) -> None:
        """A name the page gave its total with carry-over keeps that meaning for the changes it
        states: 昆明 审计局 2026 calls 121,884,997.75 (with 上年结转收入 1,192,640.00) 财政拨款收入, and
        its "财政拨款收入增加6,399,184.61元，增长5.54%" is that total's change (5.54% of its prior;
        on the year's own 120,692,357.75 it would be 5.60%). Only where the same name never gave
        the year's own figure ([parts] with_carryover: the twin measures)."""
        rule = self.lexicon.with_carryover
        if rule is None:
            return
        own_of = {twin: own for own, twin in rule[0].items()}
        twin_named = {(own_of[f.measure], f.label) for f in self.facts
                      if f.measure in own_of and f.basis == "current" and f.label}
        own_named = {(f.measure, f.label) for f in self.facts if f.basis == "current"}
        for i, fact in enumerate(self.facts):
            key = (fact.measure, fact.label)
            if fact.basis in _TWIN_BASES and key in twin_named and key not in own_named:
                self.facts[i] = fact._replace(measure=rule[0][fact.measure])

    def _holds(self, tokens: list[Token], start: int) -> bool:
        """The sentence names holdings ([markers] holding: 截至, 共有, 实有…), so a plan before it
        does not go on into it."""
        holding = self.lexicon.holding
        end = tokens[-1].end if tokens else start
        return holding is None or holding.search(self.norm, start, max(end, start)) is not None

    def end_text(self, cut: bool) -> None:
        """The document's text stops inside a 其中 list, its last sentence unterminated (``cut``:
        the last paragraph read holds the document's last line; "其中:财政拨款收入2982.61万元,占本年
        收入63%;上级补助收入0万", 白泉卫生院 2023, a copy cut mid-list): the parts after the cut have
        no name here, so the total is no closed sum of the printed ones (an ``unnamed_part``
        claim, as "共有车辆70辆，其中业务用车17辆…"). The total is the figure printed last before the
        sentence's first list word (the outer list: "其中:财政拨款收入…,包括一般公共预算收入…;其他收入
        …;上年结" cuts 收入's list, not 财政拨款's)."""
        tail = self.norm.rstrip()
        if not cut or not tail or _CLOSED.fullmatch(tail[-1]):
            return
        start = max((m.end() for m in _CLOSED.finditer(tail)), default=0)
        leads = [k for k in (tail.find(w, start) for w in _LIST_LEADS) if k >= 0]
        if not leads:
            return
        before = [f for i, f in enumerate(self.facts[self.paragraph_first:], self.paragraph_first)
                  if self.fact_at[i] < min(leads) and f.basis == "current"]
        if before:
            self.add_claim("unnamed_part", len(tail) - 1, before[-1].measure, "current", "cut")

    def end_paragraph(self) -> None:
        """A 其中/包括 that listed no figure and does not end its paragraph as a list lead
        ("公用经费1,074.16万元，主要包括公用综合定额经费、水电费…等公用经费。") describes contents: the
        parent it set gives no fund to the next paragraphs' items ("（五）项目支出57,132.99万元" stays
        all funds), the parent before it does."""
        listed = self.carry.listed
        if listed is None:
            return
        before, n_facts = listed
        leads = self.norm.rstrip()[-1:] in (":", "")
        parent = before if len(self.facts) == n_facts and not leads else self.carry.parent
        # a change's comparator goes on into the list its sentence announces ("…比上年减少Y，其中：")
        list_basis = self.carry.last_basis if leads else self.carry.list_basis
        self.carry = self.carry.but(listed=None, parent=parent, list_basis=list_basis)


#: what ends a sentence (a text whose last character is none of them stops inside one), and the
#: words that open a list of parts (rules/extract_words.toml [claims])
_CLOSED = load_extract_words()["claims"].rx["sentence_end"]
_LIST_LEADS = load_extract_words()["claims"].words["list_leads"]


def _fiscal_part(measure: str) -> str:
    """".fiscal" (".fiscal.general" …) for a 财政拨款 income measure, whose carry-over is
    income.carryover.fiscal (…); "" for any other."""
    if measure == "income.fiscal" or measure.startswith("income.fiscal."):
        return measure[len("income"):]
    return ""


def _stated_carryover(regex: Optional[re.Pattern], norm: str, start: int, end: int
                      ) -> Optional[re.Match]:
    """A carry-over amount other than 0 the sentence states in words no alias reads ("结转2025年
    下达的资金80.00万元" among a reason's points), or None."""
    if regex is None:
        return None
    for m in regex.finditer(norm, start, end):
        if Decimal(m.group("amount").replace(",", "")) != 0:
            return m
    return None


def _carried(st: SentenceState, tokens: list[Token]) -> Carry:
    """What the sentence leaves to the next: its subject (a sentence about something unknown
    ends the running subject, and the section's), the item a title sentence named, its basis."""
    changes: dict = {}
    if st.subject is not None:
        changes["subject"] = st.subject
    titled = st.subject is not None and st.subject.alias is not None and st.subject.alias.function
    if any(t.role == "number" for t in tokens) or not titled:
        changes["item"] = None
    else:  # "1.其他支出（类）…（项）。": the next sentence's 本年支出 is this item's
        changes["item"] = st.subject
    changes["last_basis"] = st.cmp_basis or st.last_basis
    changes["plan"] = st.plan
    return st.carry.but(**changes)


__all__ = ["CONTEXT", "Carry", "ClaimEngine", "HANDLERS", "Handler", "Section", "Stats", "Subject"]
