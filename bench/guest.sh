#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside one VM boot (selftests/vm/run.sh) and prints one line per
# sample for bench/report.py:
#
#   R SECTION METRIC MODE ROUND VALUE
#   N free text (a note that goes into the report)
#
#   I key value (information: kernel, vCPUs, rounds, durations)
#
#   guest.sh PHASE...    PHASE: dp-tcp dp-tcprev dp-udp dp-udprev dp-masq config-a
#                        config-b config-16 alloc-ours alloc-jool alloc-16
#                        memory-ours memory-jool newflow profile
#
#   P begin NAME, lines of a file, P end NAME (profile: see
#   bench/guest/profile.sh)
#
# Environment: BENCH_PEER (directory of NAT64 Jool 4.1.9 made by
# bench/peer.sh), BENCH_ROUNDS (rounds of the config, allocation and
# memory phases, 3), BENCH_DP_ROUNDS (most rounds of a data path phase, 5),
# BENCH_T (iperf3 seconds, 2), BENCH_BUDGET (guest uptime in seconds by
# which the phases should end, 200: rounds beyond the third run only while
# they fit), BENCH_HARD (uptime after which no round starts at all, 240:
# the VM must be off within 5 minutes), BENCH_JOOL16 (seconds
# after which Jool's add of a /16 is given up, 75), BENCH_FLOWS (flows of
# the memory phase, 100000), BENCH_NEWFLOWS (flows per generator and
# round of the new-flow phase, 20000), JOOL_KO (our module, set by the
# VM's init), BENCH_TOOL (the admin tool under test, default tools/jool),
# BENCH_PROFILE_* (bench/guest/profile.sh).
#
# Topology, translator in the initial namespace (like selftests/net/nat64.sh):
#
#   client netns bc            translator                 server netns bs
#   2001:db8:1::2/64 ---- t6 2001:db8:1::1/64
#   192.168.1.2/24           192.168.1.1/24
#                            t4 198.51.100.1/24 ---- 198.51.100.2/24
#                               2001:db8:2::1/64     2001:db8:2::2/64
#
# NAT64 modes: the client talks to 64:ff9b::198.51.100.2, the translator
# masks with pool4 192.0.2.1.  IPv4 modes: the client talks to
# 198.51.100.2 directly (plain forwarding or MASQUERADE on t4).  IPv6
# forwarding (mode plain6): the client talks to 2001:db8:2::2, so that
# the client's own IPv6 send costs the same as through the translator.
#
# The phases live in bench/guest/ (one file per family, sourced), their
# helpers in bench/guest/common.sh and the translators' setup in
# bench/guest/modules.sh.
# Functions called only through the EXIT trap or indirectly:
# shellcheck disable=SC2317
set -u
top=$(pwd)
peer=${BENCH_PEER:-$HOME/.cache/jool-bench}
rounds=${BENCH_ROUNDS:-3}
dp_rounds=${BENCH_DP_ROUNDS:-5}
secs=${BENCH_T:-2}
budget=${BENCH_BUDGET:-200}
hard=${BENCH_HARD:-240}
jool16_limit=${BENCH_JOOL16:-75}
flowgen=$top/build/bench/flowgen
cfs=/sys/kernel/config/jool
server6=64:ff9b::198.51.100.2
server4=198.51.100.2
server6fwd=2001:db8:2::2
tmp=$(mktemp -d)
# Exists once Jool is stuck in a command we gave up on: leave it alone.
peer_stuck=$tmp/peer_stuck
pids=
# The guest's output, for notes of functions whose stdout is a result.
exec 3>&1

