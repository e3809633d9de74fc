#!/usr/bin/env bash
# Create .venv (if needed) and install budgetlens into it, with the extras named in $1
# (comma-separated, default "test"; scripts/test.sh asks for "test,ocr" so the OCR tests run).
# Works on a fresh Debian/Ubuntu machine that has only python3, pip and apt.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  if ! "$PY" -m venv .venv >/dev/null 2>&1; then
    # Debian's python3 needs the venv module from a separate package.
    rm -rf .venv
    if command -v apt-get >/dev/null 2>&1; then
      SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
      $SUDO apt-get update -qq && $SUDO apt-get install -y -qq python3-venv >/dev/null
    fi
    "$PY" -m venv .venv
  fi
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
EXTRAS=${1:-test}
.venv/bin/python -m pip install -q -e ".[${EXTRAS}]"
# The OCR extra's OpenCV needs libGL/glib from the system; install them best-effort (without them
# OCR reports itself as not installed and its tests skip, nothing else changes).
if [[ ",${EXTRAS}," == *",ocr,"* ]] && ! .venv/bin/python -c "import cv2" >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq libgl1 libglib2.0-0; } >/dev/null 2>&1 || true
  fi
fi
