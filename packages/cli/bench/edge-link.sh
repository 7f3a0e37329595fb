#!/usr/bin/env bash
# Runs the migration benchmark over an emulated edge link: two network namespaces joined by a veth pair, the
# link shaped on both ends with `tc netem` (delay and rate) where the kernel has sch_netem. Where it has not,
# the rate is shaped with `tbf` and the delay is added in user space by a relay between the nodes
# (`delay-relay.ts`, timer granularity about 1 ms); the run records which. Needs root and iproute2.
# Usage: bash packages/cli/bench/edge-link.sh [DELAY] [RATE] [-- migrate-bench options]
#   e.g. bash packages/cli/bench/edge-link.sh 5ms 1gbit -- --reps 3 --sizes 64KiB,16MiB
# DELAY is one way (in ms, `5ms`); RATE as tc writes it (`1gbit`, `100mbit`).
set -euo pipefail
args=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do args+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
DELAY="${args[0]:-5ms}"
RATE="${args[1]:-1gbit}"
[[ "$DELAY" =~ ^[0-9]+(\.[0-9]+)?ms$ ]] || { echo "edge-link: DELAY must be like 5ms, got $DELAY" >&2; exit 2; }
[[ "$RATE" =~ ^[0-9]+(\.[0-9]+)?[kmg]?bit$ ]] || { echo "edge-link: RATE must be like 100mbit, got $RATE" >&2; exit 2; }
NS_A=edlink-a NS_B=edlink-b ADDR_A=10.77.0.1 ADDR_B=10.77.0.2
HERE="$(cd "$(dirname "$0")" && pwd)"
BENCH="$HERE/../dist/bench/migrate-bench.js"
[ -f "$BENCH" ] || { echo "edge-link: $BENCH is missing: run npm run build first" >&2; exit 2; }
cleanup() { ip netns del "$NS_A" 2>/dev/null || true; ip netns del "$NS_B" 2>/dev/null || true; }
trap cleanup EXIT
cleanup
ip netns add "$NS_A"
ip netns add "$NS_B"
ip link add veth-eda netns "$NS_A" type veth peer name veth-edb netns "$NS_B"
ip -n "$NS_A" addr add "$ADDR_A/24" dev veth-eda
ip -n "$NS_B" addr add "$ADDR_B/24" dev veth-edb
for ns in "$NS_A" "$NS_B"; do ip -n "$ns" link set lo up; done
ip -n "$NS_A" link set veth-eda up
ip -n "$NS_B" link set veth-edb up
extra=()
for end in "$NS_A:veth-eda" "$NS_B:veth-edb"; do
  ns="${end%%:*}" dev="${end##*:}"
  if ip netns exec "$ns" tc qdisc add dev "$dev" root netem delay "$DELAY" rate "$RATE" 2>/dev/null; then
    shaping="netem delay $DELAY rate $RATE on each end"
  else
    # the queue holds 100 ms at the rate (tbf drops beyond it; TCP backs off as on a real link)
    ip netns exec "$ns" tc qdisc add dev "$dev" root tbf rate "$RATE" burst 1mb latency 100ms
    shaping="tbf rate $RATE on each end, $DELAY one way added by a user-space relay (no sch_netem in kernel $(uname -r))"
    extra=(--link-delay "${DELAY%ms}")
  fi
done
echo "edge link: veth $NS_A($ADDR_A) <-> $NS_B($ADDR_B), $shaping"
export EDGE_LINK_COMMAND="bash packages/cli/bench/edge-link.sh $DELAY $RATE -- $*"
ip netns exec "$NS_A" "$(command -v node)" "$BENCH" --link "$NS_B:$ADDR_A:$ADDR_B" --link-desc "$shaping" \
  --link-name "$DELAY-$RATE" \
  "${extra[@]}" "$@"
