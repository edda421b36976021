#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 464XLAT (RFC 6877): jool.ko as the PLAT, Debian's tayga as the CLAT of
# two customers whose IPv4-only applications reach an IPv4-only server
# over IPv6-only access links.
#
#   customer 1: apps 192.0.0.2 -- tayga (CLAT, 2001:db8:c1::/64)
#               2001:db8:1::2 ---- t6 --+
#   customer 2: apps 192.0.0.2 -- tayga |  translator (init netns, PLAT)
#               (CLAT, 2001:db8:c2::/64)|  pool6 2001:db8:64::/96
#               2001:db8:2::2 ---- tb --+  mark 1 -> 192.0.2.1
#                                       |  mark 2 -> 192.0.2.2
#   server (IPv4 only) 198.51.100.2 -- t4 -+
#
# nftables marks each customer's packets by its CLAT prefix; the mark
# picks the customer's pool4 records, so the server tells them apart.
# Functions called only through the EXIT trap:
# shellcheck disable=SC2317
set -u
# shellcheck source=selftests/lib/prelude.sh
. "${JOOL_TOP:-$(dirname "$0")/../..}/selftests/lib/prelude.sh"
peer=$here/nat64_peer.py
# shellcheck source=selftests/lib/peers.sh
. "$top/selftests/lib/peers.sh"
c1=xlatc1-$$
c2=xlatc2-$$
sns=xlats-$$
server=198.51.100.2
tmp=

cleanup() {
	drop_namespaces "$c1" "$c2" "$sns"
	nft delete table ip6 xlat464 2>/dev/null
	drop_records "$jool"/pool4/xlat-*
	[ -e "$jool/pool6" ] && printf '\n' >"$jool/pool6"
	[ -z "$tmp" ] || rm -rf "$tmp"
}
trap cleanup EXIT

# The marks, as an operator would keep them in /etc/nftables.conf.
marks() {
	nft -f - <<EOF
table ip6 xlat464 {
	chain customers {
		type filter hook prerouting priority mangle; policy accept;
		ip6 saddr 2001:db8:c1::/64 counter meta mark set 1
		ip6 saddr 2001:db8:c2::/64 counter meta mark set 2
	}
}
EOF
}

# The servers start first, and nf_tables loads early: under TCG emulation
# python and module loading take seconds, time the rest of the set-up can
# run alongside.
setup() {
	modprobe -q nf_tables 2>/dev/null &
	tmp=$(mktemp -d) || return 1
	mkdir "$tmp/c1" "$tmp/c2"
	nat64_topology "$c1" "$sns" t6 c0 t4 s0 2 || return 1
	ip netns exec "$sns" python3 "$peer" serve-udp 5000 &
	ip netns exec "$sns" python3 "$peer" serve-tcp 5001 &
	ip netns exec "$sns" iperf3 -s -p 5201 >/dev/null 2>&1 &
	v6_stub "$c2" tb b0 2001:db8:2 || return 1
	# The PLAT routes each customer's CLAT prefix to its access link.
	ip -6 route add 2001:db8:c1::/64 via 2001:db8:1::2 || return 1
	ip -6 route add 2001:db8:c2::/64 via 2001:db8:2::2 || return 1
	printf '%s' "$DEPLOY_POOL6" >"$jool/pool6" || return 1
	for p in tcp udp icmp; do
		pool4_record "$jool/pool4/xlat-1$p" 1 "$p" 192.0.2.1 61001-65535 &&
		pool4_record "$jool/pool4/xlat-2$p" 2 "$p" 192.0.2.2 61001-65535 ||
			return 1
	done
	marks || return 1
	clat_start "$c1" "$tmp/c1" clat 2001:db8:c1 || return 1
	clat_start "$c2" "$tmp/c2" clat 2001:db8:c2 || return 1
	wait_listen "$sns" udp 5000 && wait_listen "$sns" tcp 5001 &&
		wait_listen "$sns" tcp 5201
}

