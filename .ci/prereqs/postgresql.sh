#!/usr/bin/env bash
# PostgreSQL on 127.0.0.1 for the server's integration tests. Idempotent; runs as root on Debian 12.
# Creates role facesynth (password facesynth) and database facesynth_test, matching the tests' default
#   FACESYNTH_TEST_PG="Host=127.0.0.1;Port=5432;Username=facesynth;Password=facesynth;Database=facesynth_test"
# Exports nothing.
set -euo pipefail
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  stamp=/tmp/facesynth-apt-updated   # shared with the other prerequisite scripts: apt-get update once per CI run
  [[ -f $stamp ]] || { apt-get update -qq && touch "$stamp"; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql
fi
ver=$(ls /usr/lib/postgresql | sort -V | tail -1)
if ! pg_lsclusters -h | awk -v v="$ver" '$1 == v && $2 == "main" { found = 1 } END { exit !found }'; then
  pg_createcluster "$ver" main
fi
# Loopback only, in a drop-in file (Debian's postgresql.conf includes conf.d/).
pg_conftool "$ver" main remove listen_addresses || true
mkdir -p "/etc/postgresql/$ver/main/conf.d"
echo "listen_addresses = '127.0.0.1'" > "/etc/postgresql/$ver/main/conf.d/facesynth.conf"
port=$(pg_lsclusters -h | awk -v v="$ver" '$1 == v && $2 == "main" { print $3 }')
status=$(pg_lsclusters -h | awk -v v="$ver" '$1 == v && $2 == "main" { print $4 }')
[[ $status == online* ]] || pg_ctlcluster "$ver" main start
for _ in $(seq 60); do
  pg_isready -q -h 127.0.0.1 -p "$port" && break
  sleep 1
done
pg_isready -h 127.0.0.1 -p "$port"
[[ $port == 5432 ]] || echo "warning: PostgreSQL listens on port $port, not 5432; set FACESYNTH_TEST_PG accordingly"
runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 -p "$port" -d postgres <<'SQL'
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'facesynth') THEN
    CREATE ROLE facesynth LOGIN PASSWORD 'facesynth';
  END IF;
END $$;
SELECT 'CREATE DATABASE facesynth_test OWNER facesynth' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'facesynth_test')\gexec
SQL
echo "postgresql $ver on 127.0.0.1:$port, database facesynth_test ready"
