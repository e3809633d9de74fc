#!/usr/bin/env python3
"""Write benchmark/split.toml: the development / test split of the labelled documents.

Why a script: the split must be reproducible and not chosen by looking at scores. It is a seeded
shuffle stratified by province: the documents of each province are shuffled and half of them
(rounded down; a single document by a seeded coin) go to test, so a test template is at most
partly seen in development; the HOLDOUT provinces go to test entirely, to measure templates never
seen. Re-run only when documents are added; never to move a document after looking at its score.

Usage: python scripts/bench_split.py
"""

from __future__ import annotations

import random

from bench_labels import SPLIT_FILE, load_all

SEED = 20260508
HOLDOUT = ("北京市", "山东省")


def split(docs) -> dict[str, list[str]]:
    rng = random.Random(SEED)
    by_province: dict[str, list[str]] = {}
    for d in docs:
        by_province.setdefault(d.province, []).append(d.doc_id)
    parts: dict[str, list[str]] = {"dev": [], "test": []}
    for province in sorted(by_province):
        ids = sorted(by_province[province])
        rng.shuffle(ids)
        if province in HOLDOUT:
            parts["test"] += ids
            continue
        n_test = len(ids) // 2 if len(ids) > 1 else rng.randint(0, 1)
        parts["test"] += ids[:n_test]
        parts["dev"] += ids[n_test:]
    return {k: sorted(v) for k, v in parts.items()}


def main() -> None:
    parts = split(load_all())
    lines = ["# Development / test split of benchmark/labels (written by scripts/bench_split.py,",
             f"# seed {SEED}, stratified by province; held out entirely in test: "
             f"{', '.join(HOLDOUT)}).", "# Never tune on test: see docs/accuracy.md.", "",
             f"seed = {SEED}", f"holdout = [{', '.join(repr(h).replace(chr(39), chr(34)) for h in HOLDOUT)}]", ""]
    for part in ("dev", "test"):
        lines += [f"[{part}]", "documents = ["]
        lines += [f'  "{doc_id}",' for doc_id in parts[part]]
        lines += ["]", ""]
    SPLIT_FILE.write_text("\n".join(lines), encoding="utf-8")
    print(f"{SPLIT_FILE}: dev {len(parts['dev'])}, test {len(parts['test'])}")


if __name__ == "__main__":
    main()
