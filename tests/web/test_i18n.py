"""The pages' words: every key a template or page module asks for exists in messages.csv in
both languages, a bad table is refused naming the row, and the language follows the request."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from budgetlens.web.i18n import (MessagesError, Translator, messages, parse_messages, pick_lang,
                                 views)

KEY = re.compile(r"""\bt\(\s*['"]([a-z_.]*[a-z_])['"]\s*[,)]""")
#: Keys built from a prefix and a value in templates (``t('kind.' ~ kind)``), with their values.
DYNAMIC = {"kind.": ("budget", "final"), "level.": ("department", "unit"),
           "severity.": ("info", "warning", "error"), "facet.": ("region", "year", "kind", "level"),
           "status.": ("pending", "confirmed", "dismissed", "resolved"),
           "action.": ("confirm", "dismiss", "comment"), "role.": ("public", "reviewer", "admin")}


def _sources() -> list[str]:
    pkg = resources.files("budgetlens.web")
    files = [f for f in pkg.joinpath("templates").iterdir() if f.name.endswith(".html")]
    files += [f for f in pkg.iterdir() if f.name.endswith(".py") and f.name != "i18n.py"]
    return [f.read_text("utf-8") for f in files]


def test_every_key_used_exists_in_both_languages():
    table = messages()
    used = {k for text in _sources() for k in KEY.findall(text)}
    assert len(used) > 40
    missing = sorted(k for k in used if k not in table)
    assert not missing
    for prefix, values in DYNAMIC.items():
        assert all(prefix + v in table for v in values), prefix
    assert all(f"family.{f}" in table for f in views().families)
    for key, texts in table.items():
        assert texts["zh"].strip() and texts["en"].strip(), key


def test_placeholders_agree_between_languages():
    for key, texts in messages().items():
        assert set(re.findall(r"{(\w+)}", texts["zh"])) == set(re.findall(r"{(\w+)}", texts["en"])), key


def test_a_bad_messages_row_is_named():
    with pytest.raises(MessagesError, match="line 3: missing or repeated key 'nav.search'"):
        parse_messages("key,zh,en\nnav.search,检索,Search\nnav.search,再次,Again\n")
    with pytest.raises(MessagesError, match="line 2: key 'a.b' lacks zh or en"):
        parse_messages("key,zh,en\na.b,中文,\n")


def test_language_choice():
    assert pick_lang(None, None) == "zh"
    assert pick_lang("en", "zh") == "en"
    assert pick_lang(None, "en") == "en"
    assert pick_lang("fr", "de") == "zh"
    assert Translator("en")("page.n", n=3) == "page 3"
    assert Translator("zh")("page.n", n=3) == "第 3 页"
