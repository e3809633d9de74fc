"""Alembic environment: run the migrations on the connection budgetlens hands over, or — when
run by hand with the ``alembic`` command — on ``-x db=URL``, ``$BUDGETLENS_DB`` or the default file.

Why no offline (SQL script) mode: the library is always migrated on a live connection, inside the
same locked transaction that checked its revision (see ``budgetlens/store/migrate.py``).
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from budgetlens.store.engine import open_engine, resolve_url, writing
from budgetlens.store.schema import Base


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=Base.metadata,
                      render_as_batch=connection.dialect.name == "sqlite", compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


config = context.config
given = config.attributes.get("connection")
if given is not None:
    _run(given)
else:
    url = context.get_x_argument(as_dictionary=True).get("db")
    engine = open_engine(resolve_url(url))
    with writing(engine).begin() as conn:
        _run(conn)
    engine.dispose()
