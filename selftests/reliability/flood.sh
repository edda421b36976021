#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Floods from the IPv6 side (issue 6 item 6), each bounded in time
# (JOOL_FLOOD_SECONDS, default 20):
#
# a) ping -f from two client addresses: the ICMP BIB and sessions stay at
#    what two pings can create (one each), the slab and MemAvailable of
#    /proc/meminfo move by less than a bound, and the ICMP state expires
#    afterwards (icmp-timeout is 10 s for the test: the default 60 s
#    would be most of its run time).
# b) new UDP flows, one packet each from a random source port (flowgen,
#    seeded: JOOL_FLOOD_SEED reproduces a run), against a
#    200-port pool4 record of mark 50: the mark's BIB never holds more than
#    200 entries, pool4_exhausted_mark_50_udp grows, and a conversation
#    of the same mark opened before the flood keeps its IPv4 transport
#    address and exchanges data during and after the flood.
# The figures measured are printed as comments.
set -u
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=selftests/reliability/scale_lib.sh
. "$here/scale_lib.sh"
secs=${JOOL_FLOOD_SECONDS:-20}
seed=${JOOL_FLOOD_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
tmp=$(mktemp -d)
# Bounds on what a flood may cost the kernel, in kB.
slab_bound=32768
avail_bound=65536

# count PROTO [MARK]: BIB entries listed for PROTO (and MARK).
count() {
	grep -c "^$1 ${2:-[0-9]*} " "$jool/bib"
}

scount() {
	grep -c "^$1 " "$jool/session"
}

memory() {
	note "$1: Slab $(meminfo Slab) kB, MemAvailable $(meminfo MemAvailable) kB, bib_entries $(stat_of bib_entries), session_entries $(stat_of session_entries)"
}

flood_from() {
	in_c ping -6 -f -q -w "$secs" -I "2001:db8:1::$1" "$server6" \
		>"$tmp/ping$1" 2>&1
}

# ping_flood: ping -f from ::2 and ::100 for $secs seconds.
ping_flood() {
	slab0=$(meminfo Slab)
	avail0=$(meminfo MemAvailable)
	memory "before the ping flood"
	b0=$(count icmp)
	flood_from 2 & ping2=$!
	flood_from 100 & ping100=$!
	maxb=0 maxs=0
	while kill -0 "$ping2" 2>/dev/null || kill -0 "$ping100" 2>/dev/null; do
		b=$(count icmp) s=$(scount icmp)
		[ "$b" -le "$maxb" ] || maxb=$b
		[ "$s" -le "$maxs" ] || maxs=$s
		sleep 1
	done
	wait "$ping2" "$ping100"
	sent=0 got=0
	for a in 2 100; do
		line=$(grep 'packets transmitted' "$tmp/ping$a")
		note "ping -f from ::$a: $line"
		# shellcheck disable=SC2086 # the words of ping's summary
		set -- $line
		sent=$((sent + ${1:-0})) got=$((got + ${4:-0}))
	done
	memory "after the ping flood"
	slab1=$(meminfo Slab)
	avail1=$(meminfo MemAvailable)
	if [ "$got" -gt 0 ]; then
		ok "ping flood: $sent echo requests sent, $got replies through the translator"
	else
		not_ok "ping flood: $sent sent, no reply came back"
	fi
	# b0: the entry of the ping that checked the topology, if still there.
	if [ "$maxb" -le $((b0 + 2)) ] && [ "$maxs" -le $((b0 + 2)) ] &&
	   [ "$maxb" -gt "$b0" ]; then
		ok "ping flood: at most $maxb ICMP BIB entries and $maxs sessions (2 pings + $b0 before)"
	else
		not_ok "ping flood: $maxb ICMP BIB entries, $maxs sessions for 2 pings + $b0 before"
	fi
	if [ $((slab1 - slab0)) -lt "$slab_bound" ] &&
	   [ $((avail0 - avail1)) -lt "$avail_bound" ]; then
		ok "ping flood: Slab change $((slab1 - slab0)) kB, MemAvailable change $((avail1 - avail0)) kB"
	else
		not_ok "ping flood: Slab change $((slab1 - slab0)) kB (bound $slab_bound), MemAvailable change $((avail1 - avail0)) kB (may fall by at most $avail_bound)"
	fi
}

# The established conversation: one echo exchange from ::100#7000.
talk() {
	udp_from 2001:db8:1::100 --sport 7000 --timeout 1
}

flow_flood() {
	ip6tables -t mangle -A PREROUTING -s 2001:db8:1::100 -j MARK --set-mark 50
	rec m50 50 udp 192.0.2.50 2000-2199 || { not_ok "200-port record, mark 50"; return; }
	est=$(talk)
	if [ -z "$est" ]; then
		not_ok "conversation before the flood"
		return
	fi
	ok "conversation before the flood: the server sees $est"
	ex0=$(stat_of pool4_exhausted_mark_50_udp)
	full0=$(stat_of drop_table_full)

	note "new-flow flood: random source ports, JOOL_FLOOD_SEED=$seed"
	in_c "$flowgen" 2001:db8:1::100 "$server6" 9 "random:$seed" 100000000 0 "$secs" \
		>"$tmp/flowgen" 2>&1 &
	gen=$!
	maxb=0 during=0 tries=0 moved=
	while kill -0 "$gen" 2>/dev/null; do
		b=$(count udp 50)
		[ "$b" -le "$maxb" ] || maxb=$b
		tries=$((tries + 1))
		got=$(talk)
		if [ "$got" = "$est" ]; then
			during=$((during + 1))
		elif [ -n "$got" ]; then
			moved=$got
		fi
	done
	wait "$gen"
	note "flowgen: $(cat "$tmp/flowgen")"
	b=$(count udp 50)
	[ "$b" -le "$maxb" ] || maxb=$b
	ex=$(($(stat_of pool4_exhausted_mark_50_udp) - ex0))
	note "mark 50: $b BIB entries after the flood (max seen $maxb), pool4_exhausted_mark_50_udp +$ex, drop_table_full +$(($(stat_of drop_table_full) - full0))"
	if [ "$maxb" -le 200 ] && [ "$b" = 200 ]; then
		ok "new-flow flood: the mark's BIB filled its 200 ports and never exceeded them"
	else
		not_ok "new-flow flood: $b BIB entries at the end, $maxb at most, for 200 ports"
	fi
	if [ "$ex" -gt 0 ]; then
		ok "new-flow flood: exhaustion counted for mark 50 udp (+$ex)"
	else
		not_ok "new-flow flood: pool4_exhausted_mark_50_udp did not grow"
	fi
	if [ "$during" -gt 0 ] && [ -z "$moved" ]; then
		ok "conversation during the flood: $during of $tries exchanges answered, same address"
	else
		not_ok "conversation during the flood: $during of $tries answered${moved:+, moved to $moved}"
	fi
	after=0
	for _ in 1 2 3 4 5; do
		[ "$(talk)" = "$est" ] && after=$((after + 1))
	done
	if [ "$after" = 5 ]; then
		ok "conversation after the flood: 5 of 5 exchanges, still $est"
	else
		not_ok "conversation after the flood: $after of 5 exchanges as $est"
	fi
}

# expiry: the flood's ICMP state goes after its 10 s lifetime (+ the 2 s
# sweep); memory is back near where it started.
expiry() {
	for _ in $(seq 40); do
		[ "$(count icmp)" = 0 ] && [ "$(scount icmp)" = 0 ] && break
		sleep 1
	done
	memory "after expiry"
	if [ "$(count icmp)" = 0 ] && [ "$(scount icmp)" = 0 ]; then
		ok "the ping flood's ICMP BIB entries and sessions expired"
	else
		not_ok "ICMP state left: $(count icmp) BIB entries, $(scount icmp) sessions"
	fi
	slab2=$(meminfo Slab)
	if [ $((slab2 - slab0)) -lt "$slab_bound" ]; then
		ok "after the floods: Slab change $((slab2 - slab0)) kB since the start"
	else
		not_ok "after the floods: Slab change $((slab2 - slab0)) kB since the start (bound $slab_bound)"
	fi
}

main() {
	common_checks
	trap 'cleanup; rm -rf "$tmp"' EXIT
	echo "TAP version 13"
	session_timeout icmp "10 force"
	if ! { topology "$$" && servers &&
	       rec icmp 0 icmp 192.0.2.1 0-65535 &&
	       rec udp 0 udp 192.0.2.1 1024-65535; }; then
		not_ok "topology, servers, pool4"
		finish
	fi
	poll in_c ping -6 -c 1 -W 1 "$server6" || note "no ping before the flood"
	ping_flood
	flow_flood
	expiry
	finish
}

main
