"""The scoring rule of a 绩效自评表 indicator (standards.md §6.3), as ``rules/generate/
scoring.toml`` declares it: what 得分 an indicator's 指标值, 实际完成值 and 分值 determine, or that
they leave it to judgment, and why.

WHY a verdict and not always a number: the rule determines full marks for an achieved indicator
and (by the national rule) a proportional score for a shortfall of a lower bound; a qualitative
indicator, an over-achievement beyond the declared 偏离度 and a reverse indicator's shortfall are
scored by local convention. The gate must report a score the rule contradicts, and must not
invent a finding where the rule says nothing.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from importlib import resources
from typing import Optional

from ..rules.schema import RuleError, header_lines
from .indicators import number
from .spec_schema import NATURES, SCORING_NATURE, SCORING_SHORTFALL, SCORING_TOP, SHORTFALL

__all__ = ["NATURES", "SHORTFALL", "ScoringRule", "Tier", "Verdict", "contradicts",
           "execution_score", "expected_score", "is_execution_row", "load_scoring", "nature_of",
           "parse_scoring"]


@dataclass(frozen=True)
class Tier:
    """A qualitative tier: the 实际完成值 words that name it and its 得分's range as shares of 分值."""

    name: str
    zh: str
    low: Decimal
    high: Decimal
    low_open: bool
    words: re.Pattern


@dataclass(frozen=True)
class ScoringRule:
    comparators: tuple[tuple[str, str], ...]  # (prefix, nature), longest prefix first
    over_achievement: Decimal
    shortfall: dict
    execution_row: re.Pattern
    execution_shortfall: str
    tiers: tuple[Tier, ...] = ()
    equal_tier: str = ""


@dataclass(frozen=True)
class Verdict:
    """``expected`` the score the rule gives (None: judgment, or a range); ``why`` zh and en.
    A qualitative tier gives no point but a range, ``low`` to ``high`` (``low_open``: excluded)."""

    expected: Optional[Decimal]
    why: str
    why_en: str
    low: Optional[Decimal] = None
    high: Optional[Decimal] = None
    low_open: bool = False


@lru_cache(maxsize=1)
def load_scoring() -> ScoringRule:
    """rules/generate/scoring.toml, checked by its schemas (a bad entry names file, line, key)."""
    text = resources.files("budgetlens.rules").joinpath("generate/scoring.toml").read_text(
        encoding="utf-8")
    return parse_scoring(tomllib.loads(text), text)


def parse_scoring(data: dict, text: str = "") -> ScoringRule:
    """The scoring rule of a parsed scoring.toml, checked against :data:`.spec_schema.SCORING_TOP`
    and its two tables (``text``, the file's text when given, lets errors name the line)."""
    where = "generate/scoring.toml"
    SCORING_TOP.check(data, where, 1 if text else 0, text)
    for key, schema in (("nature", SCORING_NATURE), ("shortfall", SCORING_SHORTFALL)):
        lines = header_lines(text, key) if text else []
        schema.check(data[key], where, lines[0] if lines else 0, text, key)
    nature, shortfall = data["nature"], data["shortfall"]
    pairs = sorted(((p, k) for k in NATURES for p in nature[k]), key=lambda x: -len(x[0]))
    tiers = _tiers(data, where)
    return ScoringRule(tuple(pairs), Decimal(str(data["over_achievement"])), dict(shortfall),
                       re.compile(data["execution_row"]), data["execution_shortfall"], tiers,
                       data.get("equal_tier", ""))


def _tiers(data: dict, where: str) -> tuple[Tier, ...]:
    """The qualitative tiers ``[[tier]]``, and ``equal_tier`` naming one of them."""
    out = []
    for i, t in enumerate(data.get("tier") or ()):
        missing = [k for k in ("name", "zh", "low", "high", "low_open", "words") if k not in t]
        if missing:
            raise RuleError(f"{where}: tier[{i}] lacks {', '.join(missing)}")
        low, high = Decimal(str(t["low"])), Decimal(str(t["high"]))
        if not Decimal(0) <= low <= high <= Decimal(1):
            raise RuleError(f"{where}: tier[{i}] ({t['name']}): 0 <= low <= high <= 1 required")
        try:
            words = re.compile(t["words"])
        except re.error as exc:
            raise RuleError(f"{where}: tier[{i}] ({t['name']}): words: {exc}") from exc
        out.append(Tier(t["name"], t["zh"], low, high, bool(t["low_open"]), words))
    if data.get("equal_tier") and data["equal_tier"] not in {t.name for t in out}:
        raise RuleError(f"{where}: equal_tier {data['equal_tier']!r} names no [[tier]]")
    return tuple(out)


def nature_of(target: str, rule: ScoringRule) -> Optional[str]:
    text = target.strip()
    return next((k for p, k in rule.comparators if text.startswith(p)), None)


