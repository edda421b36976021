#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The IPv4 SYN store (RFC 6146 section 3.5.2.2, maximum-simultaneous-opens)
# in a translator namespace T of its own, configured with tools/jool run
# inside it:
#
#   C  2001:db8:1::2/64 c0 --- t6 2001:db8:1::1/64   T   pool6 64:ff9b::/96
#                                 198.51.100.1/24 t4 --- s0 198.51.100.2-5/24  S
#   pool4 192.0.2.1 TCP 7000-7001; static BIB 192.0.2.1#7000 <->
#   2001:db8:1::2#7000; address-dependent filtering on
#
# Checked, with real TCP sockets on both sides:
#  - the control: with maximum-simultaneous-opens 0 a simultaneous open
#    through a filtered entry fails (so the next check can fail);
#  - with the store, an IPv4 SYN filtered at the static entry waits, the
#    IPv6 node's SYN to that peer from that entry comes a second later:
#    both connect() succeed and exchange data; likewise an IPv4 SYN to
#    192.0.2.1#7001, which has no BIB entry until the IPv6 SYN makes it;
#  - an IPv4 SYN left alone (one raw SYN: TCP's retransmissions would
#    blur the timing): after about 6 s its sender gets one ICMP Port
#    Unreachable (3/3) quoting it, counted in sent_icmp_port_unreachable;
#  - with maximum-simultaneous-opens 3, five raw SYNs (one sent twice):
#    3 stored, 2 counted in drop_syn_store_full, the retransmission in
#    drop_syn_already_stored, the stored_syns gauge 3, then 0 after expiry;
#  - T deleted while it holds stored SYNs: its directory reads "gone" and
#    the kernel logs no WARNING or BUG (the VM also panics on WARN).
# Functions called only through the EXIT trap or indirectly:
# shellcheck disable=SC2317
set -u
# shellcheck source=selftests/lib/prelude.sh
. "${JOOL_TOP:-$(dirname "$0")/../..}/selftests/lib/prelude.sh"
peer=$here/syn_store_peer.py
tool=$top/tools/jool
tns=syn-$$-t
cns=syn-$$-c
sns=syn-$$-s
v6=2001:db8:1::2
tmp=$(mktemp -d)

