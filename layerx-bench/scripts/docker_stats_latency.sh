#!/usr/bin/env bash
# What one-shot stats calls cost on a real dockerd (docs/benchmarks.md): 10 idle busybox containers, their stats
# read one after another and all at once. Needs root, docker.io and busybox-static (MACHINE.md); dockerd is
# started here without bridge or iptables and stopped by its PID.
#   layerx-bench/scripts/docker_stats_latency.sh
set -euo pipefail
D=$(mktemp -d /tmp/lx-st.XXXX)
dockerd --data-root "$D/dk" --exec-root "$D/dx" -H "unix://$D/docker.sock" --pidfile "$D/docker.pid" \
  --bridge=none --iptables=false --ip6tables=false > "$D/dockerd.log" 2>&1 & DPID=$!
trap 'kill $DPID; wait $DPID 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf --unix-socket "$D/docker.sock" http://d/_ping >/dev/null && break; sleep 0.2; done
mkdir -p "$D/rootfs/bin"; cp /bin/busybox "$D/rootfs/bin/"; for a in sh sleep; do ln -sf busybox "$D/rootfs/bin/$a"; done
export DOCKER_HOST="unix://$D/docker.sock"
tar -C "$D/rootfs" -c . | docker import - local/busybox >/dev/null
ids=(); for _ in $(seq 1 10); do ids+=("$(docker run -d --network none local/busybox sleep 600)"); done
stats() { curl -sf --unix-socket "$D/docker.sock" "http://d/v1.41/containers/$1/stats?stream=false&$2" >/dev/null; }
for mode in "one-shot=true" "one-shot=false"; do
  s=$(date +%s%N); for id in "${ids[@]}"; do stats "$id" "$mode"; done; e=$(date +%s%N)
  echo "$mode, one after another: $(( (e - s) / 10 / 1000000 )) ms per container"
  s=$(date +%s%N); P=(); for id in "${ids[@]}"; do stats "$id" "$mode" & P+=($!); done; wait "${P[@]}"; e=$(date +%s%N)
  echo "$mode, all 10 at once: $(( (e - s) / 1000000 )) ms"
done
docker rm -f "${ids[@]}" >/dev/null
