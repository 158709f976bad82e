#!/usr/bin/env bash
# Installs Debian's chromium for the release page's browser test (pkg/report), if missing.
# Idempotent and quick when chromium is there already.
set -euo pipefail
if command -v chromium >/dev/null || command -v chromium-browser >/dev/null; then
  exit 0
fi
sudo=""
if [[ $(id -u) != 0 ]]; then sudo=sudo; fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null
command -v chromium
