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
from dataclasses import fields, replace
from typing import Callable, Optional

from budgetlens.model import Claim, Fact, Source
from budgetlens.rules.lexicon import Alias, Lexicon

from .claim_numbers import NumberRules
from .claim_state import (ALSO, BOUNDARY_CHARS, CONTEXT, PART_SUFFIXES, ZERO, Carry,
                          SentenceState, Section, Stats, Subject, fund_of)
from .tokens import CLAUSE_END, Token

#: the sentence state a bracketed aside leaves as it found (all but the token just read, the
#: brackets still open and the lead-in position, which moves past the aside)
_ASIDE_RESTORED = tuple(f.name for f in fields(SentenceState)
                        if f.name not in ("prev", "brackets", "lead_end", "inherits"))
#: a label naming a function item by its level ("（一）公共安全支出（类）检察（款）：")
_TITLE_MARK = re.compile(r"\((?:类|款|项)\)$")
_OWN_GAP = ("direction", "completion", "share", "amount_basis", "not_comparable", "comparator", "each")

class ClaimEngine(NumberRules):
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
    def _source(self, at: int) -> Source:
        line = self.locate(at)
        return Source(self.file, line.page, line.number, line.bbox, text=self.quote)

    def _fact(self, token: Token, measure: str, basis: str, value, decimals: int, kind: str,
              label: str, of: str = "") -> None:
        src = self._source(token.start)
        for one in measure.split(ALSO):  # "收支较上年增加…": one figure of two measures
            scope = self.sentence_scope or f"text:{src.page}:{src.line}"
            self.facts.append(Fact(one, basis, value, src, decimals, kind, "text", scope, label, of))
        self.stats.attached += 1
        self._last_fact = (measure, basis)

    def _claim(self, kind: str, at: int, measure: str = "", basis: str = "", value: str = "",
               text: str = "") -> None:
        for one in measure.split(ALSO):
            self.claims.append(Claim(kind, text or self.quote, self._source(at), one, basis, value))

    # ------------------------------------------------------------------ subjects
    def _fund_for(self, st: SentenceState, token: Token) -> str:
        if st.qualifier and st.qualifier[2] == token.start:
            return st.qualifier[0]
        if self.carry.list_fund and not (self.carry.parent_in_paragraph and st.of_which):
            return self.carry.list_fund
        parent = self.carry.parent
        if parent is not None:
            fund = fund_of(parent.measure)
            if fund == "fiscal" and not self.carry.parent_in_paragraph:
                fund = ""  # "财政拨款支出…其中：" names the fund of its own paragraph's parts only
            if fund:
                return fund
        return self.section.fund or "all"

    def resolve(self, st: SentenceState, token: Token) -> Optional[Subject]:
        """The subject an alias token names here, or None when it cannot be named safely."""
        alias: Alias = token.value[0]
        if alias.item and self.carry.item is not None:  # "1.…（项）。本年支出决算…"
            return Subject(self.carry.item.measure, token.text, self.carry.item.alias)
        if alias.measure == CONTEXT:
            parent = self.carry.parent if self.carry.parent_in_paragraph else None
            found = parent or st.subject or self.carry.subject
            if found is not None and self._other_flow(token.text, found.measure):
                return Subject("", token.text, alias)  # 收入决算…，支出决算…: not the income's
            # a bare 支出 points back for a change, never names an amount of its own
            return Subject(found.measure, token.text, alias) if found is not None else None
        if not self._unmodified(st, token):  # "其他资金收入预算总计", "上年结转结余的一般公共预算收入"
            return Subject("", token.text, alias)
        blocks = self.lexicon.plan_blocks or ("\0",)
        if alias.parts:  # "实有人员119人，其中行政108人": a part named through its whole
            # "安排购置车辆2辆，其中：机要通信用车0辆": a part of the purchase, not of the holdings
            subject = self._part_subject(st, token, alias)
            return Subject("", token.text, alias) if st.plan and subject.measure.startswith(blocks) \
                else subject
        if st.plan and alias.measure.startswith(blocks):
            return Subject("", token.text, alias)  # "计划购置…单价100万元以上设备0台": not holdings
        parent = self.carry.parent if st.of_which else None
        if parent is not None and parent.measure and st.mode == "normal" \
                and not self._part_of(alias, parent) \
                and self.norm[st.clause_start - 1:st.clause_start] == ";":
            st.of_which = False  # "…其中：机要通信用车13辆；单价100万元以上设备1台": the list ended
            parent = None
        if parent is not None and st.mode == "normal" and not self._part_of(alias, parent):
            # "机关运行经费82万元，其中：…公务接待费2万元", "安排购置车辆0辆，其中：执法执勤用车0辆":
            # parts of another whole than the measure the alias names
            return Subject("", token.text, alias)
        if self._coordinated(st, token):  # "会议费、培训费预算支出共263.72万元"
            return Subject("", token.text, alias)
        qualified = st.qualifier is not None and st.qualifier[2] == token.start
        if alias.relative:
            fund = self._fund_for(st, token)
            if alias.function and fund == "fiscal" and self.fiscal_general:
                fund = "general"  # the tables of the other funds are printed empty
            measure = alias.for_fund(fund)
        elif alias.neutral or alias.function:
            measure = alias.measure
        elif qualified or st.fund_scope:
            # "其中一般公共预算拨款政府采购0万元：政府采购货物预算0万元…": a fund's share of a
            # measure; the rest of the sentence lists that share's parts. Without a variant for
            # that fund the share has no key and its parts stay unattached.
            st.fund_scope = st.qualifier[0] if qualified else st.fund_scope
            measure = alias.for_fund(st.fund_scope)
        else:
            measure = alias.measure
        parent = self.carry.parent if self.carry.parent_in_paragraph else None
        if measure and alias.also:
            # a bare 收支 only right after both were stated ("收入总计…，支出总计…，收支较上年增加…");
            # never under a 财政拨款 heading (the department's totals are meant)
            stated = {f.measure for f in self.facts[-8:] if f.source.text == self.quote}
            named = not alias.boundary or {measure, alias.also} <= stated
            measure = measure + ALSO + alias.also if named and self.section.fund != "fiscal" else ""
        if measure and alias.function and parent is not None and parent.measure.endswith(PART_SUFFIXES):
            # "项目支出…，其中：一般公共服务支出3.00万元": the 类's project part
            measure += parent.measure[parent.measure.rindex("."):]
        return Subject(measure or "", token.text, alias)

    def _part_subject(self, st: SentenceState, token: Token, alias: Alias) -> Subject:
        """The subject of an alias with ``parts``: after 其中, the part its whole names (another
        whole: nothing, unless a new clause after ；ended the list); otherwise its own measure.
        The alias is made concrete (counts in the part's measure) for the number rules."""
        parent = self.carry.parent if st.of_which else None
        parts = dict(alias.parts)
        if parent is not None and parent.measure not in parts \
                and self.norm[st.clause_start - 1:st.clause_start] == ";":
            st.of_which = False  # "…其中行政编制111人；离退休人员104人": the list ended
            parent = None
        measure = alias.measure if parent is None else parts.get(parent.measure, "")
        if not measure:
            return Subject("", token.text, alias)
        counts = tuple((unit, measure) for unit, _ in alias.counts)
        return Subject(measure, token.text, alias._replace(measure=measure, counts=counts, parts=()))

    def _part_of(self, alias: Alias, parent: Subject) -> bool:
        """Can this alias name a part of ``parent`` (the measure before 其中)?"""
        if not parent.measure:
            return False
        if alias.kind == "count" and parent.alias is not None and parent.alias.kind == "count":
            # a narrower key ("共有车辆70辆，其中执法执勤用车5辆"); the whole's own word again is a
            # subdivision we have no key for ("内设机构40个，其中：内设处室37个")
            return alias.measure.startswith(parent.measure) and alias.measure != parent.measure
        if alias.measure == CONTEXT or not alias.measure:
            return True
        if ".economic." in parent.measure and ".economic." not in alias.measure:
            return False  # "对个人和家庭的补助（303）…，其中：人员经费…": that class's part, not ours
        return self.lexicon.family(alias.measure) == self.lexicon.family(parent.measure)

    def _coordinated(self, st: SentenceState, token: Token) -> bool:
        """Two aliases joined by 及/和/、 before one amount: the amount is of neither alone."""
        if st.clause_alias is None or st.alias_end < 0 or st.alias_used:
            return False
        between = self.norm[st.alias_end:token.start]
        if between in self.lexicon.conjunctions:
            st.clause_alias = Subject("")
            return True
        return False

    def _other_flow(self, word: str, measure: str) -> bool:
        """A context word of one side of the account ([flow]: 支出) cannot point back to a subject
        of the other side (政府性基金…收入): 三公经费支出预算…，支出决算… stays the expense's."""
        flows = self.lexicon.flows
        named = {family for family, rx in flows if rx.search(word)}
        subject = {family for family, _ in flows if measure.startswith(family + ".")}
        return bool(named and subject) and not named & subject

    def _unmodified(self, st: SentenceState, token: Token) -> bool:
        """Nothing but lead-in words (a year, 本单位, numbering, a unit name) stands between the
        clause start or the previous marker and the alias; another alias right before it (with
        at most 的) modifies it."""
        prev = st.prev
        if prev is not None and prev.role == "alias" and prev.end >= st.clause_start \
                and self.norm[prev.end:token.start] in ("", "的"):
            return False
        start = st.clause_start
        if prev is not None and prev.end > start and (
                prev.role not in ("punct", "number") or prev.text == "、"
                or (prev.role == "number" and prev.value.kind != "none")):
            start = prev.end
        return self.lexicon.alias_lead.fullmatch(self.norm[start:token.start]) is not None

    def subject_for_number(self, st: SentenceState) -> tuple[Optional[Subject], bool]:
        """(subject, explicit): the clause's alias, else the running subject."""
        if st.mode == "reason":
            return st.local_alias, st.local_alias is not None
        if st.clause_alias is not None:
            return st.clause_alias, True
        if not st.lead_ok:  # "单位预留机动经费预算数为…": an unknown noun leads the clause
            return None, False
        if st.enumerated:
            # "其中：…、其他收入100.00万元，较上年增加142.30万元": after a list of parts, a clause
            # without an alias may be about the whole or the last part
            return None, False
        if st.subject is not None:
            return st.subject, False
        carried = self.carry.subject if self.carry.subject is not None else self.section.subject
        return carried, False

    # ------------------------------------------------------------------ sentence
    def read_sentence(self, tokens: list[Token], start: int = 0) -> None:
        """Run the state machine over one sentence's tokens (``start``: its norm offset)."""
        st = SentenceState(clause_start=start, lead_end=start)
        first = self.locate(start)
        self.sentence_scope = f"text:{first.page}:{first.number}" if first is not None else ""
        self._tokens = tokens
        for i, tok in enumerate(tokens):
            self._i = i
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            self._track_lead(st, tok)
            handler = getattr(self, f"_on_{tok.role}", None)
            if handler is not None:
                handler(st, tok, nxt)
            st.prev = tok
        if st.subject is not None:
            # a sentence about something unknown ends the running subject (and the section's)
            self.carry.subject = st.subject
        titled = st.subject is not None and st.subject.alias is not None and st.subject.alias.function
        if any(t.role == "number" for t in tokens) or not titled:
            self.carry.item = None
        else:  # "1.其他支出（类）…（项）。": the next sentence's 本年支出 is this item's
            self.carry.item = st.subject
        self.carry.last_basis = st.cmp_basis or st.last_basis

    def _on_bracket(self, st: SentenceState, tok: Token, nxt: Optional[Token]) -> None:
        """A bracketed aside with figures or clauses of its own ("公务用车购置及运行维护费210.95万元
        （公务用车购置费96万元，比上年减少76万元；公务用车运行维护费114.95万元，…）比上年减少95.5万元，
        下降31.2%"): after it closes the sentence goes on where it stood before it opened, so the
        change is the whole's, not the last item's in the brackets. An aside without figures
        ("（含外宾接待）") changes nothing."""
        if tok.value == "(":
            st.brackets.append((replace(st, used=set(st.used), brackets=[]), self._i))
            return
        if not st.brackets:
            return
        before, opened = st.brackets.pop()
        inside = self._tokens[opened + 1:self._i]
        if not any((t.role == "number" and t.value.kind != "none")
                   or (t.role == "punct" and t.value in CLAUSE_END + "。") for t in inside):
            return
        for name in _ASIDE_RESTORED:
            setattr(st, name, getattr(before, name))
        st.lead_end = tok.end

    def _track_lead(self, st: SentenceState, tok: Token) -> None:
        """``lead_ok``: nothing but lead-in words so far in the clause between its tokens (a year,
        本单位, numbering, 的). "其中业务用车17辆" or "元，与上年相比…" names an unknown subject, so
        the running subject must not take the clause's numbers. Explicit aliases do not need it."""
        if tok.role == "bracket" or (tok.role == "punct" and tok.text != "、"):
            return
        if tok.role == "number" and tok.value.kind == "none":
            return
        gap = self.norm[st.lead_end:tok.start] if st.lead_end > st.clause_start else \
            self.norm[st.clause_start:tok.start]
        clean = self.lexicon.lead_in.fullmatch(gap) is not None
        if st.prev is not None and st.prev.role in _OWN_GAP and st.prev.end == st.lead_end:
            # "减少数55.34万元", "完成年初预算的98%": that marker's own wording; after a basis only
            # filler ("预算安排…"): "1.预算准备金2,000.00万元" is an amount of a reserve fund
            clean = st.prev.role != "amount_basis" or self.lexicon.alias_gap.fullmatch(gap) is not None
        if tok.role != "alias":  # text right before an alias is the alias's own business
            st.lead_ok = clean if st.lead_ok is None else (st.lead_ok and clean)
        elif st.lead_ok is None:
            st.lead_ok = True
        st.lead_end = tok.end

    def _on_punct(self, st: SentenceState, tok: Token, nxt: Optional[Token]) -> None:
        if tok.value == "、" and st.of_which and st.mode == "normal" and st.prev is not None \
                and st.prev.role == "number" and st.prev.value.kind == "money":
            st.enumerated = True  # "其中：A 4,005.29万元、B 98.18万元、C 100.00万元"
        if tok.value not in CLAUSE_END:
            return
        label = self.norm[st.clause_start:tok.start]
        if tok.value == ":" and st.mode == "normal" and _TITLE_MARK.search(label):
            item = st.subject if st.subject is not None and st.subject.alias is not None \
                and st.subject.alias.function else None
            st.titled = item if item is not None and item.measure else Subject("")
        if tok.value == ":" and st.lead_ok is None and label and st.mode == "normal" \
                and self.lexicon.lead_in.fullmatch(label) is None:
            # "绩效自评综述：全年预算数…": a label names a new, unknown topic
            st.subject = Subject("")
            self.carry.subject = Subject("")
        st.clause_start = tok.end
        st.lead_end = tok.end
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
            if st.prev is not None and st.prev.role == "of_which":
                # "项目支出预算40233.95万元，主要是…，其中：一般公共服务支出3.00万元": the parts
                # listed after the reason's 其中 are the subject's
                self._on_of_which(st, st.prev, nxt)

    def _new_statement_follows(self) -> bool:
        """After ；or ：inside a reason or purpose: does the next clause state an amount of its own
        ("…；项目支出267.92万元", "主要用于以下方面：社会保障和就业支出754.75万元")? Otherwise
        the reason goes on ("…降低；公务接待次数…下降")."""
        seen_alias = False
        opening = self._tokens[self._i].end
        for tok in self._tokens[self._i + 1:]:
            if tok.role == "punct" and tok.value in CLAUSE_END + "。":
                return False
            if tok.role == "alias":
                seen_alias = True
            elif tok.role == "number" and tok.value.kind == "none" and tok.start == opening:
                # "…减少；2022年本部门财政拨款支出…": a year opening the clause leads a new
                # statement ("；二是2026年更新报废车辆较上年有所减少" is the reason's next point)
                continue
            elif tok.role in ("number", "amount_basis", "comparator"):
                return seen_alias
        return False

    def _on_qualifier(self, st: SentenceState, tok: Token, nxt: Optional[Token]) -> None:
        fund, alone, alone_expense = tok.value[0]
        parent = self.carry.parent if st.of_which and self.carry.parent_in_paragraph else None
        if alone_expense and parent is not None and parent.measure.startswith("expense."):
            alone = alone_expense  # "当年预算支出…，其中：一般公共预算拨款4,005.29万元": the fund's spending
        st.qualifier = (fund, alone, tok.end)
        if alone and self._starts_clause(st, tok) and nxt is not None and nxt.start == tok.end \
                and nxt.role in ("number", "direction"):
            alias = Alias(measure=alone)
            self._on_alias(st, tok._replace(role="alias", value=(alias, None)), nxt)
        elif st.mode == "normal" and st.share_at < 0:
            # "政府性基金拨款支出预算0.00万元": a fund named without a known measure after it is
            # an unknown subject, unless an alias follows (it then replaces this) or the
            # sentence's subject lists its fund parts ("实行绩效目标管理，涉及一般公共预算…")
            part = self._fund_part(st, fund, tok)
            st.clause_alias = part or Subject("", tok.text)
            if part is not None:
                st.alias_end, st.alias_used = tok.end, False

    def _fund_part(self, st: SentenceState, fund: str, tok: Token) -> Optional[Subject]:
        """The fund variant of a ``fund_parts`` subject named earlier in the sentence."""
        subject = st.subject
        if subject is None or subject.alias is None or not subject.alias.fund_parts:
            return None
        measure = subject.alias.for_fund(fund)
        return Subject(measure, tok.text, subject.alias) if measure else None

    def _starts_clause(self, st: SentenceState, tok: Token) -> bool:
        """At the start of a clause, or right after 其中 / 主要是 ("其中：一般公共预算拨款…")."""
        if self.norm[tok.start - 1:tok.start] in BOUNDARY_CHARS:
            return True
        return st.prev is not None and st.prev.end == tok.start and st.prev.role in ("of_which", "reason")

    def _on_alias(self, st: SentenceState, tok: Token, nxt: Optional[Token]) -> None:
        if st.mode == "purpose" or st.share_at >= 0:
            return
        subject = self.resolve(st, tok)
        if subject is None:
            return
        if st.mode == "reason":
            # "主要原因局本级会议费增加9.11万元，社科院增加20.62万元": one unit's part of the change
            st.local_alias = Subject("", subject.label) if self._unit_named(st, tok) else subject
            return
        if tok.value[0].in_reason:  # "工资薪金…" outside a reason: no figure we name
            subject = Subject("", subject.label, subject.alias)
        subject = self._under_title(st, subject)
        st.clause_alias = subject
        st.alias_end = tok.end
        st.alias_used = False
        st.subject = subject  # a blocker (measure "") stops the running subject too

    def _under_title(self, st: SentenceState, subject: Subject) -> Subject:
        """After a 类/款/项 label and ：(or under a heading naming one) the sentence is about that
        item: "检察（款）：2018年预算支出合计16,444.36万元" is the 款's spending (never the department's total), and any other
        named measure ("…（类）：基本支出…") is a part of the item we have no key for."""
        item = st.titled or self.section.item
        if item is None or subject.alias is None or subject.alias.function or not subject.measure \
                or subject.measure == item.measure or subject.alias.measure == CONTEXT:
            return subject  # "…（项）：年初预算0万元，支出决算33.26万元": 支出 points back to it
        if item.measure and subject.measure.startswith("expense.") and \
                subject.measure.endswith(".total"):
            return Subject(item.measure, subject.label, item.alias)
        return Subject("", subject.label, subject.alias)

    def _unit_named(self, st: SentenceState, tok: Token) -> bool:
        """A unit's name stands right before the alias (after the clause start or the marker
        before it): "局本级会议费", not "本部门会议费" (the department itself)."""
        prev = st.prev
        start = prev.end if prev is not None and prev.end > st.clause_start else st.clause_start
        gap = self.norm[start:tok.start]
        unit = self.lexicon.unit_lead
        return bool(gap) and self.lexicon.lead_in.fullmatch(gap) is None and unit is not None \
            and unit.fullmatch(gap) is not None

    def _on_of_which(self, st: SentenceState, tok: Token, nxt: Optional[Token]) -> None:
        if st.prev is None:
            st.inherits = True
        if st.mode == "normal":
            parent = st.subject or self.carry.subject or self.section.subject
            st.of_which = True
            if parent is not None:
                self.carry.listed = (self.carry.parent, len(self.facts))
                self.carry.parent = parent
                self.carry.parent_in_paragraph = True

    def end_paragraph(self) -> None:
        """A 其中/包括 that listed no figure and does not end its paragraph as a list lead
        ("公用经费1,074.16万元，主要包括公用综合定额经费、水电费…等公用经费。") describes contents: the
        parent it set gives no fund to the next paragraphs' items ("（五）项目支出57,132.99万元" stays
        all funds), the parent before it does."""
        listed, self.carry.listed = self.carry.listed, None
        if listed is None:
            return
        before, n_facts = listed
        if len(self.facts) == n_facts and self.norm.rstrip()[-1:] not in (":", ""):
            self.carry.parent = before

    def _on_comparator(self, st: SentenceState, tok: Token, nxt: Optional[Token]) -> None:
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
        st.cmp_end = tok.end
        st.cmp_pending = True  # "比2025年年初预算数44021.20万元增加…": an amount here is the basis
        st.amount_basis = None

    def _on_amount_basis(self, st: SentenceState, tok: Token, nxt: Optional[Token]) -> None:
        """"年初预算数0.00万元": the basis of the next amount, if only lead-in words precede it
        ("（去年预算数为0万元）" is not this measure's figure; it is then left unattached)."""
        start = st.clause_start
        prev = st.prev
        if prev is not None and prev.end > start and prev.role != "punct" and not (
                prev.role == "number" and prev.value.kind == "none"):
            start = prev.end
        gap = self.norm[start:tok.start]
        if st.clause_alias is not None and st.alias_end >= st.clause_start and not st.alias_used:
            # "公务接待费支出决算0.53万元", "公务用车运行维护费2026年预算数100.80万元"
            clean = self.lexicon.alias_gap.fullmatch(self.norm[st.alias_end:tok.start]) is not None
        elif prev is not None and prev.role == "alias" and prev.end == start:
            clean = self.lexicon.alias_gap.fullmatch(gap) is not None
        else:
            clean = self.lexicon.lead_in.fullmatch(gap) is not None
        st.amount_basis = tok.value[0] if clean else ""

    def _on_completion(self, st: SentenceState, tok: Token, nxt: Optional[Token]) -> None:
        st.completion = tok.value[0]

    def _on_share(self, st: SentenceState, tok: Token, nxt: Optional[Token]) -> None:
        if st.mode != "purpose":
            st.share_at = tok.end

    def _on_reason(self, st: SentenceState, tok: Token, nxt: Optional[Token]) -> None:
        st.mode = "reason"
        st.local_alias = None
        rest = self.norm[tok.end:self.sentence_end]
        measure, basis = st.last_change or ((st.subject.measure if st.subject else ""), "")
        if not rest.strip("。;,:!?"):
            self._claim("residue", tok.start, measure, basis, value=tok.text)
            return
        self._claim("reason", tok.start, measure, f"change_{basis}" if basis else "",
                    text=self.original(tok.start, self.sentence_end))

    def _on_list_lead(self, st: SentenceState, tok: Token, nxt: Optional[Token]) -> None:
        """"财政拨款支出主要内容如下：" announces numbered items of that fund ("1.“社会保障和就业支出”
        科目1,756万元"): their function names take it, as after 其中 (a paragraph that is no
        numbered item ends the list)."""
        fund = fund_of(st.subject.measure) if st.subject is not None and st.mode == "normal" else ""
        self.carry.list_fund = fund if fund != "all" else ""

    def _on_plan(self, st: SentenceState, tok: Token, nxt: Optional[Token]) -> None:
        st.plan = True

    def _on_purpose(self, st: SentenceState, tok: Token, nxt: Optional[Token]) -> None:
        if st.mode == "normal":
            st.mode = "purpose"

    def _on_not_comparable(self, st: SentenceState, tok: Token, nxt: Optional[Token]) -> None:
        subject, _ = self.subject_for_number(st)
        measure = st.last_change[0] if st.last_change else (subject.measure if subject else "")
        basis = st.cmp_basis or st.last_basis
        self._claim("not_comparable", tok.start, measure,
                    f"pct_change_{basis}" if basis else "", tok.text)
        st.direction = None

    def _on_direction(self, st: SentenceState, tok: Token, nxt: Optional[Token]) -> None:
        sign = tok.value[0]
        st.amount_basis = None
        st.cmp_pending = False
        if sign != 0:
            st.direction = (sign, tok.end, tok.text)
            return
        if st.flat_done or st.mode != "normal":
            return
        hedge = self.lexicon.flat_hedge
        if hedge is not None and hedge.search(self.norm, 0, tok.start):
            return  # "与上年基本持平": approximately, not a zero change
        measure = st.last_current or (st.subject.measure if st.subject else "")
        basis = st.cmp_basis if st.cmp_basis is not None else "prior"
        if not measure or not basis:
            return
        st.flat_done = True
        self._claim("direction", tok.start, measure, f"change_{basis}", tok.text)
        src = self._source(tok.start)
        kind = "count" if st.subject and st.subject.alias and st.subject.alias.kind == "count" else "money"
        self.facts.append(Fact(measure, f"change_{basis}", ZERO, src, 0, kind, "text",
                               self.sentence_scope or f"text:{src.page}:{src.line}", tok.text))


__all__ = ["CONTEXT", "Carry", "ClaimEngine", "Section", "Stats", "Subject"]
