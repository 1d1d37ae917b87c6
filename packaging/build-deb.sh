#!/usr/bin/env bash
# Builds herald's .deb from a built tree: a jlink runtime holding only the modules herald needs
# (from jdeps; stripped, only bin/java), the shaded jar with its CycloneDX SBOM, the systemd units
# (herald.service and the template herald@.service), a sysusers.d entry for the user herald, an
# example /etc/herald/herald.yaml (a conffile), the man pages herald(1) and herald.yaml(5), the
# bash completion and the docs. Plain dpkg-deb laid out as debhelper would (packaging/README.md
# says why not dh); lintian checks the result (DebPackageIT, packaging/lintian-overrides).
#
# Usage: ./mvnw -B -DskipTests package && packaging/build-deb.sh [OUTPUT_DIR]
#        (default OUTPUT_DIR: packaging/target). Prints the path of the .deb on stdout.
# Env:   JAVA_HOME    a JDK 25 or newer with jlink and jdeps (default: the newest in /usr/lib/jvm)
#        DEB_COMPRESS dpkg-deb compression (default gzip: fast; xz for a release, ~3x slower)
# Needs no root: dpkg-deb --root-owner-group makes every file root's.
set -euo pipefail

repo=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
out=$(mkdir -p "${1:-$repo/packaging/target}" && cd "${1:-$repo/packaging/target}" && pwd)
jar=$repo/bgpd/target/herald.jar
man=$repo/bgpd/target/man/herald.1
completion=$repo/bgpd/target/completion/herald
sbom=$repo/bgpd/target/herald.cdx.json

