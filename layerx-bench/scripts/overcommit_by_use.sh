#!/usr/bin/env bash
# CPU over-commit by observed use, end to end through the CLI (docs/benchmarks.md): two sim clusters of 50 nodes x
# 4000m / 64 GiB that both simulate use at 0.3 of the reservation, one added with --cpu-overcommit-by-use; a job of
# 1000 tasks x 1000m / 512 MiB on each; prints how many run over time, then what oc-01 lends and why the rest wait.
#   layerx-bench/scripts/overcommit_by_use.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
D=$(mktemp -d "${TMPDIR:-/tmp}/lx-oc.XXXX")
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
./layerx server --data "$D" --listen 127.0.0.1:$PORT > "$D/server.log" 2>&1 & SPID=$!
trap 'kill $SPID 2>/dev/null; wait $SPID 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do [ -f "$D/admin-token" ] && curl -sf http://127.0.0.1:$PORT/healthz >/dev/null 2>&1 && break; sleep 0.3; done
export LAYERX_ADDR=http://127.0.0.1:$PORT LAYERX_TOKEN=$(cat "$D/admin-token")
./layerx cluster add sim oc --nodes 50 --cpu 4000 --memory 65536 --usage-ratio 0.3 --cpu-overcommit-by-use
./layerx cluster add sim plain --nodes 50 --cpu 4000 --memory 65536 --usage-ratio 0.3
for c in oc plain; do
  printf 'name: fill-%s\ntype: service\nreplicas: 1000\nconstraints: ["cluster.name == %s"]\ntask:\n  command: ["sleep", "3600"]\n  resources: {cpu: 1000, memory: 512}\n' $c $c > "$D/$c.yaml"
  ./layerx job run "$D/$c.yaml" >/dev/null
done
running() {
  curl -s -H "Authorization: Bearer $LAYERX_TOKEN" "$LAYERX_ADDR/v1/tasks?job=$1&state=running" \
    | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'
}
start=$(date +%s)
for t in 10 20 30 45 60 90 120; do
  while [ $(( $(date +%s) - start )) -lt $t ]; do sleep 1; done
  echo "t=${t}s running: over-commit $(running fill-oc), plain $(running fill-plain)"
done
./layerx node get oc-01 | grep -E "^CPU"
./layerx job status fill-oc | grep -iE "over-commit|insufficient" | head -3
