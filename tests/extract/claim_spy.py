"""Observe one claim handler while the real narrative flow reads a sentence.

Why: a handler is a function of (context, state, token, next token); to test it on a real
sentence it needs the state the sentences before the token leave, which only the real flow
builds. :func:`calls` reads the text through :func:`read_narrative` with that one handler
wrapped (the registry is passed in, never patched) and returns every call it saw, so a test
can assert what the handler returned and call it again on the same inputs.
"""

from __future__ import annotations

from typing import NamedTuple, Optional

from budgetlens.extract.claim_state import Context, SentenceState
from budgetlens.extract.claims import HANDLERS
from budgetlens.extract.narrative import read_narrative
from budgetlens.extract.tokens import Token
from budgetlens.model import Document, Line, Metadata, Page


class Call(NamedTuple):
    ctx: Context
    before: SentenceState
    tok: Token
    nxt: Optional[Token]
    after: SentenceState
    found: tuple


def calls(role: str, kind: str, year: int, *texts: str) -> list[Call]:
    """Every call of the handler of ``role`` while ``texts`` (one line each) are read as the
    running text of a ``kind`` document of ``year``."""
    seen: list[Call] = []
    handler = HANDLERS[role]

    def spy(ctx, st, tok, nxt):
        after, found = handler(ctx, st, tok, nxt)
        seen.append(Call(ctx, st, tok, nxt, after, found))
        return after, found

    lines = tuple(Line(t, 1, i + 1) for i, t in enumerate(texts))
    document = Document("inline.txt", "text", (Page(1, lines),))
    read_narrative(document, Metadata(kind=kind, year=year), handlers={**HANDLERS, role: spy})
    return seen


def at(seen: list[Call], text: str) -> Call:
    """The call whose token printed ``text``."""
    found = [c for c in seen if c.tok.text == text]
    assert found, f"no call at {text!r}: {[c.tok.text for c in seen]}"
    return found[0]
