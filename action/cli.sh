#!/usr/bin/env bash
# Puts the greenlight CLI at $GREENLIGHT_CLI (action.yml's "Get the greenlight CLI" step; bench/
# actionbench and cmd/greenlight/actioncli_test.go run it as it is).
#
# On a released version (the action pinned to a tag vX.Y.Z, or to a major tag such as v1, which
# release.yml moves to the newest vX.Y.Z) it downloads that release's greenlight_<os>_<arch>,
# checks it against the release's checksums.txt, and checks its signature: the release's
# provenance.sigstore.json (a SLSA provenance naming every binary, signed keyless by release.yml
# with `greenlight attest-files`, logged in Rekor) must verify for this binary with the identity
# of this repository's release workflow on that tag
# (https://github.com/OWNER/REPO/.github/workflows/release.yml@refs/tags/vX.Y.Z, issuer GitHub
# Actions' OIDC). It verifies with `gh attestation verify --bundle` (the GitHub CLI, on GitHub's
# runners already: no download) or, without a gh that has it, `cosign verify-blob-attestation`.
# Any failure fails the step, with one line saying what and how to pin the action to a commit
# instead: nothing runs with a binary that is not the release's. Pinned to a commit, or to a tag
# with no release, it builds the CLI from the action's own source ($GITHUB_ACTION_PATH), unless
# the binary for that commit is already at $GREENLIGHT_CLI (restored by actions/cache, keyed on
# the commit).
#
# Inputs (environment): GREENLIGHT_ACTION_REF (github.action_ref), GREENLIGHT_ACTION_REPO
# (github.action_repository), GREENLIGHT_CLI (where the binary goes), RUNNER_OS, RUNNER_ARCH,
# GITHUB_ACTION_PATH, GH_TOKEN (for gh); GREENLIGHT_VERIFIER (gh or cosign: which one checks the
# signature; default gh when it has `attestation`, else cosign). GREENLIGHT_RELEASES_URL and
# GREENLIGHT_GIT_URL replace GitHub's, GREENLIGHT_TRUSTED_ROOT (a trusted_root.json) Sigstore's
# public trust root and GREENLIGHT_OIDC_ISSUER GitHub Actions' issuer (tests, with local
# stand-ins for Fulcio and Rekor).
set -euo pipefail

ref="${GREENLIGHT_ACTION_REF:-}"
repo="${GREENLIGHT_ACTION_REPO:-greenlight-cd/greenlight}"
out="${GREENLIGHT_CLI:?GREENLIGHT_CLI names where the CLI goes}"
server="${GITHUB_SERVER_URL:-https://github.com}"
releases="${GREENLIGHT_RELEASES_URL:-$server/$repo/releases/download}"
gitURL="${GREENLIGHT_GIT_URL:-$server/$repo}"
src="${GITHUB_ACTION_PATH:-.}"

case "${RUNNER_OS:-$(uname -s)}" in
  Linux) os=linux ;; macOS | Darwin) os=darwin ;;
  *) os="" ;;
esac
case "${RUNNER_ARCH:-$(uname -m)}" in
  X64 | x86_64) arch=amd64 ;; ARM64 | arm64 | aarch64) arch=arm64 ;;
  *) arch="" ;;
esac

pin="or pin the action to a commit (uses: $repo@<40-hex commit>) to build greenlight from source"

