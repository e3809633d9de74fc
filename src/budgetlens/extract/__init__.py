"""Stage 2, extract: Document → Disclosure (metadata, tables by role, headings, facts, claims).

Entry point: :func:`extract`. Sub-steps, each ``(inputs) → (outputs, diagnostics)``:

* :mod:`.classify` — kind/level/year/unit/region from content, never from the file name;
* :mod:`.tables` — tables recognised by role (rules/tables.toml), cells → facts;
* :mod:`.narrative` — heading tree, sentence claims → facts and claims.

Extraction never raises on bad content: problems become Diagnostics.
"""

from __future__ import annotations

from ..model import Diagnostic, Disclosure, Document


def extract(document: Document) -> tuple[Disclosure, list[Diagnostic]]:
    """Turn a read Document into a Disclosure of facts with provenance."""
    # Imported here so that light helpers (``extract.numbers``) can be used without the heavy steps.
    from . import classify, narrative, tables

    diagnostics: list[Diagnostic] = []
    metadata, diags = classify.classify(document)
    diagnostics += diags
    table_infos, table_facts, diags = tables.extract_tables(document, metadata)
    diagnostics += diags
    headings, text_facts, claims, diags = narrative.extract_narrative(document, metadata, table_infos,
                                                                    table_facts)
    diagnostics += diags
    text_facts = tables.refile_text_folds(text_facts, table_facts)
    disclosure = Disclosure(
        path=document.path,
        metadata=metadata,
        tables=tuple(table_infos),
        headings=tuple(headings),
        facts=tuple(table_facts) + tuple(text_facts),
        claims=tuple(claims),
        n_pages=document.n_pages,
        format=document.format,
        text_lines=sum(1 for line in document.lines() if line.table is None),
        narrative=tuple(line._replace(words=()) for line in document.lines() if line.table is None),
    )
    return disclosure, diagnostics
