"""Which rules files have a declared schema, and the schemas: what docs/rules-format.md shows.

Why one list: the reference page is rendered from the same :class:`~.schema.Schema` objects the
loaders check entries against, so it cannot say a key is allowed that a loader refuses. A file of
``rules/`` missing from :data:`DECLARED` is one whose loader still checks by hand
(:data:`NOT_YET`); the page says so rather than pretending. The generator's own files are
declared beside their loader (:data:`budgetlens.generate.spec_schema.DECLARED`: a floor above).
"""

from __future__ import annotations

from . import (advice, classify, derivations, extract_words, form_words, generate_words, glossary,
               lexicon_schema,
               measures, ocr, projects, read_words, reading, table_layouts, table_terms,
               templates, units)
from .reference import data as reference, english as reference_en
from .catalogue import RULE_SCHEMA
from .schema import Schema

#: (file, what it holds, its schemas), in the order the page shows them.
DECLARED: tuple[tuple[str, str, tuple[Schema, ...]], ...] = (
    ("*.toml", "audit checks: `[[rule]]` entries in any rules file", (RULE_SCHEMA,)),
    ("tables.toml", "how tables are recognised by role and read into facts", table_layouts.SCHEMAS),
    ("table_terms.toml", "table titles and column headers by their terms", table_terms.SCHEMAS),
    ("templates.toml", "which tables and sections a disclosure must contain", templates.SCHEMAS),
    ("classify.toml", "the vocabulary of document classification", classify.SCHEMAS),
    ("lexicon.toml", "the phrases of the narrative: aliases of measures, bases, directions, "
     "markers, sections and statements", lexicon_schema.SCHEMAS),
    ("form_words.toml", "the wording the form checks match by (titles, code rows, statements)",
     form_words.SCHEMAS),
    ("read_words.toml", "the wording the readers match by (table numbers, unit lines, continued "
     "titles, page numbers, subtotal cells)", read_words.SCHEMAS),
    ("extract_words.toml", "the wording the extractor matches by (total rows, title cells, row keys, "
     "…)", extract_words.SCHEMAS),
    ("derivations.toml", "how implied values follow from stated ones", derivations.SCHEMAS),
    (generate_words.FILE, "the generator's own workbook labels (sheets, info fields, 是/否), "
     "written and read back, and the words it matches a published document by",
     generate_words.SCHEMAS),
    ("advice.toml", "整改建议 (rectification advice) per category and rule", advice.SCHEMAS),
    ("projects.toml", "how project rows of 项目支出表 are recognised", projects.SCHEMAS),
    ("reading.toml", "causes of reading doubt and what they demote", reading.SCHEMAS),
    ("units.toml", "how printed names of one unit get one identity key", units.SCHEMAS),
    ("measures.csv", "every measure key, its names and kind", measures.SCHEMAS),
    ("glossary.csv", "controlled terms in zh and en", glossary.SCHEMAS),
    ("ocr_confusions.csv", "known OCR misreadings of words", ocr.SCHEMAS),
    ("reference/*.csv", "classification codes (功能分类, 经济分类) by year, their names over time, "
     "and the gazetteer of regions, and their English names", reference.SCHEMAS
     + (reference_en.NAME_EN, reference_en.REGION_EN)),
)

#: Rules files whose loaders validate by hand (to move onto the kit): none is left.
NOT_YET: tuple[str, ...] = ()
