#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A 100,000-entry BIB (issue 5 items 7-8, issue 6 item 5), then rmmod under
# load with the tables full.
#
# 1. flowgen sends one UDP packet per source port from two client
#    addresses (2 x 50,000 flows, one of them an echo exchange whose IPv4
#    side the server reports; a million take 17 addresses).  tools/jool
#    --bib and --session, as tables and as CSV, must list exactly
#    JOOL_SCALE_BIB (default 100,000) UDP entries, the module's own
#    gauges (bib_entries, session_entries of jool/stats) must agree, and
#    the known entry must be listed with the IPv4 transport address the
#    server saw.  The listing times are printed.
#    The tool reads /proc/net/jool/; its listings must equal configfs's,
#    both refuse a reader without CAP_NET_ADMIN, and two readers part-way
#    through the session listing must hold under 2 MiB of kernel memory
#    (printed, with what configfs's copy holds).  A reader half-way
#    through /proc/net/jool/bib while more flows make the hash tables
#    double must list every entry that stayed once (issue 17 item 2;
#    skipped when bib-max leaves no room to double).  Expiry (issue 17 item
#    3): with those sessions idle and none due, three sweeps must look at
#    fewer than 100 of them (expiry_checks); a 2-second UDP lifetime must
#    then expire every one, and their BIB entries (time printed).
# 2. iperf3 and a ping start through the translator; flowgen then offers
#    more flows from more client addresses than the BIB may hold: the BIB
#    stops at bib-max (sized to the guest's memory: 2 GiB give about
#    250,000) and drop_table_full counts the rest.  With those entries
#    still there (the records are "quick", so removing them keeps the
#    BIB): rmmod must succeed, iperf3 must end by itself (no hang), the
#    module must load again and translate a ping.  When kmemleak is there
#    (the debug kernel), a scan after rmmod must report nothing of jool's.
# JOOL_SCALE_BIB=N lists N entries instead (beyond what the guest's
# bib-max allows, the test raises bib-max and session-max for the run);
# JOOL_SCALE_FULL=0 skips the overfill (for the slow debug kernel): the
# BIB is filled to JOOL_SCALE_BIB again for rmmod instead.
# Each step prints its time, the fill the kernel memory it took.
# run.sh fails the run on any WARN/BUG in the guest's log.
set -u
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=selftests/reliability/scale_lib.sh
. "$here/scale_lib.sh"
kmemleak=/sys/kernel/debug/kmemleak
want=${JOOL_SCALE_BIB:-100000}
bib_max=	# jool/global/bib-max, read once the module is there
overfill_wanted=${JOOL_SCALE_FULL:-1}
# flowgen offers at most this many flows per client address.
per_addr=60000
tmp=$(mktemp -d)

records() {
	rec udp 0 udp 192.0.2.0/24 1024-65535 1 &&
	rec tcp 0 tcp 192.0.2.0/24 1024-65535 1 &&
	rec icmp 0 icmp 192.0.2.0/24 0-65535 1
}

# table_limits BIB SESSIONS: bib-max and session-max.
table_limits() {
	[ ! -d "$jool/global" ] || {
		echo "$1" >"$jool/global/bib-max" &&
		echo "$2" >"$jool/global/session-max"
	}
}

# client N: the Nth client address of a run, 2001:db8:1::100 on (hex);
# the topology has ::100 and ::101, client adds the others.
client() {
	printf '2001:db8:1::%x' $((0x100 + $1))
}

# fill_from N: client N's share of the $want - 1 flows besides the known
# one (::101#1024, so client 1 starts at 1025).
fill_from() {
	ff_first=1024
	[ "$1" != 1 ] || ff_first=1025
	ff_n=$((want - 1 - $1 * share))
	[ "$ff_n" -le "$share" ] || ff_n=$share
	in_c "$flowgen" "$(client "$1")" "$server6" 9 "$ff_first" "$ff_n"
}

