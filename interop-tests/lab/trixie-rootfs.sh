#!/usr/bin/env bash
# Builds, once per machine, a Debian trixie root filesystem holding the newer routers
# (FRR 10.3, GoBGP 3.36, BIRD 2.17, OpenBGPD 8.8) and OVN 25.03 with Open vSwitch 3.5 for the interop lab. Daemons run "in a container" with
#   ip netns exec NS chroot DIR COMMAND
# Idempotent: a stamp file marks a finished build; without the stamp the directory is rebuilt.
#
# Usage: interop-tests/lab/trixie-rootfs.sh [DIR]   (default /var/cache/herald-lab/trixie)
# Env:   HERALD_LAB_MIRROR (default http://deb.debian.org/debian)
set -euo pipefail

DIR="${1:-${HERALD_LAB_TRIXIE:-/var/cache/herald-lab/trixie}}"
MIRROR="${HERALD_LAB_MIRROR:-http://deb.debian.org/debian}"
PACKAGES=(frr gobgpd bird2 openbgpd iproute2 ovn-central ovn-host openvswitch-switch)
STAMP="$DIR/.herald-lab-stamp"
# Bump when PACKAGES change so existing caches are rebuilt.
STAMP_CONTENT="herald-lab trixie v3: ${PACKAGES[*]}"

log() { printf '[trixie-rootfs] %s\n' "$*" >&2; }

if [[ $EUID -ne 0 ]]; then
  log "must run as root"; exit 1
fi

if [[ -f "$STAMP" ]] && [[ "$(cat "$STAMP")" == "$STAMP_CONTENT" ]]; then
  log "cached: $DIR ($(cat "$STAMP"))"
  exit 0
fi

command -v debootstrap >/dev/null || { log "debootstrap is not installed (apt-get install debootstrap)"; exit 1; }

# Serialise concurrent builders on one machine.
mkdir -p "$(dirname "$DIR")"
exec 9>"$(dirname "$DIR")/.$(basename "$DIR").lock"
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

# A finished older build (an older stamp) only lacks packages: install them in place, so that
# lab runs using the tree meanwhile keep working and nothing is downloaded twice.
if [[ -f "$STAMP" ]] && [[ "$(cat "$STAMP")" == "herald-lab trixie v"* ]]; then
  log "upgrading $DIR ($(cat "$STAMP")) to: $STAMP_CONTENT"
  mount -t proc proc "$DIR/proc"
  proc_mounted=1
  chroot "$DIR" env DEBIAN_FRONTEND=noninteractive LC_ALL=C apt-get update -q >/dev/null
  chroot "$DIR" env DEBIAN_FRONTEND=noninteractive LC_ALL=C \
    apt-get install -y -q --no-install-recommends "${PACKAGES[@]}" >"$(dirname "$DIR")/apt-trixie.log" 2>&1 || {
    log "apt-get install failed; tail of $(dirname "$DIR")/apt-trixie.log:"
    tail -n 30 "$(dirname "$DIR")/apt-trixie.log" >&2
    exit 1
  }
  chroot "$DIR" apt-get clean
  umount "$DIR/proc"
  proc_mounted=0
  printf '%s\n' "$STAMP_CONTENT" >"$STAMP"
  log "upgraded $DIR: $(chroot "$DIR" dpkg-query -W -f='${Package} ${Version}; ' "${PACKAGES[@]}")"
  exit 0
fi

# A partial build (no stamp) is thrown away. Never remove a mounted proc's contents.
if [[ -e "$DIR" ]]; then
  if mountpoint -q "$DIR/proc" 2>/dev/null; then umount "$DIR/proc" || umount -l "$DIR/proc"; fi
  log "removing incomplete $DIR"
  rm -rf --one-file-system "$DIR"
fi

start=$SECONDS
log "debootstrap --variant=minbase trixie $DIR $MIRROR"
debootstrap --variant=minbase trixie "$DIR" "$MIRROR" >"$(dirname "$DIR")/debootstrap-trixie.log" 2>&1 || {
  log "debootstrap failed; tail of $(dirname "$DIR")/debootstrap-trixie.log:"
  tail -n 30 "$(dirname "$DIR")/debootstrap-trixie.log" >&2
  exit 1
}

mount -t proc proc "$DIR/proc"
proc_mounted=1
# Daemons must not be started inside the chroot by package scripts.
printf '#!/bin/sh\nexit 101\n' >"$DIR/usr/sbin/policy-rc.d"
chmod 755 "$DIR/usr/sbin/policy-rc.d"
cp /etc/resolv.conf "$DIR/etc/resolv.conf" 2>/dev/null || true

log "apt-get install ${PACKAGES[*]}"
chroot "$DIR" env DEBIAN_FRONTEND=noninteractive LC_ALL=C apt-get update -q >/dev/null
chroot "$DIR" env DEBIAN_FRONTEND=noninteractive LC_ALL=C \
  apt-get install -y -q --no-install-recommends "${PACKAGES[@]}" >"$(dirname "$DIR")/apt-trixie.log" 2>&1 || {
  log "apt-get install failed; tail of $(dirname "$DIR")/apt-trixie.log:"
  tail -n 30 "$(dirname "$DIR")/apt-trixie.log" >&2
  exit 1
}
chroot "$DIR" apt-get clean

umount "$DIR/proc"
proc_mounted=0

printf '%s\n' "$STAMP_CONTENT" >"$STAMP"
log "built $DIR in $((SECONDS - start)) s: $(chroot "$DIR" dpkg-query -W -f='${Package} ${Version}; ' "${PACKAGES[@]}")"
