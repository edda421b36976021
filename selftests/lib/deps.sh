#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Install the Debian packages `make check` and `make demo` need, when they
# are missing.  As root it runs apt-get; otherwise it names what is missing.
#
#   deps.sh [debug|bench]   also what make check-debug (building a kernel)
#                           or make bench and bench-profile need
set -eu

packages="gcc make libc6-dev perl file kmod cpio xz-utils rsync
	linux-image-amd64 linux-headers-amd64
	linux-image-6.12-amd64 linux-headers-6.12-amd64
	linux-source-6.1 qemu-system-x86 busybox-static
	sparse shellcheck dash bats python3 python3-docutils
	iproute2 iptables iputils-ping iperf3 socat procps dkms devscripts
	python3-scapy locales"
case ${1:-} in
debug) packages="$packages flex bison bc libelf-dev libssl-dev" ;;
bench) packages="$packages valgrind linux-perf" ;;
esac

# The peers of the deployment tests (selftests/net/dns64.sh, xlat464.sh),
# of gro.sh (ethtool) and of make demo: installed by the same step, but a
# mirror without one of them only makes those tests skip, naming it.
peers="unbound tayga curl nftables ethtool"

missing=
optional=
for pkg in $packages $peers; do
	status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
	case $status:" $peers " in
	*" installed":*) ;;
	*" $pkg "*) optional="$optional $pkg" ;;
	*) missing="$missing $pkg" ;;
	esac
done
[ -n "$missing$optional" ] || exit 0

if [ "$(id -u)" != 0 ]; then
	printf 'missing Debian packages:%s\n' "$missing$optional" >&2
	printf 'run as root, or: apt-get install%s\n' "$missing$optional" >&2
	[ -n "$missing" ] || exit 0	# only peers: their tests skip
	exit 1
fi
printf 'installing:%s\n' "$missing$optional"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
# shellcheck disable=SC2086 # one word per package
[ -z "$missing" ] || apt-get install -y -q --no-install-recommends $missing >/dev/null
# shellcheck disable=SC2086
[ -z "$optional" ] || apt-get install -y -q --no-install-recommends $optional >/dev/null ||
	printf 'deps: cannot install%s: the tests that need them skip\n' "$optional" >&2
