#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The settings of jool/global/ at work on the data path, in the VM's
# initial namespace (issue 16 items 1 and 5), set with tools/jool:
#
#   client (IPv6 only)          translator (init netns)        server (IPv4 only)
#   2001:db8:1::2/64   c0 ---- t6  2001:db8:1::1/64
#                                    pool6 64:ff9b::/96, pool4 192.0.2.1
#                                  t4  198.51.100.1/24 ---- s0  198.51.100.2/24
#                                                                198.51.100.3/24
#
# Checked: enabled 0 stops translation and 1 resumes it with the BIB entry
# (and its IPv4 transport address) intact; address-dependent filtering
# off lets a second IPv4 peer reach a client's mapping, on drops it and
# still lets the first peer in from another port; drop-externally-
# initiated-tcp; drop-icmpv6-info; override-tos/tos and
# zeroize-traffic-class as the receivers see them (IP_RECVTOS,
# IPV6_RECVTCLASS); each timeout, set below RFC 6146's minimum with
# --force after its sessions exist, expires them at its value (within
# the 2-second sweep); logging-bib and logging-session print the mapping
# log, and its tracepoints fire (jool_block too, for a port block); bib-max and session-max refuse new
# flows at the limit and keep the old ones.  The settings go back to the
# defaults at the end.
# Functions called only through the EXIT trap or indirectly:
# shellcheck disable=SC2317
set -u
# shellcheck source=selftests/lib/prelude.sh
. "${JOOL_TOP:-$(dirname "$0")/../..}/selftests/lib/prelude.sh"
peer=$here/nat64_peer.py
speer=$here/settings_peer.py
tool=$top/tools/jool
suffix=$$
cns=setc-$suffix
sns=sets-$suffix
server6=64:ff9b::198.51.100.2
pids=
tmp=$(mktemp -d)

# The module's defaults, written straight to configfs; the tables'
# limits depend on the guest's memory: main() reads them first.
table_max=
defaults() {
	for kv in $table_max; do
		printf '%s\n' "${kv#*=}" >"$jool/global/${kv%%=*}" || return 1
	done
	for kv in enabled=1 address-dependent-filtering=0 drop-icmpv6-info=0 \
		drop-externally-initiated-tcp=0 source-icmpv6-errors-better=1 \
		zeroize-traffic-class=0 override-tos=0 tos=0 udp-timeout=300 \
		tcp-est-timeout=7440 tcp-trans-timeout=240 icmp-timeout=60 \
		mtu-plateaus=32000,17914,8166,4352,2002,1492,1006,508,296,68 \
		logging-bib=0 logging-session=0 subscriber-prefix-length=64 \
		maximum-bib-per-subscriber=4096 maximum-sessions-per-bib=1024 \
		port-block-size=0; do
		printf '%s\n' "${kv#*=}" >"$jool/global/${kv%%=*}" || return 1
	done
}

cleanup() {
	for p in $pids; do
		kill "$p" 2>/dev/null
	done
	drop_namespaces "$cns" "$sns"
	# The namespaces can outlive "ip netns del" for minutes (a TCP
	# connection killed after its session expired leaves an orphan socket
	# retransmitting its FIN), and with them t6, t4 and their routes, on
	# which the next test's topology would collide (dns64.sh uses the same
	# names and subnets).  Deleting our end of each pair takes both ends.
	ip link del t6 2>/dev/null
	ip link del t4 2>/dev/null
	[ ! -d "$jool/global" ] || defaults
	sh "$tool" --pool4 --flush 2>/dev/null
	[ -e "$jool/pool6" ] && printf '\n' >"$jool/pool6"
	rm -rf "$tmp"
}
trap cleanup EXIT

jool() {
	sh "$tool" "$@"
}

# set_g KEY VALUE: straight to configfs, quicker than the tool under
# emulation (the tool's own runs are jool(), and selftests/bats/).
set_g() {
	printf '%s\n' "$2" >"$jool/global/$1"
}

in_client() {
	ip netns exec "$cns" "$@"
}

in_server() {
	ip netns exec "$sns" "$@"
}

now_ms() {
	date +%s%3N
}

