"""Alembic migrations of the library schema, shipped inside the package and run on open
(:func:`budgetlens.store.migrate.upgrade`). ``alembic -c <this folder>/alembic.ini upgrade head``
runs them by hand on ``$BUDGETLENS_DB`` or ``-x db=URL``."""
