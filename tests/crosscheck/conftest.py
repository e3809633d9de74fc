"""The library fixtures (real SQLite in tmp, PostgreSQL when BUDGETLENS_TEST_PG is set)."""

from ..store.conftest import db_url  # noqa: F401  (fixture)
