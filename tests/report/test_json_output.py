"""The JSON contract of report/json_output.py: every field emitted is documented in
docs/json-schema.md (and vice versa)."""

from __future__ import annotations

import re

from budgetlens.pipeline import process
from budgetlens.report.json_output import audit_object, extract_object

from ..conftest import REPO, seed_path

DOC = (REPO / "docs" / "json-schema.md").read_text(encoding="utf-8")
DOCUMENTED = set(re.findall(r"^\| `([a-z_]+)` \|", DOC, flags=re.M))


def test_every_top_level_field_is_documented():
    result = process(str(seed_path("004")))
    fields = set(extract_object(result)) | set(audit_object(result))
    undocumented = fields - DOCUMENTED
    assert not undocumented, f"document these JSON fields in docs/json-schema.md: {undocumented}"
    unused = DOCUMENTED - fields
    assert not unused, f"documented but never emitted: {unused}"


def test_error_envelope_is_the_same_shape(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    good, failed = process(str(seed_path("003"))), process(str(bad))
    assert failed.status == "error" and failed.error_code == "empty-file"
    assert set(audit_object(failed)) == set(audit_object(good))
    assert set(extract_object(failed)) == set(extract_object(good))
