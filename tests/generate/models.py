"""The document model of the synthetic input (tests/generate/synthetic.py), built in memory — no
file written, no gate — for the tests of the model and its writers."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Optional

from budgetlens.generate import load_inputs
from budgetlens.generate.build import build
from budgetlens.generate.doc import DocModel
from budgetlens.generate.inputs import Inputs

from .synthetic import synthetic_input, write_input


def synthetic_inputs(folder: Path, change: Optional[Callable[[dict], None]] = None,
                     **options) -> Inputs:
    """The synthetic input (``options``: of :func:`synthetic_input`), changed by ``change``."""
    data = synthetic_input(**options)
    if change is not None:
        change(data)
    inputs, notes = load_inputs(write_input(folder, data))
    assert not notes, notes
    return inputs


def synthetic_model(folder: Path, change: Optional[Callable[[dict], None]] = None,
                    **options) -> DocModel:
    return build(synthetic_inputs(folder, change, **options))
