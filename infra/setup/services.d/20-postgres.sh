#!/usr/bin/env bash
# Starts the PostgreSQL server the incident-store tests run against (SECURITY 24), idempotently:
# installs Debian's postgresql when missing, runs a private cluster listening only on
# 127.0.0.1:55432, creates a test role and database, and prints exactly one line on stdout:
#   export SSHBOT_TEST_POSTGRES='Host=127.0.0.1;Port=55432;...'
# Everything else goes to stderr, because infra/test.sh sources stdout.
set -euo pipefail
port=${SSHBOT_TEST_POSTGRES_PORT:-55432}
role=sshbot_test
db=sshbot_test
log() { echo "20-postgres: $*" >&2; }

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

if [ -z "$(pg_bin)" ] || [ ! -x "$(pg_bin)/initdb" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    log "PostgreSQL is not installed; run as root, or: sudo apt-get install -y postgresql"
    exit 1
  fi
  log "installing postgresql"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi
bin=$(pg_bin)

# Root runs the cluster as the postgres user (PostgreSQL refuses to run as root); anyone else
# runs it as themselves under /tmp.
if [ "$(id -u)" -eq 0 ]; then
  owner=postgres
  base=/var/lib/postgresql/sshbot-test-$port
  as_owner() { runuser -u postgres -- "$@"; }
else
  owner=$(id -un)
  base=${TMPDIR:-/tmp}/sshbot-test-postgres-$(id -u)-$port
  as_owner() { "$@"; }
fi
data=$base/data
sock=$base/socket

if [ ! -d "$base" ]; then
  mkdir -p "$base"
  [ "$owner" = postgres ] && chown postgres:postgres "$base"
fi
as_owner mkdir -p "$sock"
chmod 700 "$base"

if [ ! -s "$data/PG_VERSION" ]; then
  log "initialising a cluster in $data"
  as_owner "$bin/initdb" -D "$data" -U "$owner" --auth-local=peer --auth-host=scram-sha-256 \
    -E UTF8 --locale=C.UTF-8 >&2
fi

# A random password, made once and kept beside the cluster so re-runs print the same line.
pwfile=$base/password
if [ ! -s "$pwfile" ]; then
  as_owner sh -c "umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' > '$pwfile'"
fi
password=$(cat "$pwfile")

if ! as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
  log "starting PostgreSQL on 127.0.0.1:$port"
  as_owner "$bin/pg_ctl" -D "$data" -l "$base/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$sock -c max_connections=200" \
    start >&2
fi

psql_admin() { as_owner "$bin/psql" -h "$sock" -p "$port" -U "$owner" -d postgres -v ON_ERROR_STOP=1 -qAt "$@"; }
psql_admin >&2 <<SQL
SELECT 'CREATE ROLE $role LOGIN' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$role') \gexec
ALTER ROLE $role WITH LOGIN PASSWORD '$password';
SELECT 'CREATE DATABASE $db OWNER $role' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '$db') \gexec
SQL
log "ready"
echo "export SSHBOT_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Username=$role;Password=$password;Database=$db'"
