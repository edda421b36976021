#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# New flows from both CPUs at once (issue 17 item 7: BIB entries and
# sessions are created under the lock of their entry, not one lock per
# protocol, so this is where two creations meet).  Each flowgen is pinned
# to a CPU with taskset: the client's send runs the translator's hook on
# the sending CPU (veth hands the packet to its own backlog).  With
# maximum-bib-per-subscriber at 1,500 and maximum-sessions-per-bib at 300:
#
# 1. The same 1,000 flows of subscriber A from both CPUs at once: exactly
#    1,000 BIB entries and 1,000 sessions, one per flow.
# 2. Four generators at once, two per CPU: A from two addresses on both
#    CPUs (2 x 1,000 new flows, 500 of which fit under its limit) and B
#    from one address on both CPUs (2 x 1,000 flows, 500 of them the same
#    ports): A stops at exactly 1,500 entries with drop_subscriber_limit
#    +1,500, B has exactly 1,500.
# 3. The listings: no IPv6 transport address nor IPv4 transport address
#    twice in the BIB, no session twice, and the gauges (bib_entries,
#    session_entries) equal to the listings.
# 4. Two IPv4 senders on both CPUs spray 1,000 source ports each (500
#    shared) at one of B's mappings: exactly 300 sessions.
# 5. All of it expires (2-second UDP lifetime): the gauges go to 0, and A
#    gets exactly 1,500 entries again from both CPUs (the per-subscriber
#    counts went back to 0 exactly).
set -u
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=selftests/reliability/scale_lib.sh
. "$here/scale_lib.sh"
per_sub=1500
per_bib=300
a1=2001:db8:1::100
a2=2001:db8:1::101
b=2001:db8:2::2
# Each generator sends 1,000 packets at this rate, half a second: its
# start (tens of milliseconds under TCG) is a small part of that, so the
# generators of a step run side by side rather than one after the other.
pps=2000

# The UDP sessions of the IPv6 addresses starting so (bib_of, scale_lib.sh:
# their BIB entries).
sessions_of() {
	grep -c "^udp 0 $1" /proc/net/jool/session
}

# on CPU NS COMMAND...: COMMAND in namespace NS pinned to CPU, in the
# background, its output in $tmp/gen.N.
gens=0
on() {
	cpu=$1
	ns=$2
	shift 2
	gens=$((gens + 1))
	ip netns exec "$ns" taskset -c "$cpu" "$@" >"$tmp/gen.$gens" 2>&1 &
}

# Waits for the generators started by on(), prints what they sent.
wait_gens() {
	wait
	for f in "$tmp"/gen.*; do
		note "$(cat "$f")"
	done
	rm -f "$tmp"/gen.*
}

# dups FILE FIELD: how many values of FIELD appear more than once.
dups() {
	awk -v f="$2" '{ print $f }' "$1" | sort | uniq -d | wc -l
}

setup() {
	topology "$$" &&
		rec udp 0 udp 192.0.2.0/24 1024-65535 &&
		in_c ip addr add "$b/64" dev rc0 nodad &&
		ip -6 route add 2001:db8:2::/64 via 2001:db8:1::2 dev r6 &&
		subscriber_limits 64 "$per_sub" "$per_bib"
}

test_same_flows() {
	on 0 "$cns" "$flowgen" "$a1" "$server6" 9 1024 1000 "$pps"
	on 1 "$cns" "$flowgen" "$a1" "$server6" 9 1024 1000 "$pps"
	wait_gens
	n=$(bib_of "$a1#")
	s=$(sessions_of "$a1#")
	check "the same 1000 flows from both CPUs: $n BIB entries, $s sessions" \
		test "$n" = 1000 -a "$s" = 1000
}

