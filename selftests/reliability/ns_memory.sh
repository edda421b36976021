#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# What a started translator costs, in the VM: container hosts run many
# namespaces, each with its own translator, so each must cost what it
# uses.  NS namespaces (10) get a translator each, through the tool run
# inside them; the kernel's unreclaimable slab plus vmalloc memory
# (SUnreclaim + VmallocUsed of /proc/meminfo) is read before and after
# every step, and its growth divided by NS is printed in kB per
# translator:
#
# - pool6 only (the translator starts, no pool4 record): below 700 kB,
#   1000 kB on the debug kernel (1009 kB on 6.1 when every protocol's
#   occupancy arrays came with the start);
# - the first TCP record: the TCP occupancy arrays, 160 KiB (128 + 32),
#   so between 128 and 224 kB;
# - a second TCP record: no arrays, within 48 kB (slab noise may free);
# - the first UDP record: UDP's arrays, between 128 and 224 kB again.
#
# The bounds leave room for the slab pages, configfs items and pool4
# snapshots that come with each step, shared by NS translators.
# Functions called only through the EXIT trap:
# shellcheck disable=SC2317
set -u
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=selftests/reliability/scale_lib.sh
. "$here/scale_lib.sh"
tool=$top/tools/jool
ns_count=10
prefix=jmem-$$

cleanup() {
	i=1
	while [ "$i" -le "$ns_count" ]; do
		d=$jool/ns/$prefix-$i
		if [ -d "$d" ]; then
			for r in "$d"/pool4/*/; do
				[ -d "$r" ] && rmdir "$r"
			done
		fi
		ip netns del "$prefix-$i" 2>/dev/null
		[ -d "$d" ] && rmdir "$d"
		i=$((i + 1))
	done
}
trap cleanup EXIT

# The kernel memory a translator's tables can take, in kB.
kernel_kb() {
	echo $(($(meminfo SUnreclaim) + $(meminfo VmallocUsed)))
}

# Settled: RCU frees what the last step replaced before the reading.
settled_kb() {
	sleep 2
	kernel_kb
}

# each ARGS...: the tool with ARGS inside every namespace.
each() {
	i=1
	while [ "$i" -le "$ns_count" ]; do
		ip netns exec "$prefix-$i" sh "$tool" "$@" >/dev/null || return 1
		i=$((i + 1))
	done
}

# step DESCRIPTION MIN MAX ARGS...: the tool with ARGS in every namespace,
# whose growth per translator must be within [MIN, MAX] kB.
step() {
	s_desc=$1
	s_min=$2
	s_max=$3
	shift 3
	s_before=$(settled_kb)
	if ! each "$@"; then
		not_ok "$s_desc: jool $* failed"
		return
	fi
	s_after=$(settled_kb)
	s_per=$(((s_after - s_before) / ns_count))
	note "$s_desc: +$((s_after - s_before)) kB for $ns_count, $s_per kB per translator"
	[ "$s_per" -ge "$s_min" ] && [ "$s_per" -le "$s_max" ]
	tap_result $? "$s_desc: $s_per kB per translator, within $s_min..$s_max"
}

main() {
	[ "$(id -u)" = 0 ] || skip_all "needs root"
	[ -d "$jool/ns" ] || skip_all "jool.ko without jool/ns"
	i=1
	while [ "$i" -le "$ns_count" ]; do
		ip netns add "$prefix-$i" || skip_all "ip netns add failed"
		i=$((i + 1))
	done
	# KASAN's redzones and kmemleak's objects grow every slab object of
	# the debug kernel (784 kB measured there), not the arrays' pages.
	start_max=700
	[ -e /sys/kernel/debug/kmemleak ] && start_max=1000
	step "started translator, no pool4" 0 "$start_max" \
		--pool6 --add 64:ff9b::/96
	step "first TCP record" 128 224 --pool4 --add --tcp 192.0.2.1
	step "second TCP record" -48 48 --pool4 --add --tcp 192.0.2.2
	step "first UDP record" 128 224 --pool4 --add --udp 192.0.2.1
	finish
}

main
