#!/usr/bin/env bash
# Run CI's command (.ci/run, i.e. the README's `bash scripts/test.sh`) the way a new machine
# would, so that a missing install step shows before it lands: a fresh clone of HEAD in a temp
# directory beside a link to ../shared; a minimal environment (env -i: PATH, locale, pyenv's root
# and the machine's PIP_* settings only); PYTHONNOUSERSITE=1; HOME, XDG_CACHE_HOME and
# XDG_CONFIG_HOME new and empty (no user pip/fontconfig cache or config); PIP_NO_CACHE_DIR=1 so
# every wheel is downloaded again (--pip-cache reuses the machine's pip cache: faster, less strict);
# CI=true. System packages cannot be removed here (the machine is shared), so the script lists
# the suite's packages that were already installed: those are the ones a new machine could lack.
#   bash scripts/clean_env_check.sh [--pip-cache] [--keep]
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)
PIP_CACHE=0 KEEP=0
for arg in "$@"; do
  case "$arg" in
    --pip-cache) PIP_CACHE=1 ;;
    --keep) KEEP=1 ;;
    *) echo "usage: $0 [--pip-cache] [--keep]" >&2; exit 2 ;;
  esac
done
SHARED="$(cd "$REPO/.." && pwd)/shared"
[ -d "$SHARED" ] || { echo "clean_env_check: $SHARED not found (tests read ../shared)" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/budgetlens-clean.XXXXXX")
if [ "$KEEP" = 0 ]; then trap 'rm -rf "$WORK"' EXIT; fi
git clone -q --no-hardlinks "$REPO" "$WORK/repo"
echo "clean_env_check: $(git -C "$WORK/repo" log -1 --format='%h %s' | cut -c1-80) in $WORK/repo"
ln -s "$SHARED" "$WORK/shared"
mkdir "$WORK/home" "$WORK/cache" "$WORK/config"

present=()
while read -r pkg; do
  if [ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)" = "install ok installed" ]; then
    present+=("$pkg")
  fi
done < <(bash scripts/system_packages.sh --list suite ocr)
echo "clean_env_check: system packages already here (a new machine gets them from" \
     "scripts/system-packages.txt): ${present[*]:-none}"

vars=(PATH="$PATH" HOME="$WORK/home" XDG_CACHE_HOME="$WORK/cache" XDG_CONFIG_HOME="$WORK/config"
      PYTHONNOUSERSITE=1 CI=true LANG="${LANG:-C.UTF-8}" TMPDIR="${TMPDIR:-/tmp}")
[ -z "${PYENV_ROOT:-}" ] || vars+=(PYENV_ROOT="$PYENV_ROOT")
while IFS='=' read -r name value; do
  vars+=("$name=$value")
done < <(env | grep -E '^PIP_(CERT|DEFAULT_TIMEOUT|DISABLE_PIP_VERSION_CHECK|FIND_LINKS|INDEX_URL|EXTRA_INDEX_URL)=' || true)
if [ "$PIP_CACHE" = 0 ]; then vars+=(PIP_NO_CACHE_DIR=1); fi

start=$(date +%s)
set +e
(cd "$WORK/repo" && env -i "${vars[@]}" bash .ci/run </dev/null)
rc=$?
set -e
echo "clean_env_check: .ci/run exit $rc in $(( $(date +%s) - start )) s (pip cache: $([ "$PIP_CACHE" = 1 ] && echo reused || echo none))"
exit "$rc"
