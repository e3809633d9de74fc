"""Helpers of the form-check tests: real documents through the real pipeline, edited copies.

Tests edit a seed's text (delete a sentence, change a year, inject residue) and run read → extract →
check_form on the edited copy, so every case is a real disclosure with one known defect.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from budgetlens.extract import extract
from budgetlens.model import Assessment, Disclosure, Finding
from budgetlens.read import read_document
from budgetlens.reconcile import check_form
from budgetlens.reconcile.form import FORM_KINDS
from budgetlens.rules.catalogue import load_rules

from ..conftest import CORPUS, seed_path


def form_rules(*ids: str):
    """The declared form rules (all, or those with the given ids)."""
    rules = [r for r in load_rules() if r.kind in FORM_KINDS]
    if ids:
        rules = [r for r in rules if r.id in ids]
        assert {r.id for r in rules} == set(ids), f"undeclared rule in {ids}"
    return rules


@lru_cache(maxsize=32)
def disclose(path: str) -> Disclosure:
    document, _ = read_document(path)
    disclosure, _ = extract(document)
    return disclosure


def seed_text(prefix: str) -> str:
    return seed_path(prefix).read_text(encoding="utf-8")


def seed(prefix: str) -> Disclosure:
    return disclose(str(seed_path(prefix)))


def corpus_file(relative: str) -> Path:
    path = CORPUS / relative
    if not path.exists():
        pytest.skip(f"corpus file {relative} not available")
    return path


def edited(tmp_path: Path, prefix: str, *replacements: tuple[str, str]) -> Disclosure:
    """The seed with each ``(old, new)`` replaced once (old must occur), read and extracted."""
    text = seed_text(prefix)
    for old, new in replacements:
        assert old in text, f"seed {prefix} no longer contains {old!r}"
        text = text.replace(old, new, 1)
    path = tmp_path / f"{prefix}_edited.txt"
    path.write_text(text, encoding="utf-8")
    return disclose(str(path))


def run(disclosure: Disclosure, *ids: str) -> tuple[list[Finding], list[Assessment]]:
    return check_form(disclosure, form_rules(*ids))


def fired(disclosure: Disclosure, rule_id: str) -> list[Finding]:
    findings, _ = run(disclosure, rule_id)
    assert all(f.rule == rule_id and f.evidence for f in findings)
    return findings


def assessed(disclosure: Disclosure, rule_id: str) -> list[Assessment]:
    return run(disclosure, rule_id)[1]


def without(text: str, start: str, end: str) -> str:
    """``text`` without the block from ``start`` up to (not including) ``end``."""
    i = text.index(start)
    j = text.index(end, i + len(start))
    return text[:i] + text[j:]


def rewritten(tmp_path: Path, prefix: str, text: str) -> Disclosure:
    path = tmp_path / f"{prefix}_rewritten.txt"
    path.write_text(text, encoding="utf-8")
    return disclose(str(path))


def edited_in(tmp_path: Path, name: str, prefix: str, *replacements: tuple[str, str]) -> Disclosure:
    """:func:`edited` in a folder of its own (``name``): extraction is cached by path, so each
    edit of one test needs its own folder."""
    folder = tmp_path / name
    folder.mkdir()
    return edited(folder, prefix, *replacements)
