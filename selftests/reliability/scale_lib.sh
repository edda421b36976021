# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0
#
# Shared by the scale, unload, teardown and flood tests (sourced): the
# topology of selftests/lib/topology.sh with links of their own, TAP
# results with the measured figures as comments, and jool's gauges.
#
#   client netns (IPv6 only)      translator (init netns)      server netns
#   2001:db8:1::2/64  rc0 ------ r6  2001:db8:1::1/64
#   (+ ::100 ::101)                  pool6 64:ff9b::/96, pool4 192.0.2.0/24
#                                r4 198.51.100.1/24 ------ rs0 198.51.100.2/24
#
# The server drops UDP to port 9 (the fill and flood target) without
# answering, so that no ICMP error comes back for each flow.

# Functions called only through traps or indirectly:
# shellcheck disable=SC2317
ksft_skip=4
jool=/sys/kernel/config/jool
server6=64:ff9b::198.51.100.2
top=${JOOL_TOP:-$here/../..}
peer=$top/selftests/net/nat64_peer.py
# Built by make into OUTPUT (exported when given to make run_tests).
flowgen=${OUTPUT:-$top/build/selftests/reliability}/flowgen
[ -x "$flowgen" ] || flowgen=$here/flowgen
pids=
# shellcheck source=selftests/lib/tap.sh
. "$top/selftests/lib/tap.sh"
# shellcheck source=selftests/lib/topology.sh
. "$top/selftests/lib/topology.sh"
# shellcheck source=selftests/lib/records.sh
. "$top/selftests/lib/records.sh"
# shellcheck source=selftests/lib/poll.sh
. "$top/selftests/lib/poll.sh"
# The scale tests wait up to 10 s (a loaded guest is slow to answer).
poll_tries=20

note() {
	printf '# %s\n' "$*"
}

# Milliseconds since boot.
ms() {
	awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime
}

ok() {
	tap_result 0 "$*"
}

not_ok() {
	tap_result 1 "$*"
}

# check DESCRIPTION COMMAND...: a result from COMMAND's exit status.
check() {
	d=$1
	shift
	"$@"
	tap_result $? "$d"
}

# skip_all REASON: the whole test is skipped (kselftest convention).
skip_all() {
	echo "1..0 # SKIP $*"
	exit $ksft_skip
}

finish() {
	tap_plan
	[ "$tap_failed" = 0 ]
	exit $?
}

# Slab: and MemAvailable: of /proc/meminfo, in kB.
meminfo() {
	sed -n "s/^$1: *\([0-9]*\) kB/\1/p" /proc/meminfo
}

in_c() {
	ip netns exec "$cns" "$@"
}

in_s() {
	ip netns exec "$sns" "$@"
}

# rec NAME MARK PROTO PREFIX PORTS [QUICK]: an enabled pool4 record.
rec() {
	d=$jool/pool4/rel-$1
	shift
	pool4_record "$d" "$@"
}

# The pool4 records pin the module: rmmod needs them gone.
unrec_all() {
	for d in "$jool"/pool4/rel-*; do
		[ -d "$d" ] && rmdir "$d"
	done
}

# Every process of the namespaces: a server started through a function
# survives "kill $!" and would keep kselftest's runner waiting for EOF.
kill_ns() {
	for ns in "$@"; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null
	done
}

cleanup() {
	for p in $pids; do
		kill "$p" 2>/dev/null
	done
	kill_ns "$cns" "$sns"
	# Now, not when the namespaces' cleanup gets to them: the next test
	# makes links of the same names.
	ip link del r6 2>/dev/null
	ip link del r4 2>/dev/null
	ip netns del "$cns" 2>/dev/null
	ip netns del "$sns" 2>/dev/null
	ip6tables -t mangle -F PREROUTING 2>/dev/null
	[ -d "$jool" ] || return 0
	unrec_all
	[ -e "$jool/pool6" ] && printf '\n' >"$jool/pool6"
	session_timeout icmp 60
	session_timeout udp 300
	subscriber_limits 64 4096 1024
}

# subscriber_limits PREFIX_LENGTH BIB_ENTRIES SESSIONS: the per-subscriber
# limits (cleanup puts back the defaults).
subscriber_limits() {
	[ -w "$jool/global/subscriber-prefix-length" ] || return 0
	printf '%s\n' "$1" >"$jool/global/subscriber-prefix-length" &&
	printf '%s\n' "$2" >"$jool/global/maximum-bib-per-subscriber" &&
	printf '%s\n' "$3" >"$jool/global/maximum-sessions-per-bib"
}

# bib_of PREFIX: the UDP BIB entries of the IPv6 addresses starting so.
bib_of() {
	grep -c "^udp 0 $1" /proc/net/jool/bib
}

# grew NAME BEFORE: how much the counter NAME grew since BEFORE.
grew() {
	echo $(($(stat_of "$1") - $2))
}

# session_timeout PROTO VALUE: the translator's session lifetime of PROTO
# (udp, icmp), so that a test waits seconds for state to expire, not the
# default minutes ("N force" goes below RFC 6146's minimum); cleanup puts
# back the defaults.
session_timeout() {
	[ ! -w "$jool/global/$1-timeout" ] ||
		printf '%s\n' "$2" >"$jool/global/$1-timeout"
}

# topology SUFFIX: the namespaces and links; pool6.
topology() {
	cns=relc-$1
	sns=rels-$1
	nat64_topology "$cns" "$sns" r6 rc0 r4 rs0 "2 100 101" || return 1
	in_s iptables -A INPUT -p udp --dport 9 -j DROP
	sysctl -qw net.ipv4.conf.all.forwarding=1 net.ipv6.conf.all.forwarding=1
	printf '64:ff9b::/96' >"$jool/pool6"
}

# servers: the UDP and TCP echo peers, iperf3.
servers() {
	# Quiet: the shell would print "Killed" when a test kills them.
	in_s python3 "$peer" serve-udp 5000 2>/dev/null & pids="$pids $!"
	in_s python3 "$peer" serve-tcp 5001 2>/dev/null & pids="$pids $!"
	in_s iperf3 -s -p 5201 >/dev/null 2>&1 & pids="$pids $!"
	poll in_s sh -c 'ss -ltn | grep -q :5201' &&
	poll in_s sh -c 'ss -lun | grep -q :5000'
}

# The answer ("addr port") of one UDP exchange with the echo peer.
udp_from() {
	in_c python3 "$peer" udp "$server6" 5000 --src "$@"
}

# needs TOOL...: skips the test when a tool is missing.
needs() {
	for t in "$@"; do
		command -v "$t" >/dev/null || skip_all "$t missing"
	done
}

common_checks() {
	[ "$(id -u)" = 0 ] || skip_all "needs root"
	[ -d "$jool" ] || skip_all "jool.ko not loaded"
	needs python3 iperf3 iptables ip6tables ping
	[ -x "$flowgen" ] || skip_all "$flowgen missing (make -C selftests/reliability)"
}
