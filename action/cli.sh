#!/usr/bin/env bash
# Puts the greenlight CLI at $GREENLIGHT_CLI (action.yml's "Get the greenlight CLI" step; bench/
# actionbench and cmd/greenlight/actioncli_test.go run it as it is).
#
# On a released version (the action pinned to a tag vX.Y.Z, or to a major tag such as v1, which
# release.yml moves to the newest vX.Y.Z) it downloads that release's greenlight_<os>_<arch> and
# checks it against the release's checksums.txt: a mismatch fails the step (nothing runs with a
# binary that is not the release's). Pinned to a commit, or to a tag with no release, it builds
# the CLI from the action's own source ($GITHUB_ACTION_PATH), unless the binary for that commit
# is already at $GREENLIGHT_CLI (restored by actions/cache, keyed on the commit).
#
# Inputs (environment): GREENLIGHT_ACTION_REF (github.action_ref), GREENLIGHT_ACTION_REPO
# (github.action_repository), GREENLIGHT_CLI (where the binary goes), RUNNER_OS, RUNNER_ARCH,
# GITHUB_ACTION_PATH; GREENLIGHT_RELEASES_URL and GREENLIGHT_GIT_URL replace GitHub's (tests).
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
    mkdir -p "$(dirname "$out")"
    install -m 0755 "$dl/$bin" "$out"
    echo "greenlight $tag: the release's $bin, checksum verified"
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
