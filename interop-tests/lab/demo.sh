#!/usr/bin/env bash
# herald demo: announce examples/herald.yaml's routes to a real FRR in a network namespace and
# print what FRR received (prefix, next hop, AS path). Needs root. Cleans up everything it
# started (processes by pid, namespaces, run directories) on exit, also on failure or Ctrl-C.
# herald keeps its state (the restart marker) in the demo's work directory, not /run/herald.
#
#   sudo bash interop-tests/lab/demo.sh
#
#   namespace hd-PID-herald  veth0 198.18.0.2/24 fd00:18::2/64   herald, AS 65010
#   namespace hd-PID-frr     veth0 198.18.0.1/24 fd00:18::1/64   FRR,    AS 65001
#
# FRR is 10.3 from the trixie root filesystem when interop-tests/lab/trixie-rootfs.sh has
# built it, else the host's FRR (8.4 on Debian 12), installed with apt-get when missing.
# Env: HERALD_DEMO_FRR=host|trixie forces one; HERALD_DEMO_TIMEOUT (seconds, default 90);
#      HERALD_DEMO_CONFIG another herald config for the same addresses.
#
# The config is examples/herald.yaml; this is its expected content, used when it is missing:
#
#   router:
#     asn: 65010
#     router-id: 192.0.2.1
#   peers:
#     - name: frr
#       address: 198.18.0.1
#       asn: 65001
#       local-address: 198.18.0.2
#       families: [ipv4-unicast, ipv6-unicast]
#       next-hop: { ipv6: "fd00:18::2" }
#   sources:
#     static:
#       - prefix: 203.0.113.0/24
#       - prefix: 198.51.100.0/24
#       - prefix: 2001:db8:100::/48
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
TIMEOUT=${HERALD_DEMO_TIMEOUT:-90}
TRIXIE=${HERALD_LAB_TRIXIE:-/var/cache/herald-lab/trixie}
ID="hd-$$"
NS_H="$ID-herald"
NS_R="$ID-frr"
WORK=$(mktemp -d "/tmp/herald-demo.XXXXXX")
PIDS=()          # every process we started, stopped by pid in reverse order
NAMESPACES=()    # every namespace we created
RUN_DIRS=()      # run directories (host paths) to remove

exec 3>&2   # say() writes here, also from inside checks whose output is silenced
say() { printf '[demo] %s\n' "$*" >&3; }