# fill: the known flow (::101#1024, echoed), then flowgen from as many
# clients as $want needs (two up to 120,000) until the gauge says $want
# (a packet the veth's backlog dropped is sent again: an existing flow
# only refreshes its session).
fill() {
	clients=$(((want - 2 + per_addr) / per_addr))
	[ "$clients" -ge 2 ] || clients=2
	share=$(((want - 2 + clients) / clients))
	for c in $(seq 2 $((clients - 1))); do
		in_c ip addr replace "$(client "$c")/64" dev rc0 nodad || return 1
	done
	known=$(udp_from 2001:db8:1::101 --sport 1024) || return 1
	note "known flow 2001:db8:1::101#1024 seen by the server as $known"
	k0=$(kernel_kb)
	t=$(ms)
	fill_t0=$t
	for round in 1 2 3; do
		for c in $(seq 0 $((clients - 1))); do
			fill_from "$c" >"$tmp/fg" || return 1
		done
		note "round $round: $clients clients, last $(cat "$tmp/fg"), bib_entries $(stat_of bib_entries)"
		[ "$(stat_of bib_entries)" -lt "$want" ] || break
	done
	fill_ms=$(($(ms) - t))
	n=$(stat_of bib_entries)
	kb=$(($(kernel_kb) - k0))
	note "filled $n BIB entries in $fill_ms ms, kernel memory +$kb kB"
	# A second later RCU freed the hash tables' old bucket arrays.
	sleep 1
	kb=$(($(kernel_kb) - k0))
	note "a second later +$kb kB: $((kb * 1024 / n)) bytes a BIB entry + session (hash tables of $(buckets "$n") buckets)"
	note "hash tables' bucket arrays in vmalloc: $(bucket_arrays)"
}

# listing NAME OUT ARGS...: runs tools/jool ARGS into OUT, prints its time.
listing() {
	name=$1 out=$2
	shift 2
	t=$(ms)
	"$top/tools/jool" "$@" >"$out"
	rc=$?
	note "$name: $(($(ms) - t)) ms, $(wc -l <"$out") lines, exit $rc"
	return $rc
}

# rows FILE: the data rows of a table (tab-separated: 5 fields for the
# BIB, [Static] or [Dynamic] first, 8 for sessions).
rows() {
	awk -F '\t' 'NF == 5 || NF == 8 { n++ } END { print n + 0 }' "$1"
}

# csv_rows FILE: lines after the header.
csv_rows() {
	awk 'NR > 1 && NF { n++ } END { print n + 0 }' "$1"
}

# expect_count WHAT GOT: GOT must be $want.
expect_count() {
	if [ "$2" = "$want" ]; then
		ok "$1: $2 entries"
	else
		not_ok "$1: $2 entries, expected $want"
	fi
}

test_listing() {
	# shellcheck disable=SC2086 # "ADDR PORT" into $1 $2
	set -- ${known:-none none}
	k4="$1#$2"
	g=$(stat_of bib_entries)
	expect_count "gauge bib_entries" "$g"
	expect_count "gauge session_entries" "$(stat_of session_entries)"

	t=$(ms)
	n=$(wc -l <"$jool/bib")
	note "the kernel's listing alone (wc -l jool/bib): $(($(ms) - t)) ms, $n lines"
	t=$(ms)
	n=$(wc -l </proc/net/jool/bib)
	note "the kernel's streamed listing (wc -l /proc/net/jool/bib): $(($(ms) - t)) ms, $n lines"
	listing "jool --bib --display --udp" "$tmp/bib" --bib --display --udp
	tap_result $? "jool --bib --display --udp exits 0"
	expect_count "jool --bib --display --udp rows" "$(rows "$tmp/bib")"
	check "the table ends with (Fetched $want entries.)" \
		grep -qx "  (Fetched $want entries.)" "$tmp/bib"
	check "known BIB entry 2001:db8:1::101#1024 -> $k4 listed" \
		grep -q "	2001:db8:1::101#1024	$k4\$" "$tmp/bib"

	listing "jool --bib --display --udp --csv" "$tmp/bibcsv" --bib --display --udp --csv
	tap_result $? "jool --bib --csv exits 0"
	expect_count "jool --bib --csv rows" "$(csv_rows "$tmp/bibcsv")"
	check "known BIB entry in the CSV" \
		grep -q ",UDP,2001:db8:1::101,1024,$1,$2,dynamic\$" "$tmp/bibcsv"

	listing "jool --session --display --udp" "$tmp/ses" --session --display --udp
	tap_result $? "jool --session --display --udp exits 0"
	expect_count "jool --session --display --udp rows" "$(rows "$tmp/ses")"
	check "known session 2001:db8:1::101#1024 -> $k4 -> 198.51.100.2#5000 listed" \
		grep -q "	2001:db8:1::101#1024	64:ff9b::c633:6402#5000	$k4	198.51.100.2#5000	OPEN	" "$tmp/ses"

	listing "jool --session --display --udp --csv" "$tmp/sescsv" --session --display --udp --csv
	tap_result $? "jool --session --csv exits 0"
	expect_count "jool --session --csv rows" "$(csv_rows "$tmp/sescsv")"

	# Nothing expired meanwhile: the counts above are the whole BIB.
	g2=$(stat_of bib_entries)
	[ "$g2" = "$g" ] || note "bib_entries moved from $g to $g2 during the listings"
}

