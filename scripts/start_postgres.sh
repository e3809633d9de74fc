#!/usr/bin/env bash
# Start a local PostgreSQL for the library's PostgreSQL tests, idempotently, and print its URL.
#
#   export BUDGETLENS_TEST_PG=$(bash scripts/start_postgres.sh)
#
# On a fresh Debian/Ubuntu machine (as root, or with sudo): installs the `postgresql` package if
# missing, creates a cluster if there is none, starts it if it is down, waits until it accepts
# connections, and creates a role and a database for the tests if they do not exist. Running it
# again changes nothing. Only the URL goes to stdout (progress goes to stderr), so that it can be
# captured. Settings: PG_USER, PG_PASSWORD, PG_DB (defaults: budgetlens / budgetlens /
# budgetlens_test). The server listens on localhost only.
set -euo pipefail
PG_USER=${PG_USER:-budgetlens}
PG_PASSWORD=${PG_PASSWORD:-budgetlens}
PG_DB=${PG_DB:-budgetlens_test}
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
log() { echo "start_postgres: $*" >&2; }

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  log "installing postgresql (apt-get)"
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >&2
fi

# The newest installed server version, and its cluster (created if the package did not).
VERSION=$(ls /usr/lib/postgresql | sort -V | tail -1)
if ! pg_lsclusters -h | awk -v v="$VERSION" '$1 == v && $2 == "main"' | grep -q .; then
  log "creating cluster $VERSION/main"
  $SUDO pg_createcluster "$VERSION" main >&2
fi
PORT=$(pg_lsclusters -h | awk -v v="$VERSION" '$1 == v && $2 == "main" {print $3}')
if ! pg_lsclusters -h | awk -v v="$VERSION" '$1 == v && $2 == "main" {print $4}' | grep -q online; then
  log "starting cluster $VERSION/main on port $PORT"
  $SUDO pg_ctlcluster "$VERSION" main start >&2
fi
for _ in $(seq 1 60); do
  pg_isready -q -h 127.0.0.1 -p "$PORT" && break
  sleep 0.5
done
pg_isready -q -h 127.0.0.1 -p "$PORT" || { log "server did not become ready"; exit 1; }

psql_admin() { $SUDO su postgres -c "psql -p $PORT -v ON_ERROR_STOP=1 -qtA $*" ; }
if [ "$(psql_admin "-c \"SELECT 1 FROM pg_roles WHERE rolname = '$PG_USER'\"")" != "1" ]; then
  log "creating role $PG_USER"
  psql_admin "-c \"CREATE ROLE $PG_USER LOGIN PASSWORD '$PG_PASSWORD'\"" >&2
fi
if [ "$(psql_admin "-c \"SELECT 1 FROM pg_database WHERE datname = '$PG_DB'\"")" != "1" ]; then
  log "creating database $PG_DB"
  psql_admin "-c \"CREATE DATABASE $PG_DB OWNER $PG_USER\"" >&2
fi
# The tests drop and recreate the public schema: the role must own it.
psql_admin "-d $PG_DB -c \"ALTER SCHEMA public OWNER TO $PG_USER\"" >&2

echo "postgresql+psycopg://$PG_USER:$PG_PASSWORD@127.0.0.1:$PORT/$PG_DB"