setup() {
	nat64_topology "$cns" "$sns" t6 c0 t4 s0 2 || return 1
	ip -n "$sns" addr add 198.51.100.3/24 dev s0 || return 1
	jool --pool6 --add 64:ff9b::/96 || return 1
	jool --pool4 --add 192.0.2.1 1000-2000 || return 1
	in_server python3 "$peer" serve-udp 6000 & pids="$pids $!"
	in_server python3 "$peer" serve-tcp 6001 & pids="$pids $!"
	in_server python3 "$speer" tos-serve 6100 32 & pids="$pids $!"
	poll in_server sh -c 'ss -ltn | grep -q :6001' || return 1
	poll in_server sh -c 'ss -lun | grep -q :6100'
}

# The answer ("addr port") of a UDP exchange from client port $1, or nothing.
udp_from() {
	in_client python3 "$peer" udp "$server6" 6000 --sport "$@"
}

# bib_port PROTO PORT6: the pool4 port of the client's PORT6 in the BIB.
bib_port() {
	sed -n "s/^$1 0 2001:db8:1::2#$2 192\\.0\\.2\\.1#\\([0-9]*\\)\$/\\1/p" "$jool/bib"
}

bib_has() {
	[ -n "$(bib_port "$1" "$2")" ]
}

test_enabled() {
	got=$(udp_from 5200)
	[ -n "$got" ] || { fail "enabled: no flow to start with"; return; }
	p=$(bib_port udp 5200)
	jool --disable || fail "jool --disable"
	before=$(stat_of translated_6to4)
	check "enabled 0: no translation" \
		[ -z "$(udp_from 5200 --timeout 0.5)" ]
	check "enabled 0: nothing counted as translated" \
		[ "$(stat_of translated_6to4)" = "$before" ]
	check "enabled 0: the BIB entry stays" [ "$(bib_port udp 5200)" = "$p" ]
	jool --global --enable || fail "jool --global --enable"
	check "enabled 1: translation resumes with the same mapping ($got)" \
		[ "$(udp_from 5200)" = "$got" ]
}

# adf_round SPORT N: the client listens on SPORT after one exchange with
# the server; 198.51.100.3 then knocks at its mapping, and 198.51.100.2
# from another port.  The client stops after N datagrams (or 30 s) and
# leaves what it received in $tmp/adf.
adf_round() {
	in_client python3 "$speer" listen-udp "$1" "$server6" 6000 30 "$2" >"$tmp/adf" &
	ar_pid=$!
	poll bib_has udp "$1"
	ar_p=$(bib_port udp "$1")
	poll grep -q "c633:6402" "$tmp/adf"
	in_server python3 "$speer" send-udp 192.0.2.1 "$ar_p" 198.51.100.3 198.51.100.2
	wait "$ar_pid"
}

test_adf() {
	adf_round 5400 3
	check "filtering off: a second IPv4 peer reaches the mapping" \
		grep -q "c633:6403" "$tmp/adf"
	jool --address-dependent-filtering on || fail "jool --address-dependent-filtering on"
	before=$(stat_of drop_address_filtered)
	adf_round 5401 2
	check "filtering on: the second IPv4 peer is dropped" \
		sh -c "! grep -q c633:6403 $tmp/adf"
	check "filtering on: counted in drop_address_filtered" \
		[ "$(stat_of drop_address_filtered)" -gt "$before" ]
	check "filtering on: the known peer still gets in from another port" \
		[ "$(grep -c c633:6402 "$tmp/adf")" = 2 ]
	set_g address-dependent-filtering 0
}

test_ext_tcp() {
	in_client python3 "$speer" hold-tcp 5500 "$server6" 6001 8 &
	pids="$pids $!"
	poll bib_has tcp 5500
	q=$(bib_port tcp 5500)
	got=$(in_server python3 "$speer" syn 198.51.100.3 192.0.2.1 "$q")
	check "an IPv4 SYN reaches the IPv6 node by default ($got)" [ "$got" = refused ]
	set_g drop-externally-initiated-tcp 1
	before=$(stat_of drop_externally_initiated_tcp)
	got=$(in_server python3 "$speer" syn 198.51.100.3 192.0.2.1 "$q")
	check "drop-externally-initiated-tcp: the SYN is dropped ($got)" \
		[ "$got" = timeout ]
	check "drop-externally-initiated-tcp: counted" \
		[ "$(stat_of drop_externally_initiated_tcp)" -gt "$before" ]
	set_g drop-externally-initiated-tcp 0
}

