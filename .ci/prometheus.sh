#!/usr/bin/env bash
# Installs Debian's prometheus for the analysis tests, if missing. Idempotent and quick when
# prometheus is there already.
set -euo pipefail
if command -v prometheus >/dev/null || [[ -x /usr/bin/prometheus ]]; then
  exit 0
fi
if [[ $(id -u) != 0 ]]; then
  echo "tools: prometheus is missing: run 'sudo apt-get install prometheus'" >&2; exit 1
fi
echo "tools: installing Debian's prometheus package" >&2
apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null
