#!/usr/bin/env bash
# Starts the real (kubelet-less) Kubernetes control plane Greenlight's Kubernetes tests run
# against, on 127.0.0.1 only: etcd 3.6.8, kube-apiserver, kube-controller-manager and
# kube-scheduler 1.36.3 and kwok 0.8.0 (fake nodes: pods go Running/Ready, no containers run),
# all from the k8sf module beside this script. Adapted from shared/k8s-testenv.
# Prints `export KUBECONFIG=...`. Stop it with stop-cluster.sh. With --build it only builds.
#
# Knobs: KWOK_NODES (2), API_PORT (16443), ETCD_PORT (12379), K8SF_ROOT (~/.cache/greenlight-k8s).
# Pods labelled k8sf.test/never-ready=true go Running but never Ready (progress-deadline tests).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=${K8SF_ROOT:-${XDG_CACHE_HOME:-$HOME/.cache}/greenlight-k8s}
K8S_VERSION=${K8S_VERSION:-1.36.3}
KWOK_VERSION=${KWOK_VERSION:-0.8.0}
KWOK_NODES=${KWOK_NODES:-2}
API_PORT=${API_PORT:-16443}
ETCD_PORT=${ETCD_PORT:-12379}
ETCD_PEER_PORT=$((ETCD_PORT + 1))
KCM_PORT=${KCM_PORT:-20257}
SCHED_PORT=${SCHED_PORT:-20259}
KWOK_PORT=${KWOK_PORT:-20250}
HOST=127.0.0.1

RUN=$ROOT/run
PKI=$RUN/pki
LOGS=$RUN/logs
export KUBECONFIG=$RUN/kubeconfig

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN{printf "%.1f", b-a}'; }

export PATH=/usr/local/go/bin:$PATH
export CGO_ENABLED=0 GOFLAGS=-buildvcs=false

