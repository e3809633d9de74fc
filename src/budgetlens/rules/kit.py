"""Every rules file of the package, loaded and validated at once: the start of a run.

Why: each loader validates its file when first called, which inside a run is in the middle of the
first document (or of every document, in worker processes), where a bad file can only become a
per-document error. A command loads them all here once before it reads anything
(:func:`budgetlens.reconcile.preflight.check_rules`), so a bad file stops the run with one message
naming file, line and key. The loaders are cached, so the run then uses what was loaded here.
"""

from __future__ import annotations

from typing import Any, Callable

from . import (advice, catalogue, classify, cross_document, derivations, extract_words,
               form_words, glossary, lexicon, measures, ocr, projects, reading, table_layouts,
               table_terms, templates, units)

#: (file or files, loader): every loader of the rules kit, in the order a run needs them.
LOADERS: tuple[tuple[str, Callable[[], Any]], ...] = (
    ("measures.csv", measures.load_measures),
    ("lexicon.toml", lexicon.load_lexicon),
    ("extract_words.toml", extract_words.load_extract_words),
    ("tables.toml", table_layouts.load_table_layouts),
    ("table_terms.toml", table_terms.load_table_terms),
    ("classify.toml", classify.load_rules),
    ("projects.toml", projects.load_project_rows),
    ("derivations.toml", derivations.load_derivations),
    ("templates.toml", templates.load_templates),
    ("form_words.toml", form_words.load_form_words),
    ("reading.toml", reading.load_causes),
    ("ocr_confusions.csv", ocr.load_confusions),
    ("glossary.csv", glossary.load_glossary),
    ("advice.toml", advice.load_advice),
    ("units.toml", units.load_unit_rules),
    ("[[rule]] of rules/*.toml and $" + catalogue.RULES_ENV, catalogue.load_rules),
    ("cross_document.toml", cross_document.load_cross_checks),
)


def load_all() -> None:
    """Load every rules file (each loader caches its result); the first bad one raises
    :class:`~budgetlens.rules.schema.RuleError` naming file, line and key."""
    for _name, load in LOADERS:
        load()
