#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A translator on a router that also masquerades (issue 15, item 8), in
# the VM's initial namespace, on nat64.sh's topology:
#
#   client (IPv6 only)      translator (init netns)       server (IPv4 only)
#   2001:db8:1::2  c0 ---- t6m 2001:db8:1::1
#                          t4m 198.51.100.1  ---- s0  198.51.100.2
#
# With conntrack loaded, "MASQUERADE -o <uplink>" on both families and an
# nftables ruleset that drops translated addresses in OUTPUT and
# everything in FORWARD, TCP, UDP and ping must cross both ways with the
# pool4 source intact: translated packets leave as forwarded ones do
# (dst_output(), POSTROUTING only), untracked, so NAT leaves them alone.
# Functions called only through the EXIT trap:
# shellcheck disable=SC2317
set -u
# shellcheck source=selftests/lib/prelude.sh
. "${JOOL_TOP:-$(dirname "$0")/../..}/selftests/lib/prelude.sh"
peer=$here/nat64_peer.py
cns=masqc-$$
sns=masqs-$$
server6=64:ff9b::c633:6402

cleanup() {
	drop_namespaces "$cns" "$sns"
	nft delete table inet xlatmasq 2>/dev/null
	iptables -t nat -D POSTROUTING -o t4m -j MASQUERADE 2>/dev/null
	ip6tables -t nat -D POSTROUTING -o t6m -j MASQUERADE 2>/dev/null
	drop_records "$jool"/pool4/masq-*
	[ -e "$jool/pool6" ] && printf '\n' >"$jool/pool6"
}
trap cleanup EXIT

in_client() {
	ip netns exec "$cns" "$@"
}

in_server() {
	ip netns exec "$sns" "$@"
}

ruleset() {
	nft -f - <<'EOF'
table inet xlatmasq {
	chain xout {
		type filter hook output priority 0;
		ip saddr 192.0.2.0/24 counter drop
		ip6 saddr 64:ff9b::/96 counter drop
	}
	chain xfwd {
		type filter hook forward priority 0; policy drop;
	}
	chain xpost {
		type filter hook postrouting priority 0;
		ct state untracked ip saddr 192.0.2.1 counter
		ct state untracked ip6 saddr 64:ff9b::/96 counter
	}
}
EOF
}

setup() {
	nat64_topology "$cns" "$sns" t6m c0 t4m s0 2 || return 1
	printf '64:ff9b::/96' >"$jool/pool6" || return 1
	for p in tcp udp icmp; do
		pool4_record "$jool/pool4/masq-$p" 0 "$p" 192.0.2.1 61001-65535 ||
			return 1
	done
	iptables -t nat -A POSTROUTING -o t4m -j MASQUERADE || return 1
	ip6tables -t nat -A POSTROUTING -o t6m -j MASQUERADE || return 1
	ruleset || return 1
	in_server python3 "$peer" serve-udp 5000 &
	in_server python3 "$peer" serve-tcp 5001 &
	poll in_server sh -c 'ss -ltn | grep -q :5001'
}

# A connected UDP socket: the answer counts only from the server's pool6
# address, which a MASQUERADE of the IPv6 side would have replaced.
udp_connected() {
	in_client python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s.settimeout(2)
s.connect((sys.argv[1], 5000))
s.send(b"masq")
print(s.recv(100).split(b"|")[0].decode())' "$server6"
}

# counter_of CHAIN N: the packets of the Nth counter of CHAIN.
counter_of() {
	nft list chain inet xlatmasq "$1" |
		sed -n 's/.*counter packets \([0-9]*\).*/\1/p' | sed -n "$2p"
}

main() {
	[ "$(id -u)" = 0 ] || skip "needs root"
	[ -d "$jool" ] || skip "jool.ko not loaded"
	for t in python3 nft iptables ip6tables; do
		command -v "$t" >/dev/null || skip "$t missing"
	done
	setup || { echo "not ok: setup"; exit 1; }
	out=$(in_client ping -6 -c 2 -W 2 "$server6" 2>&1)
	if printf '%s' "$out" | grep -q "bytes from $server6"; then
		pass "ping through both MASQUERADE rules"
	else
		fail "ping: $out"
	fi
	got=$(udp_connected)
	case $got in
	"192.0.2.1 "*) pass "UDP both ways, the server saw $got" ;;
	*) fail "UDP: the server saw '$got'" ;;
	esac
	got=$(in_client python3 "$peer" tcp "$server6" 5001 --src 2001:db8:1::2 --bytes 100000)
	case $got in
	"192.0.2.1 "*) pass "TCP both ways, the server saw $got" ;;
	*) fail "TCP: the server saw '$got'" ;;
	esac
	if [ "$(counter_of xout 1)" = 0 ] && [ "$(counter_of xout 2)" = 0 ] &&
	   [ "$(counter_of xpost 1)" -gt 0 ] && [ "$(counter_of xpost 2)" -gt 0 ]; then
		pass "translated packets skip OUTPUT, cross POSTROUTING untracked (4: $(counter_of xpost 1), 6: $(counter_of xpost 2))"
	else
		fail "nftables counters: $(nft list table inet xlatmasq | tr -s ' \n\t' ' ')"
	fi
	if [ -r /proc/net/nf_conntrack ] &&
	   grep -q '192\.0\.2\.1 \|64:ff9b::' /proc/net/nf_conntrack; then
		fail "conntrack tracks translated flows: $(grep -c 192.0.2.1 /proc/net/nf_conntrack)"
	else
		pass "no conntrack entry for the translated flows"
	fi
	exit $failed
}

main