# ---------------------------------------------------------------- build (cached)
# One multicall binary from the k8sf module beside this script (its own go.mod: the main module
# never depends on k8s.io/kubernetes), cached under $ROOT by the hash of its sources.
k8s_ldflags() {
  local minor=${K8S_VERSION#1.}; minor=${minor%%.*}
  echo "-s -w -X k8s.io/component-base/version.gitVersion=v$K8S_VERSION -X k8s.io/component-base/version.gitMajor=1" \
       "-X k8s.io/component-base/version.gitMinor=$minor -X k8s.io/client-go/pkg/version.gitVersion=v$K8S_VERSION" \
       "-X k8s.io/component-base/version.gitTreeState=clean"
}

build_multicall() {
  local hash; hash=$(cat "$HERE/k8sf/go.mod" "$HERE/k8sf/go.sum" "$HERE/k8sf/main.go" | sha256sum | cut -c1-16)
  MC=$ROOT/bin/k8sf-$hash
  if [[ -x $MC ]]; then return 0; fi
  log "building the control plane (k8s v$K8S_VERSION, kwok v$KWOK_VERSION, etcd) into $MC, once (cold: 5-8 min on 2 cores)"
  local t0; t0=$(now)
  mkdir -p "$ROOT/bin"
  (cd "$HERE/k8sf" && go build -trimpath -ldflags "$(k8s_ldflags)" -o "$MC.tmp" . && mv "$MC.tmp" "$MC")
  log "control plane built in $(since "$t0")s"
}

# ---------------------------------------------------------------- pki
gen_pki() {
  mkdir -p "$PKI"; cd "$PKI"
  openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 3650 -subj "/CN=k8sf-ca" 2>/dev/null
  cat > server.ext <<EOF
subjectAltName=IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local
extendedKeyUsage=serverAuth
keyUsage=digitalSignature,keyEncipherment
EOF
  openssl req -newkey rsa:2048 -nodes -keyout apiserver.key -out apiserver.csr -subj "/CN=kube-apiserver" 2>/dev/null
  openssl x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out apiserver.crt -days 3650 -extfile server.ext 2>/dev/null
  printf 'extendedKeyUsage=clientAuth\nkeyUsage=digitalSignature,keyEncipherment\n' > client.ext
  openssl req -newkey rsa:2048 -nodes -keyout admin.key -out admin.csr -subj "/O=system:masters/CN=kubernetes-admin" 2>/dev/null
  openssl x509 -req -in admin.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out admin.crt -days 3650 -extfile client.ext 2>/dev/null
  openssl genrsa -out sa.key 2048 2>/dev/null
  openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
  cd - >/dev/null
}

write_kubeconfig() {
  cat > "$KUBECONFIG" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: k8sf
  cluster:
    server: https://$HOST:$API_PORT
    certificate-authority: $PKI/ca.crt
users:
- name: admin
  user:
    client-certificate: $PKI/admin.crt
    client-key: $PKI/admin.key
contexts:
- name: k8sf
  context: {cluster: k8sf, user: admin}
current-context: k8sf
EOF
}

# ---------------------------------------------------------------- process helpers
start_bg() { # name cmd...
  local name=$1; shift
  setsid "$@" > "$LOGS/$name.log" 2>&1 < /dev/null &
  echo $! > "$RUN/$name.pid"
}
alive() { kill -0 "$(cat "$RUN/$1.pid")" 2>/dev/null; }
wait_for() { # desc timeout_s name-of-proc-to-check cmd...
  local desc=$1 to=$2 proc=$3; shift 3
  local end=$((SECONDS + to))
  until "$@" > /dev/null 2>&1; do
    if [[ -n $proc ]] && ! alive "$proc"; then log "$proc died; tail of its log:"; tail -30 "$LOGS/$proc.log" >&2; exit 1; fi
    if (( SECONDS > end )); then log "timeout waiting for $desc"; exit 1; fi
    sleep 0.2
  done
}

# ---------------------------------------------------------------- main
T_ALL=$(now)
build_multicall
# --build: only build (and cache) the control plane, for a CI script that builds it beside
# other work before the tests start it.
if [[ ${1:-} == --build ]]; then exit 0; fi
C_ETCD=("$MC" etcd); C_API=("$MC" kube-apiserver); C_KCM=("$MC" kube-controller-manager)
C_SCHED=("$MC" kube-scheduler); C_KWOK=("$MC" kwok)
[[ -n ${ETCD_BIN:-} ]] && C_ETCD=("$ETCD_BIN")
K8SF_ROOT=$ROOT "$HERE/stop-cluster.sh" --quiet || true
for port in "$ETCD_PORT" "$ETCD_PEER_PORT" "$API_PORT" "$KCM_PORT" "$SCHED_PORT" "$KWOK_PORT"; do
  if (exec 3<>"/dev/tcp/$HOST/$port") 2>/dev/null; then log "port $HOST:$port is already in use"; exit 1; fi
done
rm -rf "$RUN"; mkdir -p "$RUN" "$LOGS"
# if anything below fails, stop whatever was already started
trap 'rc=$?; if ((rc != 0)); then log "start failed (rc=$rc), stopping"; K8SF_ROOT=$ROOT "$HERE/stop-cluster.sh" --quiet; fi' EXIT
gen_pki
write_kubeconfig

T0=$(now)
log "starting etcd ($("${C_ETCD[@]}" --version | head -1))"
start_bg etcd "${C_ETCD[@]}" --name k8sf --data-dir "$RUN/etcd" \
  --listen-client-urls "http://$HOST:$ETCD_PORT" --advertise-client-urls "http://$HOST:$ETCD_PORT" \
  --listen-peer-urls "http://$HOST:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://$HOST:$ETCD_PEER_PORT" \
  --initial-cluster "k8sf=http://$HOST:$ETCD_PEER_PORT" --unsafe-no-fsync --quota-backend-bytes 2147483648
wait_for etcd 30 etcd curl -fsS "http://$HOST:$ETCD_PORT/health"
log "etcd healthy after $(since "$T0")s"

log "starting kube-apiserver"
start_bg kube-apiserver "${C_API[@]}" \
  --bind-address=$HOST --advertise-address=$HOST --secure-port=$API_PORT \
  --etcd-servers="http://$HOST:$ETCD_PORT" \
  --tls-cert-file="$PKI/apiserver.crt" --tls-private-key-file="$PKI/apiserver.key" \
  --client-ca-file="$PKI/ca.crt" \
  --service-account-issuer=https://kubernetes.default.svc.cluster.local \
  --service-account-key-file="$PKI/sa.pub" --service-account-signing-key-file="$PKI/sa.key" \
  --service-cluster-ip-range=10.96.0.0/16 \
  --authorization-mode=Node,RBAC --allow-privileged=true \
  --endpoint-reconciler-type=none \
  --kubelet-preferred-address-types=InternalIP \
  --profiling=false
wait_for "apiserver /readyz" 120 kube-apiserver curl -fsS --cacert "$PKI/ca.crt" --cert "$PKI/admin.crt" --key "$PKI/admin.key" "https://$HOST:$API_PORT/readyz"
log "kube-apiserver ready after $(since "$T0")s"

start_bg kube-controller-manager "${C_KCM[@]}" \
  --kubeconfig="$KUBECONFIG" --authentication-kubeconfig="$KUBECONFIG" --authorization-kubeconfig="$KUBECONFIG" \
  --bind-address=$HOST --secure-port=$KCM_PORT --leader-elect=false \
  --service-account-private-key-file="$PKI/sa.key" --root-ca-file="$PKI/ca.crt" \
  --use-service-account-credentials=false --service-cluster-ip-range=10.96.0.0/16 \
  --controllers='*,-nodeipam,-cloud-node-lifecycle,-service-lb-controller,-node-route-controller' \
  --concurrent-deployment-syncs=10 --concurrent-replicaset-syncs=10
start_bg kube-scheduler "${C_SCHED[@]}" \
  --kubeconfig="$KUBECONFIG" --authentication-kubeconfig="$KUBECONFIG" --authorization-kubeconfig="$KUBECONFIG" \
  --bind-address=$HOST --secure-port=$SCHED_PORT --leader-elect=false

# kwok: fake kubelets. Stages = upstream "fast" node + pod stages, shipped in the kwok module source.
KWOK_SRC=$(go env GOMODCACHE)/sigs.k8s.io/kwok@v$KWOK_VERSION
[[ -d $KWOK_SRC ]] || (cd "$(mktemp -d)" && go mod download "sigs.k8s.io/kwok@v$KWOK_VERSION")
# (no KwokConfiguration doc on purpose: kwok applies its option defaults only when none is given)
{
  for f in node/fast/node-initialize.yaml node/heartbeat-with-lease/node-heartbeat-with-lease.yaml \
           pod/fast/pod-ready.yaml pod/fast/pod-complete.yaml pod/fast/pod-delete.yaml \
           pod/chaos/pod-container-running-failed.yaml; do
    echo "---"; cat "$KWOK_SRC/kustomize/stage/$f"
  done
  # Extra stage for failure tests: pods labelled k8sf.test/never-ready=true go Running but never Ready
  # (CrashLoopBackOff-like), so a Deployment using them hits progressDeadlineSeconds.
  cat <<'STAGE'
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: pod-never-ready
spec:
  resourceRef: {apiGroup: v1, kind: Pod}
  selector:
    matchExpressions:
    - key: '.metadata.labels["k8sf.test/never-ready"]'
      operator: 'In'
      values: ['true']
    - key: '.metadata.deletionTimestamp'
      operator: 'DoesNotExist'
    - key: '.status.phase'
      operator: 'In'
      values: ['Pending']
  weight: 10000
  next:
    statusTemplate: |
      {{ $now := Now }}
      conditions:
      - lastTransitionTime: {{ $now | Quote }}
        status: "True"
        type: Initialized
      - lastTransitionTime: {{ $now | Quote }}
        status: "False"
        reason: ContainersNotReady
        type: Ready
      - lastTransitionTime: {{ $now | Quote }}
        status: "False"
        reason: ContainersNotReady
        type: ContainersReady
      containerStatuses:
      {{ range .spec.containers }}
      - image: {{ .image | Quote }}
        name: {{ .name | Quote }}
        ready: false
        restartCount: 1
        started: false
        state:
          waiting:
            reason: CrashLoopBackOff
            message: "simulated by kwok stage pod-never-ready"
      {{ end }}
      hostIP: {{ NodeIPWith .spec.nodeName | Quote }}
      podIP: {{ PodIPWith .spec.nodeName ( or .spec.hostNetwork false ) ( or .metadata.uid "" ) ( or .metadata.name "" ) ( or .metadata.namespace "" ) | Quote }}
      phase: Running
      startTime: {{ $now | Quote }}
STAGE
} > "$RUN/kwok.yaml"
start_bg kwok "${C_KWOK[@]}" --config="$RUN/kwok.yaml" --kubeconfig="$KUBECONFIG" \
  --manage-all-nodes=false --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake \
  --node-ip=$HOST --node-port=$KWOK_PORT --server-address=$HOST:$KWOK_PORT \
  --cidr=10.244.0.0/16 --node-lease-duration-seconds=40

# (plain curl instead of kubectl, so the script needs no kubectl)
kapi() { curl -fsS --cacert "$PKI/ca.crt" --cert "$PKI/admin.crt" --key "$PKI/admin.key" "https://$HOST:$API_PORT$1" "${@:2}"; }
nodes_ready() { [[ $(kapi /api/v1/nodes | tr -d ' \n' | grep -o '"type":"Ready","status":"True"' | wc -l) -ge $KWOK_NODES ]]; }
wait_for "default namespace" 60 "" kapi /api/v1/namespaces/default
for i in $(seq 1 "$KWOK_NODES"); do
  kapi /api/v1/nodes -X POST -H 'Content-Type: application/json' -o /dev/null -d '{
    "apiVersion": "v1", "kind": "Node",
    "metadata": {"name": "kwok-node-'"$i"'",
      "annotations": {"kwok.x-k8s.io/node": "fake", "node.alpha.kubernetes.io/ttl": "0"},
      "labels": {"type": "kwok", "kubernetes.io/hostname": "kwok-node-'"$i"'", "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64"}},
    "status": {"allocatable": {"cpu": "32", "memory": "256Gi", "pods": "110"},
               "capacity": {"cpu": "32", "memory": "256Gi", "pods": "110"}}}'
