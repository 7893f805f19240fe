#!/usr/bin/env bash
# System parts the test suite drives for real: Debian's Chromium and ChromeDriver for the
# browser tests, and a local PostgreSQL server for the store tests. Installed when missing
# and when we may (root); the tests that need them skip cleanly otherwise.
set -u
: > .test-env

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo "$@"; else return 1; fi; }

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  echo "installing chromium and chromium-driver for the browser tests"
  as_root apt-get update -qq >/dev/null 2>&1
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null 2>&1 \
    || echo "could not install chromium: browser tests will skip"
fi

if ! command -v pg_ctlcluster >/dev/null; then
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null 2>&1 || true
fi
if command -v pg_lsclusters >/dev/null; then
  cluster=$(pg_lsclusters -h 2>/dev/null | head -n 1)
  if [ -n "$cluster" ]; then
    set -- $cluster
    ver=$1 name=$2 port=$3
    as_root pg_ctlcluster "$ver" "$name" start >/dev/null 2>&1 || true
    if as_root su postgres -c "psql -p $port -qtAc 'select 1'" >/dev/null 2>&1; then
      as_root su postgres -c "psql -p $port -qc \"DO \\\$\\\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='tocsin') THEN CREATE ROLE tocsin LOGIN PASSWORD 'tocsin'; END IF; END\\\$\\\$;\"" >/dev/null 2>&1
      as_root su postgres -c "psql -p $port -qc 'DROP DATABASE IF EXISTS tocsin_test'" >/dev/null 2>&1
      as_root su postgres -c "psql -p $port -qc 'CREATE DATABASE tocsin_test OWNER tocsin'" >/dev/null 2>&1
      echo "export TOCSIN_TEST_PG=postgresql+psycopg://tocsin:tocsin@127.0.0.1:$port/tocsin_test" > .test-env
      echo "PostgreSQL $ver on port $port ready for the store tests"
    fi
  fi
fi
exit 0
