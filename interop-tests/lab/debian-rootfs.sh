#!/usr/bin/env bash
# Builds, once per machine, a Debian root filesystem holding newer routers than the host's
# (bookworm) for the interop lab. Daemons run "in a container" with
#   ip netns exec NS chroot DIR COMMAND
# Suites:
#   trixie  FRR 10.3, GoBGP 3.36, BIRD 2.17, OpenBGPD 8.8, OVN 25.03 with Open vSwitch 3.5
#   sid     the newest upstream versions (on 2026-12-07: FRR 10.7, GoBGP 4.8, BIRD 2.20,
#           OpenBGPD 9.3, OVN 26.03 with Open vSwitch 4.0, Incus 7.0 for containers with the
#           dnsmasq its bridges run), plus BIRD 3
#           (bird3 conflicts with bird2: its package is unpacked with dpkg -x into /opt/bird3 and
#           only its dependencies are installed). sid moves daily: nothing is pinned, the
#           versions a build got are printed and kept in DIR/.herald-lab-versions.
# Idempotent: a stamp file marks a finished build; without the stamp the directory is rebuilt.
#
# Usage: interop-tests/lab/debian-rootfs.sh SUITE [DIR]   (default /var/cache/herald-lab/SUITE)
# Env:   HERALD_LAB_MIRROR (default http://deb.debian.org/debian),
#        HERALD_LAB_TRIXIE / HERALD_LAB_SID (default DIR of that suite)
set -euo pipefail

SUITE="${1:?usage: debian-rootfs.sh trixie|sid [DIR]}"
MIRROR="${HERALD_LAB_MIRROR:-http://deb.debian.org/debian}"
# EXTRACT: packages unpacked (dpkg -x) into /opt/NAME instead of installed, with their Depends
# installed, for packages that conflict with one in PACKAGES.
EXTRACT=()
case "$SUITE" in
  trixie)
    DIR="${2:-${HERALD_LAB_TRIXIE:-/var/cache/herald-lab/trixie}}"
    PACKAGES=(frr gobgpd bird2 openbgpd iproute2 ovn-central ovn-host openvswitch-switch)
    # Bump when PACKAGES change so existing caches are upgraded.
    STAMP_CONTENT="herald-lab trixie v3: ${PACKAGES[*]}"
    ;;
  sid)
    DIR="${2:-${HERALD_LAB_SID:-/var/cache/herald-lab/sid}}"
    # incus-base: Incus for containers; the package "incus" adds virtual machines (QEMU, swtpm,
    # virtiofsd: about 70 more packages) that the lab cannot run without KVM. dnsmasq-base: the
    # DHCP/DNS server Incus starts for every bridge with an address (only recommended by
    # incus-base); LxdDifferentialIT runs incusd from this tree.
    PACKAGES=(frr gobgpd bird2 openbgpd iproute2 ovn-central ovn-host openvswitch-switch incus-base dnsmasq-base)
    EXTRACT=(bird3)
    STAMP_CONTENT="herald-lab sid v2: ${PACKAGES[*]}; /opt: ${EXTRACT[*]}"
    ;;
  *)
    echo "unknown suite: $SUITE (trixie or sid)" >&2; exit 2 ;;
esac
STAMP="$DIR/.herald-lab-stamp"
CACHE="$(dirname "$DIR")"
APT_LOG="$CACHE/apt-$SUITE.log"

log() { printf '[%s-rootfs] %s\n' "$SUITE" "$*" >&2; }

if [[ $EUID -ne 0 ]]; then
  log "must run as root"; exit 1
fi

if [[ -f "$STAMP" ]] && [[ "$(cat "$STAMP")" == "$STAMP_CONTENT" ]]; then
  log "cached: $DIR ($(cat "$STAMP"))"
  exit 0
fi

command -v debootstrap >/dev/null || { log "debootstrap is not installed (apt-get install debootstrap)"; exit 1; }

# Serialise concurrent builders on one machine.
mkdir -p "$CACHE"
exec 9>"$CACHE/.$(basename "$DIR").lock"
flock 9
if [[ -f "$STAMP" ]] && [[ "$(cat "$STAMP")" == "$STAMP_CONTENT" ]]; then
  log "cached (built by a concurrent run): $DIR"
  exit 0
fi

proc_mounted=0
cleanup() {
  if [[ $proc_mounted -eq 1 ]]; then
    umount "$DIR/proc" 2>/dev/null || umount -l "$DIR/proc" 2>/dev/null || true
  fi
}
trap cleanup EXIT

in_root() { chroot "$DIR" env DEBIAN_FRONTEND=noninteractive LC_ALL=C "$@"; }