cleanup() {
	drop_namespaces "$tns" "$cns" "$sns"
	if [ -d "$jool/ns/$tns" ]; then
		for d in "$jool/ns/$tns"/static-bib/*/ "$jool/ns/$tns"/pool4/*/; do
			[ -d "$d" ] && rmdir "$d"
		done
		rmdir "$jool/ns/$tns"
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT

in_t() {
	ip netns exec "$tns" "$@"
}

in_c() {
	ip netns exec "$cns" "$@"
}

in_s() {
	ip netns exec "$sns" "$@"
}

jool_t() {
	in_t sh "$tool" "$@"
}

# st NAME: counter or gauge NAME of T's translator.
st() {
	st_v=$(sed -n "s/^$1: //p" "$jool/ns/$tns/stats")
	echo "${st_v:-0}"
}

# held_is OP N: the stored_syns gauge compares with N (test's -gt, -eq).
held_is() {
	hi_n=$(st stored_syns)
	test "$hi_n" "$1" "$2"
}

# within N LOW HIGH: N is a number in LOW..HIGH.
within() {
	[ -n "$1" ] && [ "$1" -ge "$2" ] && [ "$1" -le "$3" ]
}

# grew NAME BEFORE BY: counter NAME is BEFORE + BY.
grew() {
	[ "$(st "$1")" -eq $(($2 + $3)) ]
}

set_opens() {
	printf '%s\n' "$1" >"$jool/ns/$tns/global/maximum-simultaneous-opens"
}

setup() {
	netns_topology "$tns" "$cns" "$sns" "2 3 4 5" || return 1
	jool_t --pool6 --add 64:ff9b::/96 &&
		jool_t --pool4 --add --tcp 192.0.2.1 7000-7001 &&
		jool_t --bib --add --tcp 192.0.2.1#7000 "$v6#7000" &&
		jool_t --address-dependent-filtering on &&
		[ -d "$jool/ns/$tns/global" ]
}

# counter_above NAME N: counter NAME is above N.
counter_above() {
	[ "$(st "$1")" -gt "$2" ]
}

# simopen SRC4 SPORT4 PORT4 SPORT6 OPENS: an IPv4 connect() from
# SRC4#SPORT4 to 192.0.2.1#PORT4, then, once the translator saw its SYN
# (stored, or filtered when there is no store), the IPv6 connect() from
# v6#SPORT6 to that IPv4 node, whose Python started first and waits for
# $tmp/go (the 6 seconds must not go to starting Python on a busy host).
# Leaves their outcomes in $tmp/v4 and $tmp/v6.
simopen() {
	set_opens "$5"
	seen=stored_ipv4_syn
	[ "$5" != 0 ] || seen=drop_address_filtered
	so_before=$(st "$seen")
	rm -f "$tmp/go" "$tmp/go.ready"
	in_c python3 "$peer" open "$v6" "$4" "64:ff9b::$1" "$2" 60 from-v6 \
		"$tmp/go" >"$tmp/v6" &
	so_pid6=$!
	poll_tries=40 poll [ -e "$tmp/go.ready" ]
	in_s python3 "$peer" open "$1" "$2" 192.0.2.1 "$3" 8 from-v4 >"$tmp/v4" &
	so_pid4=$!
	poll_tries=40 poll counter_above "$seen" "$so_before" ||
		note "the translator did not see the IPv4 SYN ($seen)"
	: >"$tmp/go"
	wait "$so_pid6" "$so_pid4"
	note "IPv4 side: $(cat "$tmp/v4"); IPv6 side: $(cat "$tmp/v6")"
}

test_control() {
	simopen 198.51.100.4 5554 7000 7000 0
	check "control, no store: the filtered SYN is refused (EHOSTUNREACH)" \
		grep -q "^error EHOSTUNREACH" "$tmp/v4"
	check "control, no store: the simultaneous open fails" \
		grep -qv "^connected" "$tmp/v6"
}

test_simultaneous() {
	before=$(st simultaneous_open)
	stored=$(st stored_ipv4_syn)
	simopen 198.51.100.2 5555 7000 7000 10
	check "filtered IPv4 SYN kept: the IPv4 side connects, hears the IPv6 side" \
		grep -qx "connected from-v6" "$tmp/v4"
	check "filtered IPv4 SYN kept: the IPv6 side connects, hears the IPv4 side" \
		grep -qx "connected from-v4" "$tmp/v6"
	simopen 198.51.100.2 5556 7001 7100 10
	check "IPv4 SYN without BIB entry kept: both sides connect" \
		sh -c "grep -qx 'connected from-v6' $tmp/v4 && grep -qx 'connected from-v4' $tmp/v6"
	check "stored_ipv4_syn counts both ($stored -> $(st stored_ipv4_syn))" \
		grew stored_ipv4_syn "$stored" 2
	check "simultaneous_open counts both ($before -> $(st simultaneous_open))" \
		grew simultaneous_open "$before" 2
}

test_expiry() {
	before=$(st sent_icmp_port_unreachable)
	in_s python3 "$peer" unreach 198.51.100.3 5557 192.0.2.1 7000 10 >"$tmp/un"
	note "$(tr '\n' ';' <"$tmp/un")"
	ms=$(sed -n 's/^icmp 3 3 5557 7000 0x02 //p' "$tmp/un")
	check "a lone IPv4 SYN: ICMP Port Unreachable quoting it after about 6 s (${ms:-no} ms)" \
		within "$ms" 5500 9000
	check "one ICMP error, no other answer" [ "$(wc -l <"$tmp/un")" -eq 1 ]
	check "sent_icmp_port_unreachable counted it" \
		grew sent_icmp_port_unreachable "$before" 1
}

test_limit() {
	poll_tries=20 poll held_is -eq 0
	set_opens 3
	stored=$(st stored_ipv4_syn) full=$(st drop_syn_store_full)
	dup=$(st drop_syn_already_stored) sent=$(st sent_icmp_port_unreachable)
	in_s python3 "$peer" syns 198.51.100.3 192.0.2.1 7000 \
		6000,6000,6001,6002,6003,6004
	sleep 0.2
	check "3 of 5 SYNs stored ($(st stored_syns) held)" \
		grew stored_ipv4_syn "$stored" 3
	check "the stored_syns gauge says 3" held_is -eq 3
	check "the other 2 counted in drop_syn_store_full" \
		grew drop_syn_store_full "$full" 2
	check "a SYN sent twice: the second in drop_syn_already_stored" \
		grew drop_syn_already_stored "$dup" 1
	poll_tries=20 poll held_is -eq 0
	check "after 6 s the store is empty" held_is -eq 0
	check "3 Port Unreachables sent" grew sent_icmp_port_unreachable "$sent" 3
}

test_delete() {
	set_opens 10
	warns=$(dmesg | grep -c "WARNING\|BUG")
	in_s python3 "$peer" syns 198.51.100.5 192.0.2.1 7000 6100,6101,6102,6103
	sleep 0.3
	check "4 SYNs held before the namespace goes ($(st stored_syns))" \
		held_is -eq 4
	ip netns pids "$tns" 2>/dev/null | xargs -r kill 2>/dev/null
	ip netns del "$tns"
	check "T's directory reads gone" \
		poll grep -qx gone "$jool/ns/$tns/netns"
	sleep 7
	check "no WARNING or BUG in the kernel log" \
		[ "$(dmesg | grep -c "WARNING\|BUG")" -eq "$warns" ]
}

main() {
	[ "$(id -u)" = 0 ] || skip "needs root"
	[ -d "$jool/global" ] || skip "jool.ko not loaded"
	command -v python3 >/dev/null || skip "python3 missing"
	setup || { echo "not ok: setup"; exit 1; }
	t=$(date +%s)
	test_control
	test_simultaneous
	note "simultaneous opens: $(($(date +%s) - t)) s"; t=$(date +%s)
	test_expiry
	test_limit
	note "expiry, limit: $(($(date +%s) - t)) s"; t=$(date +%s)
	test_delete
	note "delete: $(($(date +%s) - t)) s"
	exit $failed
}

main
