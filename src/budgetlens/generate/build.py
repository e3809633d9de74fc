"""Assemble the document model: parts in the order of rules/generate/document.toml, tables in the
order of the template's tables (rules/templates.toml), sections written by their templates.
"""

from __future__ import annotations

from decimal import Decimal

from ..rules.templates import load_templates, role_family
from ..rules.reference.data import load_reference
from .doc import DocModel, GenPart, GenSection, GenTable
from .fill import fill_table
from .inputs import Inputs
from .narrative import Narrative, render_section
from .perf_tables import performance_tables
from .spec import Spec, load_spec

#: a stated change of at least this percentage (or from zero) needs its reason (issue #11)
REASON_THRESHOLD = Decimal(10)


def code_names(inputs: Inputs) -> dict[str, str]:
    """Names of classification codes: as the inputs printed them, else the reference tables'."""
    names: dict[str, str] = {}
    ref = load_reference()
    for tables in (ref.function, ref.economic):
        for by_year in tables.values():
            for year in sorted(by_year):
                for code, entry in by_year[year].items():
                    names[code] = entry.name
    names.update(inputs.names)
    return names


def table_roles(kind: str, level: str, template: str) -> list[str]:
    """The roles a document of this template carries, required first, in declared order."""
    t = load_templates().select(kind, level, template)
    if t is None:
        return []
    return list(t.required_tables) + [r for r in t.recommended_tables if r not in t.required_tables]


def document_tables(spec: Spec, kind: str, level: str, template: str) -> list[tuple[str, str, bool]]:
    """(family, role, mandated) of the tables a document prints, in order: the document's
    declared order, then the template's tables it does not list. A family the template does not
    mandate (``mandated`` False) is printed only when the inputs have figures for it."""
    doc = spec.document(kind, template)
    roles = table_roles(kind, level, template)
    mandated = {role_family(r): r for r in roles}
    out = [(f, mandated.get(f, f"{kind}_{f}"), f in mandated) for f in doc.tables]
    out += [(f, r, True) for f, r in mandated.items() if f not in doc.tables]
    return [(f, r, m) for f, r, m in out if f in spec.tables]


def build(inputs: Inputs, spec: Spec | None = None, template_dirs: tuple[str, ...] = ()) -> DocModel:
    """The document model for ``inputs`` (kind, level and template as the inputs say).
    ``spec`` and ``template_dirs`` let a regional variant be added as a declaration plus its
    Jinja2 files, without code."""
    spec = spec or load_spec()
    level = spec.level_names[inputs.level]
    phase = spec.phase[inputs.kind]
    year = str(inputs.year)
    ctx = {"unit": inputs.unit, "year": year, "level": level,
           "amount": spec.amount[inputs.kind].replace("{year}", year)}
    title = f"{inputs.unit}{year}年{'度' if inputs.kind == 'final' else ''}{level}{phase}"
    model = DocModel(title, inputs.unit, inputs.year, inputs.kind, inputs.level, inputs.template,
                     input_file=inputs.file)
    names = code_names(inputs)
    data = Narrative(inputs, model, level, phase, names, spec.terms, REASON_THRESHOLD)
    doc = spec.document(inputs.kind, inputs.template)
    for part in doc.parts:
        part_title = part.title.replace("{level}", level).replace("{year}", year)
        if part.tables:
            model.parts.append(GenPart(part_title, tables=tuple(_tables(inputs, spec, ctx, names))))
            continue
        sections = []
        for key in part.sections:
            s = spec.sections[key]
            paras = render_section(s.template, data, template_dirs)
            if paras:
                title = s.title.replace("{level}", level).replace("{year}", year)
                sections.append(GenSection(key, title, paras, s.section))
        model.parts.append(GenPart(part_title, sections=tuple(sections)))
    return model


def _tables(inputs: Inputs, spec: Spec, ctx: dict[str, str], names: dict[str, str]) -> list[GenTable]:
    doc = spec.document(inputs.kind, inputs.template)
    out: list[GenTable] = []
    for family, role, mandated in document_tables(spec, inputs.kind, inputs.level, inputs.template):
        table = fill_table(spec.tables[family], inputs, ctx, role, len(out) + 1, names,
                           doc.unit_of(family))
        if mandated or not table.empty:
            out.append(table)
    return out + performance_tables(inputs, ctx, len(out) + 1, spec.perf)
