#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# NAT64 Jool 4.1.9, the peer of the benchmarks, from Debian's packages
# without installing them (jool-dkms does not build for every installed
# kernel and would leave dpkg half-configured):
#
#   peer.sh [KVER]      default KVER the newest 6.1 installed
#
# Downloads jool-dkms, jool-tools and libnl-genl-3-200 with apt-get download
# into $BENCH_CACHE (default ~/.cache/jool-bench), extracts them there and
# builds jool_common.ko and jool.ko out of tree against KVER's headers into
# $BENCH_CACHE/src-<major.minor>/.  Idempotent: does nothing when the
# modules and the tool are already there.  Prints the cache directory.
# Nothing of Jool's is copied into the repository; it is only run.
set -eu

kver=${1:-$(sh "$(dirname "$0")/../selftests/lib/kernels.sh" |
	grep -m 1 '^6\.1\.')}
cache=${BENCH_CACHE:-$HOME/.cache/jool-bench}
kdir=/lib/modules/$kver/build
series=$(echo "$kver" | cut -d. -f1,2)
src=$cache/src-$series
mod=$src/src/mod

if [ -r "$mod/common/jool_common.ko" ] && [ -r "$mod/nat64/jool.ko" ] &&
   [ -x "$cache/x/usr/bin/jool" ] && [ -e "$cache/x/lib/x86_64-linux-gnu/libnl-genl-3.so.200" ]; then
	echo "$cache"
	exit 0
fi
[ -d "$kdir" ] || { echo "peer.sh: $kdir missing (apt-get install linux-headers-$kver)" >&2; exit 1; }
mkdir -p "$cache"
cd "$cache"
for pkg in jool-dkms jool-tools libnl-genl-3-200; do
	if ! ls "${pkg}"_*.deb >/dev/null 2>&1; then
		echo "peer.sh: apt-get download $pkg" >&2
		apt-get download "$pkg" >&2 2>/dev/null || apt-get download "$pkg" >&2
	fi
done
rm -rf x
mkdir x
for deb in jool-dkms_*.deb jool-tools_*.deb libnl-genl-3-200_*.deb; do
	dpkg-deb -x "$deb" x
done
rm -rf "$src"
cp -a x/usr/src/jool-dkms-* "$src"
echo "peer.sh: building Jool's modules for $kver (a few minutes)" >&2
if ! make -s -C "$kdir" M="$mod/common" modules >"$src.log" 2>&1 ||
   ! make -s -C "$kdir" M="$mod/nat64" modules >>"$src.log" 2>&1; then
	tail -20 "$src.log" >&2
	exit 1
fi
echo "$cache"