test_icmp6_info() {
	check "ping by default" in_client ping -6 -q -c 1 -W 2 "$server6"
	set_g drop-icmpv6-info 1
	before=$(stat_of drop_icmpv6_info)
	check "drop-icmpv6-info: no ping" \
		sh -c "! ip netns exec $cns ping -6 -c 1 -W 1 $server6 >/dev/null"
	check "drop-icmpv6-info: counted" \
		[ "$(stat_of drop_icmpv6_info)" -gt "$before" ]
	set_g drop-icmpv6-info 0
	check "ping again" in_client ping -6 -q -c 1 -W 2 "$server6"
}

test_tos() {
	got=$(in_client python3 "$speer" tos-ask "$server6" 6100 40)
	check "by default the TOS is the Traffic Class and back ($got)" \
		[ "$got" = "sent-tos 40 tclass 32" ]
	set_g override-tos 1 && set_g tos 72 && set_g zeroize-traffic-class 1
	got=$(in_client python3 "$speer" tos-ask "$server6" 6100 40)
	check "override-tos, tos 72, zeroize-traffic-class on the wire ($got)" \
		[ "$got" = "sent-tos 72 tclass 0" ]
	set_g override-tos 0 && set_g zeroize-traffic-class 0
}

in_window() {
	[ "$1" -ge "$2" ] && [ "$1" -le "$3" ]
}

# gone_by START MIN MAX NAME PATTERN: polls jool/session until no line
# matches PATTERN; the session must go MIN..MAX s after START (ms).
gone_by() {
	while grep -q "$5" "$jool/session" &&
		[ $(($(now_ms) - $1)) -le $(($3 * 1000)) ]; do
		sleep 0.5
	done
	expired "$4" $(($(now_ms) - $1)) "$2" "$3"
}

# expired NAME MS MIN MAX: the session went MS ms after its start.
expired() {
	check "$1 expired after $2 ms (expected $3..$4 s)" \
		in_window "$2" $(($3 * 1000)) $(($4 * 1000))
}

# gone PATTERN: no line of $sessions matches.
gone() {
	! printf '%s\n' "$sessions" | grep -q "$1"
}

