#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# One translator per network namespace (issue 14 item 6), in the VM.
#
# Each translator namespace T has its own client C and server S, all three
# with the same addresses as every other triple (overlapping on purpose):
#
#   C  2001:db8:1::2/64 c0 --- t6 2001:db8:1::1/64   T   pool6 64:ff9b::/96
#                                 198.51.100.1/24 t4 --- s0 198.51.100.2/24  S
#   pool4 192.0.2.1, configured with "ip netns exec T jool ..."
#
# Checked: two translators side by side translate ping, UDP and TCP at the
# same time and keep their BIB, sessions and counters apart (and apart
# from the initial namespace's); jool inside a namespace configures that
# namespace's translator; a process of another namespace without
# privilege in the initial user namespace cannot read or change it; "ip
# netns del" of a translator namespace under an iperf3 stream and a ping
# flood (its directory reads "gone", the other keeps translating); a new
# namespace of the same name works; rmmod with three configured
# namespaces.  The kernel log is checked by the VM harness (WARN fails).
# Functions called only through the EXIT trap or indirectly:
# shellcheck disable=SC2317
set -u
# shellcheck source=selftests/lib/prelude.sh
. "${JOOL_TOP:-$(dirname "$0")/../..}/selftests/lib/prelude.sh"
peer=$here/nat64_peer.py
tool=$top/tools/jool
server6=64:ff9b::198.51.100.2
blue=jblue-$$
red=jred-$$
green=jgreen-$$
tmp=$(mktemp -d)

# A namespace deleted under a flood takes a while to go: every wait of
# this test lasts up to 10 s, not poll.sh's 5.
poll_tries=20

# on TAG ROLE COMMAND...: runs COMMAND in namespace TAG-ROLE (t, c or s).
on() {
	on_ns=$1-$2
	shift 2
	ip netns exec "$on_ns" "$@"
}

# jool_in TAG ARGS...: the tool, inside the translator namespace of TAG.
jool_in() {
	ji_ns=$1-t
	shift
	ip netns exec "$ji_ns" sh "$tool" "$@" 2>>"$tmp/stderr"
}

kill_ns() {
	for t in "$@"; do
		for r in t c s; do
			ip netns pids "$t-$r" 2>/dev/null | xargs -r kill -9 2>/dev/null
		done
	done
}

del_ns() {
	for t in "$@"; do
		for r in t c s; do
			ip netns del "$t-$r" 2>/dev/null
		done
	done
}