# kernel_kb: what the kernel holds in slabs and vmalloc areas, in kB.
kernel_kb() {
	echo $(($(meminfo Slab) + $(meminfo VmallocUsed)))
}

# refused COMMAND...: COMMAND fails; its output is thrown away.
# shellcheck disable=SC2317 # called through check
refused() {
	! "$@" >/dev/null 2>&1
}

# hold FILE: a reader that read the first 4 kB of FILE and keeps it open,
# in the background ($! is it).
hold() {
	sh -c 'exec 3<"$1" && dd bs=4096 count=1 <&3 >/dev/null 2>&1 &&
		exec sleep 60' - "$1" &
}

# sleeping PID...: each PID has become hold()'s sleep: its read is done.
# shellcheck disable=SC2317 # called through poll
sleeping() {
	for sl_p in "$@"; do
		[ "$(cat "/proc/$sl_p/comm" 2>/dev/null)" = sleep ] || return 1
	done
}

# held_kb FILE: the growth of kernel_kb while two readers are part-way
# through FILE (configfs builds its whole copy at the first read: a
# million sessions take longer than a fixed wait).
held_kb() {
	sync
	k0=$(kernel_kb)
	hold "$1"
	r1=$!
	hold "$1"
	r2=$!
	poll_tries=$((20 + want / 10000)) poll sleeping "$r1" "$r2" ||
		note "the readers of $1 did not get their first 4 kB"
	k1=$(kernel_kb)
	kill "$r1" "$r2" 2>/dev/null
	wait "$r1" "$r2" 2>/dev/null
	echo $((k1 - k0))
}

# Issue 17 item 1: the listings are the administrator's, and a reader
# costs the kernel a page or so whatever the table size.  configfs's
# copies are shown for comparison: they hold the whole listing per open
# file.
test_listing_private() {
	p=/proc/net/jool
	check "$p/bib and $p/session are root's, mode 0400" \
		test "$(stat -c '%U %a' "$p/bib" "$p/session" | sort -u)" = "root 400"
	# From a pipe: given a file whose size stat() cannot tell, GNU sort
	# takes 30 s under TCG for what it sorts from a pipe in half a
	# second (-S 32M does not help).
	# shellcheck disable=SC2002 # the pipe is the point
	if cat "$p/bib" | sort >"$tmp/pbib" &&
		cat "$jool/bib" | sort >"$tmp/cbib" &&
		cmp -s "$tmp/pbib" "$tmp/cbib"; then
		ok "$p/bib lists what jool/bib lists ($(wc -l <"$tmp/pbib") lines)"
	else
		not_ok "$p/bib and jool/bib differ"
	fi
	for f in "$p/bib" "$p/session" "$jool/bib" "$jool/session"; do
		check "unprivileged user: $f refused" refused \
			setpriv --reuid=65534 --regid=65534 --clear-groups \
			cat "$f"
		check "root without CAP_NET_ADMIN: $f refused" refused \
			setpriv --inh-caps=-net_admin --bounding-set=-net_admin \
			cat "$f"
	done
	n=$(stat_of session_entries)
	proc_kb=$(held_kb "$p/session")
	cfs_kb=$(held_kb "$jool/session")
	note "two readers part-way through $n sessions hold $proc_kb kB ($p/session), $cfs_kb kB (jool/session)"
	if [ "$proc_kb" -lt 2048 ]; then
		ok "two $p/session readers hold $proc_kb kB (< 2048)"
	else
		not_ok "two $p/session readers hold $proc_kb kB (>= 2048)"
	fi
}