cleanup() {
  local rc=$?
  set +e
  local i pid
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    pid=${PIDS[i]}
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
    fi
  done
  for ns in "${NAMESPACES[@]}"; do
    # Anything still inside is ours (we made the namespace): stop it by pid, then delete it.
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -TERM "$pid" 2>/dev/null; done
    sleep 0.2
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null; done
    ip netns del "$ns" 2>/dev/null
  done
  for d in "${RUN_DIRS[@]}"; do rm -rf --one-file-system "$d"; done
  if [[ $rc -ne 0 ]]; then
    say "failed (exit $rc); logs kept in $WORK"
  else
    rm -rf "$WORK"
  fi
  say "cleaned up"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

[[ $EUID -eq 0 ]] || { echo "demo.sh needs root (network namespaces): sudo bash $0" >&2; exit 1; }
command -v ip >/dev/null || { say "installing iproute2"; DEBIAN_FRONTEND=noninteractive apt-get install -y -q iproute2 >/dev/null; }

# --- FRR ------------------------------------------------------------------------------------
FRR_MODE=${HERALD_DEMO_FRR:-}
if [[ -z $FRR_MODE ]]; then
  if [[ -f $TRIXIE/.herald-lab-stamp && -x $TRIXIE/usr/lib/frr/bgpd ]]; then FRR_MODE=trixie; else FRR_MODE=host; fi
fi
if [[ $FRR_MODE == host && ! -x /usr/lib/frr/bgpd ]]; then
  say "installing FRR (apt-get install frr)"
  DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends frr >/dev/null
fi
if [[ $FRR_MODE == trixie ]]; then
  ROOT=$TRIXIE
  in_root() { chroot "$ROOT" "$@"; }
  # ip netns exec gives the daemon a private mount namespace: its /proc mount dies with it.
  frr_daemon() { ip netns exec "$NS_R" sh -c 'mount -t proc proc "$1/proc" && shift && exec chroot "$@"' sh "$ROOT" "$ROOT" "$@"; }
  frr_client() { ip netns exec "$NS_R" chroot "$ROOT" "$@"; }
else
  ROOT=""
  in_root() { "$@"; }
  frr_daemon() { ip netns exec "$NS_R" "$@"; }
  frr_client() { ip netns exec "$NS_R" "$@"; }
fi
FRR_VERSION=$(in_root /usr/lib/frr/bgpd --version | head -n1 | sed 's/^bgpd version /FRR /')

# --- herald ---------------------------------------------------------------------------------
JAR="$REPO/bgpd/target/herald.jar"
if [[ ! -f $JAR ]] || [[ -n $(find "$REPO"/{codec,fsm,rib,sources,config,bgpd}/src "$REPO"/pom.xml "$REPO"/*/pom.xml -newer "$JAR" -type f 2>/dev/null | head -n1) ]]; then
  say "building herald (./mvnw -q -B -DskipTests package)"
  (cd "$REPO" && ./mvnw -q -B -DskipTests package)
fi
JAVA=""
for j in /usr/lib/jvm/temurin-25*/bin/java /usr/lib/jvm/*-25*/bin/java "${JAVA_HOME:-/nonexistent}/bin/java" "$(command -v java || true)"; do
  if [[ -x $j ]] && "$j" -version 2>&1 | grep -Eq 'version "(2[5-9]|[3-9][0-9])'; then JAVA=$j; break; fi
done
[[ -n $JAVA ]] || { echo "no JDK 25 or newer found (looked in /usr/lib/jvm, JAVA_HOME, PATH)" >&2; exit 1; }

CONFIG="${HERALD_DEMO_CONFIG:-$REPO/examples/herald.yaml}"
if [[ ! -f $CONFIG ]]; then
  CONFIG="$WORK/herald.yaml"
  say "examples/herald.yaml not found; using the expected content from this script's header"
  sed -n '/^#   router:/,/^#       - prefix: 2001:db8:100::\/48/p' "${BASH_SOURCE[0]}" | sed 's/^#   //' >"$CONFIG"
fi

# --- the link -------------------------------------------------------------------------------
say "namespaces $NS_H (herald 198.18.0.2, fd00:18::2) and $NS_R ($FRR_VERSION 198.18.0.1, fd00:18::1)"
ip netns add "$NS_H"; NAMESPACES+=("$NS_H")
ip netns add "$NS_R"; NAMESPACES+=("$NS_R")
ip -n "$NS_H" link set lo up
ip -n "$NS_R" link set lo up
ip -n "$NS_H" link add veth0 type veth peer name veth0 netns "$NS_R"
ip -n "$NS_H" addr add 198.18.0.2/24 dev veth0
ip -n "$NS_H" -6 addr add fd00:18::2/64 dev veth0 nodad
ip -n "$NS_R" addr add 198.18.0.1/24 dev veth0
ip -n "$NS_R" -6 addr add fd00:18::1/64 dev veth0 nodad
ip -n "$NS_H" link set veth0 up
ip -n "$NS_R" link set veth0 up

# --- start FRR ------------------------------------------------------------------------------
RUN="/run/herald-demo-$$"          # as FRR sees it
STATE="/run/frr/herald-demo-$$"    # FRR's pathspace (-N): pid files, vty and zserv sockets
mkdir -p "$ROOT$RUN" "$ROOT$STATE"
RUN_DIRS+=("$ROOT$RUN" "$ROOT$STATE")
cat >"$ROOT$RUN/bgpd.conf" <<'FRRCONF'
frr defaults datacenter
hostname herald-demo-frr
!
router bgp 65001
 bgp router-id 198.18.0.1
 no bgp ebgp-requires-policy
 no bgp default ipv4-unicast
 bgp log-neighbor-changes
 neighbor 198.18.0.2 remote-as 65010
 neighbor 198.18.0.2 timers connect 2
 address-family ipv4 unicast
  neighbor 198.18.0.2 activate
 exit-address-family
 address-family ipv6 unicast
  neighbor 198.18.0.2 activate
 exit-address-family
!
FRRCONF
echo "hostname herald-demo-frr" >"$ROOT$RUN/zebra.conf"
in_root chown -R frr:frr "$RUN" "$STATE"

start_frr() { # NAME ARGS...
  local name=$1; shift
  frr_daemon "/usr/lib/frr/$name" -N "herald-demo-$$" --log stdout "$@" </dev/null >"$WORK/$name.log" 2>&1 &
  PIDS+=($!)
}
wait_for() { # DESCRIPTION SECONDS COMMAND...
  local what=$1 secs=$2; shift 2
  local deadline=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS > deadline)); then say "timed out after ${secs}s waiting for $what"; return 1; fi
    sleep 0.5
  done
}
if [[ -x $ROOT/usr/lib/frr/mgmtd ]]; then   # FRR 9+: zebra needs mgmtd
  start_frr mgmtd
  wait_for "mgmtd" 30 test -S "$ROOT$STATE/mgmtd.vty"
fi
start_frr zebra -f "$RUN/zebra.conf"
wait_for "zebra" 30 test -S "$ROOT$STATE/zserv.api"
start_frr bgpd -f "$RUN/bgpd.conf"
vty() { frr_client vtysh --vty_socket "$STATE" -c "$1"; }
wait_for "bgpd" 30 vty "show bgp summary"
say "$FRR_VERSION running (logs in $WORK)"

# --- start herald ---------------------------------------------------------------------------
say "herald: HERALD_STATE_DIR=$WORK/state $JAVA @$(dirname "$JAR")/jvm.options -jar $JAR run --config $CONFIG"
# Its own state directory: the demo stops herald with SIGTERM, which keeps the restart marker
# (herald.running) so that a restart sets the R bit; in /run/herald it would make the next real
# `herald run` on this host think it is restarting.
mkdir -p "$WORK/state"
ip netns exec "$NS_H" env HERALD_STATE_DIR="$WORK/state" \
  "$JAVA" "@$(dirname "$JAR")/jvm.options" -jar "$JAR" run --config "$CONFIG" \
  </dev/null >"$WORK/herald.log" 2>&1 &
HERALD_PID=$!
PIDS+=("$HERALD_PID")

routes_arrived() {
  kill -0 "$HERALD_PID" 2>/dev/null || { say "herald exited; its log:"; cat "$WORK/herald.log" >&3; exit 1; }
  local v4 v6
  v4=$(vty "show bgp ipv4 unicast json")
  v6=$(vty "show bgp ipv6 unicast json")
  grep -q '"203.0.113.0/24"' <<<"$v4" && grep -q '"198.51.100.0/24"' <<<"$v4" && grep -q '"2001:db8:100::/48"' <<<"$v6"
}
say "waiting up to ${TIMEOUT}s for FRR to learn herald's routes"
if ! wait_for "herald's routes in FRR" "$TIMEOUT" routes_arrived; then
  vty "show bgp summary" || true
  say "last lines of herald's log:"; tail -n 40 "$WORK/herald.log" >&2
  say "last lines of bgpd's log:"; tail -n 20 "$WORK/bgpd.log" >&2
  exit 1
fi

echo
echo "===== $FRR_VERSION: show bgp summary ====="
vty "show bgp summary"
echo
echo "===== $FRR_VERSION: show bgp ipv4 unicast (prefix, next hop, AS path) ====="
vty "show bgp ipv4 unicast"
echo
echo "===== $FRR_VERSION: show bgp ipv6 unicast (prefix, next hop, AS path) ====="
vty "show bgp ipv6 unicast"
echo
say "done; stopping herald and FRR"
