#!/usr/bin/env bash
# Run the README's two commands on a new machine: a minimal Debian (debootstrap, minbase) that has
# only Python 3, pip and apt, in a chroot. Issue #13: "on a machine with only Python and apt, the
# README's two commands pass" — everything else (system packages, fonts, PostgreSQL, browsers,
# LibreOffice, the .venv at the lock) must be installed by the project's own scripts.
#
# Usage (as root, on Debian or Ubuntu; needs debootstrap and a few GB in DIR):
#   bash scripts/fresh_machine.sh DIR [SUITE]        # SUITE: the Debian release, default bookworm
# Then look at DIR/demo.log and DIR/ci.log. DIR/root stays for a rerun (delete it for a new one).
# FRESH_CI_CMD replaces `bash .ci/run` (e.g. 'bash scripts/test.sh tests/read' for a quick look).
#
# What is copied from this machine into the chroot: its apt sources, its CA certificates and pip
# settings (a machine behind a TLS-inspecting proxy needs them for PyPI; CI runs with the
# machine's environment too), and nothing else. The repository is a fresh `git clone` of HEAD and
# ../shared is bind-mounted read-only beside it, as CI lays them out. PostgreSQL in the chroot
# shares this machine's network: pg_createcluster picks the next free port when 5432 is taken.
set -euo pipefail
DIR=${1:?usage: fresh_machine.sh DIR [SUITE]}
SUITE=${2:-bookworm}
REPO=$(cd "$(dirname "$0")/.." && pwd)
SHARED=$(cd "$REPO/../shared" 2>/dev/null && pwd || true)
ROOT="$DIR/root"
[ "$(id -u)" = 0 ] || { echo "fresh_machine: run as root (debootstrap, chroot, mounts)" >&2; exit 2; }
command -v debootstrap >/dev/null || apt-get install -y -q debootstrap >/dev/null
mkdir -p "$DIR"

mirror=$( (grep -h -E '^(URIs:|deb )' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list \
  2>/dev/null || true) | head -n1 | awk '{print $2}')
if [ ! -x "$ROOT/usr/bin/python3" ]; then
  echo "fresh_machine: debootstrap $SUITE (minbase + python3, python3-pip) into $ROOT"
  debootstrap --variant=minbase --include=python3,python3-pip,ca-certificates "$SUITE" "$ROOT" \
    "$mirror" > "$DIR/debootstrap.log" 2>&1
fi

# The machine's environment: apt sources, CA certificates, pip settings and local wheel folders.
rm -f "$ROOT/etc/apt/sources.list"
cp /etc/apt/sources.list.d/*.sources "$ROOT/etc/apt/sources.list.d/" 2>/dev/null || true
[ -f /etc/apt/sources.list ] && cp /etc/apt/sources.list "$ROOT/etc/apt/" || true
cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
mkdir -p "$ROOT/usr/local/share/ca-certificates"
cp /usr/local/share/ca-certificates/*.crt "$ROOT/usr/local/share/ca-certificates/" 2>/dev/null || true
cp /etc/ssl/certs/ca-certificates.crt "$ROOT/etc/ssl/certs/ca-certificates.crt"
for f in /etc/pip.conf /etc/xdg/pip; do [ -e "$f" ] && mkdir -p "$ROOT$(dirname $f)" && cp -r "$f" "$ROOT$(dirname $f)/"; done

mounts=()
bind() {  # bind $1 at $ROOT$2 (read-only when $3 = ro), undone on exit
  mkdir -p "$ROOT$2"; mount --bind "$1" "$ROOT$2"; mounts=("$ROOT$2" "${mounts[@]}")
  [ "${3:-}" = ro ] && mount -o remount,bind,ro "$ROOT$2"
  return 0
}
cleanup() { for m in "${mounts[@]}"; do umount -l "$m" 2>/dev/null || true; done; }
trap cleanup EXIT
mount -t proc proc "$ROOT/proc"; mounts=("$ROOT/proc")
bind /sys /sys; bind /dev /dev; bind /dev/pts /dev/pts
for d in $( (sed -n 's/^find-links *= *//p; s/^extra-index-url *= *//p' /etc/pip.conf \
             /etc/xdg/pip/pip.conf 2>/dev/null || true) | tr ' ' '\n' | sed 's#^file://##' \
           | (grep '^/' || true) | sort -u); do
  [ -d "$d" ] && bind "$d" "$d" ro
done
[ -n "$SHARED" ] && bind "$SHARED" /work/shared ro

rm -rf "$ROOT/work/budgetlens"
git clone -q "$REPO" "$ROOT/work/budgetlens"
echo "fresh_machine: $(git -C "$ROOT/work/budgetlens" log --oneline -1)"

run() {  # the command in the chroot, with the machine's CA and pip variables and nothing else
  chroot "$ROOT" env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    LANG=C.UTF-8 CI=true PIP_CERT=/etc/ssl/certs/ca-certificates.crt \
    SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt REQUESTS_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt \
    PIP_DEFAULT_TIMEOUT=180 PIP_DISABLE_PIP_VERSION_CHECK=1 ${PIP_FIND_LINKS:+PIP_FIND_LINKS=$PIP_FIND_LINKS} \
    bash -c "cd /work/budgetlens && $1"
}
set +e
run 'bash scripts/demo.sh' > "$DIR/demo.log" 2>&1; demo=$?
echo "fresh_machine: README command 1 (scripts/demo.sh): exit $demo ($DIR/demo.log)"
CI_CMD=${FRESH_CI_CMD:-bash .ci/run}
run "$CI_CMD" > "$DIR/ci.log" 2>&1; ci=$?
echo "fresh_machine: $CI_CMD (.ci/run: README command 2 with PostgreSQL started): exit $ci ($DIR/ci.log)"
tail -n 2 "$DIR/ci.log"
[ "$demo" = 0 ] && [ "$ci" = 0 ]
