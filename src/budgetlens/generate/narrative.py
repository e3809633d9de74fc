"""Write the narrative sections from Jinja2 templates (package data, ``templates/*.j2``).

WHY templates see only :class:`Narrative`: a template holds words; every number it prints comes
from a method here (a figure of the inputs, or a change, percentage or share computed by
:mod:`.numbers`). A change a sentence states is recorded, so the gate can require its reason.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Optional

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined

from ..rules import generate_words
from ..rules.measures import describe
from .doc import DocModel, Material
from .inputs import Inputs
from .numbers import HUNDRED, Change, change, count, money, percent

_ENVS: dict[tuple[str, ...], Environment] = {}
#: how a finding names the budget a 决算数 is compared with
BUDGET_NAMES = {"initial_budget": "年初预算数", "adjusted_budget": "全年预算数"}


def environment(template_dirs: tuple[str, ...] = ()) -> Environment:
    """The Jinja2 environment: ``template_dirs`` first (a regional variant's own files), then
    the package's templates. Autoescape is off: the output is text; the HTML writer escapes it."""
    if template_dirs not in _ENVS:
        loader = ChoiceLoader([FileSystemLoader(list(template_dirs)),
                               PackageLoader("budgetlens.generate", "templates")])
        _ENVS[template_dirs] = Environment(loader=loader, undefined=StrictUndefined,
                                           autoescape=False, trim_blocks=True, lstrip_blocks=True,
                                           keep_trailing_newline=False)
    return _ENVS[template_dirs]


class Narrative:
    """What a template may ask for. Methods return display strings (or None/False when the
    inputs do not have the figure), never raw numbers to be formatted in the template."""

    def __init__(self, inputs: Inputs, model: DocModel, level: str, phase: str,
                 names: dict[str, str], terms: tuple[tuple[str, str], ...],
                 threshold: Decimal) -> None:
        self._in = inputs
        self._model = model
        self._names = names
        self._threshold = threshold
        self.unit, self.year, self.level, self.phase = inputs.unit, inputs.year, level, phase
        self.terms = terms

    def has(self, measure: str, basis: str = "current") -> bool:
        return self._in.get(measure, basis) is not None

    def any(self, *measures: str) -> bool:
        return any(self.has(m) for m in measures)

    def amt(self, measure: str, basis: str = "current") -> str:
        v = self._in.get(measure, basis)
        return money(v) if v is not None else ""

    def cnt(self, measure: str) -> str:
        v = self._in.get(measure)
        return count(v) if v is not None else ""

    def nonzero(self, measure: str) -> bool:
        v = self._in.get(measure)
        return v is not None and v != 0

    def share(self, part: str, whole: str) -> Optional[str]:
        p, w = self._in.get(part), self._in.get(whole)
        return percent(p, w) if p is not None and w is not None else None

    def completion(self, measure: str, label: str = "", basis: str = "initial_budget") -> Optional[str]:
        """current / budget × 100 (a 决算's 完成年初预算的W%), None without the budget figure or
        in a 预算. A rate ``threshold`` points or more away from 100 is recorded: the gate
        requires the reason for the variance."""
        cur, budget = self._in.get(measure), self._in.get(measure, basis)
        if self._in.kind != "final" or cur is None or budget is None:
            return None
        rate = percent(cur, budget)
        if rate is not None and abs(Decimal(rate) - HUNDRED) >= self._threshold:
            v = self._in.values.get((measure, "current"))
            self._model.changes.append(Material(
                measure, f"{label or measure}决算数与{BUDGET_NAMES[basis]}相比", money(abs(cur - budget)),
                f"{abs(Decimal(rate) - HUNDRED):f}", False, self.variance_reason(measure),
                v.source if v else None, need="variance_reasons"))
        return rate

    def variance_reason(self, measure: str) -> str:
        r = self._in.variance_reasons.get(measure)
        return r[0] if r else ""

    def reason(self, measure: str) -> str:
        r = self._in.reasons.get(measure)
        return r[0] if r else ""

    def change(self, measure: str, label: str, basis: str = "prior") -> Optional[Change]:
        """The change of ``measure`` against ``basis``; recorded for the gate's reason check."""
        cur, base = self._in.get(measure), self._in.get(measure, basis)
        if cur is None or base is None:
            return None
        c = change(cur, base, self._threshold)
        if c.material:
            v = self._in.values.get((measure, "current"))
            self._model.changes.append(Material(measure, label, c.amount, c.pct, c.from_zero,
                                                self.reason(measure), v.source if v else None))
        return c

    def codes(self, prefix: str, digits: int) -> list[tuple[str, str, str]]:
        """(code, name, amount) of the rows of ``prefix`` with a current figure, by code."""
        out = []
        for (measure, basis), v in self._in.values.items():
            if basis != "current" or not measure.startswith(prefix + "."):
                continue
            code = measure[len(prefix) + 1:]
            if code.isdigit() and len(code) == digits:
                out.append((code, self._names.get(code, ""), money(v.value)))
        return sorted(out)

    def term(self, measure: str) -> str:
        """The measure's Chinese name (rules/measures.csv) without its trailing 数: a name that
        holds a threshold (单价100万元（含）以上设备) keeps it in the data, not in a template."""
        text, suffix = describe(measure, "zh"), generate_words.load_generate_words().narrative
        return text.removesuffix(suffix["measure_suffix"])

    def name(self, code: str) -> str:
        return self._names.get(code, "")

    def zero(self, measure: str) -> bool:
        """The inputs say the figure is zero (a printed 0 or a 无… statement)."""
        v = self._in.get(measure)
        return v is not None and v == 0

    def statement(self, measure: str) -> str:
        """A statement of the inputs carried as written (不在…范围之内)."""
        s = self._in.statements.get(measure)
        return s[0] if s else ""

    def projects(self) -> list:
        """The 项目 of the inputs (name, amount, 绩效目标); amounts are printed in the table only."""
        return list(self._in.projects)

    def profile(self, key: str) -> list[str]:
        return [text for text, _src in self._in.profile.get(key, ())]


def render_section(template: str, data: Narrative,
                   template_dirs: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Paragraphs of one section: the template's output split at blank lines."""
    text = environment(template_dirs).get_template(template).render(d=data)
    paras = ["".join(line.strip() for line in p.splitlines()) for p in text.split("\n\n")]
    return tuple(p for p in paras if p)
