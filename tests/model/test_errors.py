"""CodedError (model/errors.py): a run-stopping error carries its code and both languages; the
exception's own text is the English, ``text(lang)`` picks the user's language."""

from __future__ import annotations

import pytest

from budgetlens.model.errors import CodedError
from budgetlens.store import StoreError


def test_the_message_follows_the_language():
    err = CodedError("db-unreachable", "无法连接数据库。", "The database cannot be reached.")
    assert (err.code, err.text(), err.text("zh"), err.text("en")) == (
        "db-unreachable", "无法连接数据库。", "无法连接数据库。", "The database cannot be reached.")
    assert str(err) == "The database cannot be reached."


def test_the_library_raises_coded_errors_in_both_languages(tmp_path):
    """A real refusal: a library path inside a file cannot be opened."""
    from budgetlens.store import open_store

    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(StoreError) as caught:
        open_store(str(blocker / "lib.db"))
    err = caught.value
    assert isinstance(err, CodedError) and err.code
    assert err.text("zh") != err.text("en") and err.text("en")
