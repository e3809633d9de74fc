#!/usr/bin/env bash
# Set up, then run the test suite and the import-layer contract.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test,ocr
.venv/bin/lint-imports
.venv/bin/python -m pytest -n auto "$@"