# apt-get update, install PACKAGES, unpack EXTRACT; the tree's proc is mounted meanwhile.
install_packages() {
  mount -t proc proc "$DIR/proc"
  proc_mounted=1
  log "apt-get install ${PACKAGES[*]}${EXTRACT[*]:+; unpack into /opt: ${EXTRACT[*]}}"
  # sid's Release file is valid for a week only (trixie's has no end): a mirror that lags behind
  # would fail the update. The lab only needs the packages, not replay protection.
  in_root apt-get -o Acquire::Check-Valid-Until=false update -q >/dev/null
  in_root apt-get install -y -q --no-install-recommends "${PACKAGES[@]}" >"$APT_LOG" 2>&1 || {
    log "apt-get install failed; tail of $APT_LOG:"
    tail -n 30 "$APT_LOG" >&2
    exit 1
  }
  local pkg deps missing
  for pkg in "${EXTRACT[@]}"; do
    # Its Depends (libraries) are installed; the package itself only unpacked, so that dpkg
    # never sees the conflict. Of alternatives ("|Depends: a" then " Depends: b") the first.
    deps=$(in_root apt-cache depends "$pkg" | awk '$1 ~ /^\|?Depends:$/ { if (!alt && $2 !~ /^</) print $2; alt = ($1 == "|Depends:") }' | sort -u)
    # shellcheck disable=SC2086 # one word per package
    in_root apt-get install -y -q --no-install-recommends $deps >>"$APT_LOG" 2>&1 || {
      log "installing the dependencies of $pkg failed; tail of $APT_LOG:"
      tail -n 30 "$APT_LOG" >&2
      exit 1
    }
    rm -rf --one-file-system "${DIR:?}/opt/$pkg"
    mkdir -p "$DIR/opt/$pkg" "$DIR/tmp/herald-lab-$pkg"
    chmod 1777 "$DIR/tmp/herald-lab-$pkg" # apt-get download writes as _apt
    in_root sh -c "cd /tmp/herald-lab-$pkg && apt-get download -q $pkg" >>"$APT_LOG" 2>&1
    in_root sh -c "dpkg -x /tmp/herald-lab-$pkg/${pkg}_*.deb /opt/$pkg && dpkg-deb -f /tmp/herald-lab-$pkg/${pkg}_*.deb Version >/opt/$pkg/.version"
    rm -rf --one-file-system "${DIR:?}/tmp/herald-lab-$pkg"
    # Every ELF file must find its libraries in the tree: ldd as the router will run it.
    missing=$(in_root sh -c "find /opt/$pkg -type f -perm -u+x | while read -r f; do ldd \"\$f\" 2>/dev/null | grep 'not found' | sed \"s|^|\$f: |\"; done")
    if [[ -n $missing ]]; then
      log "unresolved libraries in /opt/$pkg:"; printf '%s\n' "$missing" >&2; exit 1
    fi
  done
  in_root apt-get clean
  umount "$DIR/proc"
  proc_mounted=0
}

versions() {
  local v pkg
  v=$(chroot "$DIR" dpkg-query -W -f='${Package} ${Version}; ' "${PACKAGES[@]}")
  for pkg in "${EXTRACT[@]}"; do
    v+="$pkg $(cat "$DIR/opt/$pkg/.version") (/opt/$pkg); "
  done
  printf '%s\n' "$v" | tee "$DIR/.herald-lab-versions"
}

# A finished older build (an older stamp) only lacks packages: install them in place, so that
# lab runs using the tree meanwhile keep working and nothing is downloaded twice.
if [[ -f "$STAMP" ]] && [[ "$(cat "$STAMP")" == "herald-lab $SUITE v"* ]]; then
  log "upgrading $DIR ($(cat "$STAMP")) to: $STAMP_CONTENT"
  install_packages
  printf '%s\n' "$STAMP_CONTENT" >"$STAMP"
  log "upgraded $DIR: $(versions)"
  exit 0
fi

# A partial build (no stamp) is thrown away. Never remove a mounted proc's contents.
if [[ -e "$DIR" ]]; then
  if mountpoint -q "$DIR/proc" 2>/dev/null; then umount "$DIR/proc" || umount -l "$DIR/proc"; fi
  log "removing incomplete $DIR"
  rm -rf --one-file-system "$DIR"
fi

start=$SECONDS
log "debootstrap --variant=minbase $SUITE $DIR $MIRROR"
debootstrap --variant=minbase "$SUITE" "$DIR" "$MIRROR" >"$CACHE/debootstrap-$SUITE.log" 2>&1 || {
  log "debootstrap failed; tail of $CACHE/debootstrap-$SUITE.log:"
  tail -n 30 "$CACHE/debootstrap-$SUITE.log" >&2
  exit 1
}
log "debootstrap took $((SECONDS - start)) s"

# Daemons must not be started inside the chroot by package scripts.
printf '#!/bin/sh\nexit 101\n' >"$DIR/usr/sbin/policy-rc.d"
chmod 755 "$DIR/usr/sbin/policy-rc.d"
cp /etc/resolv.conf "$DIR/etc/resolv.conf" 2>/dev/null || true

install_packages

printf '%s\n' "$STAMP_CONTENT" >"$STAMP"
log "built $DIR in $((SECONDS - start)) s: $(versions)"
