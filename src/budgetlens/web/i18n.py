"""The pages' words in Chinese and English: one table (``messages.csv``: key, zh, en), the page
language chosen per request, and the page configuration (``views.toml``).

Why a table and not strings in templates: a page is translated by adding a column value, never by
editing markup, and a test checks that every key a template asks for exists in both languages.
Why zh first: the users are Chinese finance staff and citizens; English is for researchers.
The language is ``?lang=`` when given (and then remembered in a cookie), else the cookie, else zh.
"""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Optional

LANGS = ("zh", "en")
COOKIE = "lang"


class MessagesError(ValueError):
    """A bad row of messages.csv or a bad key of views.toml; the message names it."""


@lru_cache(maxsize=1)
def messages() -> dict[str, dict[str, str]]:
    """key → {"zh": …, "en": …} of the package's messages.csv."""
    return parse_messages(resources.files(__package__).joinpath("messages.csv").read_text("utf-8"))


def parse_messages(text: str) -> dict[str, dict[str, str]]:
    """Validated: no missing or repeated key, both languages present (the row is named)."""
    out: dict[str, dict[str, str]] = {}
    for line, row in enumerate(csv.DictReader(text.splitlines()), start=2):
        key = (row.get("key") or "").strip()
        if not key or key in out:
            raise MessagesError(f"messages.csv line {line}: missing or repeated key {key!r}")
        if not row.get("zh") or not row.get("en"):
            raise MessagesError(f"messages.csv line {line}: key {key!r} lacks zh or en")
        out[key] = {"zh": row["zh"], "en": row["en"]}
    return out


@dataclass(frozen=True)
class Views:
    totals: tuple[str, ...]
    three_public: tuple[str, ...]
    execution: tuple[str, ...]
    headline: tuple[str, ...]
    families: tuple[str, ...]
    default_family: str


@lru_cache(maxsize=1)
def views() -> Views:
    """The measures each page shows (``views.toml``), checked when loaded."""
    data = tomllib.loads(resources.files(__package__).joinpath("views.toml").read_text("utf-8"))
    try:
        unit, fun = data["unit"], data["functional"]
        out = Views(tuple(unit["totals"]), tuple(unit["three_public"]), tuple(unit["execution"]),
                    tuple(data["compare"]["headline"]), tuple(fun["families"]), fun["default"])
    except KeyError as exc:
        raise MessagesError(f"views.toml: missing key {exc.args[0]!r}") from None
    if out.default_family not in out.families:
        raise MessagesError(f"views.toml: functional.default {out.default_family!r} not in families")
    return out


def pick_lang(query: Optional[str], cookie: Optional[str]) -> str:
    for value in (query, cookie):
        if value in LANGS:
            return value
    return "zh"


class Translator:
    """``t("key")`` in a template; ``t("key", n=3)`` fills ``{n}``. An unknown key is a bug (a
    KeyError), so a page never shows a raw key to a user; tests render every page."""

    def __init__(self, lang: str):
        self.lang = lang

    def __call__(self, key: str, **values: object) -> str:
        text = messages()[key][self.lang]
        return text.format(**values) if values else text

    def get(self, key: str, default: str) -> str:
        found = messages().get(key)
        return found[self.lang] if found else default
