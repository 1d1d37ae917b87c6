#!/usr/bin/env bash
# The trixie tree (FRR 10.3, GoBGP 3.36, BIRD 2.17, OpenBGPD 8.8, OVN 25.03): kept under its old
# name for the commands and docs that call it; the build is debian-rootfs.sh's.
# Usage: interop-tests/lab/trixie-rootfs.sh [DIR]   (default /var/cache/herald-lab/trixie)
exec "$(dirname "$0")/debian-rootfs.sh" trixie "$@"
