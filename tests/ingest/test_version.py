"""The version a stored document is tagged with (ingest/version.py): the digest of the shaping
code, and a digest of the read settings that differ from the defaults (what ingest compares:
tests/ingest/test_ingest_read_settings.py)."""

from __future__ import annotations

import re

import budgetlens
from budgetlens.ingest.version import extractor_version, read_tagged
from budgetlens.read.settings import ReadSettings


def test_the_version_is_the_package_version_and_a_digest_of_the_shaping_files():
    version = extractor_version()
    assert re.fullmatch(re.escape(budgetlens.__version__) + r"\+[0-9a-f]{12}", version)


def test_default_settings_leave_the_version_as_it_is():
    assert read_tagged("v1", None) == "v1"
    assert read_tagged("v1", ReadSettings()) == "v1"  # the defaults given explicitly
    assert read_tagged("v1", ReadSettings().override({"grid.snap": "3.0"})) == "v1"  # = default


def test_changed_settings_tag_the_version_by_what_changed():
    snap = read_tagged("v1", ReadSettings().override({"grid.snap": "4"}))
    assert snap.startswith("v1+read.") and snap != "v1"
    assert read_tagged("v1", ReadSettings().override({"grid.snap": "4"})) == snap  # stable
    assert read_tagged("v1", ReadSettings().override({"grid.snap": "5"})) != snap
    longest = read_tagged("0.0.0+" + "f" * 12, ReadSettings().override({"grid.snap": "4"}))
    assert len(longest) <= 64  # the library's column
