#!/usr/bin/env bash
# Builds libxml2 (Debian sid's source package, 2.15.4) as a static library into PREFIX.
#
#   scripts/build-libxml2.sh PREFIX
#
# Kabar's build does not use it: the package compiles libxml2's sources itself (Sources/CLibXML2).
# The script is for updating that copy (Sources/CLibXML2/README.md, "How to update the vendored
# libxml2": the checked tarball, and with KEEP=1 its configured build folder, which holds the
# generated xmlversion.h and config.h) and for Benchmarks/parse-errors (`PREFIX/bin/xml2-config`,
# a libxml2 of its own). Fetches Debian's
# Sources index and the upstream tarball from deb.debian.org (MIRROR to use another), checks
# the tarball against the index's SHA-256, and configures it as Kabar needs it: static only
# (the kabar binary carries it, nothing to install system-wide), threads, no ICU, Python, zlib,
# readline, HTTP or modules, -O2. Debian's own patches only touch the version check of shared
# libraries, xml2-config and the Python bindings, so the upstream tarball is built as it is.
# Needs curl, xz and a C compiler (the tarball carries its configure script). Environment:
# MIRROR, VERSION (default 2.15.4+dfsg), CFLAGS (default -O2), JOBS (default 2), KEEP (1: keep the
# work folder, with the tarball, its sources and the configured build, and print where it is).
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 PREFIX" >&2; exit 2; }
mkdir -p "$1"
prefix="$(cd "$1" && pwd)"
mirror="${MIRROR:-http://deb.debian.org/debian}"
version="${VERSION:-2.15.4+dfsg}"
tarball="libxml2_${version}.orig.tar.xz"
work="$(mktemp -d)"
if [ "${KEEP:-}" = 1 ]; then echo "work folder kept: $work" >&2; else trap 'rm -rf "$work"' EXIT; fi
cd "$work"

curl -sSf -o Sources.xz "$mirror/dists/sid/main/source/Sources.xz"
# The tarball's line of the libxml2 paragraph's Checksums-Sha256 field.
# (Read to the end: an early exit would make xz fail on a closed pipe.)
xz -dc Sources.xz > Sources
expected="$(awk -v f="$tarball" '
  /^Package: / { in_pkg = ($2 == "libxml2") }
  in_pkg && /^Checksums-Sha256:/ { in_sums = 1; next }
  in_sums && /^ / { if ($3 == f && sum == "") sum = $1; next }
  { in_sums = 0 }
  END { print sum }' Sources)"
[ -n "$expected" ] || { echo "$0: $tarball is not in sid's Sources index (VERSION?)" >&2; exit 1; }
curl -sSf -o "$tarball" "$mirror/pool/main/libx/libxml2/$tarball"
echo "$expected  $tarball" | sha256sum -c --quiet - || { echo "$0: $tarball: SHA-256 differs from the Sources index" >&2; exit 1; }

tar xf "$tarball"
src="$(find . -maxdepth 1 -type d -name 'libxml2-*' | head -n 1)"
mkdir build
cd build
start=$(date +%s)
"../$src/configure" --prefix="$prefix" --disable-shared --enable-static --with-pic \
  --with-threads --without-icu --without-python --without-zlib --without-readline \
  --without-http --without-modules --without-docs \
  CFLAGS="${CFLAGS:--O2}" >configure.log 2>&1 || { tail -n 30 configure.log >&2; exit 1; }
make -j "${JOBS:-2}" >make.log 2>&1 || { tail -n 30 make.log >&2; exit 1; }
make install >install.log 2>&1 || { tail -n 30 install.log >&2; exit 1; }
echo "libxml2 $(sed -n 's/^Version: //p' "$prefix/lib/pkgconfig/libxml-2.0.pc") built into $prefix in $(( $(date +%s) - start )) s" >&2
echo "PKG_CONFIG_PATH=$prefix/lib/pkgconfig"