# bucket_arrays: the hash tables' bucket arrays that vmalloc holds (the
# page allocator serves the others), by size: "COUNT x KB" each.
bucket_arrays() {
	awk '/bht_array_alloc/ { n[int($2 / 1024)]++ }
		END { for (k in n) printf "%d x %d kB, ", n[k], k }' \
		/proc/vmallocinfo 2>/dev/null | sed 's/, $//'
}

# slow_reader FILE LINES FLAG OUT: copies FILE to OUT 4 kB per read, a
# few ms apart, until about LINES lines; then waits for the file FLAG and
# reads the rest at once.  In the background ($! is it).
slow_reader() {
	python3 -c '
import os, sys, time
src, lines, flag, out = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
fd, seen = os.open(src, os.O_RDONLY), 0
with open(out, "wb") as o:
    while True:
        if seen < lines:
            time.sleep(0.005)
        else:
            while not os.path.exists(flag):
                time.sleep(0.05)
        b = os.read(fd, 4096)
        if not b:
            break
        o.write(b)
        seen += b.count(b"\n")
' "$@" &
}

# buckets N: the size of a hash table of N entries that only grew: the
# smallest power of two from 256 up that holds them four to a bucket (a
# table doubles past that, BHT_LOAD_MAX in kernel/state/bht.c).
buckets() {
	b=256
	while [ $((b * 4)) -lt "$1" ]; do
		b=$((b * 2))
	done
	echo "$b"
}

# Issue 17 item 2: a listing goes on across the tables' resizes.  A
# reader stops half-way through /proc/net/jool/bib while more clients add
# flows until the hash tables must double; then it reads the rest.  Every
# entry that was there before and after must be listed, once, and no line
# twice.
test_listing_resize() {
	n0=$(stat_of bib_entries)
	b0=$(buckets "$n0")
	more=$((b0 * 4 - n0 + n0 / 20))
	if [ $((n0 + more)) -gt "$bib_max" ]; then
		ok "listing across a resize # SKIP $n0 + $more entries pass bib-max $bib_max"
		return
	fi
	# shellcheck disable=SC2002 # from a pipe: see test_listing_private
	cat /proc/net/jool/bib | sort >"$tmp/before"
	slow_reader /proc/net/jool/bib $((n0 / 2)) "$tmp/grown" "$tmp/during"
	reader=$!
	t=$(ms)
	c=256
	while [ "$more" -gt 0 ]; do
		m=$more
		[ "$m" -le "$per_addr" ] || m=$per_addr
		if ! in_c ip addr replace "$(client "$c")/64" dev rc0 nodad ||
			! in_c "$flowgen" "$(client "$c")" "$server6" 9 1024 "$m" >/dev/null; then
			break
		fi
		more=$((more - m))
		c=$((c + 1))
	done
	n1=$(stat_of bib_entries)
	touch "$tmp/grown"
	wait "$reader"
	note "a listing half-way while the BIB grew from $n0 to $n1 entries ($(($(ms) - t)) ms): its hash tables from $b0 buckets to $(buckets "$n1")"
	# shellcheck disable=SC2002
	cat /proc/net/jool/bib | sort >"$tmp/after"
	sort "$tmp/during" >"$tmp/during.sorted"
	dups=$(uniq -d "$tmp/during.sorted" | wc -l)
	missing=$(comm -12 "$tmp/before" "$tmp/after" |
		comm -23 - "$tmp/during.sorted" | wc -l)
	note "listed $(wc -l <"$tmp/during") lines, $dups twice, $missing of those that stayed missing"
	grew=0
	[ "$(buckets "$n1")" -le "$b0" ] || grew=1
	check "a listing across a resize lists every entry that stayed, once" \
		[ "$dups.$missing.$grew" = 0.0.1 ]
}

# session_entries_are N: the gauge says N (for poll).
# shellcheck disable=SC2317 # called through poll
session_entries_are() {
	[ "$(stat_of session_entries)" = "$1" ]
}

