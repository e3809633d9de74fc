"""Generated documents shared by the tests of a module (generation reads its output back: slow)."""

from __future__ import annotations

import pytest

from budgetlens.generate import generate, load_inputs

from .synthetic import synthetic_input, write_input


@pytest.fixture(scope="session")
def synthetic_generated(tmp_path_factory):
    """The synthetic input, generated in every format (not a draft: it must pass the gate)."""
    folder = tmp_path_factory.mktemp("synthetic")
    inputs, _ = load_inputs(write_input(folder, synthetic_input()))
    return generate(inputs, folder / "out")
