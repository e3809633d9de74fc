#!/usr/bin/env bash
# Set up (.venv at the lock's versions, and the system packages the suite needs), then run the
# import-layer contract and the test suite. Arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test,ocr,postgres,cluster suite
# The contract's report is long; on success its verdict line is enough.
if ! lint_out=$(.venv/bin/lint-imports 2>&1); then
  echo "$lint_out"
  exit 1
fi
echo "lint-imports: ${lint_out##*$'\n'}"
.venv/bin/python -m pytest -n auto "$@"