cleanup() {
	kill_ns "$blue" "$red" "$green"
	del_ns "$blue" "$red" "$green"
	for d in "$jool/ns/"j*-"$$"-t*; do
		[ -d "$d" ] || continue
		for r in "$d"/pool4/*/; do
			[ -d "$r" ] && rmdir "$r"
		done
		rmdir "$d"
	done
	rm -rf "$tmp"
}
trap cleanup EXIT

# triple TAG: the three namespaces of one translator, and their links.
triple() {
	netns_topology "$1-t" "$1-c" "$1-s" || return 1
	on "$1" s python3 "$peer" serve-udp 5000 >/dev/null 2>&1 &
	on "$1" s python3 "$peer" serve-tcp 5001 >/dev/null 2>&1 &
	on "$1" s iperf3 -s -p 5201 >/dev/null 2>&1 &
	poll on "$1" s sh -c 'ss -ltn | grep -q :5201'
}

# configure TAG: the translator of TAG, through the tool run inside it.
configure() {
	jool_in "$1" --pool6 --add 64:ff9b::/96 &&
	jool_in "$1" --pool4 --add 192.0.2.1
}

# dir_of TAG: the configfs directory the tool made for TAG's translator.
dir_of() {
	printf '%s/ns/%s-t' "$jool" "$1"
}

stat_in() {
	sed -n "s/^$2: //p" "$(dir_of "$1")/stats"
}

# flows TAG SPORT: ping, UDP from SPORT and TCP through TAG's translator;
# the server must see 192.0.2.1 every time.
flows() {
	on "$1" c ping -6 -c 3 -i 0.2 -W 2 "$server6" >/dev/null || return 1
	u=$(on "$1" c python3 "$peer" udp "$server6" 5000 --sport "$2")
	case $u in 192.0.2.1\ *) ;; *) return 1 ;; esac
	tc=$(on "$1" c python3 "$peer" tcp "$server6" 5001 --bytes 50000)
	case $tc in 192.0.2.1\ *) ;; *) return 1 ;; esac
}

test_side_by_side() {
	if ! { triple "$blue" && triple "$red"; }; then
		fail "topology"
		return 1
	fi
	note "topology ($(($(date +%s) - t0)) s)"
	if ! { configure "$blue" && configure "$red"; }; then
		fail "configuring with ip netns exec jool"
		cat "$tmp/stderr"
		return 1
	fi
	for t in "$blue" "$red"; do
		want=$(ip netns exec "$t-t" readlink /proc/self/ns/net)
		check "jool in $t-t made $(dir_of "$t") bound to $want" \
			test "$(cat "$(dir_of "$t")/netns")" = "$want"
	done
	root_x=$(sed -n 's/^translated_6to4: //p' "$jool/stats")
	flows "$blue" 40001 >"$tmp/blue" 2>&1 & b=$!
	flows "$red" 40002 >"$tmp/red" 2>&1 & r=$!
	wait "$b"; rb=$?
	wait "$r"; rr=$?
	check "ping, UDP and TCP through $blue at the same time as $red" test "$rb" = 0
	check "ping, UDP and TCP through $red at the same time as $blue" test "$rr" = 0
	check "the initial namespace translated none of it" \
		test "$(sed -n 's/^translated_6to4: //p' "$jool/stats")" = "$root_x"
	check "$blue's BIB has its UDP flow and not $red's" \
		sh -c "grep -q '#40001 ' $(dir_of "$blue")/bib && ! grep -q '#40002 ' $(dir_of "$blue")/bib"
	check "$red's BIB has its UDP flow and not $blue's" \
		sh -c "grep -q '#40002 ' $(dir_of "$red")/bib && ! grep -q '#40001 ' $(dir_of "$red")/bib"
	check "the initial namespace's BIB has neither" \
		sh -c "! grep -q '#4000[12] ' $jool/bib"
	for t in "$blue" "$red"; do
		x=$(stat_in "$t" translated_6to4)
		n=$(stat_in "$t" session_entries)
		check "$t counts its own: translated_6to4 $x >= 5, session_entries $n = 3" \
			test "$x" -ge 5 -a "$n" = 3
	done
}

test_admin() {
	check "jool --pool4 in $blue shows its record" \
		sh -c "ip netns exec $blue-t sh $tool --pool4 --csv 2>/dev/null | grep -q '192.0.2.1'"
	check "jool --pool4 in the initial namespace does not" \
		sh -c "! sh $tool --pool4 --csv | grep -q '192.0.2.1'"
	jool_in "$red" --pool4 --add 192.0.2.9 --udp
	check "a record added in $red is $red's alone" \
		sh -c "! ls $(dir_of "$blue")/pool4 | grep -q 192.0.2.9 && ls $(dir_of "$red")/pool4 | grep -q 192.0.2.9"
	jool_in "$red" --pool4 --remove 192.0.2.9 --udp
}

# try ERRNO DESCRIPTION COMMAND: COMMAND (a shell line) fails with ERRNO's
# text and changes nothing (checked by the caller).
try() {
	e=$(sh -c "$3" 2>&1) && { fail "$2: allowed"; return; }
	case $e in
	*"$1"*) pass "$2: $1" ;;
	*) fail "$2: expected '$1', got '$e'" ;;
	esac
}

test_refused() {
	d=$(dir_of "$blue")
	# What a refused write could change; not the stats, whose gauges move
	# as blue's sessions expire.
	before=$(cat "$d/pool6"; ls "$d/pool4")
	# Root in red's namespace, CAP_NET_ADMIN dropped: another namespace.
	# (ip netns exec mounts a new /sys: configfs goes back on it first.)
	nocap="ip netns exec $red-t sh -c 'mount -t configfs none /sys/kernel/config && exec \"\$@\"' - setpriv --inh-caps=-net_admin --bounding-set=-net_admin"
	try "Permission denied" "root without CAP_NET_ADMIN in $red reads $blue's stats" \
		"$nocap cat $d/stats"
	try "Permission denied" "... reads $blue's BIB" "$nocap cat $d/bib"
	try "Permission denied" "... writes $blue's pool6" \
		"$nocap sh -c '/bin/echo 2001:db8::/96 >$d/pool6'"
	# A container: a user namespace owning a new network namespace.
	ctr="unshare --user --map-root-user --net"
	try "Permission denied" "a container reads $blue's stats" "$ctr cat $d/stats"
	try "Permission denied" "a container writes $blue's pool6" \
		"$ctr sh -c '/bin/echo 2001:db8::/96 >$d/pool6'"
	try "Permission denied" "a container makes a record in $blue's pool4" \
		"$ctr mkdir $d/pool4/evil"
	try "Operation not permitted" "a container binds a directory to $blue" \
		"$ctr sh -c 'mkdir $jool/ns/evil-$$; /bin/echo 3 >$jool/ns/evil-$$/netns 3</run/netns/$blue-t; r=\$?; rmdir $jool/ns/evil-$$; exit \$r'"
	check "nothing of $blue changed" \
		test "$(cat "$d/pool6"; ls "$d/pool4")" = "$before"
	out=$($ctr sh -c "sh $tool --pool6 --add 2001:db8:64::/96 && cat $jool/ns/net-*/pool6" 2>&1)
	case $out in
	*2001:db8:64::/96*) pass "a container configures its own namespace's translator" ;;
	*) fail "a container configures its own translator: $out" ;;
	esac
	# Its namespace died with it: the directory is inert, and removable.
	for c in "$jool"/ns/net-*; do
		check "${c##*/} says gone after the container exited" \
			poll grep -qx gone "$c/netns"
		check "and can be removed" rmdir "$c"
	done
}