# The mapping log (state/maplog.h): with logging-bib and logging-session
# on, a new UDP flow and its expiry print their four lines; with them off,
# another flow prints none.  The tracepoints fire either way (when the
# kernel has tracefs).
test_logging() {
	tr=/sys/kernel/tracing
	[ -d "$tr/events" ] || mount -t tracefs nodev "$tr" 2>/dev/null
	ev=$tr/events/jool
	if [ -d "$ev" ]; then
		echo 1 >"$ev/enable" && : >"$tr/trace"
	fi
	{ jool --logging-bib on && jool --logging-session true; } ||
		fail "jool --logging-bib on --logging-session true"
	from=$(($(dmesg | wc -l) + 1))
	[ -n "$(udp_from 5650)" ] || fail "logging: no UDP flow"
	p=$(bib_port udp 5650)
	jool --udp-timeout 3 --force || fail "jool --udp-timeout 3 --force"
	gone_by "$(now_ms)" 0 10 "the logged UDP session" "#5650 "
	{ jool --logging-bib off && jool --logging-session 0; } ||
		fail "jool --logging-bib off --logging-session 0"
	[ -n "$(udp_from 5651)" ] || fail "logging: no second UDP flow"
	p2=$(bib_port udp 5651)
	# A port block's tracepoint, while the events are on anyway (each
	# switch patches the kernel's text: port_block.sh checks the rest).
	jool --port-block-size 64 || fail "jool --port-block-size 64"
	[ -n "$(udp_from 5652)" ] || fail "logging: no flow in a port block"
	p3=$(bib_port udp 5652)
	jool --port-block-size 0 || fail "jool --port-block-size 0"
	jool --udp-timeout 300 || fail "jool --udp-timeout 300"
	dmesg | tail -n "+$from" >"$tmp/log"
	sed 's/^/# /' "$tmp/log"
	stamp='jool: net:\[[0-9]+\] [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\+00:00'
	flow="udp 0 2001:db8:1::2#5650"
	for op in add del; do
		check "logging-bib: bib $op $flow 192.0.2.1#$p" \
			grep -Eq "$stamp bib $op $flow 192\.0\.2\.1#$p\$" "$tmp/log"
		check "logging-session: session $op $flow ..." \
			grep -Eq "$stamp session $op $flow 64:ff9b::c633:6402#6000 192\.0\.2\.1#$p 198\.51\.100\.2#6000\$" "$tmp/log"
	done
	check "logging off: nothing logged of the flow from #5651" \
		sh -c "! grep -q '#5651 ' '$tmp/log'"
	if [ ! -d "$ev" ]; then
		note "no tracefs events of jool in this kernel: tracepoints not checked"
		return
	fi
	echo 0 >"$ev/enable"
	grep 'jool_' "$tr/trace" | sed 's/^/# /'
	check "tracepoint jool_bib: add of #5650" \
		grep -q "jool_bib: net:\[[0-9]*\] add udp 0 2001:db8:1::2#5650 192\.0\.2\.1#$p\$" "$tr/trace"
	check "tracepoint jool_session: del of #5650" \
		grep -q "jool_session: net:\[[0-9]*\] del udp 0 2001:db8:1::2#5650 192\.0\.2\.1#$p 198\.51\.100\.2#6000\$" "$tr/trace"
	check "tracepoint jool_bib with logging off: add of #5651" \
		grep -q "jool_bib: net:\[[0-9]*\] add udp 0 2001:db8:1::2#5651 192\.0\.2\.1#$p2\$" "$tr/trace"
	b3=$((${p3:-1} / 64 * 64))
	check "tracepoint jool_block: the block of #5652, $b3-$((b3 + 63))" \
		grep -q "jool_block: net:\[[0-9]*\] add udp 0 2001:db8:1::/64 192\.0\.2\.1#$b3-$((b3 + 63))\$" "$tr/trace"
}

# A session made under the default lifetime expires by the one set after
# it: the sweep reads the settings each time.
test_timeout_change() {
	[ -n "$(udp_from 5600)" ] || fail "timeouts: no UDP flow"
	check "a UDP session under the default lifetime" \
		grep -q "^udp .*#5600 .* OPEN [0-9]*[0-9][0-9]\$" "$jool/session"
	jool --udp-timeout 3 --force || fail "jool --udp-timeout 3 --force"
	t_set=$(now_ms)
	gone_by "$t_set" 0 10 "the same UDP session (udp-timeout 3 set later)" "#5600 "
}

# bib-max and session-max: at the limit a new flow is refused and counted
# as drop_table_full, while what exists keeps working (a limit of 1 is
# below what the earlier tests left, whatever expired meanwhile); a
# higher limit lets the flow in.  A second IPv4 server on an existing
# mapping needs a session and no BIB entry.
test_table_limits() {
	got=$(udp_from 5800)
	[ -n "$got" ] || { fail "table limits: no flow to start with"; return; }
	other=64:ff9b::198.51.100.3
	for key in bib-max session-max; do
		jool "--$key" 1 || fail "jool --$key 1"
		full=$(stat_of drop_table_full)
		if [ "$key" = bib-max ]; then
			new=$(udp_from 5801 --timeout 0.5)
		else
			new=$(in_client python3 "$peer" udp "$other" 6000 \
				--sport 5800 --timeout 0.5)
		fi
		check "$key 1: a new flow is refused" [ -z "$new" ]
		check "$key 1: counted in drop_table_full" \
			[ "$(stat_of drop_table_full)" -gt "$full" ]
		check "$key 1: the existing flow still works ($got)" \
			[ "$(udp_from 5800)" = "$got" ]
		jool "--$key" 100000 || fail "jool --$key 100000"
	done
	check "bib-max 100000: the new mapping is made" [ -n "$(udp_from 5801)" ]
	check "session-max 100000: the new session is made" \
		[ -n "$(in_client python3 "$peer" udp "$other" 6000 --sport 5800)" ]
	defaults
}

