#!/usr/bin/env bash
# Set up, then audit the bundled sample disclosures (the main job) and write an HTML report.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mkdir -p out
.venv/bin/budgetlens audit samples/ --format html --output out/audit.html --fail-on never
.venv/bin/budgetlens audit samples/ --format text --fail-on never
echo "HTML report: out/audit.html"