# The translator namespace of blue goes while an iperf3 stream and a ping
# flood cross it; red is not disturbed.
test_delete() {
	d=$(dir_of "$blue")
	on "$blue" c iperf3 -c "$server6" -p 5201 -t 30 >/dev/null 2>&1 &
	on "$blue" c ping -6 -f -q -w 30 "$server6" >/dev/null 2>&1 &
	x0=$(stat_in "$blue" translated_6to4)
	sleep 2
	x1=$(stat_in "$blue" translated_6to4)
	check "traffic through $blue before the deletion (+$((x1 - x0)))" test "$x1" -gt "$x0"
	check "ip netns del $blue-t under traffic" ip netns del "$blue-t"
	check "$d says gone" poll grep -qx gone "$d/netns"
	try "No such device" "reading the stats of a gone translator" "cat $d/stats"
	try "No such device" "writing its pool6" "/bin/echo 64:ff9b::/96 >$d/pool6"
	kill_ns "$blue"
	del_ns "$blue"
	check "$red still translates" flows "$red" 40003
}

test_same_name() {
	triple "$blue" || { fail "topology again"; return; }
	check "configuring a new $blue-t with the tool (the gone directory reaped)" \
		configure "$blue"
	check "$(dir_of "$blue") is bound to the new namespace" \
		test "$(cat "$(dir_of "$blue")/netns")" = "$(ip netns exec "$blue-t" readlink /proc/self/ns/net)"
	check "the new $blue translates" flows "$blue" 40004
}

# Records and directories pin the module, as in the initial namespace:
# they go with --quick, so three translators keep their prefix, BIB and
# sessions, and flows, for rmmod to stop.
test_rmmod() {
	[ -n "${JOOL_KO:-}" ] || { note "JOOL_KO unset: rmmod test skipped"; return; }
	if ! { triple "$green" && configure "$green"; }; then
		fail "third translator"
		return
	fi
	for t in "$blue" "$red" "$green"; do
		on "$t" c ping -6 -c 1 -W 2 "$server6" >/dev/null ||
			fail "ping through $t before rmmod"
		on "$t" c ping -6 -i 0.05 -w 20 "$server6" >/dev/null 2>&1 &
		on "$t" c iperf3 -c "$server6" -p 5201 -t 20 >/dev/null 2>&1 &
	done
	sleep 1
	for t in "$blue" "$red" "$green"; do
		entries=$(grep -c . "$(dir_of "$t")/bib")
		if ! { jool_in "$t" --pool4 --flush --quick &&
		       rmdir "$(dir_of "$t")"; }; then
			fail "removing $t's records and directory"
		fi
		note "$t keeps its prefix and $entries BIB entries for rmmod"
	done
	check "rmmod with three configured namespaces under traffic" rmmod jool
	check "insmod again" insmod "$JOOL_KO"
	check "the new module starts with no namespace directory" \
		test -z "$(ls "$jool/ns")"
	check "and the tool in $red finds an idle translator there" \
		test "$(jool_in "$red" --pool6)" = "  (empty)"
}

main() {
	[ "$(id -u)" = 0 ] || skip "needs root"
	[ -d "$jool/ns" ] || skip "jool.ko without jool/ns"
	for t in python3 iperf3 setpriv unshare; do
		command -v "$t" >/dev/null || skip "$t missing"
	done
	t0=$(date +%s)
	test_side_by_side || exit 1
	for step in admin refused delete same_name rmmod; do
		note "$step ($(($(date +%s) - t0)) s)"
		"test_$step"
	done
	note "done in $(($(date +%s) - t0)) s"
	exit $failed
}

main
