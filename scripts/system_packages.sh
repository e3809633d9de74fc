#!/usr/bin/env bash
# Install the system packages of the groups named as arguments (see scripts/system-packages.txt),
# only those not installed yet: nothing is run, not even apt-get update, when all are present.
# Root runs apt-get itself, anyone else through sudo. An apt failure stops with apt's own output.
#   bash scripts/system_packages.sh suite ocr        # install
#   bash scripts/system_packages.sh --list suite     # print the packages of the groups
set -euo pipefail
cd "$(dirname "$0")/.."
LIST_ONLY=0
if [ "${1:-}" = "--list" ]; then LIST_ONLY=1; shift; fi
[ $# -gt 0 ] || { echo "usage: $0 [--list] GROUP..." >&2; exit 2; }

wanted=()
while read -r pkg group _; do
  case "$pkg" in ''|'#'*) continue ;; esac
  for g in "$@"; do
    if [ "$g" = "$group" ]; then wanted+=("$pkg"); fi
  done
done < scripts/system-packages.txt
if [ "$LIST_ONLY" = 1 ]; then
  [ ${#wanted[@]} -eq 0 ] || printf '%s\n' "${wanted[@]}"
  exit 0
fi
[ ${#wanted[@]} -gt 0 ] || exit 0

missing=()
for pkg in "${wanted[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$pkg")
done
[ ${#missing[@]} -gt 0 ] || exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "system_packages: missing ${missing[*]} and there is no apt-get here: install them by hand" >&2
  exit 1
fi
SUDO=()
if [ "$(id -u)" -ne 0 ]; then SUDO=(sudo); fi
echo "system_packages: installing ${missing[*]}" >&2
LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT
# Quiet on success; on failure show apt's whole output and stop (a skipped test must not hide it).
run() {
  if ! "$@" >"$LOG" 2>&1; then
    cat "$LOG" >&2
    echo "system_packages: FAILED: $*" >&2
    exit 1
  fi
}
run "${SUDO[@]}" apt-get update
run "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
