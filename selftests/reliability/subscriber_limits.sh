#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Per-subscriber limits (issue 17 item 4, RFC 6888 REQ-4 and REQ-5):
#
# 1. Subscriber A (2001:db8:1::/64, the default /64) offers
#    JOOL_LIMIT_FLOWS (default 100,000; make check 10,000) new UDP flows
#    from two of its addresses with maximum-bib-per-subscriber at 1,000:
#    its BIB stops at 1,000 entries, the rest is counted in
#    drop_subscriber_limit, and subscriber B (2001:db8:2::/64) still opens
#    new flows and exchanges data.  With subscriber-prefix-length 128, A's
#    second address is a subscriber of its own and gets entries again.
# 2. An IPv4 sender sprays JOOL_LIMIT_SPRAY (default 100,000; make check
#    5,000) source ports at B's mapping with maximum-sessions-per-bib at
#    500: the mapping stops at 500 sessions, drop_session_limit counts the
#    rest, and B's own conversation goes on.
# 3. Lowering a limit evicts nothing: A keeps its entries.
# The pool4 record is not quick: cleanup's rmdir takes the test's BIB
# entries with it, and the tests that follow start from an empty BIB.
set -u
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=selftests/reliability/scale_lib.sh
. "$here/scale_lib.sh"
flows=${JOOL_LIMIT_FLOWS:-100000}
spray=${JOOL_LIMIT_SPRAY:-100000}
per_sub=1000
per_bib=500
a1=2001:db8:1::100
a2=2001:db8:1::101
b=2001:db8:2::2

global() {
	printf '%s\n' "$2" >"$jool/global/$1"
}

# sessions_at ADDR4#PORT4: the sessions of that mapping.
sessions_at() {
	grep -c " $1 198\.51\.100\.2#" /proc/net/jool/session
}

setup() {
	topology "$$" && servers &&
		rec udp 0 udp 192.0.2.0/24 1024-65535 &&
		in_c ip addr add "$b/64" dev rc0 nodad &&
		ip -6 route add 2001:db8:2::/64 via 2001:db8:1::2 dev r6 &&
		subscriber_limits 64 "$per_sub" "$per_bib"
}

test_subscriber() {
	d0=$(stat_of drop_subscriber_limit)
	t=$(ms)
	note "A, $a1: $(in_c "$flowgen" "$a1" "$server6" 9 1024 $((flows / 2)))"
	note "A, $a2: $(in_c "$flowgen" "$a2" "$server6" 9 1024 $((flows - flows / 2)))"
	note "A's $flows flows offered in $(($(ms) - t)) ms"
	n=$(bib_of 2001:db8:1::)
	refused=$(grew drop_subscriber_limit "$d0")
	check "A stops at maximum-bib-per-subscriber: $n entries, drop_subscriber_limit +$refused" \
		test "$n" = "$per_sub" -a "$refused" -gt 0
	got=$(udp_from "$b" --sport 2000)
	check "B still opens a flow and talks: the server saw $got" \
		test -n "$got"
	note "B, $b: $(in_c "$flowgen" "$b" "$server6" 9 3000 200)"
	check "B's 201 flows all got BIB entries" \
		test "$(bib_of 2001:db8:2::)" = 201
	global subscriber-prefix-length 128
	note "A, $a2 again: $(in_c "$flowgen" "$a2" "$server6" 9 40000 100)"
	check "subscriber-prefix-length 128: $a2 is a subscriber of its own" \
		test "$(bib_of "$a2#4[0-9][0-9][0-9][0-9] ")" = 100
	global subscriber-prefix-length 64
}

test_spray() {
	# shellcheck disable=SC2046 # "ADDR PORT"
	set -- $(udp_from "$b" --sport 2001)
	[ -n "${2:-}" ] || { not_ok "B's mapping for the spray"; return; }
	m="$1#$2"
	d0=$(stat_of drop_session_limit)
	t=$(ms)
	note "spray from 198.51.100.2: $(in_s "$flowgen" 198.51.100.2 "$1" "$2" 1024 "$spray")"
	note "$spray source ports sprayed at $m in $(($(ms) - t)) ms"
	n=$(sessions_at "$m")
	refused=$(grew drop_session_limit "$d0")
	check "$m stops at maximum-sessions-per-bib: $n sessions, drop_session_limit +$refused" \
		test "$n" = "$per_bib" -a "$refused" -gt 0
	check "B's conversation goes on through $m" \
		test "$(udp_from "$b" --sport 2001)" = "$1 $2"
}

test_no_eviction() {
	n=$(bib_of 2001:db8:1::)
	subscriber_limits 64 10 1
	check "lower limits evict nothing: A's /64 keeps its $n entries" \
		test "$(bib_of 2001:db8:1::)" = "$n"
	check "and B's sprayed mapping its sessions" \
		test "$(sessions_at "$m")" = "$per_bib"
}

main() {
	common_checks
	trap 'cleanup; rm -rf "$tmp"' EXIT
	tmp=$(mktemp -d)
	echo "TAP version 13"
	if ! setup; then
		not_ok "topology, servers, pool4 192.0.2.0/24, limits"
		finish
	fi
	test_subscriber
	test_spray
	test_no_eviction
	finish
}

main
