#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# What real networks carry, against RFC 6146 and RFC 7915, in the VM's
# initial namespace: IPv4-initiated echo (RFC 6146 section 3.5.3),
# hairpinning (section 3.8), ICMP errors about a marked client (PMTUD
# through an IPv6 router with a smaller MTU), IPv6 extension headers and
# IPv4 source routes (RFC 7915 sections 5.1 and 4.1).
#
#   A (marked 7)          B, an IPv6 router          translator (init)        server
#   2001:db8:2::2 c0 -- b0 2001:db8:2::1
#                        MTU 1300
#                         a0 2001:db8:1::2 ------ t6 2001:db8:1::1
#                                                  pool6 64:ff9b::/96
#                                                  pool4 192.0.2.1 (mark 0)
#                                                        192.0.2.2 (mark 7)
#                                                  t4 198.51.100.1 -- s0 198.51.100.2
#
# The pool4 addresses are on no interface.  B also acts as a client.
# Functions called only through the EXIT trap or indirectly:
# shellcheck disable=SC2317
set -u
# shellcheck source=selftests/lib/prelude.sh
. "${JOOL_TOP:-$(dirname "$0")/../..}/selftests/lib/prelude.sh"
peer=$here/nat64_peer.py
conf=$here/conformance_peer.py
errs=$here/icmp_errors_peer.py
suffix=$$
ans=confa-$suffix
bns=confb-$suffix
sns=confs-$suffix
server6=64:ff9b::c633:6402
py=python3

cleanup() {
	drop_namespaces "$ans" "$bns" "$sns"
	ip link del t6 2>/dev/null
	ip link del t4 2>/dev/null
	ip -6 route del 2001:db8:2::/64 2>/dev/null
	ip6tables -t mangle -D PREROUTING -s 2001:db8:2::2 -j MARK \
		--set-mark 7 2>/dev/null
	drop_records "$jool"/pool4/conf-*
	[ -e "$jool/pool6" ] && printf '\n' >"$jool/pool6"
}
trap cleanup EXIT

in_ns() {
	ns=$1
	shift
	ip netns exec "$ns" "$@"
}

setup_links() {
	ip netns add "$ans" && ip netns add "$bns" && ip netns add "$sns" ||
		return 1
	ip link add t6 type veth peer name a0 netns "$bns" || return 1
	ip link add t4 type veth peer name s0 netns "$sns" || return 1
	# Only B's side is 1300: A advertises a 1440-byte MSS, so the
	# server's segments need PMTUD to cross B.
	in_ns "$bns" ip link add b0 mtu 1300 type veth peer name c0 \
		netns "$ans" || return 1
	ip addr add 2001:db8:1::1/64 dev t6 nodad
	ip addr add 198.51.100.1/24 dev t4
	ip link set t6 up
	ip link set t4 up
	ip -6 route add 2001:db8:2::/64 via 2001:db8:1::2
	in_ns "$bns" sysctl -qw net.ipv6.conf.all.forwarding=1
	in_ns "$bns" ip addr add 2001:db8:1::2/64 dev a0 nodad
	in_ns "$bns" ip addr add 2001:db8:2::1/64 dev b0 nodad
	in_ns "$bns" ip link set a0 up
	in_ns "$bns" ip link set b0 up
	in_ns "$bns" ip link set lo up
	in_ns "$bns" ip -6 route add default via 2001:db8:1::1
	in_ns "$ans" ip addr add 2001:db8:2::2/64 dev c0 nodad
	in_ns "$ans" ip link set c0 up
	in_ns "$ans" ip link set lo up
	in_ns "$ans" ip -6 route add default via 2001:db8:2::1
	in_ns "$sns" ip addr add 198.51.100.2/24 dev s0
	in_ns "$sns" ip link set s0 up
	in_ns "$sns" ip link set lo up
	in_ns "$sns" ip route add 192.0.2.0/24 via 198.51.100.1
}

setup_jool() {
	printf '64:ff9b::/96' >"$jool/pool6" || return 1
	for p in tcp udp icmp; do
		pool4_record "$jool/pool4/conf-$p-0" 0 "$p" 192.0.2.1 1-65535 &&
		pool4_record "$jool/pool4/conf-$p-7" 7 "$p" 192.0.2.2 1-65535 ||
			return 1
	done
	ip6tables -t mangle -A PREROUTING -s 2001:db8:2::2 -j MARK --set-mark 7
}

