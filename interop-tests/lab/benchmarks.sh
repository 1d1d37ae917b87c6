#!/usr/bin/env bash
# The side-by-side benchmark suite of issues 10 and 21 in one command: herald against BIRD 2.17,
# GoBGP 3.36 and FRR 10.3 (trixie) and the newest, BIRD 3.4 and 2.20, GoBGP 4.8 and FRR 10.7 (sid),
# on this machine, in one run, then docs/benchmarks.md (the part between the compare markers) and
# docs/bench/*.png from the results.
#
# Run as root from anywhere in the repository (it creates network namespaces):
#   sudo interop-tests/lab/benchmarks.sh [EXTRA MAVEN ARGS...]
# Env: BENCH_RUNS (default 3): runs per sender and scenario (-Dherald.bench.runs); scenarios
#      may use fewer for slow cases and say so in the report. Extra arguments go to Maven, e.g.
#      -Dit.test=CompareBulkBenchmark for one scenario, -Dherald.bench.bulk.runs.gobgp=1, or
#      "-Dherald.bench.senders=herald,BIRD 3.4" for some senders only.
#      BENCH_DOC, BENCH_CHARTS: where the report goes (default docs/benchmarks.md, docs/bench): a
#      trial run with a small set (-Dherald.bench.v4=8000 -Dherald.bench.v6=2000) writes to a copy.
#
# Steps: installs the packages it needs (Debian; the same routers' tree as .ci/run: the trixie
# root filesystem, plus python3-matplotlib for the charts), writes machine.json (CPU, memory,
# kernel, Debian, load average, date) to the results directory, runs every Compare*Benchmark
# through Failsafe (Bulk and Memory share one loaded sender: CompareBulkBenchmark; the fresh-process
# Bulk and the CLI row: CompareFreshBenchmark; the scaling table: CompareScalingBenchmark), then
# interop-tests/lab/bench-report.py. Prints each scenario's time and the total.
# The other lab benchmarks (every *Benchmark of interop-tests) run one at a time the same way,
# with -Dit.test=NAME; JMH micro benchmarks are in benchmarks/ (docs/benchmarks.md lists all).
set -euo pipefail
cd "$(dirname "$0")/../.."

export DEBIAN_FRONTEND=noninteractive
export LC_ALL=C.UTF-8
RUNS="${BENCH_RUNS:-3}"
OUT="$PWD/interop-tests/target/bench"
PY=/usr/bin/python3 # Debian's, where apt's matplotlib is (not a pyenv shim's)

t0=$SECONDS
step() { printf '\n=== [%4ds] %s\n' $((SECONDS - t0)) "$*"; }

if [[ $EUID -ne 0 ]]; then
  echo "benchmarks.sh must run as root: the benchmarks create network namespaces" >&2
  exit 1
fi

step "packages"
# debootstrap: the trixie tree (the routers under test); iproute2: namespaces, bridge, veth, ip -batch;
# util-linux, procps: lab scripts; curl, unzip, ca-certificates: the Maven wrapper, herald's admin API;
# python3-matplotlib: the charts.
packages=(debootstrap iproute2 util-linux procps ca-certificates curl unzip python3 python3-matplotlib)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "all installed: ${packages[*]}"
fi
if ! ls -d /usr/lib/jvm/*25* >/dev/null 2>&1; then
  echo "no JDK 25 under /usr/lib/jvm: this machine image is expected to have Temurin 25" >&2
  exit 1
fi

step "trixie root filesystem (FRR 10.3, GoBGP 3.36, BIRD 2.17; cached in /var/cache/herald-lab/trixie)"
interop-tests/lab/trixie-rootfs.sh

step "sid root filesystem (FRR 10.7, GoBGP 4.8, BIRD 2.20 and 3.4; cached in /var/cache/herald-lab/sid)"
interop-tests/lab/debian-rootfs.sh sid

MAVEN=(./mvnw -B -ntp -pl interop-tests -am verify "-Dit.test=Compare*Benchmark" -Dtest=none
  -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false
  "-Dherald.bench.runs=$RUNS" "-Dherald.bench.out=$OUT" "$@")

step "machine description -> $OUT/machine.json"
rm -rf "$OUT"
mkdir -p "$OUT"
"$PY" - "$OUT/machine.json" "${MAVEN[*]}" <<'EOF'
import datetime, json, os, platform, subprocess, sys
def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()
    except OSError:
        return ""
cpu = sh("lscpu | sed -n 's/^Model name: *//p' | head -1") or platform.processor()
mem_kib = int(sh("sed -n 's/^MemTotal: *\\([0-9]*\\) kB/\\1/p' /proc/meminfo") or 0)
with open("/etc/debian_version") as f:
    debian = f.read().strip()
m = {
    "cpu": cpu,
    "nproc": int(sh("nproc") or 0),
    "memory": f"{mem_kib / 1024 / 1024:.1f} GiB",
    "kernel": platform.release(),
    "debian": debian,
    "load_start": " ".join(open("/proc/loadavg").read().split()[:3]),
    "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    "maven": sys.argv[2],
}
with open(sys.argv[1], "w") as f:
    json.dump(m, f, indent=2)
print(json.dumps(m, indent=2))
EOF

step "benchmarks: ${MAVEN[*]}"
status=0
"${MAVEN[@]}" 2>&1 | tee "$OUT/maven.log" || status=$?
if [[ $status -ne 0 ]]; then
  echo "Maven failed ($status): the report shows what was measured; see interop-tests/target/failsafe-reports" >&2
fi
# Failsafe's line per class: "Tests run: ..., Time elapsed: 253.9 s -- in dev.herald.interop.compare.CompareFanoutBenchmark"
scenarios=$(sed -n 's/.*Time elapsed: \([0-9.]*\) s.* -- in dev\.herald\.interop\.compare\.\(Compare[A-Za-z]*Benchmark\).*/\2 \1/p' "$OUT/maven.log")

elapsed=$((SECONDS - t0))
"$PY" - "$OUT/machine.json" "$elapsed" "$scenarios" <<'EOF'
import json, sys
p = sys.argv[1]
m = json.load(open(p))
m["load_end"] = " ".join(open("/proc/loadavg").read().split()[:3])
s = int(sys.argv[2])
m["elapsed"] = f"{s // 60} min {s % 60} s"
m["scenarios"] = {l.split()[0]: f"{float(l.split()[1]):.0f} s" for l in sys.argv[3].splitlines() if l.strip()}
json.dump(m, open(p, "w"), indent=2)
EOF

step "report -> ${BENCH_DOC:-docs/benchmarks.md}, ${BENCH_CHARTS:-docs/bench}/*.png"
"$PY" interop-tests/lab/bench-report.py --results "$OUT" --doc "${BENCH_DOC:-docs/benchmarks.md}" \
  --charts "${BENCH_CHARTS:-docs/bench}" --command "sudo BENCH_RUNS=$RUNS interop-tests/lab/benchmarks.sh${*:+ $*}"

elapsed=$((SECONDS - t0))
echo
echo "=== per scenario (Failsafe's time per class):"
printf '%s\n' "${scenarios:-none finished}" | awk 'NF == 2 { printf "  %-36s %6.0f s (%d min %d s)\n", $1, $2, $2 / 60, $2 % 60 } NF != 2 { print "  " $0 }'
printf '=== total: %d min %d s\n' $((elapsed / 60)) $((elapsed % 60))
exit $status