# verify_signature DIR BIN: the release's provenance bundle, downloaded into DIR, verifies for
# DIR/BIN with the identity of $repo's release workflow on $tag; otherwise the step fails.
verify_signature() {
  local dir="$1" bin="$2" issuer="${GREENLIGHT_OIDC_ISSUER:-https://token.actions.githubusercontent.com}"
  local root="${GREENLIGHT_TRUSTED_ROOT:-}" said rc
  identity="$server/$repo/.github/workflows/release.yml@refs/tags/$tag"
  if ! said="$(curl -fsSL --retry 3 --connect-timeout 10 --max-time 30 -o "$dir/provenance.sigstore.json" "$releases/$tag/provenance.sigstore.json" 2>&1)"; then
    echo "::error::greenlight $tag: the release's provenance.sigstore.json could not be downloaded (${said//$'\n'/ }), so the signature of $bin cannot be checked; refusing to run it (re-run the job, $pin)"
    exit 1
  fi
  verifier="${GREENLIGHT_VERIFIER:-}"
  if [[ -z "$verifier" ]]; then
    if command -v gh >/dev/null && gh attestation verify --help >/dev/null 2>&1; then
      verifier=gh
    elif command -v cosign >/dev/null; then
      verifier=cosign
    else
      echo "::error::greenlight $tag: neither gh (2.49 or later, on GitHub's runners already) nor cosign is on PATH to check that $bin was signed by $repo's release workflow; refusing to run it (install one, $pin)"
      exit 1
    fi
  fi
  rc=0
  case "$verifier" in
    gh)
      said="$(timeout 120 gh attestation verify "$dir/$bin" --bundle "$dir/provenance.sigstore.json" --repo "$repo" \
        --cert-identity "$identity" --cert-oidc-issuer "$issuer" ${root:+--custom-trusted-root "$root"} 2>&1)" || rc=$?
      ;;
    cosign)
      said="$(timeout 120 cosign verify-blob-attestation --bundle "$dir/provenance.sigstore.json" --new-bundle-format \
        --type slsaprovenance1 --certificate-identity "$identity" --certificate-oidc-issuer "$issuer" \
        ${root:+--trusted-root "$root"} "$dir/$bin" 2>&1)" || rc=$?
      ;;
    *)
      echo "::error::GREENLIGHT_VERIFIER=$verifier: give gh or cosign (or leave it empty)"
      exit 1
      ;;
  esac
  if [[ $rc -ne 0 ]]; then
    said="$({ grep -v -e '^[[:space:]]*$' -e 'deprecated' <<<"$said" | tail -n 1 | tr -d '\r' | cut -c1-500; } || true)"
    echo "::error::greenlight $tag: $bin is not signed by $repo's release workflow ($identity): $verifier says \"${said:-exit $rc}\"; refusing to run it (report it to $repo, $pin)"
    exit 1
  fi
}

# The release a ref names: the tag itself, or for a major tag the vX.Y.Z tag on the same commit.
tag=""
if [[ "$ref" =~ ^v[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]]; then
  tag="$ref"
elif [[ "$ref" =~ ^v[0-9]+$ ]]; then
  tags="$(timeout 30 git ls-remote --tags "$gitURL" 2>/dev/null || true)"
  # Each tag's commit (an annotated tag's peeled ^{} line wins), then the newest release on v1's.
  tag="$(awk -v major="$ref" '
    { name = $2; sub("^refs/tags/", "", name); peeled = sub("\\^\\{\\}$", "", name)
      if (peeled || !(name in commit)) commit[name] = $1 }
    END { for (t in commit) if (t ~ ("^" major "\\.[0-9]+\\.[0-9]+$") && commit[t] == commit[major]) print t }' <<<"$tags" |
    sort -V | tail -n 1)"
  [[ -n "$tag" ]] || echo "::notice::no release vX.Y.Z is on the commit of $ref: building greenlight from source"
fi

if [[ -n "$tag" && -n "$os" && -n "$arch" ]]; then
  bin="greenlight_${os}_${arch}"
  dl="$(mktemp -d)"
  trap 'rm -rf "$dl"' EXIT
  if curl -fsSL --retry 3 --connect-timeout 10 --max-time 120 -o "$dl/$bin" "$releases/$tag/$bin" &&
     curl -fsSL --retry 3 --connect-timeout 10 --max-time 30 -o "$dl/checksums.txt" "$releases/$tag/checksums.txt"; then
    line="$(grep -E "^[0-9a-f]{64}  $bin\$" "$dl/checksums.txt" || true)"
    if [[ -z "$line" ]] || ! (cd "$dl" && sha256sum -c --status - <<<"$line"); then
      echo "::error::greenlight $tag: $bin does not match the release's checksums.txt; refusing to run it (re-run the job; if it fails again, report it to $repo)"
      exit 1
    fi
    verify_signature "$dl" "$bin"
    mkdir -p "$(dirname "$out")"
    install -m 0755 "$dl/$bin" "$out"
    echo "greenlight $tag: the release's $bin, checksum verified, signed by $identity (checked with $verifier)"
    exit 0
  fi
  echo "::notice::greenlight $tag has no release binary $bin: building it from source"
fi

if [[ -x "$out" ]]; then
  echo "greenlight ${ref:-(local action)}: the CLI built from this commit, restored from the cache"
  exit 0
fi
mkdir -p "$(dirname "$out")"
(cd "$src" && go build -trimpath -o "$out" ./cmd/greenlight)
echo "greenlight ${ref:-(local action)}: built from source"
