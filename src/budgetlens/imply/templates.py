"""Measure templates of identity declarations: ``{code}`` and ``{n}`` match digits (a
classification code, a project number); ``*`` in a part matches one key segment.

Why here: the imply stage must tell a plain sum (which may imply a total or a part) from a
templated one (which never does) exactly as the audit expands it, so both read one definition.
"""

from __future__ import annotations

import re
from functools import lru_cache

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
