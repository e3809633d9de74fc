"""Measure templates of identity declarations: ``{code}`` and ``{n}`` match digits (a
classification code, a project number); ``*`` in a part matches one key segment.

Why here: the imply stage must tell a plain sum (which may imply a total or a part) from a
templated one (which never does) exactly as the audit expands it, so both read one definition.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from typing import Sequence

_PLACEHOLDER = re.compile(r"\{(code|n)\}|\*")


@lru_cache(maxsize=1024)
def template_regex(template: str) -> re.Pattern:
    """``expense.function.{code}.basic`` → a regex with a named group per placeholder. Cached:
    the templates are the rules' (a few hundred), and the audit asks for the same ones for every
    scope of every document (13,000 calls over the corpus PDFs, each building and compiling)."""
    out, pos, seen = [], 0, set()
    for m in _PLACEHOLDER.finditer(template):
        out.append(re.escape(template[pos:m.start()]))
        name = m.group(1)
        if name is None:
            out.append(r"[^.]+")
        elif name in seen:
            out.append(f"(?P={name})")
        else:
            seen.add(name)
            out.append(f"(?P<{name}>\\d+)")
        pos = m.end()
    out.append(re.escape(template[pos:]))
    return re.compile("^" + "".join(out) + "$")


@lru_cache(maxsize=1024)
def has_placeholder(template: str) -> bool:
    return bool(_PLACEHOLDER.search(template))


def matching(template: str, measures: Sequence[str]) -> list[re.Match]:
    """The matches of ``template`` among ``measures`` (sorted), in their order.

    Why by prefix: the text before a template's first placeholder is a literal its regex is
    anchored on, so only the sorted run of measures starting with it can match; a document has
    hundreds of measures and the audit expands hundreds of templates over them (a regex per
    measure per template was the sum checks' largest cost)."""
    rx = template_regex(template)
    m = _PLACEHOLDER.search(template)
    prefix = template[:m.start()] if m else template
    out = []
    for k in range(bisect_left(measures, prefix), len(measures)):
        measure = measures[k]
        if not measure.startswith(prefix):
            break
        found = rx.match(measure)
        if found:
            out.append(found)
    return out