log() { printf '[build-deb] %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

for f in "$jar" "$man" "$completion" "$sbom"; do
  [[ -f $f ]] || die "$f is missing: run ./mvnw -B -DskipTests package first"
done

# The JDK whose jlink makes the runtime: JAVA_HOME, else the newest 25+ under /usr/lib/jvm.
jdk_version() { sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null; }
jdk=""
if [[ -n ${JAVA_HOME:-} && -x ${JAVA_HOME}/bin/jlink && $(jdk_version "$JAVA_HOME") -ge 25 ]]; then
  jdk=$JAVA_HOME
else
  best=0
  for home in /usr/lib/jvm/*/; do
    home=${home%/}
    [[ -L $home || ! -x $home/bin/jlink ]] && continue
    v=$(jdk_version "$home")
    if [[ -n $v && $v -ge 25 && $v -gt $best ]]; then jdk=$home; best=$v; fi
  done
fi
[[ -n $jdk ]] || die "needs a JDK 25 or newer with jlink (set JAVA_HOME)"

version=$(unzip -p "$jar" META-INF/MANIFEST.MF | sed -n 's/^Implementation-Version: *\([^[:space:]]*\).*/\1/p')
[[ -n $version ]] || die "no Implementation-Version in $jar"
deb_version=${version//-/\~}    # 0.1.0-SNAPSHOT -> 0.1.0~SNAPSHOT: sorts before the 0.1.0 release
arch=$(dpkg --print-architecture)
changelog=$repo/packaging/debian/changelog
changelog_version=$(sed -n '1s/^herald (\([^)]*\)).*/\1/p' "$changelog")
[[ $changelog_version == "$deb_version" ]] ||
  die "packaging/debian/changelog's newest entry is $changelog_version, the build is $deb_version: add an entry"

stage=$(mktemp -d "$out/.stage.XXXXXX")
trap 'rm -rf "$stage"' EXIT
root=$stage/root
lib=$root/usr/lib/herald      # the runtime: architecture-dependent
share=$root/usr/share/herald  # the jar, its SBOM and JVM options: the same on every architecture

# jdeps sees what the code references; java.xml is what Jackson loads by name (its DOM/XML
# handlers), which jdeps cannot see. Everything else (TLS, the EC curves) is in java.base.
# java.desktop is left out: only Jackson's java.beans support refers to it, and Jackson checks
# for it and goes on without (JavaBeansAnnotations catches the missing class); it is the
# largest module of the list (AWT and its native libraries).
modules=$("$jdk/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release 25 "$jar" |
  tr ',' '\n' | grep -vx java.desktop | paste -sd,),java.xml
log "jlink $(jdk_version "$jdk") ($jdk): $modules"
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --compress=zip-6 --output "$lib/runtime" >/dev/null
# Only the launcher herald runs: jlink also copies the modules' tools (keytool from java.base,
# jfr, jwebserver, ...), which a daemon package has no business putting on disk.
find "$lib/runtime/bin" -mindepth 1 ! -name java -delete
# jexec runs jars through binfmt_misc, which herald's launcher does not use.
rm -f "$lib/runtime/lib/jexec"
# --strip-debug strips the class files; the native code keeps symbols until strip(1).
find "$lib/runtime" -type f \( -name '*.so' -o -path '*/bin/java' -o -name jspawnhelper \) \
  -exec strip --strip-unneeded --remove-section=.comment --remove-section=.note {} +
# jlink writes read-only files (0444, 0555); policy: 0644, and 0755 for what is executed.
find "$lib/runtime" -type d -exec chmod 0755 {} +
find "$lib/runtime" -type f -exec chmod 0644 {} +
find "$lib/runtime" -type f \( -path '*/bin/java' -o -name jspawnhelper \) -exec chmod 0755 {} +
install -d "$share"
install -m 0644 "$jar" "$share/herald.jar"
install -m 0644 "$sbom" "$share/herald.cdx.json"
# The JVM options herald ships with, beside the jar (bgpd/src/main/jvm/jvm.options).
install -m 0644 "$(dirname "$jar")/jvm.options" "$share/jvm.options"

install -d "$root/usr/bin"
cat >"$root/usr/bin/herald" <<'SH'
#!/bin/sh
# herald on its own Java runtime (/usr/lib/herald/runtime, made by jlink). exec keeps the pid:
# systemd's Type=notify expects the main process itself to notify.
# /usr/share/herald/jvm.options holds the JVM options herald ships with; HERALD_JAVA_OPTS comes
# after them and wins, e.g. -Xmx512m (systemctl edit herald: Environment=...).
exec /usr/lib/herald/runtime/bin/java @/usr/share/herald/jvm.options $HERALD_JAVA_OPTS \
  -jar /usr/share/herald/herald.jar "$@"
SH
chmod 0755 "$root/usr/bin/herald"

install -D -m 0644 "$repo/systemd/herald.service" "$root/usr/lib/systemd/system/herald.service"
install -D -m 0644 "$repo/systemd/herald@.service" "$root/usr/lib/systemd/system/herald@.service"
install -D -m 0644 "$repo/packaging/debian/sysusers.conf" "$root/usr/lib/sysusers.d/herald.conf"
install -D -m 0644 "$repo/packaging/herald.yaml" "$root/etc/herald/herald.yaml"
install -D -m 0644 "$repo/packaging/lintian-overrides" "$root/usr/share/lintian/overrides/herald"
# Sourced by bash-completion, never executed: without picocli's #! line (policy for completions).
install -d "$root/usr/share/bash-completion/completions"
sed '1{/^#!/d}' "$completion" >"$root/usr/share/bash-completion/completions/herald"
chmod 0644 "$root/usr/share/bash-completion/completions/herald"
install -d "$root/usr/share/man/man1" "$root/usr/share/man/man5" "$root/usr/share/doc/herald"
gzip -9n <"$man" >"$root/usr/share/man/man1/herald.1.gz"
gzip -9n <"$repo/packaging/herald.yaml.5" >"$root/usr/share/man/man5/herald.yaml.5.gz"
# A native package (herald is its own upstream): the Debian changelog is changelog.gz (policy 12.7).
gzip -9n <"$changelog" >"$root/usr/share/doc/herald/changelog.gz"
for d in README.md docs/config.md docs/metrics.md docs/admin-api.md; do
  [[ -f $repo/$d ]] && gzip -9n <"$repo/$d" >"$root/usr/share/doc/herald/$(basename "$d").gz"
done
install -m 0644 "$repo/docs/grafana/herald.json" "$root/usr/share/doc/herald/grafana-dashboard.json"
install -m 0644 "$repo/packaging/debian/copyright" "$root/usr/share/doc/herald/copyright"

install -d "$root/DEBIAN"
install -m 0755 "$repo/packaging/debian/postinst" "$repo/packaging/debian/prerm" "$repo/packaging/debian/postrm" "$root/DEBIAN/"
echo /etc/herald/herald.yaml >"$root/DEBIAN/conffiles"
(cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | LC_ALL=C sort -z | xargs -0 md5sum) >"$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/md5sums"
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
# The runtime's shared-library needs, as dpkg-shlibdeps finds them; sysusers and
# deb-systemd-helper for the maintainer scripts (what dh_installsysusers and dh_installsystemd add).
shlibs=$(cd "$stage" && mkdir -p debian && printf 'Source: herald\n\nPackage: herald\nArchitecture: any\n' >debian/control &&
  dpkg-shlibdeps -O -l"$lib/runtime/lib" -l"$lib/runtime/lib/server" \
    $(find "$lib/runtime" -type f \( -name '*.so' -o -perm -u+x \)) 2>/dev/null |
  sed -n 's/^shlibs:Depends=//p')
[[ -n $shlibs ]] || die "dpkg-shlibdeps found no shared-library dependencies (package dpkg-dev)"
depends="$shlibs, systemd | systemd-standalone-sysusers | systemd-sysusers, init-system-helpers (>= 1.54~)"
cat >"$root/DEBIAN/control" <<CTL
Package: herald
Version: $deb_version
Architecture: $arch
Maintainer: herald developers <herald@localhost>
Installed-Size: $size
Depends: $depends
Section: net
Priority: optional
Description: BGP route-advertising daemon for gateway hosts
 herald gathers the prefixes that must be reachable from outside (static, the
 kernel's routing tables, LXD, OVN) and announces them to upstream BGP routers
 with the right next hop per address family. It never installs what it
 receives. Runs as the unprivileged user herald under systemd (Type=notify,
 watchdog, sandboxed); ships its own Java runtime.
CTL

deb=$out/herald_${deb_version}_${arch}.deb
dpkg-deb --root-owner-group -Z"${DEB_COMPRESS:-gzip}" --build "$root" "$deb" >/dev/null
log "$(du -h "$deb" | cut -f1) $deb"
echo "$deb"
