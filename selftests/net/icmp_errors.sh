#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# ICMP errors through jool.ko (RFC 7915 sections 4.2 and 5.2, RFC 6146
# section 3.5), in the VM's initial namespace:
#
#   client (IPv6 only)     translator (init netns)     router             server
#   2001:db8:1::2  c0 -- t6 2001:db8:1::1
#                          pool6 64:ff9b::/96, pool4 192.0.2.1
#                          t4 198.51.100.1 -- r0 198.51.100.2
#                             MTU 1400           r1 203.0.113.1 -- s0 203.0.113.2
#                                                   MTU 1300            (+ .3)
#
# PMTUD (Packet Too Big from the translator and from the IPv4 router),
# port unreachable both ways, Time Exceeded from the translator and from
# the router, malformed errors dropped under their counters, and echo
# checksums kept as they came (a corrupted one stays corrupted).
# Functions called only through the EXIT trap or indirectly:
# shellcheck disable=SC2317
set -u
# shellcheck source=selftests/lib/prelude.sh
. "${JOOL_TOP:-$(dirname "$0")/../..}/selftests/lib/prelude.sh"
peer=$here/nat64_peer.py
errs=$here/icmp_errors_peer.py
suffix=$$
cns=icmpc-$suffix
rns=icmpr-$suffix
sns=icmps-$suffix
s4=203.0.113.2
server6=64:ff9b::cb00:7102
server6b=64:ff9b::cb00:7103
router6=64:ff9b::c633:6402
py=python3

cleanup() {
	drop_namespaces "$cns" "$rns" "$sns"
	ip link del t6 2>/dev/null
	ip link del t4 2>/dev/null
	ip route del 203.0.113.0/24 2>/dev/null
	drop_records "$jool"/pool4/icmp-tcp "$jool"/pool4/icmp-udp "$jool"/pool4/icmp-icmp
	[ -e "$jool/pool6" ] && printf '\n' >"$jool/pool6"
}
trap cleanup EXIT

in_ns() {
	ns=$1
	shift
	ip netns exec "$ns" "$@"
}

setup_links() {
	ip netns add "$cns" && ip netns add "$rns" && ip netns add "$sns" || return 1
	ip link add t6 type veth peer name c0 netns "$cns" || return 1
	ip link add t4 mtu 1400 type veth peer name r0 mtu 1400 netns "$rns" || return 1
	in_ns "$rns" ip link add r1 mtu 1300 type veth peer name s0 mtu 1300 netns "$sns" || return 1
	ip addr add 2001:db8:1::1/64 dev t6 nodad
	ip addr add 198.51.100.1/24 dev t4
	ip link set t6 up
	ip link set t4 up
	ip route add 203.0.113.0/24 via 198.51.100.2
	in_ns "$cns" ip addr add 2001:db8:1::2/64 dev c0 nodad
	in_ns "$cns" ip link set c0 up
	in_ns "$cns" ip link set lo up
	in_ns "$cns" ip -6 route add default via 2001:db8:1::1
	in_ns "$rns" ip addr add 198.51.100.2/24 dev r0
	in_ns "$rns" ip addr add 203.0.113.1/24 dev r1
	in_ns "$rns" ip link set r0 up
	in_ns "$rns" ip link set r1 up
	in_ns "$rns" ip route add 192.0.2.0/24 via 198.51.100.1
	in_ns "$rns" sysctl -qw net.ipv4.ip_forward=1
	in_ns "$sns" ip addr add "$s4/24" dev s0
	in_ns "$sns" ip addr add 203.0.113.3/24 dev s0
	in_ns "$sns" ip link set s0 up
	in_ns "$sns" ip link set lo up
	# The server advertises a 1460-byte MSS although its link is 1300
	# bytes: the client's TCP segments must find the path MTU by PMTUD.
	in_ns "$sns" ip route add default via 203.0.113.1 advmss 1460
}

setup_jool() {
	printf '64:ff9b::/96' >"$jool/pool6" || return 1
	for p in tcp udp icmp; do
		d=$jool/pool4/icmp-$p
		mkdir "$d" && printf '%s' "$p" >"$d/proto" &&
		printf 192.0.2.1 >"$d/prefix" && printf 1 >"$d/enabled" || return 1
	done
}

