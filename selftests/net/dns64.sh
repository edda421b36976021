#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# An IPv6-only network with DNS64 (RFC 6147) in front of jool.ko, with
# Debian's unbound as both resolvers and curl as the client.
#
#   client (IPv6 only)  2001:db8:1::2  --- t6 ---+
#   resolver            2001:db8:2::2  --- tr ---+ translator (init netns)
#     unbound, dns64 module, prefix = pool6      | pool6 2001:db8:64::/96
#   web6 (IPv6 only)    2001:db8:3::2  --- tw ---+ pool4 192.0.2.1
#     http, www6.example.net                     |
#   server (IPv4 only)  198.51.100.2   --- t4 ---+
#     unbound with the example.net zone, http, www.example.net
#
# The resolver forwards everything to the IPv4-only upstream through the
# translator, so DNS itself crosses it: over UDP, and over TCP when the
# upstream truncates an answer larger than the resolver's EDNS buffer.
# The large answer checks the TCP retry (the resolver's EDNS buffer is
# 1232 bytes); answers fragmented over UDP cross too, which frag.sh tests
# with plain UDP datagrams.
# Functions called only through the EXIT trap:
# shellcheck disable=SC2317
set -u
# shellcheck source=selftests/lib/prelude.sh
. "${JOOL_TOP:-$(dirname "$0")/../..}/selftests/lib/prelude.sh"
# shellcheck source=selftests/lib/peers.sh
. "$top/selftests/lib/peers.sh"
cns=dns64c-$$
sns=dns64s-$$
rns=dns64r-$$
wns=dns64w-$$
resolver=2001:db8:2::2
www6=2001:db8:64::c633:6402	# 198.51.100.2 in pool6
tmp=
fwd6=

cleanup() {
	drop_namespaces "$cns" "$sns" "$rns" "$wns"
	drop_records "$jool"/pool4/dns64-*
	[ -e "$jool/pool6" ] && printf '\n' >"$jool/pool6"
	[ -z "$fwd6" ] || sysctl -qw net.ipv6.conf.all.forwarding="$fwd6"
	[ -z "$tmp" ] || rm -rf "$tmp"
}
trap cleanup EXIT

# The distinct addresses getent ahosts gives the client for NAME.
lookup() {
	with_resolver "$cns" "$resolver" getent ahosts "$1" |
		awk '{ print $1 }' | sort -u
}

# fetch HOST PORT: GETs http://HOST/1M on the client, from port PORT,
# into $tmp/got.  -6: the client has no IPv4, and the A queries curl
# would send as well only add noise to the translator's counters.
fetch() {
	rm -f "$tmp/got"
	with_resolver "$cns" "$resolver" curl -6 -sS --max-time 60 \
		--local-port "$2" -o "$tmp/got" "http://$1/1M"
}

# The upstream's zone: www only IPv4, www6 dual-stacked, big with 100
# addresses (an A answer of 1.6 kB: more than the resolver's 1232-byte
# EDNS buffer).
zone() {
	echo 'local-data: "www.example.net. 300 IN A 198.51.100.2"'
	echo 'local-data: "www6.example.net. 300 IN A 198.51.100.2"'
	echo 'local-data: "www6.example.net. 300 IN AAAA 2001:db8:3::2"'
	i=100
	while [ $i -lt 200 ]; do
		echo "local-data: \"big.example.net. 300 IN A 198.51.100.$i\""
		i=$((i + 1))
	done
}

# The peers on the IPv4 side start as soon as their namespace exists, so
# that their start-up runs alongside the rest of the set-up.
setup() {
	tmp=$(mktemp -d) || return 1
	mkdir "$tmp/up" "$tmp/res" "$tmp/www4" "$tmp/www6"
	head -c 1048576 /dev/urandom >"$tmp/www4/1M"
	head -c 1048576 /dev/urandom >"$tmp/www6/1M"
	nat64_topology "$cns" "$sns" t6 c0 t4 s0 2 || return 1
	zone | upstream_conf "$tmp/up" 198.51.100.2
	unbound_start "$sns" "$tmp/up" || return 1
	httpd_start "$sns" 198.51.100.2:80 "$tmp/www4"
	fwd6=$(sysctl -n net.ipv6.conf.all.forwarding)
	sysctl -qw net.ipv6.conf.all.forwarding=1
	v6_stub "$rns" tr r0 2001:db8:2 || return 1
	v6_stub "$wns" tw w0 2001:db8:3 || return 1
	httpd_start "$wns" '[2001:db8:3::2]:80' "$tmp/www6"
	printf '%s' "$DEPLOY_POOL6" >"$jool/pool6" || return 1
	for p in tcp udp icmp; do
		pool4_record "$jool/pool4/dns64-$p" 0 "$p" 192.0.2.1 61001-65535 ||
			return 1
	done
	dns64_conf "$tmp/res" "$resolver" "$(cat "$jool/pool6")" \
		2001:db8:64::198.51.100.2
	unbound_start "$rns" "$tmp/res" || return 1
	wait_listen "$sns" udp 53 && wait_listen "$rns" udp 53 &&
		wait_listen "$sns" tcp 80 && wait_listen "$wns" tcp 80
}