test_limits() {
	d0=$(stat_of drop_subscriber_limit)
	on 0 "$cns" "$flowgen" "$a2" "$server6" 9 1024 1000 "$pps"
	on 1 "$cns" "$flowgen" "$a1" "$server6" 9 5000 1000 "$pps"
	on 0 "$cns" "$flowgen" "$b" "$server6" 9 1024 1000 "$pps"
	on 1 "$cns" "$flowgen" "$b" "$server6" 9 1524 1000 "$pps"
	wait_gens
	n=$(bib_of 2001:db8:1::)
	refused=$(grew drop_subscriber_limit "$d0")
	check "A at its limit from both CPUs: $n entries (want $per_sub), drop_subscriber_limit +$refused (want 1500)" \
		test "$n" = "$per_sub" -a "$refused" = 1500
	n=$(bib_of "$b#")
	check "B beside it from both CPUs: $n entries (want 1500)" \
		test "$n" = 1500
}

test_listings() {
	cat /proc/net/jool/bib >"$tmp/bib"
	cat /proc/net/jool/session >"$tmp/session"
	entries=$(grep -c "^udp " "$tmp/bib")
	sessions=$(grep -c "^udp " "$tmp/session")
	check "no IPv6 transport address twice in the BIB ($entries entries)" \
		test "$(dups "$tmp/bib" 3)" = 0
	check "no IPv4 transport address twice in the BIB" \
		test "$(dups "$tmp/bib" 4)" = 0
	awk '{ print $5, $6 }' "$tmp/session" | sort | uniq -d >"$tmp/dup"
	check "no session twice ($sessions sessions)" test ! -s "$tmp/dup"
	g=$(stat_of bib_entries)
	gs=$(stat_of session_entries)
	check "the gauges agree: bib_entries $g, session_entries $gs" \
		test "$g" = "$entries" -a "$gs" = "$sessions" -a \
		"$entries" = "$sessions"
}

test_spray() {
	m=$(awk -v k="$b#1024" '$3 == k { print $4 }' /proc/net/jool/bib)
	[ -n "$m" ] || { not_ok "B's mapping for the spray"; return; }
	d0=$(stat_of drop_session_limit)
	on 0 "$sns" "$flowgen" 198.51.100.2 "${m%#*}" "${m#*#}" 1024 1000 "$pps"
	on 1 "$sns" "$flowgen" 198.51.100.2 "${m%#*}" "${m#*#}" 1524 1000 "$pps"
	wait_gens
	n=$(grep -c " $m 198\.51\.100\.2#" /proc/net/jool/session)
	check "two sprays at $m from both CPUs: $n sessions (want $per_bib), drop_session_limit +$(grew drop_session_limit "$d0")" \
		test "$n" = "$per_bib"
	awk '{ print $5, $6 }' /proc/net/jool/session | sort | uniq -d >"$tmp/dup"
	check "and no session twice" test ! -s "$tmp/dup"
}

# shellcheck disable=SC2317 # called through poll
bib_empty() {
	test "$(stat_of bib_entries)" = 0
}

test_expiry() {
	session_timeout udp "2 force"
	poll_tries=120 poll bib_empty
	g=$(stat_of bib_entries)
	gs=$(stat_of session_entries)
	check "everything expires: bib_entries $g, session_entries $gs" \
		test "$g" = 0 -a "$gs" = 0 -a "$(grep -c . /proc/net/jool/bib)" = 0
	session_timeout udp 300
	d0=$(stat_of drop_subscriber_limit)
	on 0 "$cns" "$flowgen" "$a1" "$server6" 9 20000 1000 "$pps"
	on 1 "$cns" "$flowgen" "$a2" "$server6" 9 20000 1000 "$pps"
	wait_gens
	n=$(bib_of 2001:db8:1::)
	check "A's count went back to 0: $n entries again (want $per_sub), drop_subscriber_limit +$(grew drop_subscriber_limit "$d0") (want 500)" \
		test "$n" = "$per_sub" -a "$(grew drop_subscriber_limit "$d0")" = 500
}

main() {
	common_checks
	needs taskset
	[ "$(nproc)" -ge 2 ] || skip_all "one CPU"
	trap 'cleanup; rm -rf "$tmp"' EXIT
	tmp=$(mktemp -d)
	echo "TAP version 13"
	if ! setup; then
		not_ok "topology, pool4 192.0.2.0/24, limits"
		finish
	fi
	test_same_flows
	test_limits
	test_listings
	test_spray
	test_expiry
	finish
}

main