setup() {
	setup_links || return 1
	setup_jool || return 1
	in_ns "$sns" "$py" "$peer" serve-udp 5000 &
	in_ns "$sns" "$py" "$peer" serve-tcp 5001 &
	poll in_ns "$sns" sh -c 'ss -ltn | grep -q :5001'
}

# route_mtu DST: the path MTU the client has learned for DST, if any.
route_mtu() {
	in_ns "$cns" ip -6 route get "$1" | sed -n 's/.* mtu \([0-9]*\).*/\1/p'
}

# PMTUD: 1448-byte pings are too big for the translator's IPv4 link (1400,
# so 1420 on the IPv6 side); 1408-byte ones pass it but not the router's
# 1300 link, whose Fragmentation Needed becomes Packet Too Big 1320.
test_pmtud() {
	out=$(in_ns "$cns" ping -6 -c 1 -W 2 -M "do" -s 1400 "$server6" 2>&1)
	mtu=$(route_mtu "$server6")
	if [ "$mtu" = 1420 ]; then
		pass "PMTUD: Packet Too Big from the translator, mtu 1420"
	else
		fail "PMTUD: the client learned mtu '$mtu' (want 1420): $out"
	fi
	before=$(stat_of translated_icmp_error_4to6)
	out=$(in_ns "$cns" ping -6 -c 1 -W 2 -M "do" -s 1360 "$server6" 2>&1)
	mtu=$(route_mtu "$server6")
	if [ "$mtu" = 1320 ] &&
	   [ "$(stat_of translated_icmp_error_4to6)" -gt "$before" ] &&
	   printf '%s' "$out" | grep -q "From $router6 .*too big"; then
		pass "PMTUD: the router's Fragmentation Needed arrives as Packet Too Big 1320"
	else
		fail "PMTUD: router's error: mtu '$mtu': $out"
	fi
	if in_ns "$cns" ping -6 -c 1 -W 2 -M "do" -s 1272 "$server6" >/dev/null; then
		pass "PMTUD: a 1320-byte ping gets through"
	else
		fail "PMTUD: a 1320-byte ping is lost"
	fi
	# A fresh destination: TCP starts at 1500 bytes and must learn 1320.
	if in_ns "$cns" "$py" "$peer" tcp "$server6b" 5001 --src 2001:db8:1::2 \
		--bytes 100000 --timeout 20 >/dev/null &&
	   [ "$(route_mtu "$server6b")" = 1320 ]; then
		pass "PMTUD: TCP transfer learned mtu 1320 on its own"
	else
		fail "PMTUD: TCP transfer (mtu '$(route_mtu "$server6b")')"
	fi
}

# A UDP datagram to a closed IPv4 port: ICMPv4 port unreachable comes back
# as ICMPv6 port unreachable quoting the client's own packet.
test_port_unreach_4to6() {
	if in_ns "$cns" "$py" "$errs" refused c0 2001:db8:1::2 40100 \
		"$server6" 9999 1 4; then
		pass "ICMPv4 port unreachable -> ICMPv6 port unreachable"
	else
		fail "ICMPv4 port unreachable not translated"
	fi
}

