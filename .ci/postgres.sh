#!/usr/bin/env bash
# PostgreSQL's server programs from Debian, for the tests of pkg/migrate: internal/pgtest starts
# a throwaway cluster of its own on 127.0.0.1 per test package. Idempotent: does nothing when
# the server programs and the postgres user are there.
set -euo pipefail
if compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null && id postgres >/dev/null 2>&1; then
  exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "PostgreSQL is missing: as root, run apt-get install -y postgresql" >&2
  exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