setup() {
	setup_links || return 1
	setup_jool || return 1
	in_ns "$sns" "$py" "$peer" serve-udp 5000 &
	in_ns "$sns" "$py" "$peer" serve-tcp 5001 &
	in_ns "$sns" socat TCP4-LISTEN:5010,reuseaddr,fork \
		SYSTEM:'head -c 300000 /dev/zero' 2>/dev/null &
	poll in_ns "$sns" sh -c 'ss -ltn | grep -q :5001' &&
	poll in_ns "$sns" sh -c 'ss -ltn | grep -q :5010'
}

# RFC 6146 section 3.5.3: the server pings B's ICMP mapping.
test_echo4() {
	"$py" "$conf" echo4 "$bns" "$sns" || failed=1
}

# RFC 6146 section 3.8, between A (mark 7) and B (mark 0), then a ping to
# one's own mapping: the echo goes through the hairpin both ways.
test_hairpin() {
	before=$(stat_of translated_hairpin)
	"$py" "$conf" hairpin-udp "$ans" "$bns" || failed=1
	"$py" "$conf" hairpin-tcp "$ans" "$bns" || failed=1
	if [ "$(stat_of translated_hairpin)" -gt "$before" ]; then
		pass "translated_hairpin counted $(($(stat_of translated_hairpin) - before))"
	else
		fail "translated_hairpin did not move"
	fi
	before=$(stat_of translated_hairpin)
	out=$(in_ns "$ans" ping -6 -c 2 -i 0.3 -W 2 64:ff9b::192.0.2.2 2>&1)
	after=$(stat_of translated_hairpin)
	if printf '%s' "$out" | grep -q ' 2 received' &&
	   [ "$after" -ge $((before + 4)) ]; then
		pass "ping to its own mapping's address: 2 replies, hairpinned $((after - before)) times"
	else
		fail "ping through the hairpin (hairpin $before -> $after): $out"
	fi
}

# The marked client's path MTU: B sends Packet Too Big without the mark.
test_marked_pmtud() {
	before=$(stat_of translated_icmp_error_6to4)
	nobib=$(stat_of drop_icmp_error_no_bib)
	t0=$(date +%s)
	got=$(in_ns "$ans" timeout 60 socat -u "TCP6:[$server6]:5010" - | wc -c)
	echo "# 300000 bytes asked, $got received in $(($(date +%s) - t0)) s"
	mtu=$(in_ns "$sns" ip route get 192.0.2.2 |
		sed -n 's/.* mtu \([0-9]*\).*/\1/p')
	if [ "$got" = 300000 ] && [ "$mtu" = 1280 ] &&
	   [ "$(stat_of translated_icmp_error_6to4)" -gt "$before" ]; then
		pass "marked client: 300000 bytes over TCP, server learned mtu 1280"
	else
		fail "marked client's PMTUD: $got bytes, server mtu '$mtu'"
	fi
	map=$(in_ns "$ans" "$py" "$peer" udp "$server6" 5000 --sport 7010)
	port=${map#* }
	got=$(in_ns "$sns" "$py" "$errs" probe 198.51.100.2 5005 192.0.2.2 \
		"$port" 64 1400 1)
	if [ "$got" = "type 3 code 4 from 192.0.2.2 mtu 1280" ] &&
	   [ "$(stat_of drop_icmp_error_no_bib)" = "$nobib" ]; then
		pass "marked client: B's Packet Too Big -> Fragmentation Needed 1280"
	else
		fail "marked client's UDP probe ($map): '$got'"
	fi
}

test_ext6() {
	"$py" "$conf" ext6 "$bns" "$sns" || failed=1
}

test_srr4() {
	map=$(in_ns "$bns" "$py" "$peer" udp "$server6" 5000 --sport 7020)
	if [ -z "$map" ]; then
		fail "source route: no UDP mapping for B"
		return
	fi
	"$py" "$conf" srr4 "$bns" "$sns" "${map#* }" || failed=1
}

main() {
	[ "$(id -u)" = 0 ] || skip "needs root"
	[ -d "$jool" ] || skip "jool.ko not loaded"
	"$py" -c 'import scapy' 2>/dev/null || py=/usr/bin/python3
	for t in socat ip6tables; do
		command -v $t >/dev/null || skip "$t missing"
	done
	setup || { echo "not ok: setup"; exit 1; }
	test_echo4
	test_hairpin
	test_marked_pmtud
	test_ext6
	test_srr4
	cat "$jool/stats"
	exit $failed
}

main