# The IPv4 server writes to the client's BIB entry, the client has no
# socket there: its ICMPv6 port unreachable reaches the server as ICMPv4.
port4=
test_port_unreach_6to4() {
	got=$(in_ns "$cns" "$py" "$peer" udp "$server6" 5000 --src 2001:db8:1::2 \
		--sport 40200)
	port4=${got#* }
	if [ -z "$got" ]; then
		fail "6->4 port unreachable: no BIB entry"
		return
	fi
	if in_ns "$sns" "$py" "$errs" refused s0 "$s4" 5002 192.0.2.1 "$port4" 3 3; then
		pass "ICMPv6 port unreachable -> ICMPv4 port unreachable"
	else
		fail "ICMPv6 port unreachable not translated"
	fi
}

# Hop limit 1 expires at the translator, 2 at the router (TTL 1 there).
test_time_exceeded() {
	before=$(stat_of sent_icmp_time_exceeded)
	out=$(in_ns "$cns" ping -6 -c 1 -W 2 -t 1 "$server6" 2>&1)
	if printf '%s' "$out" | grep -q "From 2001:db8:1::1 .*Time exceeded" &&
	   [ "$(stat_of sent_icmp_time_exceeded)" -gt "$before" ]; then
		pass "hop limit 1: Time Exceeded from the translator"
	else
		fail "hop limit 1: $out"
	fi
	out=$(in_ns "$cns" ping -6 -c 1 -W 2 -t 2 "$server6" 2>&1)
	if printf '%s' "$out" | grep -q "From $router6 .*Time exceeded"; then
		pass "TTL expired at the IPv4 router: Time Exceeded from $router6"
	else
		fail "TTL expired at the router: $out"
	fi
	before=$(stat_of sent_icmp_time_exceeded)
	got=$(in_ns "$sns" "$py" "$errs" probe "$s4" 5000 192.0.2.1 "$port4" 2 8 0)
	if [ "$got" = "type 11 code 0 from 198.51.100.1" ] &&
	   [ "$(stat_of sent_icmp_time_exceeded)" -gt "$before" ]; then
		pass "TTL 1 at the translator: IPv4 Time Exceeded from it"
	else
		fail "TTL 1 at the translator (4->6): '$got'"
	fi
}

# The client's link shrinks to 1280: a 1300-byte IPv4 packet becomes 1320
# bytes of IPv6.  With DF its sender learns 1260; without, it crosses in
# IPv6 fragments, which the client reassembles: having no socket on that
# port, it answers Port Unreachable, translated back from the pool4
# address.
test_too_big_4to6() {
	ip link set t6 mtu 1280
	before=$(stat_of sent_icmp_too_big)
	got=$(in_ns "$sns" "$py" "$errs" probe "$s4" 5003 192.0.2.1 "$port4" 64 1272 1)
	if [ "$got" = "type 3 code 4 from 198.51.100.1 mtu 1260" ] &&
	   [ "$(stat_of sent_icmp_too_big)" = $((before + 1)) ]; then
		pass "IPv4 DF packet too big for IPv6: Fragmentation Needed, mtu 1260"
	else
		fail "IPv4 DF packet too big for IPv6: '$got'"
	fi
	before=$(stat_of drop_too_big)
	sent=$(stat_of sent_icmp_too_big)
	got=$(in_ns "$sns" "$py" "$errs" probe "$s4" 5004 192.0.2.1 "$port4" 64 1272 0)
	if [ "$got" = "type 3 code 3 from 192.0.2.1" ] &&
	   [ "$(stat_of drop_too_big)" = "$before" ] &&
	   [ "$(stat_of sent_icmp_too_big)" = "$sent" ]; then
		pass "IPv4 packet without DF too big for IPv6: sent in IPv6 fragments"
	else
		fail "IPv4 packet without DF too big for IPv6: '$got'"
	fi
	ip link set t6 mtu 1500
}

# Echo checksums are patched, not summed again (RFC 1624): a good echo
# arrives valid both ways, a corrupted request arrives still corrupted
# (or not at all), never repaired.
test_echo_csum() {
	for kind in good bad; do
		if "$py" "$errs" echo "$cns" "$sns" 7 "$kind"; then
			pass "echo with a $kind checksum: checksum $kind at the far side"
		else
			fail "echo with a $kind checksum"
		fi
	done
}

# Malformed errors and headers: each dropped under exactly its counter.
test_malformed() {
	"$py" "$errs" malformed "$cns" "$sns" "$port4" 40200 || failed=1
}

main() {
	[ "$(id -u)" = 0 ] || skip "needs root"
	[ -d "$jool" ] || skip "jool.ko not loaded"
	"$py" -c 'import scapy' 2>/dev/null || py=/usr/bin/python3
	"$py" -c 'import scapy' 2>/dev/null || skip "python3-scapy missing"
	setup || { echo "not ok: setup"; exit 1; }
	test_pmtud
	test_port_unreach_4to6
	test_port_unreach_6to4
	[ -n "$port4" ] || { echo "not ok: no BIB entry to aim at"; exit 1; }
	test_time_exceeded
	test_too_big_4to6
	test_malformed
	test_echo_csum
	cat "$jool/stats"
	exit $failed
}

main
