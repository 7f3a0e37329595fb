#!/usr/bin/env bash
# Runs the migration benchmark over an emulated edge link: two network namespaces joined by a veth pair, the
# link shaped on both ends with `tc netem` (delay and rate) where the kernel has sch_netem, else with `tbf`
# (rate only; the delay is then NOT emulated, and the script says so). Needs root and iproute2.
# Usage: bash packages/cli/bench/edge-link.sh [DELAY] [RATE] -- [migrate-bench options]
#   e.g. bash packages/cli/bench/edge-link.sh 5ms 1gbit -- --reps 3 --sizes 64KiB,16MiB
# The bench's run records how the link was shaped (`--link-desc`) and this command line.
set -euo pipefail
DELAY="${1:-5ms}"
RATE="${2:-1gbit}"
shift $(( $# >= 2 ? 2 : $# ))
[ "${1:-}" = "--" ] && shift
NS_A=edlink-a NS_B=edlink-b ADDR_A=10.77.0.1 ADDR_B=10.77.0.2
HERE="$(cd "$(dirname "$0")" && pwd)"
BENCH="$HERE/../dist/bench/migrate-bench.js"
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
shaping=""
for end in "$NS_A:veth-eda" "$NS_B:veth-edb"; do
  ns="${end%%:*}" dev="${end##*:}"
  if ip netns exec "$ns" tc qdisc add dev "$dev" root netem delay "$DELAY" rate "$RATE" 2>/dev/null; then
    shaping="netem delay $DELAY rate $RATE on each end"
  else
    ip netns exec "$ns" tc qdisc add dev "$dev" root tbf rate "$RATE" burst 1mb latency 100ms
    shaping="tbf rate $RATE on each end; NO delay: this kernel ($(uname -r)) lacks sch_netem"
  fi
done
echo "edge link: veth $NS_A($ADDR_A) <-> $NS_B($ADDR_B), $shaping"
export EDGE_LINK_COMMAND="bash packages/cli/bench/edge-link.sh $DELAY $RATE -- $*"
ip netns exec "$NS_A" "$(command -v node)" "$BENCH" --link "$NS_B:$ADDR_A:$ADDR_B" --link-desc "$shaping" "$@"