def _judgment(why: str, why_en: str) -> Verdict:
    return Verdict(None, why, why_en)


def _achieved(nature: str, target: Decimal, actual: Decimal) -> bool:
    if nature == "lower_bound":
        return actual >= target
    if nature == "upper_bound":
        return actual <= target
    return actual == target


def expected_score(target: str, actual: str, weight: Decimal) -> Verdict:
    """The 得分 the rule gives an indicator (to 2 decimals), or why it leaves it to judgment."""
    rule = load_scoring()
    nature = nature_of(target, rule)
    t, a = number(target), number(actual)
    if a is None and actual.strip():
        return qualitative(target, actual, weight)
    if nature is None or t is None or a is None:
        return _judgment("定性指标或指标值无比较符，得分由评价人判断",
                         "qualitative (or no comparator): the score is the evaluator's judgment")
    tv, av = t.value, a.value
    if _achieved(nature, tv, av):
        if tv and abs(av - tv) / abs(tv) > rule.over_achievement:
            return _judgment(f"超额完成（偏离{abs(av - tv) / abs(tv):.0%}），按偏离度扣分属地方口径",
                             "over-achieved beyond the declared deviation: local convention")
        return Verdict(weight, "已完成指标值，应得满分", "achieved: full marks")
    if rule.shortfall[nature] == "judgment" or not tv or not av:
        return _judgment("未完成指标值，扣分方法属地方口径", "short of the target: a local rule scores it")
    ratio = (av / tv) if nature == "lower_bound" else min(av, tv) / max(av, tv)
    score = (weight * ratio).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return Verdict(score, f"未完成指标值，按完成比例{ratio:.2%}计分", f"short of the target: {ratio:.2%} of the weight")


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def qualitative(target: str, actual: str, weight: Decimal) -> Verdict:
    """A 实际完成值 in words: the range its tier gives the 得分 (the 指标值 printed again is
    ``equal_tier``; else the first tier whose words it matches), or judgment when none names it."""
    rule = load_scoring()
    done = _squeeze(actual)
    by_name = {t.name: t for t in rule.tiers}
    tier = by_name.get(rule.equal_tier) if done == _squeeze(target) else None
    tier = tier or next((t for t in rule.tiers if t.words.search(done)), None)
    if tier is None:
        return _judgment(f"定性指标（实际完成值“{actual.strip()}”未对应评分档次），得分由评价人判断",
                         f"qualitative ({actual.strip()!r} names no tier): the evaluator's judgment")
    low, high = weight * tier.low, weight * tier.high
    bracket = "(" if tier.low_open else "["
    how = "与指标值相同" if done == _squeeze(target) else ""
    return Verdict(None, f"定性指标，实际完成值“{actual.strip()}”{how}属{tier.zh}档，得分应在分值的"
                         f"{bracket}{tier.low:.0%}, {tier.high:.0%}]",
                   f"qualitative: {actual.strip()!r} is tier {tier.name}, a score in "
                   f"{bracket}{tier.low:.0%}, {tier.high:.0%}] of the weight", low, high, tier.low_open)


def outside(stated: Decimal, text: str, v: Verdict) -> bool:
    """Whether a printed 得分 lies outside a tier's range farther than its own rounding allows."""
    decimals = len(text.split(".", 1)[1]) if "." in text else 0
    slack = Decimal(5) / (Decimal(10) ** (decimals + 1))
    if v.low is None or v.high is None:
        return False
    below = stated + slack <= v.low if v.low_open else stated + slack < v.low
    return below or stated - slack > v.high


def is_execution_row(names: list[str]) -> bool:
    """Whether a row's name cells name the 预算执行率 block (scored by :func:`execution_score`)."""
    rule = load_scoring()
    return any(rule.execution_row.search(re.sub(r"\s+", "", n)) for n in names if n)


def execution_score(actual: str, weight: Decimal) -> Verdict:
    """P2: 得分 = 分值 × min(执行率, 100%); below 100% as ``execution_shortfall`` declares."""
    rate = number(actual)
    if rate is None:
        return _judgment("执行率未列示，得分由评价人判断", "no execution rate printed: judgment")
    if rate.value >= 100:
        return Verdict(weight, "预算执行率达100%，应得满分", "execution rate 100%: full marks")
    if load_scoring().execution_shortfall == "judgment":
        return _judgment("预算执行率未达100%，各地计分档次不同", "execution below 100%: scored by local tiers")
    score = (weight * rate.value / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return Verdict(score, f"按执行率{rate.value}%计分", f"{rate.value}% of the weight")


def contradicts(stated: Decimal, text: str, expected: Decimal) -> bool:
    """Whether a printed 得分 stands farther from the computed one than its own rounding allows."""
    decimals = len(text.split(".", 1)[1]) if "." in text else 0
    return abs(stated - expected) > Decimal(5) / (Decimal(10) ** (decimals + 1))
