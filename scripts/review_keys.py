"""How stable the review's finding keys are across the versions a library holds (docs/web.md,
"Carry-over: the finding key"): for each disclosure with more than one version, how many of a
version's finding keys the next version has again (decisions carry over), has no more (shown as
已整改, resolved) and has new. A measurement, not a test.

    python scripts/review_keys.py /tmp/corpus.db
"""

from __future__ import annotations

import sys


def main(db: str) -> int:
    from sqlalchemy import text

    from budgetlens.store import open_store
    from budgetlens.store.findkey import finding_keys
    from budgetlens.store.review import versions

    store = open_store(db)
    try:
        with store.engine.connect() as conn:
            ids = conn.execute(text("SELECT id FROM documents WHERE status = 'ok' "
                                    "AND superseded_by IS NULL ORDER BY id")).scalars().all()
            chains = {tuple(versions(conn, d)) for d in ids}
            for chain in sorted(c for c in chains if len(c) > 1):
                names = [conn.execute(text("SELECT source FROM documents WHERE id = :d"),
                                      {"d": d}).scalar().rsplit("/", 1)[-1] for d in chain]
                keys = [set(finding_keys(conn, d).values()) for d in chain]
                for i in range(1, len(chain)):
                    a, b = keys[i - 1], keys[i]
                    print(f"{names[i - 1]} ({len(a)} findings) -> {names[i]} ({len(b)}): "
                          f"same key {len(a & b)}, resolved {len(a - b)}, new {len(b - a)}")
    finally:
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
