#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# GRO and GSO through jool.ko (issue 15, item 9), in the VM's initial
# namespace, on nat64.sh's topology:
#
#   client (IPv6 only)      translator (init netns)       server (IPv4 only)
#   2001:db8:1::2  c0 ---- t6g 2001:db8:1::1
#                          t4g 198.51.100.1  ---- s0  198.51.100.2
#
# The translator's veths aggregate with GRO, fraglist GRO included
# (rx-gro-list): TCP and UDP cross both ways, and the fraglist aggregates
# (whose packets keep their own headers) are segmented before translation
# (gso_segmented) instead of having only their head translated.  Then BIG
# TCP: aggregates above 64 KB (IPv6 on both kernels, IPv4 where the kernel
# has gso_ipv4_max_size) are segmented, not dropped as too big.  Each
# iperf3 run lasts JOOL_GRO_SECONDS (1).
# Functions called only through the EXIT trap:
# shellcheck disable=SC2317
set -u
# shellcheck source=selftests/lib/prelude.sh
. "${JOOL_TOP:-$(dirname "$0")/../..}/selftests/lib/prelude.sh"
cns=groc-$$
sns=gros-$$
server6=64:ff9b::c633:6402
secs=${JOOL_GRO_SECONDS:-1}

cleanup() {
	drop_namespaces "$cns" "$sns"
	drop_records "$jool"/pool4/gro-*
	[ -e "$jool/pool6" ] && printf '\n' >"$jool/pool6"
}
trap cleanup EXIT

in_client() {
	ip netns exec "$cns" "$@"
}

in_server() {
	ip netns exec "$sns" "$@"
}

setup() {
	nat64_topology "$cns" "$sns" t6g c0 t4g s0 2 || return 1
	for dev in t6g t4g; do
		ethtool -K "$dev" gro on rx-gro-list on || return 1
	done
	in_client ethtool -K c0 gro on rx-gro-list on || return 1
	in_server ethtool -K s0 gro on rx-gro-list on || return 1
	printf '64:ff9b::/96' >"$jool/pool6" || return 1
	for p in tcp udp icmp; do
		pool4_record "$jool/pool4/gro-$p" 0 "$p" 192.0.2.1 61001-65535 ||
			return 1
	done
	in_server iperf3 -s -p 5201 >/dev/null 2>&1 &
	poll in_server sh -c 'ss -ltn | grep -q :5201'
}

# iperf3_bytes ARGS: bytes the receiver got, or nothing.
iperf3_bytes() {
	in_client iperf3 -c "$server6" -p 5201 -t "$secs" "$@" 2>&1 |
		awk '/receiver/ { r = $0 } END { print r }' |
		sed -n 's/.* \([0-9.]*\) \([KMG]*\)Bytes .*/\1\2/p'
}

# run NAME ARGS: one iperf3 run; the counters it must move or not.
run() {
	name=$1
	shift
	segs=$(stat_of gso_segmented)
	drops=$(($(stat_of drop_gso) + $(stat_of drop_too_big) + $(stat_of drop_ipv6_ext_header)))
	got=$(iperf3_bytes "$@")
	split=$(($(stat_of gso_segmented) - segs))
	now=$(($(stat_of drop_gso) + $(stat_of drop_too_big) + $(stat_of drop_ipv6_ext_header)))
	if [ -n "$got" ] && [ "$got" != 0.00 ] && [ "$now" = "$drops" ]; then
		pass "$name: $got received, $split aggregates segmented"
	else
		fail "$name: received '$got', GSO/too big/ext drops $drops -> $now"
	fi
}

# offload on|off: TSO and GSO of the end nodes.  Off, their TCP sends
# MTU-sized segments, which GRO on the translator's veths aggregates
# (fraglist GRO for TCP from 6.10 on); on, their TSO packets cross the
# veths whole.
offload() {
	in_client ethtool -K c0 tso "$1" gso "$1" &&
	in_server ethtool -K s0 tso "$1" gso "$1"
}

# batch add|del: a netem delay on the end nodes' egress.  GRO only
# aggregates what one NAPI poll finds queued, and a sender alone on the
# guest's one CPU has each datagram translated before it sends the next
# (veth runs the peer's poll as the send returns): UDP, the only fraglist
# GRO before 6.10, met the translator one datagram at a time whenever the
# guest was slow.  netem's timer releases the datagrams queued meanwhile
# in one softirq, so they arrive together whatever the load.
batch() {
	in_client tc qdisc "$1" dev c0 root netem delay 2ms &&
	in_server tc qdisc "$1" dev s0 root netem delay 2ms
}

test_gro() {
	offload off || fail "ethtool -K tso/gso off"
	batch add || fail "tc qdisc add netem"
	before=$(stat_of gso_segmented)
	run "TCP 6->4"
	run "TCP 4->6" -R
	run "UDP 6->4" -u -b 0 -l 1200
	run "UDP 4->6" -u -b 0 -l 1200 -R
	if [ "$(stat_of gso_segmented)" -gt "$before" ]; then
		pass "fraglist GRO aggregates were segmented before translation"
	else
		fail "no fraglist aggregate reached the translator"
	fi
	batch del || fail "tc qdisc del netem"
	offload on || fail "ethtool -K tso/gso on"
}

# BIG TCP: 150,000-byte aggregates from the client (and from the server
# where IPv4 BIG TCP exists) reach the translator whole.
test_big_tcp() {
	if ! in_client ip link set c0 gso_max_size 150000 2>/dev/null ||
	   ! ip link set t6g gro_max_size 150000 2>/dev/null; then
		echo "# this kernel's veth has no BIG TCP: skipped"
		return
	fi
	before=$(stat_of gso_segmented)
	run "BIG TCP 6->4"
	if [ "$(stat_of gso_segmented)" -gt "$before" ]; then
		pass "IPv6 BIG TCP aggregates segmented"
	else
		fail "no IPv6 BIG TCP aggregate reached the translator"
	fi
	if ! in_server ip link set s0 gso_ipv4_max_size 150000 2>/dev/null ||
	   ! ip link set t4g gro_ipv4_max_size 150000 2>/dev/null; then
		echo "# no IPv4 BIG TCP in this kernel or iproute2: skipped"
		return
	fi
	before=$(stat_of gso_segmented)
	run "BIG TCP 4->6" -R
	if [ "$(stat_of gso_segmented)" -gt "$before" ]; then
		pass "IPv4 BIG TCP aggregates segmented"
	else
		fail "no IPv4 BIG TCP aggregate reached the translator"
	fi
}

main() {
	[ "$(id -u)" = 0 ] || skip "needs root"
	[ -d "$jool" ] || skip "jool.ko not loaded"
	for t in ethtool iperf3 tc; do
		command -v "$t" >/dev/null || skip "$t missing"
	done
	setup || { echo "not ok: setup"; exit 1; }
	test_gro
	test_big_tcp
	cat "$jool/stats"
	exit $failed
}

main