# Each timeout, set below RFC 6146's minimum with --force, expires the
# sessions made after it at its value.  A session's clock starts at its
# last packet, after the time taken just before it, so expiring earlier
# than the value always fails; the upper bound allows for the 2-second
# sweep and a loaded host slowing the guest (python's start-up, reading
# jool/session) and stays far below every default (60 s and more).
test_timeouts() {
	if ! { jool --icmp-timeout 4 && jool --tcp-trans-timeout 5 --force &&
		jool --tcp-est-timeout 7 --force; }; then
		fail "setting the timeouts"
	fi
	t_est=$(now_ms)
	in_client python3 "$speer" hold-tcp 5700 "$server6" 6001 40 &
	pids="$pids $!"
	poll grep -q "#5700 .* ESTABLISHED" "$jool/session" ||
		fail "timeouts: no established TCP session"
	t_udp=$(now_ms)
	[ -n "$(udp_from 5601)" ] || fail "timeouts: no UDP flow"
	t_icmp=$(now_ms)
	in_client ping -6 -c 1 -W 2 "$server6" >/dev/null || fail "timeouts: no ping"
	t_trans=$(now_ms)
	in_client python3 "$peer" tcp "$server6" 6009 --timeout 1 >/dev/null
	g_est='' g_udp='' g_icmp='' g_trans=''
	while [ $(($(now_ms) - t_trans)) -lt 40000 ]; do
		sessions=$(cat "$jool/session")
		now=$(now_ms)
		[ -n "$g_est" ] || ! gone "#5700 .* ESTABLISHED" || g_est=$now
		[ -n "$g_udp" ] || ! gone "#5601 " || g_udp=$now
		[ -n "$g_icmp" ] || ! gone "^icmp " || g_icmp=$now
		[ -n "$g_trans" ] || ! gone "#6009 V6_INIT" || g_trans=$now
		if [ -n "$g_est" ] && [ -n "$g_udp" ] && [ -n "$g_icmp" ] &&
			[ -n "$g_trans" ]; then
			break
		fi
		sleep 0.5
	done
	now=$(now_ms)
	expired "UDP session (udp-timeout 3)" $((${g_udp:-$now} - t_udp)) 3 28
	expired "ICMP session (icmp-timeout 4)" $((${g_icmp:-$now} - t_icmp)) 4 29
	expired "TCP V6_INIT session (tcp-trans-timeout 5)" \
		$((${g_trans:-$now} - t_trans)) 5 30
	expired "TCP established session (tcp-est-timeout 7)" \
		$((${g_est:-$now} - t_est)) 7 32
}

main() {
	[ "$(id -u)" = 0 ] || skip "needs root"
	[ -d "$jool/global" ] || skip "jool.ko not loaded"
	command -v python3 >/dev/null || skip "python3 missing"
	table_max="bib-max=$(cat "$jool/global/bib-max") session-max=$(cat "$jool/global/session-max")"
	defaults || { echo "not ok: defaults"; exit 1; }
	setup || { echo "not ok: setup"; exit 1; }
	t=$(now_ms)
	test_enabled
	note "enabled: $(($(now_ms) - t)) ms"; t=$(now_ms)
	test_adf
	note "adf: $(($(now_ms) - t)) ms"; t=$(now_ms)
	test_ext_tcp
	note "ext-tcp: $(($(now_ms) - t)) ms"; t=$(now_ms)
	test_icmp6_info
	test_tos
	note "icmp, tos: $(($(now_ms) - t)) ms"; t=$(now_ms)
	test_logging
	note "logging: $(($(now_ms) - t)) ms"; t=$(now_ms)
	test_table_limits
	note "table limits: $(($(now_ms) - t)) ms"; t=$(now_ms)
	test_timeout_change
	test_timeouts
	note "timeouts: $(($(now_ms) - t)) ms"
	exit $failed
}

main
