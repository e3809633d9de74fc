"""Sentences of a held-out set (benchmark/variants/heldout3_wordings.toml ``[[sentence]]``) read
back with the narrative reader: the share of the facts each sentence states that come out with
the right measure, basis and value.

Why: the table variants of scripts/template_variants.py measure how table reading generalises;
the narrative reader is the other half of a document, and its wordings (changes, shares, 三公
items, 机关运行经费, counts, performance coverage) vary as much between templates. Each sentence is
read on its own, under its heading when it names one, in a document of the kind and year it
names; what it states is written by hand from the sentence, never from the reader's output.
It measures; it asserts nothing.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

TOLERANCE = Decimal("0.0051")


def _read(entry: dict) -> set[tuple[str, str, Decimal]]:
    from budgetlens.extract.narrative import extract_narrative
    from budgetlens.model import Document, Line, Metadata, Page

    texts = [t for t in (entry.get("heading", ""), entry["text"]) if t]
    lines = tuple(Line(t, 1, i + 1) for i, t in enumerate(texts))
    meta = Metadata(kind=entry.get("kind", "budget"), year=entry.get("year", 2026),
                    level=entry.get("level", "department"))
    doc = Document("heldout_sentence.txt", "text", (Page(1, lines),))
    return {(f.measure, str(f.basis), f.value) for f in extract_narrative(doc, meta, [])[1]}


def measure_sentences(entries: list[dict], misses: bool) -> dict:
    """Per topic: stated facts read right / stated, and the facts read on a stated measure and
    basis with another value (a wrong reading, not a miss)."""
    read: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    missed = []
    for entry in entries:
        got = _read(entry)
        topic = entry.get("topic", "")
        for measure, basis, value in entry["facts"]:
            want = Decimal(str(value))
            ok = any(m == measure and b == basis and abs(v - want) <= TOLERANCE
                     for m, b, v in got)
            other = [v for m, b, v in got if m == measure and b == basis and abs(v - want) > TOLERANCE]
            read[topic][0] += ok
            read[topic][1] += 1
            read[topic][2] += bool(other) and not ok
            if not ok:
                missed.append((topic, entry["text"][:60], measure, basis, value, other))
    n = sum(r[0] for r in read.values())
    total = sum(r[1] for r in read.values())
    print(f"held-out sentences: {100 * n / max(total, 1):.1f}% ({n}/{total}) of the stated facts read")
    for topic, (ok, of, wrong) in sorted(read.items()):
        print(f"    {topic:24s} {ok}/{of}" + (f"  ({wrong} read with another value)" if wrong else ""))
    if misses:
        for topic, text, measure, basis, value, other in missed:
            print(f"    miss [{topic}] {measure} {basis} {value}"
                  + (f" (read {', '.join(map(str, other))})" if other else "") + f" — {text}")
    return {"read": n, "of": total,
            "topics": {t: {"read": r[0], "of": r[1], "wrong": r[2]} for t, r in read.items()},
            "misses": [list(map(str, m[:5])) for m in missed]}