# www has only an A record: the client gets its address inside pool6,
# and the resolver got the A record from the IPv4-only upstream through
# the translator (the upstream saw the pool4 address).
test_synthesis() {
	got=$(lookup www.example.net)
	if [ "$got" = "$www6" ]; then
		pass "www.example.net synthesised as $got"
	else
		fail "www.example.net resolved to '$got', not $www6"
	fi
	if grep -q 'info: 192\.0\.2\.1 www\.example\.net\. A IN' "$tmp/up/unbound.log"; then
		pass "the IPv4-only upstream answered the pool4 address"
	else
		fail "the upstream never saw a query from 192.0.2.1"
	fi
	if grep -q "^udp 0 $resolver#[0-9]* .* 198\.51\.100\.2#53 " "$jool/session"; then
		pass "DNS over UDP through the translator"
	else
		fail "no UDP session from the resolver to the upstream"
	fi
}

test_fetch() {
	if fetch www.example.net 40080 && cmp -s "$tmp/got" "$tmp/www4/1M" &&
	   grep -q '^tcp 0 2001:db8:1::2#40080 192\.0\.2\.1#' "$jool/bib"; then
		pass "curl fetched 1 MB from http://www.example.net/"
	else
		fail "curl http://www.example.net/1M"
	fi
	if grep -q '^192\.0\.2\.1:[0-9]*: url:/1M$' "$tmp/www4.log"; then
		pass "the IPv4 web server saw the pool4 address"
	else
		fail "the IPv4 web server log: $(tail -n 1 "$tmp/www4.log")"
	fi
}

# www6 has an AAAA record: it is not synthesised, and the client reaches
# it natively through the router: no BIB entry, and the translator's
# counters grow by a few stray packets of the earlier flows at most,
# where a 1 MB transfer takes hundreds.
test_native() {
	got=$(lookup www6.example.net)
	if [ "$got" = 2001:db8:3::2 ]; then
		pass "www6.example.net keeps its own AAAA"
	else
		fail "www6.example.net resolved to '$got'"
	fi
	before=$(stat_of translated_6to4)
	if fetch www6.example.net 40081 && cmp -s "$tmp/got" "$tmp/www6/1M" &&
	   grep -q '^\[2001:db8:1::2\]:[0-9]*: url:/1M$' "$tmp/www6.log"; then
		pass "curl fetched 1 MB from www6 over native IPv6"
	else
		fail "curl http://www6.example.net/1M"
	fi
	after=$(stat_of translated_6to4)
	if [ $((after - before)) -lt 20 ] &&
	   ! grep -q ' 2001:db8:1::2#40081 ' "$jool/bib"; then
		pass "the translator stayed out of it ($((after - before)) stray packets translated)"
	else
		fail "translated_6to4 went from $before to $after"
	fi
}

# The upstream truncates big's A answer over UDP; the resolver retries
# over TCP, through the translator, and synthesises all 100 addresses.
test_tcp_retry() {
	dns_tcp="^tcp 0 $resolver#[0-9]* .* 198\.51\.100\.2#53 "
	if grep -q "$dns_tcp" "$jool/session"; then
		fail "a TCP DNS session existed before the large answer"
	fi
	got=$(lookup big.example.net)
	n=$(printf '%s\n' "$got" | grep -c '^2001:db8:64::c633:64[6-9a-c][0-9a-f]$')
	if [ "$n" = 100 ] && [ "$(printf '%s\n' "$got" | wc -l)" = 100 ]; then
		pass "big.example.net: 100 synthesised addresses"
	else
		fail "big.example.net: $n synthesised addresses of $(printf '%s\n' "$got" | wc -l)"
	fi
	if grep -q "$dns_tcp" "$jool/session"; then
		pass "truncated over UDP, retried over TCP through the translator"
	else
		fail "no TCP session from the resolver to the upstream"
	fi
}

main() {
	[ "$(id -u)" = 0 ] || skip "needs root"
	[ -d "$jool" ] || skip "jool.ko not loaded"
	for t in unbound curl busybox getent unshare; do
		command -v "$t" >/dev/null && continue
		skip "$t missing (apt-get install unbound curl busybox-static)"
	done
	if ! setup; then
		echo "not ok: setup"
		tail -n 5 "$tmp"/*/unbound.err "$tmp"/*.log 2>/dev/null
		exit 1
	fi
	test_synthesis
	test_fetch
	test_native
	test_tcp_retry
	grep -v '^pool4_exhausted\|: 0$' "$jool/stats"
	exit $failed
}

main
