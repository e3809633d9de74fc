#!/usr/bin/env bash
# Create .venv (if needed) and install budgetlens into it at the versions of the lock
# (requirements/constraints.txt, made by scripts/lock.sh), with the extras named in $1
# (comma-separated, default "test"; scripts/test.sh asks for "test,ocr,postgres,cluster" so the OCR,
# PostgreSQL and Dask tests run).
# Further arguments name groups of system packages to install as well (scripts/system-packages.txt:
# scripts/test.sh asks for "suite"); an extra's own group (ocr) comes with the extra.
# Works on a fresh Debian/Ubuntu machine that has only python3, pip and apt. A second run with
# nothing changed only checks (system packages present, stamp of the inputs, package importable).
#   BUDGETLENS_CONSTRAINTS=FILE  install against another lock; set but empty: without any lock.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
EXTRAS=${1:-test}
if [ $# -gt 0 ]; then shift; fi
LOCK=${BUDGETLENS_CONSTRAINTS-requirements/constraints.txt}

# System packages first, in one apt-get call: the groups asked for, the extras' groups, and the
# venv module when this Python lacks it (Debian's python3 without python3-venv has no ensurepip).
groups=("$@")
IFS=, read -ra extra_list <<< "$EXTRAS"
groups+=("${extra_list[@]}")
if [ ! -x .venv/bin/python ] && ! "$PY" -c 'import ensurepip' >/dev/null 2>&1; then
  groups+=(venv)
fi
bash scripts/system_packages.sh "${groups[@]}"

if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv || { rm -rf .venv; echo "setup: $PY -m venv failed (see above)" >&2; exit 1; }
fi

# Skip pip when the inputs of the last successful install are unchanged.
stamp_key() {
  {
    .venv/bin/python -c 'import sys; print(sys.version)'
    echo "extras=$EXTRAS lock=$LOCK"
    cat pyproject.toml scripts/setup.sh
    if [ -n "$LOCK" ]; then cat "$LOCK"; fi
  } | sha256sum | cut -c1-16
}
STAMP=.venv/.budgetlens-setup-$(stamp_key)
# The reader's compiled char loop, next to its source (every run: it is quick and so always matches
# the source; without a C compiler the reader runs its Python loop, with identical results).
bash scripts/build_native.sh
if [ -f "$STAMP" ] && .venv/bin/python -c 'import budgetlens' >/dev/null 2>&1; then
  exit 0
fi

pin=()
if [ -n "$LOCK" ]; then
  [ -f "$LOCK" ] || { echo "setup: lock $LOCK not found (make it with scripts/lock.sh)" >&2; exit 1; }
  pin=(-c "$LOCK")
fi
# Some machines' pip configuration names local index folders that lack most packages, and pip
# warns once per package about each; those lines say nothing about the install, so drop exactly them.
pip_q() { "$@" 2> >(grep -v "^WARNING: Location 'file:.*' is ignored: it is neither a file nor a directory" >&2); }
fail() {
  echo "setup: pip install failed (above). The lock $LOCK was made on CPython 3.11 / Linux x86_64" >&2
  echo "       (scripts/lock.sh); elsewhere regenerate it, or install unpinned:" >&2
  echo "       BUDGETLENS_CONSTRAINTS= bash scripts/setup.sh $EXTRAS" >&2
  exit 1
}
pip_q .venv/bin/python -m pip install -q "${pin[@]}" --upgrade pip >/dev/null || fail
target=.
if [ -n "$EXTRAS" ]; then target=".[${EXTRAS}]"; fi
pip_q .venv/bin/python -m pip install -q "${pin[@]}" -e "$target" || fail
touch "$STAMP"
