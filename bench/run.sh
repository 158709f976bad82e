#!/usr/bin/env bash
# Greenlight's benchmarks. Prints figures as ratios against a peer run side by side.
#   build: Greenlight vs ko (pinned v0.19.1), build + push of the sample service, cold and warm
#   load:  ≥ 500 req/s through the router during deploy, canary, promote, rollback, abort,
#          and the router's latency against the same load sent straight to the service
#   k8s:   a rolling deploy by the Kubernetes target vs kubectl apply + rollout status
#   action: time from `greenlight run` to the first stage: cold, pipeline changed, cached binary
#   slack: the bot's acknowledgement latency over HTTP (quick, slow and rate-limited user-group
#          lookups) beside the behaviour before issue 24 and a bare net/http handler; the approval hold
#   judge: canary judges on simulated traffic: Compare, Flagger's default rule, Sequential
#   flags: OpenFeature flag evaluations, parallel, 1,000 flags, beside the provider before issue 26
#   github: GitHub API requests of a deploy run with a long history, beside a whole-history read
#   stream: newest wins over a stream of green commits (real runs): last push → production and
#           GitHub requests per run, with and without a run killed mid-canary
set -euo pipefail
cd "$(dirname "$0")/.."
TOOLS=${GREENLIGHT_TOOLS:-$HOME/.cache/greenlight-tools}
./.ci/tools.sh --bench
echo "== build: greenlight vs ko =="
go run ./bench/buildbench --ko "$TOOLS/bin/ko" --cold "${COLD:-2}" --warm "${WARM:-5}"
echo
echo "== load: router during deploys =="
go run ./bench/loadbench --rate "${RATE:-600}"
echo
echo "== kubernetes: greenlight rolling deploy vs kubectl apply + rollout status =="
./internal/k8senv/start-cluster.sh > /dev/null
go run ./bench/k8sbench --runs "${K8S_RUNS:-7}"
./internal/k8senv/stop-cluster.sh --quiet

echo
echo "== action: start to first stage =="
go run ./bench/actionbench

echo
echo "== slack: slash command acknowledgement =="
go run ./bench/slackbench

echo
echo "== judge: Compare vs Flagger's default rule vs the sequential judge =="
go run ./bench/judgebench -runs "${JUDGE_RUNS:-2000}"

echo
echo "== flags: OpenFeature evaluations with 1,000 flags, before issue 26 vs now =="
go run ./bench/flagbench

echo
echo "== github: API requests of a deploy run at 1,000 recorded deployments =="
go run ./bench/ghbench -deployments "${GH_DEPLOYMENTS:-1000}"

echo
echo "== stream: newest wins over 12 green commits, with and without a crash =="
go run ./bench/streambench
