"""Conditions written so that each backend's planner picks the right index (issue #9's API p95).

Why a module of its own: the same condition reads differently on SQLite and PostgreSQL, and the
query modules (:mod:`.browse`, :mod:`.explore`, :mod:`.cross`) share these forms.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import SQLColumnExpression, literal
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ColumnElement
from sqlalchemy.types import NullType


class StartsWith(ColumnElement):
    """``column`` starts with ``prefix``, written so that the backend's index answers it.

    Why not ``LIKE 'p%'`` everywhere: SQLite uses an index for LIKE only without an ESCAPE clause
    and with case-sensitive LIKE, so a measure prefix scanned all facts (498 ms p95, issue #9);
    the range ``p <= column < next(p)`` is exact under SQLite's binary collation and an index
    range. On PostgreSQL a range is exact only under the C collation, so there it stays LIKE,
    which the ``text_pattern_ops`` index of migration 0004 answers under any collation."""

    type = NullType()
    inherit_cache = True

    def __init__(self, column: SQLColumnExpression[Any], prefix: str) -> None:
        self.column, self.prefix = column, prefix


@compiles(StartsWith)
def _starts_with(element: StartsWith, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.column.startswith(element.prefix, autoescape=True), **kw)


@compiles(StartsWith, "sqlite")
def _starts_with_sqlite(element: StartsWith, compiler: SQLCompiler, **kw: Any) -> str:
    p = element.prefix
    if not p:
        return compiler.process(literal(True), **kw)
    upper = p[:-1] + chr(ord(p[-1]) + 1)
    col = element.column
    return compiler.process((col >= p) & (col < upper), **kw)


class OwnFigure(ColumnElement):
    """A fact that is the document's own figure: ``unit_id IS NULL`` (not a row of a table broken
    down by budget unit).

    Why not the plain condition on SQLite: its planner, without statistics, takes an index on
    an equality or IS NULL term as selective, and answered ``unit_id IS NULL`` from
    ``ix_facts_unit_id`` (migration 0009) — the index of ~99% of all facts, every one of them
    looked up in the table — instead of the year's documents or the measure's range: the
    类款项 aggregate of one year cost 40.5 ms of SQLite's CPU where the year's documents cost
    2.8 ms (docs/store.md, session 16). A unary ``+`` keeps the term off the index; the
    planner then starts from the selective terms. PostgreSQL keeps the plain form: its
    statistics know the null fraction and it never took that index for it."""

    type = NullType()
    inherit_cache = True

    def __init__(self, column: SQLColumnExpression[Any]) -> None:
        self.column = column


@compiles(OwnFigure)
def _own_figure(element: OwnFigure, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.column.is_(None), **kw)


@compiles(OwnFigure, "sqlite")
def _own_figure_sqlite(element: OwnFigure, compiler: SQLCompiler, **kw: Any) -> str:
    column = element.column.is_(None).left  # (the column, typed as a clause)
    return f"+{compiler.process(column, **kw)} IS NULL"


__all__ = ["OwnFigure", "StartsWith"]