done
wait_for "kwok nodes Ready" 60 kwok nodes_ready
# the serviceaccount controller must have made the 'default' SA before pods can be created in 'default'
wait_for "default serviceaccount" 60 kube-controller-manager kapi /api/v1/namespaces/default/serviceaccounts/default
# Gateway API CRDs (HTTPRoute, for canaries split by route weights), from the gateway-api module
# through the Go module proxy.
GATEWAY_API_VERSION=${GATEWAY_API_VERSION:-1.4.1}
GW_SRC=$(cd "$(mktemp -d)" && go mod download -json "sigs.k8s.io/gateway-api@v$GATEWAY_API_VERSION" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
for crd in gatewayclasses gateways httproutes; do
  kapi /apis/apiextensions.k8s.io/v1/customresourcedefinitions -X POST -H 'Content-Type: application/yaml' -o /dev/null \
    --data-binary @"$GW_SRC/config/crd/standard/gateway.networking.k8s.io_$crd.yaml"
done
crd_established() { kapi /apis/gateway.networking.k8s.io/v1 | grep -q '"httproutes"'; }
wait_for "Gateway API CRDs" 60 kube-apiserver crd_established
for p in kube-controller-manager kube-scheduler kwok; do alive $p || { log "$p died"; tail -30 "$LOGS/$p.log" >&2; exit 1; }; done
log "control plane + $KWOK_NODES kwok nodes ready: $(since "$T0")s after etcd start ($(since "$T_ALL")s incl. build check)"
echo "export KUBECONFIG=$KUBECONFIG"