# Issue 17 item 3: the sweep looks at the sessions that came due, not at
# every session.  The fill's sessions have 5 minutes left: three sweeps
# must look at almost none of them.  Then a 2-second UDP lifetime makes
# all of them due at once: the sweep files every session again for the
# new lifetime and removes each, in chunks.
test_expiry() {
	n=$(stat_of session_entries)
	c0=$(stat_of expiry_checks)
	sleep 7
	idle=$(($(stat_of expiry_checks) - c0))
	note "$n idle sessions, none due: the sweep looked at $idle in 7 s"
	if [ "$idle" -lt 100 ]; then
		ok "idle sessions cost the sweep nothing ($idle looked at, of $n)"
	else
		not_ok "the sweep looked at $idle of $n idle sessions"
	fi
	c0=$(stat_of expiry_checks)
	e0=$(stat_of expired_sessions)
	t=$(ms)
	session_timeout udp "2 force"
	poll_tries=$((60 + want / 5000)) poll session_entries_are 0
	left=$(stat_of session_entries)
	note "udp-timeout 2: $((n - left)) sessions gone in $(($(ms) - t)) ms, $(($(stat_of expired_sessions) - e0)) counted expired, $(($(stat_of expiry_checks) - c0)) looked at"
	check "every session expired, and its BIB entry with it" \
		[ "$left.$(stat_of bib_entries)" = 0.0 ]
	session_timeout udp 300
}

# kmemleak_begin: what was leaked before this test is not ours.
kmemleak_begin() {
	[ -w "$kmemleak" ] || return 0
	echo scan >"$kmemleak"
	echo clear >"$kmemleak"
}

# kmemleak_check: objects younger than 5 s are never reported; two scans.
kmemleak_check() {
	if [ ! -w "$kmemleak" ]; then
		ok "kmemleak scan after rmmod # SKIP $kmemleak missing (not the debug kernel)"
		return
	fi
	sleep 6
	echo scan >"$kmemleak"
	echo scan >"$kmemleak"
	cat "$kmemleak" >"$tmp/leaks"
	sed 's/^/# /' "$tmp/leaks"
	# A frame of the unloaded module prints as a bare address.
	if grep -q 'jool\|\] 0xffffffffc' "$tmp/leaks"; then
		not_ok "kmemleak: jool leaked after rmmod"
	else
		ok "kmemleak: nothing of jool's after rmmod"
	fi
}

# overfill: 60,000 more flows from one more client address at a time
# until the BIB refuses some; it must stop at bib-max entries and count
# the refused flows as drop_table_full.  How many addresses that takes
# depends on bib-max (five in 2 GiB: the expiry test emptied the BIB).
# iperf3's and ping's entries are there too (2 TCP and 6 ICMP in make
# check), and a session may reach its lifetime during a long overfill (a
# million flows, the debug kernel): the BIB then ends below bib-max by at
# most the sessions that expired meanwhile, each of which took at most
# one entry with it.
overfill() {
	full0=$(stat_of drop_table_full)
	expired0=$(stat_of expired_sessions)
	t=$(ms)
	for a in $(seq 512 $((513 + bib_max / per_addr))); do
		in_c ip addr add "$(client "$a")/64" dev rc0 nodad
		note "$(client "$a"): $(in_c "$flowgen" "$(client "$a")" "$server6" 9 1024 "$per_addr")"
		[ "$(stat_of drop_table_full)" = "$full0" ] || break
	done
	n=$(stat_of bib_entries)
	refused=$(($(stat_of drop_table_full) - full0))
	note "overfill: $(($(ms) - t)) ms, bib_entries $n, session_entries $(stat_of session_entries), drop_table_full +$refused"
	expired=$(($(stat_of expired_sessions) - expired0))
	note "BIB entries by protocol: $(awk '{ n[$1]++ } END { for (p in n) printf "%s %d ", p, n[p] }' /proc/net/jool/bib), sessions expired meanwhile: $expired"
	if [ "$n" -le "$bib_max" ] && [ $((n + expired)) -ge "$bib_max" ] &&
		[ "$refused" -gt 0 ]; then
		ok "the BIB stops at bib-max ($n entries, $expired expired since), drop_table_full +$refused"
	else
		not_ok "overfill: $n BIB entries (bib-max $bib_max, $expired expired since), drop_table_full +$refused"
	fi
}

