#!/usr/bin/env bash
# Installs the tools the tests and benchmarks need into $GREENLIGHT_TOOLS/bin (default
# ~/.cache/greenlight-tools/bin), once: later runs find them there. Pinned versions, known to
# build with the Go here.
set -euo pipefail
TOOLS=${GREENLIGHT_TOOLS:-$HOME/.cache/greenlight-tools}
mkdir -p "$TOOLS/bin"
install() { # name module@version
  if [[ -x $TOOLS/bin/$1 ]]; then return 0; fi
  echo "tools: building $1 ($2) into $TOOLS/bin, once (cosign takes a few minutes cold)" >&2
  GOBIN=$TOOLS/bin go install "$2"
}
# install_as NAME module/cmd/dir@version: for two versions of one command (go install names
# the binary after its directory), built in a scratch GOBIN and renamed.
install_as() {
  if [[ -x $TOOLS/bin/$1 ]]; then return 0; fi
  echo "tools: building $1 ($2) into $TOOLS/bin, once (a few minutes cold)" >&2
  local tmp
  tmp=$(mktemp -d)
  GOBIN=$tmp go install "$2"
  mv "$tmp/$(basename "${2%@*}")" "$TOOLS/bin/$1"
  rmdir "$tmp"
}
install cosign github.com/sigstore/cosign/v2/cmd/cosign@v2.6.5
# cosign v3 (the Sigstore bundle format by default) beside v2, for the interop matrix and signbench.
install_as cosign3 github.com/sigstore/cosign/v3/cmd/cosign@v3.1.3
install actionlint github.com/rhysd/actionlint/cmd/actionlint@v1.7.12
install act github.com/nektos/act@v0.2.89
install staticcheck honnef.co/go/tools/cmd/staticcheck@v0.8.2
# Prometheus, from Debian's package, for the analysis tests.
"$(dirname "$0")/prometheus.sh"
# PostgreSQL's server programs (pkg/migrate's tests) and chromium (the release page's browser
# test), from Debian, so that `make test` alone sets up everything; both are quick when there.
"$(dirname "$0")/postgres.sh"
"$(dirname "$0")/chromium.sh"
if [[ ${1:-} == --bench ]]; then
  install ko github.com/google/ko@v0.19.1
fi
