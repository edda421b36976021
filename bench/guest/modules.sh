# shellcheck shell=sh disable=SC2034,SC2154 # globals of bench/guest.sh
# SPDX-License-Identifier: GPL-2.0
#
# Loading and unloading the translators of bench/guest.sh (sourced): ours
# (jool.ko of this tree, driven by tools/jool) and NAT64 Jool 4.1.9 (the
# peer), and the data path modes built on them.

jool_peer() {
	LD_LIBRARY_PATH=$peer/x/lib/x86_64-linux-gnu "$peer/x/usr/bin/jool" "$@"
}

ours() {
	sh "${BENCH_TOOL:-$top/tools/jool}" "$@"
}

ours_loaded() {
	[ -d /sys/module/jool ] && [ ! -d /sys/module/jool_common ]
}

load_ours() {
	if ! ours_loaded; then
		load_ours_ko || return 1
	fi
	printf '64:ff9b::/96' >"$cfs/pool6" &&
	# The benchmarks fill pools from hosts of one /64 and measure the
	# allocator, as NAT64 Jool (which has no such limit) does: no
	# per-subscriber limit below the BIB's own.
	printf '262144' >"$cfs/global/maximum-bib-per-subscriber"
}

load_ours_ko() {
	for dep in $(modinfo -F depends "$JOOL_KO" | tr ',' ' '); do
		modprobe "$dep"
	done
	insmod "$JOOL_KO"
}

unload_ours() {
	ours_loaded || return 0
	ours --pool4 --flush >/dev/null 2>&1
	printf '\n' >"$cfs/pool6" 2>/dev/null
	rmmod jool
}

load_peer() {
	modprobe x_tables && modprobe nf_defrag_ipv4 && modprobe nf_defrag_ipv6 &&
	insmod "$peer/src-6.1/src/mod/common/jool_common.ko" &&
	insmod "$peer/src-6.1/src/mod/nat64/jool.ko" &&
	jool_peer instance add --netfilter --pool6 64:ff9b::/96
}

unload_peer() {
	[ -d /sys/module/jool_common ] && [ ! -e "$peer_stuck" ] || return 0
	jool_peer instance remove >/dev/null 2>&1
	rmmod jool && rmmod jool_common
}

# Empties Jool's pool4 and BIB: a fresh instance.
reset_peer() {
	jool_peer instance remove && jool_peer instance add --netfilter --pool6 64:ff9b::/96
}

unload_all() {
	unload_ours
	unload_peer
}

# use TOOL: load TOOL's module, unloading the other (both are jool.ko).
use() {
	if [ "$1" = ours ]; then
		unload_peer
		load_ours || { note "config: cannot load ours"; return 1; }
	else
		unload_ours
		load_peer || { note "config: cannot load Jool"; return 1; }
	fi
}

# mode_on MODE / mode_off MODE for the data path modes.
mode_on() {
	case $1 in
	plain | plain6) ;;
	masq) iptables -t nat -A POSTROUTING -o t4 -j MASQUERADE ;;
	ours) load_ours && ours --pool4 --add 192.0.2.1 >/dev/null ;;
	jool)
		load_peer &&
		for p in --tcp --udp --icmp; do
			jool_peer pool4 add 192.0.2.1 61001-65535 "$p" || return 1
		done
		;;
	esac
}

mode_off() {
	case $1 in
	masq) iptables -t nat -F POSTROUTING ;;
	ours) unload_ours ;;
	jool) unload_peer ;;
	esac
}