test_unload() {
	if [ -z "${JOOL_KO:-}" ] || [ ! -r "$JOOL_KO" ]; then
		ok "rmmod with full tables # SKIP JOOL_KO does not name the module to reload"
		return
	fi
	kmemleak_begin
	in_c iperf3 -c "$server6" -p 5201 -t 300 --connect-timeout 5000 \
		--snd-timeout 5000 >"$tmp/iperf" 2>&1 &
	load=$!
	in_c ping -6 -i 0.2 -w 300 "$server6" >"$tmp/ping" 2>&1 &
	ping=$!
	poll grep -q '^tcp ' "$jool/bib" || note "no TCP BIB entry for iperf3 yet"
	if [ "$overfill_wanted" = 1 ]; then
		overfill
	else
		# test_expiry emptied the tables: rmmod must find them full.
		fill
	fi
	unrec_all
	# Not bib-max exactly: on a slow run the first flows (the known one,
	# then the fill) reach their 5 min UDP lifetime about now.
	n=$(stat_of bib_entries)
	if [ "$n" -ge "$want" ]; then
		ok "quick records removed, $n BIB entries left for rmmod"
	else
		not_ok "$n BIB entries left for rmmod, expected >= $want"
	fi
	# Under load: iperf3 (and the ping) are being translated right now.
	x0=$(stat_of translated_6to4)
	sleep 1
	x=$(($(stat_of translated_6to4) - x0))
	if [ "$x" -gt 20 ]; then
		ok "under load: $x packets translated 6->4 in the second before rmmod"
	else
		not_ok "not under load: $x packets translated 6->4 in the second before rmmod"
	fi
	t=$(ms)
	rmmod jool
	rc=$?
	note "rmmod with $n BIB entries and iperf3 running, $(((t - ${fill_t0:-$t}) / 1000)) s after the fill began: $(($(ms) - t)) ms, exit $rc"
	tap_result $rc "rmmod with $n BIB entries under iperf3 and ping"
	check "jool/ gone after rmmod" test ! -e "$jool"

	# TCP_USER_TIMEOUT (--snd-timeout) ends iperf3 once nothing is acked.
	t=$(ms)
	for _ in $(seq 120); do
		kill -0 "$load" 2>/dev/null || break
		sleep 0.5
	done
	if kill -0 "$load" 2>/dev/null; then
		not_ok "iperf3 still running 60 s after rmmod"
		kill_ns "$cns"
	else
		wait "$load"
		ok "iperf3 ended $(($(ms) - t)) ms after rmmod (exit $?)"
	fi
	sed 's/^/#   /' "$tmp/iperf" | tail -n 3
	# "[  5]   0.00-1.00   sec  2.50 MBytes ...": some interval moved data.
	# shellcheck disable=SC2016 # awk's fields
	check "iperf3 moved data through the translator before rmmod" \
		awk '$4 == "sec" && $5 + 0 > 0 { m = 1 } END { exit !m }' "$tmp/iperf"
	kill "$ping" 2>/dev/null
	wait "$ping" 2>/dev/null

	kmemleak_check

	insmod "$JOOL_KO"
	tap_result $? "insmod after rmmod"
	check "reloaded module starts empty" test "$(stat_of bib_entries)" = 0
	printf '64:ff9b::/96' >"$jool/pool6" && rec icmp2 0 icmp 192.0.2.1 0-65535
	tap_result $? "pool6 and pool4 again"
	if poll in_c ping -6 -c 1 -W 1 "$server6"; then
		ok "ping through the reloaded module"
	else
		not_ok "ping through the reloaded module"
	fi
}

main() {
	common_checks
	# shellcheck disable=SC2086 # "BIB SESSIONS" into two arguments
	trap 'cleanup; [ -z "${limits0:-}" ] || table_limits $limits0; rm -rf "$tmp"' EXIT
	echo "TAP version 13"
	# Two client addresses of one /64 fill the BIB: no per-subscriber
	# limit below the BIB's own.
	read -r bib_max <"$jool/global/bib-max"
	# A million flows need more than a guest's default limits.
	if [ $((want + want / 4)) -gt "$bib_max" ]; then
		limits0="$bib_max $(cat "$jool/global/session-max")"
		bib_max=$((want + want / 4))
		table_limits "$bib_max" $((2 * bib_max))
	fi
	if ! { topology "$$" && servers && records &&
		subscriber_limits 64 "$bib_max" 1024; }; then
		not_ok "topology, servers, pool4 192.0.2.0/24 (quick records)"
		finish
	fi
	# Listing a million flows takes minutes: none may expire before
	# test_expiry (it puts back the default, cleanup too).
	session_timeout udp 3600
	fill
	tap_result $? "fill $want UDP flows"
	test_listing
	test_listing_private
	test_listing_resize
	test_expiry
	test_unload
	finish
}

main
