#!/usr/bin/env bash
# Issue 21's CLI row: the wall time of `bin/herald peers` against a running herald, CALLS calls
# (default 20) one after another, as median and max, and each call's CPU (user + sys, median): on
# a busy machine the wall time measures the machine, the CPU time mostly herald. Not a test: it
# prints figures and asserts nothing. Needs a built jar (./mvnw -DskipTests package); no root, no
# namespaces: herald listens on loopback (a free port) with one passive peer that never comes,
# its admin socket and state in a temporary directory, and is stopped by its pid at the end.
#
#   interop-tests/lab/cli-latency.sh [CALLS]
# Env: HERALD_JAVA_OPTS as for bin/herald (e.g. -XX:AOTMode=off: without the AOT cache), CLI_LATENCY_ARGS:
#      the command to time instead of `peers` (e.g. "peers --json", "status").
set -euo pipefail
cd "$(dirname "$0")/../.."

calls=${1:-20}
dir=$(mktemp -d /tmp/herald-cli-latency.XXXXXX)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat > "$dir/herald.yaml" <<YAML
router:
  asn: 65010
  router-id: 192.0.2.1
  listen: { address: 127.0.0.1, port: $port }
admin:
  socket: $dir/herald.sock
peers:
  - name: waiting
    address: 127.0.0.1
    port: 9
    asn: 65011
    passive: true
    families: [ipv4-unicast]
    next-hop: { ipv4: 192.0.2.1 }
sources:
  static:
    - prefix: 203.0.113.0/24
YAML

# The instance name keeps this herald's restart marker out of /run/herald (another herald's).
bin/herald run -c "$dir/herald.yaml" -N "cli-latency-$$" --log-level warn > "$dir/herald.log" 2>&1 &
pid=$!
cleanup() {
    kill "$pid" 2> /dev/null && wait "$pid" 2> /dev/null || true
    rm -rf "$dir" "/run/herald/cli-latency-$$" 2> /dev/null || true
}
trap cleanup EXIT
for _ in $(seq 600); do
    [[ -S "$dir/herald.sock" ]] && break
    kill -0 "$pid" 2> /dev/null || { cat "$dir/herald.log" >&2; exit 1; }
    sleep 0.1
done

read -r -a args <<< "${CLI_LATENCY_ARGS:-peers}"
bin/herald "${args[@]}" --socket "$dir/herald.sock" > /dev/null   # once: fails loudly if it cannot answer
TIMEFORMAT='%3R %3U %3S'
for _ in $(seq "$calls"); do
    { time bin/herald "${args[@]}" --socket "$dir/herald.sock" > /dev/null 2>&1; } 2>> "$dir/times"
done
python3 - "$dir/times" "${args[*]}" "$calls" <<'PY'
import statistics, sys
rows = [list(map(float, line.split())) for line in open(sys.argv[1]) if line.strip()]
wall = [r[0] * 1000 for r in rows]
cpu = [(r[1] + r[2]) * 1000 for r in rows]
print(f"herald {sys.argv[2]}: {sys.argv[3]} calls, wall median {statistics.median(wall):.0f} ms,"
      f" max {max(wall):.0f} ms; CPU (user+sys) median {statistics.median(cpu):.0f} ms")
PY
