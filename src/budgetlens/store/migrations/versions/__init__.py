"""Migration scripts, one per schema version, oldest first (``down_revision`` chains them)."""
