#!/usr/bin/env bash
# Stop the processes started by start-cluster.sh, by the PIDs it recorded (nothing else).
# Order: kwok, scheduler, controller-manager, apiserver first (in parallel), etcd last.
ROOT=${K8SF_ROOT:-${XDG_CACHE_HOME:-$HOME/.cache}/greenlight-k8s}
RUN=$ROOT/run
quiet=${1:-}

stop_group() {
  local pids=() name f pid exe
  for name in "$@"; do
    f=$RUN/$name.pid
    [[ -f $f ]] || continue
    pid=$(cat "$f"); rm -f "$f"
    # only signal it if it is still the binary we started (guards against PID reuse)
    exe=$(readlink "/proc/$pid/exe" 2>/dev/null) || continue
    [[ $exe == */$name* || $exe == */k8sf* ]] || continue
    [[ $quiet == --quiet ]] || echo "stopping $name ($pid)"
    kill -TERM "$pid" 2>/dev/null && pids+=("$pid")
  done
  local left=("${pids[@]}")
  for _ in $(seq 1 100); do
    left=()
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && left+=("$pid"); done
    ((${#left[@]} == 0)) && return 0
    sleep 0.1
  done
  for pid in "${left[@]}"; do kill -KILL "$pid" 2>/dev/null; done
  return 0
}

stop_group kwok kube-scheduler kube-controller-manager kube-apiserver
stop_group etcd
exit 0
