"""Number rules of the claim engine: what a money amount, a percentage or a count becomes.

Why separate: attaching a number is where precision is won or lost (a wrong measure is a false
alarm downstream), so these rules sit together: a number becomes a fact only with an explicit
alias in its clause, or an explicit basis/change phrase for the running subject (see
``claims.py`` for the state machine that feeds them).
"""

from __future__ import annotations

from typing import Optional

from .claim_state import ALSO, CONTEXT, YEAR_RE, SentenceState, Subject
from .numbers import to_wan
from .tokens import Token


class NumberRules:
    """Mixin of :class:`budgetlens.extract.claims.ClaimEngine`: the ``_on_number`` handler."""

    def _on_number(self, st: SentenceState, tok: Token, nxt: Optional[Token]) -> None:
        num = tok.value
        if num.threshold:
            return
        if st.each:
            tok = self._each_take(st, tok)
            num = tok.value
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
                self._count(st, tok, nxt)
            else:
                self._money(st, tok)
        seen = self.stats.by_kind.setdefault(num.kind, [0, 0])
        seen[0] += 1
        seen[1] += self.stats.attached > before
        attached = self.stats.attached > before
        if attached or num.kind != "count" or num.unit not in self.lexicon.other_count_units:
            self.stats.measure_like[0] += 1
            self.stats.measure_like[1] += attached
            examples = self.stats.examples
        else:
            examples = self.stats.other_examples
        if not attached:
            if len(examples) < 12:
                examples.append(f"{tok.text} | {self.quote[:60]}")
            unnamed = st.direction is None and st.mode == "normal" and not st.subject_known and (
                st.clause_alias is None or not st.clause_alias.measure)
            if unnamed and num.kind == "money":
                st.subject = Subject("")  # an amount of something we cannot name
                st.last_current = ""
            parent = self.carry.parent
            if unnamed and st.of_which and parent is not None and parent.measure \
                    and self._same_unit(num, parent):
                # "共有车辆70辆，其中业务用车17辆": the parts listed are not all named, so a sum
                # over the named parts is incomplete
                self._claim("unnamed_part", tok.start, parent.measure, "current", tok.text)
        st.subject_known = False
        st.last_number = self._last_fact
        st.alias_used = True
        st.direction = st.amount_basis = None
        st.cmp_pending = False

    def _on_each(self, st: SentenceState, tok: Token, nxt: Optional[Token]) -> None:
        """"收、支总计各是4125.49,4143.91万元", "…,各下降23.51%、38.28%": a pair of figures after 各
        is the two measures of an ``also`` subject in order. 各 must follow that alias right away or
        open its clause; one figure after 各 ("收、支总计各增加27.98万元") stays both's."""
        if st.mode != "normal" or not self._pair_follows():
            return
        if st.clause_alias is not None and st.alias_end == tok.start:
            subject = st.clause_alias
        elif st.clause_alias is None and st.clause_start == tok.start:
            subject = st.subject
        else:
            return
        if subject is not None and ALSO in subject.measure:
            st.each = tuple((one, subject.label) for one in subject.measure.split(ALSO))
            st.each_state = None

    def _pair_follows(self) -> bool:
        """The next figures are two in a row, joined by ，or 、 only ("4125.49,4143.91万元")."""
        rest = [t for t in self._tokens[self._i + 1:self._i + 6] if t.role not in ("direction",)]
        return (len(rest) >= 3 and rest[0].role == "number" and rest[1].role == "punct"
                and rest[1].value in ",、" and rest[2].role == "number"
                and rest[2].value.kind != "none" and rest[1].start == rest[0].end
                and rest[2].start == rest[1].end)

    def _each_take(self, st: SentenceState, tok: Token) -> Token:
        """The next measure of a 各 pair becomes the clause's alias; the second figure reads with
        the direction/basis words the first one had (a ，between them ends a clause)."""
        (measure, label), st.each = st.each[0], st.each[1:]
        state = (st.direction, st.amount_basis, st.cmp_pending, st.completion)
        if st.each_state is None:
            st.each_state = state
        else:
            st.direction, st.amount_basis, st.cmp_pending, st.completion = st.each_state
            if st.direction is not None:  # "各减少1267.86,2570.97万元": adjacent to both
                st.direction = (st.direction[0], tok.start, st.direction[2])
        st.clause_alias, st.alias_end, st.alias_used = Subject(measure, label), tok.start, False
        num = tok.value
        if num.kind == "none":  # "4125.49,4143.91万元": the unit is printed once, after the pair
            unit = self._tokens[self._i + 2].value
            wan, decimals = to_wan(num.value, num.decimals, unit.unit)
            tok = tok._replace(value=unit._replace(value=wan, decimals=decimals))
        return tok

    @staticmethod
    def _same_unit(num, parent: Subject) -> bool:
        """An unnamed part is counted in its whole's unit (辆 of 车辆, money of an amount)."""
        count_whole = parent.alias is not None and parent.alias.kind == "count"
        if num.kind == "count":
            return count_whole and parent.alias.count_measure(num.unit) == parent.measure
        return num.kind == "money" and not count_whole

    def _unitless_amount(self, st: SentenceState, tok: Token, nxt: Optional[Token]) -> bool:
        """"项目支出198.36，占…": a decimal number right after an alias, ending a clause."""
        return (st.prev is not None and st.prev.role == "alias" and st.prev.end == tok.end - len(tok.text)
                and tok.value.decimals > 0 and (nxt is None or nxt.role == "punct"))

    def _change_basis(self, st: SentenceState) -> str:
        """The comparator of this sentence, else of the last change; a sentence opened by 其中
        lists parts of the previous sentence's change and inherits its basis."""
        if st.cmp_basis is not None:
            return st.cmp_basis
        if not st.last_basis and st.inherits:
            return self.carry.last_basis
        return st.last_basis

    def _direction_adjacent(self, st: SentenceState, tok: Token) -> bool:
        if st.direction is None:
            return False
        gap = self.norm[st.direction[1]:tok.start]
        return self.lexicon.direction_gap.fullmatch(gap) is not None

    def _percent(self, st: SentenceState, tok: Token) -> None:
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
            elif st.mode != "normal":  # "主要原因…统一压减10%": a reason's own percentage
                return
            else:  # "…增加27.98万元，增长5.45%": the percentage of the change just read
                last = st.last_number
                measure = last[0] if last and last[1].startswith("change_") else ""
                if last and last[1] == "current" and self._compared_directly(st):
                    # "2024年预算安排53.84万元，比2023年预算执行数减少1.39%": the amount's change
                    measure = last[0]
            if basis and measure:
                self._fact(tok, measure, f"pct_change_{basis}", num.value * st.direction[0],
                           num.decimals, "percent", subject.label if subject else "")

    def _compared_directly(self, st: SentenceState) -> bool:
        """The direction word follows the clause's comparator right away ("比上年执行数减少")."""
        if st.direction is None or st.cmp_end < 0:
            return False
        return st.cmp_end == st.direction[1] - len(st.direction[2])

    def _share_whole(self, st: SentenceState, tok: Token) -> str:
        between = self.norm[st.share_at:tok.start]
        for item in self.lexicon.items:
            if item.role == "share_whole" and item.regex.search(between):
                return item.value
        return ""

    def _money(self, st: SentenceState, tok: Token) -> None:
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
        if st.mode != "normal" or st.direction is not None:
            # "增加部门预算1,464.3万元": a direction word not right before the amount
            return
        if st.cmp_pending and st.cmp_basis:
            self._fact(tok, subject.measure, st.cmp_basis, num.value, num.decimals, "money",
                       subject.label)
            return
        if st.completion is not None:
            if st.completion:
                self._fact(tok, subject.measure, st.completion, num.value, num.decimals, "money",
                           subject.label)
            else:  # "完成预算12.02万元的100%": the subject's budget, which one is not said
                st.subject_known = True
            return
        if st.amount_basis == "prior_execution":
            # "2023年当年预算执行数为54.60万元" in a 2024 budget: dated the previous year, or not at all
            if self._years(st, tok) <= {self.year - 1 if self.year else 0} and not (
                    st.of_which and not explicit):
                self._fact(tok, subject.measure, "prior_execution", num.value, num.decimals, "money",
                           subject.label)
            else:
                st.subject_known = True
            return
        misdated = False
        if st.amount_basis == "current" and self._previous_year_only(st, tok):
            misdated = self._compared_with_own_year(st, tok)
            if not misdated:
                # "2026年“三公经费”预算数为7.61万元，2025年预算数为9.23万元": last year's figure
                self._fact(tok, subject.measure, "prior", num.value, num.decimals, "money",
                           subject.label)
                return
        if st.amount_basis == "" or (self._other_year(st, tok) and not misdated):
            # "预算为…" in a final account (which budget?), "2023年当年预算执行数为60.13万元" in a
            # 2024 budget: a figure of the subject, but not one we can name a basis for
            st.subject_known = True
            return
        if st.amount_basis is not None:
            if st.of_which and not explicit:  # "…1682.76万元，其中当年预算1682.76万元": a part
                return
            self._fact(tok, subject.measure, st.amount_basis, num.value, num.decimals, "money",
                       subject.label)
            if st.amount_basis == "current":
                st.last_current = subject.measure
            return
        if explicit and subject.measure not in st.used and self._names_amount(st, subject, tok):
            st.used.add(subject.measure)
            self._fact(tok, subject.measure, "current", num.value, num.decimals, "money", subject.label)
            st.last_current = subject.measure

    def _counted_word(self, st: SentenceState, tok: Token, nxt: Optional[Token]) -> Optional[Subject]:
        """The word right after a count that takes the count before it ("32个内设机构、12个直属
        事业单位"); after 其中 under a count whole it must be a part of it ("内设机构40个，其中：…等3个
        处室" is a subdivision we have no key for: it names nothing)."""
        if nxt is None or nxt.role != "alias" or nxt.start != tok.end:
            return None
        alias = nxt.value[0]
        if not alias.before or not alias.count_measure(tok.value.unit):
            return None
        parent = self.carry.parent if st.of_which else None
        counted = parent is not None and parent.alias is not None and parent.alias.kind == "count"
        if counted and not self._part_of(alias, parent):
            return Subject("", nxt.text, alias)
        return Subject(alias.measure, nxt.text, alias)

    def _other_year(self, st: SentenceState, tok: Token) -> bool:
        """The clause dates the amount to a year other than the document's (comparators such
        as 比2023年 are not dates of the amount)."""
        if not self.year:
            return False
        for m in YEAR_RE.finditer(self.norm, st.clause_start, tok.start):
            if int(m.group(1)) != self.year:
                return True
        return False

    def _years(self, st: SentenceState, tok: Token) -> set[int]:
        """The years the clause dates the amount to (comparators such as 比2023年 are not dates)."""
        return {int(m.group(1)) for m in YEAR_RE.finditer(self.norm, st.clause_start, tok.start)}

    def _previous_year_only(self, st: SentenceState, tok: Token) -> bool:
        """The clause dates the amount to the previous year, and to no other."""
        return bool(self.year) and self._years(st, tok) == {self.year - 1}

    def _compared_with_own_year(self, st: SentenceState, tok: Token) -> bool:
        """The amount dated last year is compared with that same year right after it ("2025年
        “三公”经费预算13.85万元，比2025年减少5.45万元" in a 2026 budget): no year is compared with
        itself, so the date is a misprint of the document's year, whose figure the sentence
        states as the comparison with last year shows; read as last year's, the figure and the
        change would contradict each other and every table. Not when the sentence already gave
        the document's year a figure ("2026年…7.61万元，2025年预算数为9.23万元，和2025年相比…":
        the comparison is then between the two)."""
        start = next((t.end for t in reversed(self._tokens[:self._i])
                      if t.role == "punct" and t.value == "。"), 0)
        if st.last_current or any(int(m.group(1)) == self.year
                                  for m in YEAR_RE.finditer(self.norm, start, tok.start)):
            return False
        for nxt in self._tokens[self._i + 1:]:
            if nxt.role == "comparator":
                m = nxt.value[1]
                year = m.groupdict().get("year") if m is not None else None
                return bool(year) and int(year) == self.year - 1
            if nxt.role in ("alias", "number") or (nxt.role == "punct" and nxt.value in "。;"):
                return False
        return False

    def _names_amount(self, st: SentenceState, subject: Subject, tok: Token) -> bool:
        """An alias names the amount after it only through filler words ("支出决算为", "(类)支出");
        "上年结转项目资金1,443.44万元" is an amount of something narrower."""
        if subject.alias is not None and subject.alias.measure == CONTEXT:
            return False
        gap = self.norm[st.alias_end:tok.start] if st.alias_end >= 0 else ""
        return self.lexicon.alias_gap.fullmatch(gap) is not None

    def _count(self, st: SentenceState, tok: Token, nxt: Optional[Token] = None) -> None:
        """Counts take the word they are printed before (``Alias.before``: "设24个内设机构"), else
        the clause's alias, else the sentence's ("0个团组，0人")."""
        num = tok.value
        subject = self._counted_word(st, tok, nxt) or st.clause_alias
        if subject is None and st.lead_ok:  # "0个团组，0人" but not "其中业务用车17辆"
            subject = st.subject
            if subject is not None and subject.alias is not None and subject.alias.before:
                return  # "8个内设机构，和1个…下属事业单位": a word counted where it is printed
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


__all__ = ["NumberRules"]
