#!/usr/bin/env bash
# Makes a PostgreSQL server available for the storage tests, on loopback only, and prints its
# connection string (the only thing written to stdout). Idempotent: installs Debian's postgresql
# only when missing, creates the cluster, role and database only when missing, and (re)starts the
# cluster listening on 127.0.0.1. Fails loudly when any step fails.
set -euo pipefail
if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  echo "installing postgresql (apt)…" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
ver=$(ls /usr/lib/postgresql | sort -V | tail -1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$ver main"; then
  pg_createcluster "$ver" main >&2
fi
# Loopback only (Debian's postgresql.conf reads conf.d/ last, so this wins over its default).
echo "listen_addresses = '127.0.0.1'" > "/etc/postgresql/$ver/main/conf.d/hr-loopback.conf"
port=$(pg_conftool -s "$ver" main show port)
if pg_ctlcluster "$ver" main status >/dev/null 2>&1; then
  # Running: make sure it listens where we said (a reload does not apply listen_addresses).
  su postgres -c "psql -p $port -tAc 'SHOW listen_addresses'" | grep -qx 127.0.0.1 || pg_ctlcluster "$ver" main restart >&2
else
  pg_ctlcluster "$ver" main start >&2
fi
psql_admin() { su postgres -c "psql -p $port -v ON_ERROR_STOP=1 -tAc \"$1\""; }
for _ in $(seq 1 30); do psql_admin "SELECT 1" >/dev/null 2>&1 && break; sleep 1; done
psql_admin "SELECT 1" >/dev/null
[ "$(psql_admin "SELECT 1 FROM pg_roles WHERE rolname='hr_test'")" = 1 ] || psql_admin "CREATE ROLE hr_test LOGIN PASSWORD 'hr_test'" >&2
[ "$(psql_admin "SELECT 1 FROM pg_database WHERE datname='hr_test'")" = 1 ] || psql_admin "CREATE DATABASE hr_test OWNER hr_test" >&2
# Timeout=60: on 2 cores busy with the whole suite, opening a connection once took longer than Npgsql's 15-s default.
echo "Host=127.0.0.1;Port=$port;Username=hr_test;Password=hr_test;Database=hr_test;Timeout=60"
