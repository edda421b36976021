#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Namespace teardown under traffic (issue 6 item 5), of the translator's
# neighbours: the translator runs in the initial namespace (the teardown
# of a translator's own namespace is net/netns.sh's).  While a ping flood
# and a UDP stream (iperf3 -u) run through it, the client and server
# namespaces are deleted and their processes killed, which destroys the
# translator's veths too.  Then:
#
# - the kernel does not complain (run.sh fails the run on WARN/BUG);
# - a new namespace pair translates again (ping, UDP echo) with the same
#   addresses;
# - the BIB entries and sessions of the gone flows are left to their
#   lifetimes: they are still listed right after the teardown; then the
#   ICMP lifetime is cut to 5 s and the ICMP ones must expire at the next
#   sweeps (a lifetime is read at every sweep), the UDP ones wait for
#   their 5 min (printed, not waited for).  The default ICMP lifetime
#   until then on purpose: with 10 s the flood's session was once gone
#   before the teardown, under this load.
set -u
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=selftests/reliability/scale_lib.sh
. "$here/scale_lib.sh"
tmp=$(mktemp -d)

# shellcheck disable=SC2317 # called through poll
links_gone() {
	! ip link show r6 && ! ip link show r4
}

# The flows of the first pair, then its teardown.
traffic_and_teardown() {
	in_c ping -6 -f -q -w 60 "$server6" >"$tmp/ping" 2>&1 &
	flows=$!
	in_c iperf3 -u -c "$server6" -p 5201 -b 20M -t 60 >"$tmp/iperf" 2>&1 &
	flows="$flows $!"
	x0=$(stat_of translated_6to4)
	poll grep -q '^udp .*5201 [A-Z_]* [0-9]*$' "$jool/session" ||
		note "no iperf3 UDP session listed yet"
	# Under TCG the ping may start after iperf3: wait for its session too.
	poll grep -q '^icmp ' "$jool/session" ||
		note "no ping flood ICMP session listed yet"
	sleep 2
	x1=$(stat_of translated_6to4)
	if [ "$x1" -gt "$x0" ]; then
		ok "traffic runs: translated_6to4 +$((x1 - x0)) in the last seconds"
	else
		not_ok "no traffic through the translator before the teardown"
	fi
	grep -E "^(icmp|udp) " "$jool/session" >"$tmp/old"
	note "sessions before the teardown: $(wc -l <"$tmp/old")"
	sed 's/^/#   /' "$tmp/old" | head -n 10

	# Deleting the names first: the processes keep the namespaces, and
	# the traffic, alive until they are killed.
	procs=$(ip netns pids "$cns"; ip netns pids "$sns")
	ip netns del "$cns" && ip netns del "$sns"
	tap_result $? "ip netns del of both namespaces under traffic"
	# shellcheck disable=SC2086 # one pid a word
	kill -9 $procs 2>/dev/null
	for p in $pids $flows; do
		wait "$p" 2>/dev/null
	done
	pids=
	if poll links_gone; then
		ok "the namespaces and the translator's veths are gone"
	else
		not_ok "r6/r4 still exist after the namespaces were deleted"
	fi
	note "translated_6to4 $(stat_of translated_6to4), drop_no_route $(stat_of drop_no_route), bib_entries $(stat_of bib_entries), session_entries $(stat_of session_entries) after the teardown"
}

# The gone flows' state: listed as it was, harmless, expiring.
old_state() {
	left=0
	while read -r proto mark a6 r6 a4 r4 rest; do
		grep -q "^$proto $mark $a6 $r6 $a4 $r4 " "$jool/session" &&
			left=$((left + 1))
	done <"$tmp/old"
	note "$left of $(wc -l <"$tmp/old") sessions of the gone flows still listed (they wait for their lifetime)"
}

new_pair() {
	if ! { topology "$$-2" && servers; }; then
		not_ok "a new namespace pair"
		return
	fi
	if poll in_c ping -6 -c 1 -W 1 "$server6"; then
		ok "a new namespace pair: ping translated"
	else
		not_ok "a new namespace pair: ping not translated"
	fi
	got=$(udp_from 2001:db8:1::2)
	if [ -n "$got" ]; then
		ok "a new namespace pair: UDP echo, the server sees $got"
	else
		not_ok "a new namespace pair: no UDP echo"
	fi
}

# The gone pings' ICMP sessions expire once their lifetime is cut to 5 s
# (2 s sweep); cleanup puts back 60.
icmp_expiry() {
	grep '^icmp ' "$tmp/old" | cut -d' ' -f1-6 | sed 's/$/ /' >"$tmp/oldicmp"
	if [ ! -s "$tmp/oldicmp" ]; then
		not_ok "no ICMP session of the ping flood was listed"
		return
	fi
	session_timeout icmp "5 force"
	for _ in $(seq 80); do
		still=$(grep -c -F -f "$tmp/oldicmp" "$jool/session")
		[ "$still" = 0 ] && break
		sleep 1
	done
	if [ "$still" = 0 ]; then
		ok "the gone ping flood's ICMP sessions expired"
	else
		not_ok "$still ICMP sessions of the gone flows left after 80 s"
	fi
	old_state
}

main() {
	common_checks
	trap 'cleanup; rm -rf "$tmp"' EXIT
	echo "TAP version 13"
	if ! { topology "$$" && servers &&
	       rec icmp 0 icmp 192.0.2.1 0-65535 &&
	       rec udp 0 udp 192.0.2.1 1024-65535 &&
	       rec tcp 0 tcp 192.0.2.1 1024-65535; }; then
		not_ok "topology, servers, pool4"
		finish
	fi
	traffic_and_teardown
	old_state
	new_pair
	icmp_expiry
	finish
}

main