# shellcheck source=selftests/lib/topology.sh
. "$top/selftests/lib/topology.sh"
# shellcheck source=bench/guest/common.sh
. "$top/bench/guest/common.sh"
# shellcheck source=bench/guest/modules.sh
. "$top/bench/guest/modules.sh"
# shellcheck source=bench/guest/datapath.sh
. "$top/bench/guest/datapath.sh"
# shellcheck source=bench/guest/config.sh
. "$top/bench/guest/config.sh"
# shellcheck source=bench/guest/alloc.sh
. "$top/bench/guest/alloc.sh"
# shellcheck source=bench/guest/memory.sh
. "$top/bench/guest/memory.sh"
# shellcheck source=bench/guest/newflow.sh
. "$top/bench/guest/newflow.sh"
# shellcheck source=bench/guest/profile.sh
. "$top/bench/guest/profile.sh"

cleanup() {
	for p in $pids; do
		kill "$p" 2>/dev/null
	done
	ip netns del bc 2>/dev/null
	ip netns del bs 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

# selftests/lib/topology.sh's namespaces, plus IPv4 on the client's link
# for the plain forwarding and MASQUERADE modes and IPv6 on the server's
# for IPv6 forwarding.
setup() {
	nat64_topology bc bs t6 c0 t4 s0 "2 10 11 12 100" || return 1
	ip addr add 192.168.1.1/24 dev t6
	in_c ip addr add 192.168.1.2/24 dev c0
	in_c ip route add default via 192.168.1.1
	ip addr add 2001:db8:2::1/64 dev t4 nodad
	in_s ip addr add "$server6fwd/64" dev s0 nodad
	in_s ip -6 route add default via 2001:db8:2::1
	sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
	# flowgen's packets end at the server without ICMP errors coming back.
	in_s iptables -A INPUT -p udp --dport 9 -j DROP
	in_s iperf3 -s -p 5201 >/dev/null 2>&1 &
	pids="$pids $!"
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		in_s ss -ltn | grep -q :5201 && return 0
		sleep 0.5
	done
	return 1
}


[ "$(id -u)" = 0 ] || { echo "guest.sh: needs root" >&2; exit 1; }
[ -x "$flowgen" ] || { echo "guest.sh: $flowgen missing" >&2; exit 1; }
# The profile needs the peer only for its mode jool.
if [ "$*" = profile ]; then
	case ,$prof_modes, in
	*,jool,*) ;;
	*) peer= ;;
	esac
fi
[ -z "$peer" ] || [ -r "$peer/src-6.1/src/mod/nat64/jool.ko" ] ||
	{ echo "guest.sh: run bench/peer.sh first" >&2; exit 1; }
setup || { echo "guest.sh: setup failed" >&2; exit 1; }
# Jool's /16 adds stall a CPU for tens of seconds: a soft lockup of the
# peer is a result to report, not a reason to end the boot.
sysctl -qw kernel.softlockup_panic=0
echo "I kernel $(uname -r)"
echo "I vcpus $(nproc)"
echo "I cpu $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
echo "I iperf_s $secs"
for phase in "$@"; do
	phase_t0=$(now)
	case $phase in
	dp-tcp) phase_dp_tcp ;;
	dp-tcprev) phase_dp_tcprev ;;
	dp-udp) phase_dp_udp ;;
	dp-udprev) phase_dp_udprev ;;
	dp-masq) phase_dp_masq ;;
	config-a) phase_config_a ;;
	config-b) phase_config_b ;;
	config-16) phase_config_16 ;;
	alloc-ours) phase_alloc ours 1addr p24 ;;
	alloc-jool) phase_alloc jool 1addr p24 ;;
	alloc-16) phase_alloc_16 ;;
	memory-ours) phase_memory ours ;;
	memory-jool) phase_memory jool ;;
	newflow) phase_newflow ;;
	profile) phase_profile ;;
	*) echo "guest.sh: unknown phase $phase" >&2; exit 64 ;;
	esac
	echo "I phase_s_$phase $(elapsed "$phase_t0")"
done
unload_all
n=$(dmesg | grep -c 'soft lockup')
[ "$n" = 0 ] || note "the guest kernel logged $n soft lockup(s): $(dmesg | grep 'soft lockup' | sed 's/.*\] //' | sort -u | tr '\n' ';')"
echo "I done"
exit 0
