"""The rules catalogue (rules/catalogue.py) reads the ``[[rule]]`` declarations of the package's
TOML files, and parses only the files that declare rules: the other files are the data of their
own loaders (tables, lexicon, templates…), which parse them once per process."""

from __future__ import annotations

import tomllib
from importlib import resources

from budgetlens.rules.catalogue import _package_toml_files, load_rules


def test_the_files_skipped_declare_no_rule_and_every_rule_is_loaded():
    files = {p.name: p.read_text("utf-8") for p in resources.files("budgetlens.rules").iterdir()
             if p.name.endswith(".toml")}
    read = dict(_package_toml_files())
    declaring = {name for name, text in files.items() if tomllib.loads(text).get("rule")}
    assert set(read) == declaring and len(read) < len(files)
    assert len(load_rules()) == sum(len(tomllib.loads(files[n])["rule"]) for n in declaring)