# in_range "ADDR PORT" ADDR: the server saw ADDR and a pool4 port
in_range() {
	[ "${1% *}" = "$2" ] && [ "${1#* }" -ge 61001 ] && [ "${1#* }" -le 65535 ]
}

# customer NS MARK ADDR: an IPv4-only application behind NS's CLAT
customer() {
	ns=$1
	name="customer $2"
	if ip netns exec "$ns" ping -c 2 -i 0.3 -W 2 "$server" >/dev/null; then
		pass "$name: ping"
	else
		fail "$name: ping"
	fi
	got=$(ip netns exec "$ns" python3 "$peer" udp "$server" 5000 --src 192.0.0.2)
	if in_range "$got" "$3"; then
		pass "$name: UDP, the server saw $got"
	else
		fail "$name: UDP, the server saw '$got'"
	fi
	got=$(ip netns exec "$ns" python3 "$peer" tcp "$server" 5001 --src 192.0.0.2 \
		--bytes 200000)
	if in_range "$got" "$3"; then
		pass "$name: TCP both ways, the server saw $got"
	else
		fail "$name: TCP both ways, the server saw '$got'"
	fi
	prefix=2001:db8:c$2::2
	for p in icmp udp tcp; do
		grep -q "^$p $2 $prefix#[0-9]* $3#" "$jool/bib" ||
			fail "$name: no $p BIB entry of mark $2 on $3"
	done
}

test_iperf3() {
	if ip netns exec "$c1" iperf3 -c "$server" -p 5201 -t 2 >"$tmp/iperf3" 2>&1 &&
	   grep -q receiver "$tmp/iperf3"; then
		pass "customer 1: iperf3 TCP $(awk '/receiver/ { print $7, $8 }' "$tmp/iperf3")"
	else
		fail "customer 1: iperf3"
		cat "$tmp/iperf3"
	fi
}

# Both nftables rules counted packets: the marks came from them.
test_marks() {
	n=$(nft list chain ip6 xlat464 customers |
		sed -n 's/.* counter packets \([0-9]*\) .*/\1/p' | grep -c -v '^0$')
	if [ "$n" = 2 ]; then
		pass "both nftables mark rules matched"
	else
		fail "$n of 2 nftables mark rules matched"
		nft list chain ip6 xlat464 customers
	fi
}

# The customer's own IPv6 address carries no mark: without mark-0
# records the translator drops its packets and counts them.
test_unmarked() {
	before=$(stat_of drop_no_pool4)
	if ip netns exec "$c1" python3 "$peer" udp 2001:db8:64::198.51.100.2 5000 \
		--src 2001:db8:1::2 --timeout 0.5 >/dev/null; then
		fail "an unmarked packet was translated"
	elif [ "$(stat_of drop_no_pool4)" -gt "$before" ]; then
		pass "unmarked traffic dropped and counted (drop_no_pool4)"
	else
		fail "unmarked traffic not counted"
	fi
}

main() {
	[ "$(id -u)" = 0 ] || skip "needs root"
	[ -d "$jool" ] || skip "jool.ko not loaded"
	for t in tayga nft python3 iperf3; do
		command -v "$t" >/dev/null && continue
		skip "$t missing (apt-get install tayga nftables iperf3)"
	done
	[ -c /dev/net/tun ] || modprobe tun 2>/dev/null
	[ -c /dev/net/tun ] || skip "no /dev/net/tun for tayga"
	if ! setup; then
		echo "not ok: setup"
		tail -n 5 "$tmp"/*/tayga.log 2>/dev/null
		exit 1
	fi
	customer "$c1" 1 192.0.2.1
	customer "$c2" 2 192.0.2.2
	test_iperf3
	test_marks
	test_unmarked
	grep -v '^pool4_exhausted\|: 0$' "$jool/stats"
	exit $failed
}

main
