#!/usr/bin/env bash
# Check the lower bounds of pyproject.toml: a throwaway venv gets every direct dependency (base and
# every extra, the OCR one included) pinned at its declared minimum -- the pins are derived from
# pyproject.toml by scripts/pyproject_deps.py -- and their own dependencies at the newest versions
# those minimums allow (what a user with an old install meets); then the import contract and the
# test suite run there and must pass. Arguments go to pytest (default: the whole suite).
#   bash scripts/check_minimums.sh
#   bash scripts/check_minimums.sh tests/read -x
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
EXTRAS=$("$PY" scripts/pyproject_deps.py extras)
IFS=, read -ra groups <<< "$EXTRAS"
bash scripts/system_packages.sh "${groups[@]}" suite
# Some machines' pip configuration names local index folders that lack most packages, and pip
# warns once per package about each; those lines say nothing about the install, so drop exactly them.
pip_q() { "$@" 2> >(grep -v "^WARNING: Location 'file:.*' is ignored: it is neither a file nor a directory" >&2); }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
"$PY" scripts/pyproject_deps.py minimums > "$WORK/minimums.txt"
VPY="$WORK/venv/bin/python"
"$PY" -m venv "$WORK/venv"
pip_q "$VPY" -m pip install -q --upgrade pip >/dev/null
# A minimum that PyPI does not have (">=3" where the first release is 3.0.2) fails here, by name.
pip_q "$VPY" -m pip install -q -c "$WORK/minimums.txt" -e ".[${EXTRAS}]"
"$VPY" -m pip check >/dev/null || { "$VPY" -m pip check >&2; exit 1; }
echo "check_minimums: direct dependencies at their declared minimum: $(paste -sd' ' "$WORK/minimums.txt")"
"$WORK/venv/bin/lint-imports" > "$WORK/lint.log" || { cat "$WORK/lint.log"; exit 1; }
if [ $# -eq 0 ]; then set -- -n 2; fi
"$VPY" -m pytest -p no:cacheprovider "$@"
