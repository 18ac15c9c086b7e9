#!/usr/bin/env bash
# Makes a PostgreSQL server reachable for tests and benchmarks and prints its connection string.
# CRM_TEST_POSTGRES, when set, names an existing server and nothing is installed.
# Otherwise Debian's postgresql package is installed (once) and its cluster started on 127.0.0.1:5432
# with a login role crm/crm that may create databases (each test fixture makes its own).
set -euo pipefail

if [ -n "${CRM_TEST_POSTGRES:-}" ]; then
  echo "$CRM_TEST_POSTGRES"
  exit 0
fi

log() { echo "postgres.sh: $*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v pg_lsclusters >/dev/null 2>&1 || [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
  log "installing Debian's postgresql package"
  as_root apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >&2
fi

read -r version cluster port status _ < <(pg_lsclusters -h | head -n 1)
if [ "$status" != "online" ]; then
  log "starting cluster $version/$cluster"
  as_root pg_ctlcluster "$version" "$cluster" start >&2
fi

for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p "$port" && break
  sleep 1
done

psql_admin() { as_root su postgres -c "psql -p $port -v ON_ERROR_STOP=1 -qtAc \"$1\""; }
if [ "$(psql_admin "SELECT 1 FROM pg_roles WHERE rolname='crm'")" != "1" ]; then
  log "creating role crm"
  psql_admin "CREATE ROLE crm LOGIN CREATEDB PASSWORD 'crm'" >&2
fi
# Dropping a test database WITH (FORCE) must be able to end every session in it, whoever opened it.
psql_admin "GRANT pg_signal_backend TO crm" >&2
if [ "$(psql_admin "SELECT 1 FROM pg_database WHERE datname='crm'")" != "1" ]; then
  psql_admin "CREATE DATABASE crm OWNER crm" >&2
fi

# Loopback needs no TLS: Debian's cluster offers it and Npgsql would take it, paying for it on both sides of every round trip.
echo "Host=127.0.0.1;Port=$port;Username=crm;Password=crm;Database=crm;Maximum Pool Size=40;SSL Mode=Disable"
