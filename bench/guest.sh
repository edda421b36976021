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
#   guest.sh PHASE...    PHASE: dp-tcp dp-tcprev dp-udp dp-masq config-a
#                        config-b config-16 alloc-ours alloc-jool alloc-16
#                        memory-ours memory-jool
#
# Environment: BENCH_PEER (directory of NAT64 Jool 4.1.9 made by
# bench/peer.sh), BENCH_ROUNDS (rounds of the config, allocation and
# memory phases, 3), BENCH_DP_ROUNDS (most rounds of a data path phase, 5),
# BENCH_T (iperf3 seconds, 2), BENCH_BUDGET (guest uptime in seconds by
# which the phases should end, 200: rounds beyond the third run only while
# they fit), BENCH_HARD (uptime after which no round starts at all, 240:
# the VM must be off within 5 minutes), BENCH_JOOL16 (seconds
# after which Jool's add of a /16 is given up, 75), BENCH_FLOWS (flows of
# the memory phase, 100000), JOOL_KO (our module, set by the VM's init),
# BENCH_TOOL (the admin tool under test, default tools/jool).
#
# Topology, translator in the initial namespace (like selftests/net/nat64.sh):
#
#   client netns bc            translator                 server netns bs
#   2001:db8:1::2/64 ---- t6 2001:db8:1::1/64
#   192.168.1.2/24           192.168.1.1/24
#                            t4 198.51.100.1/24 ---- 198.51.100.2/24
#
# NAT64 modes: the client talks to 64:ff9b::198.51.100.2, the translator
# masks with pool4 192.0.2.1.  IPv4 modes: the client talks to
# 198.51.100.2 directly (plain forwarding or MASQUERADE on t4).
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
# Set once Jool is stuck in a command we gave up on: leave it alone.
peer_stuck=0
flowgen=$top/build/bench/flowgen
cfs=/sys/kernel/config/jool
server6=64:ff9b::198.51.100.2
server4=198.51.100.2
tmp=$(mktemp -d)
pids=

jool_peer() {
	LD_LIBRARY_PATH=$peer/x/lib/x86_64-linux-gnu "$peer/x/usr/bin/jool" "$@"
}

ours() {
	sh "${BENCH_TOOL:-$top/tools/jool}" "$@"
}

result() {
	echo "R $*"
}

note() {
	echo "N $*"
}

in_c() {
	ip netns exec bc "$@"
}

in_s() {
	ip netns exec bs "$@"
}

# Time since boot, without a fork (each costs tens of ms under TCG):
# clock sets up to the seconds ("123.45") and cs to centiseconds.
clock() {
	read -r up _ </proc/uptime
	cs=${up%.*}${up#*.}
}

now() {
	clock
	echo "$up"
}

# elapsed T0: seconds since T0 (a value of now).
elapsed() {
	clock
	d=$((cs - ${1%.*}${1#*.}))
	printf '%d.%02d\n' $((d / 100)) $((d % 100))
}

# Seconds COMMAND took (its output goes to $tmp/out).
timed() {
	clock
	c0=$cs
	"$@" >"$tmp/out" 2>&1 || note "failed ($?): $* : $(head -c 300 "$tmp/out")" >&2
	clock
	d=$((cs - c0))
	printf '%d.%02d\n' $((d / 100)) $((d % 100))
}

# Kernel memory that modules allocate: slab plus vmalloc, in kB, after
# SECONDS (default 1) for kfree_rcu / call_rcu batches.
kmem() {
	sleep "${1:-1}"
	k=0
	while read -r key val _; do
		case $key in
		Slab: | VmallocUsed:) k=$((k + val)) ;;
		esac
	done </proc/meminfo
	echo "$k"
}

# MemAvailable in kB (read right after kmem, which settled things).
memavail() {
	awk '/^MemAvailable:/ { print $2 }' /proc/meminfo
}

lockups() {
	dmesg | grep -c 'soft lockup'
}

# another_round R T0: whether round R of a phase whose first round began
# at T0 should run: up to $min_rounds while one more round (as long as the
# average one so far) ends before the guest's kernel has been up $hard
# seconds, then up to $max_rounds while it ends before $budget seconds.
# The clock is the guest's uptime, so the boot itself counts: past the
# hard limit a round would take the VM past its 5 minutes, and the phase
# stops short (noted) rather than lose everything.
another_round() {
	[ "$1" -le "$max_rounds" ] || return 1
	[ "$1" -gt 1 ] || return 0
	clock
	left=$((budget - cs / 100))
	[ "$1" -gt "$min_rounds" ] || left=$((hard - cs / 100))
	per=$(((cs - ${2%.*}${2#*.}) / 100 / ($1 - 1)))
	[ "$per" -le "$left" ] && return 0
	[ "$1" -gt "$min_rounds" ] ||
		note "stopped after $(($1 - 1)) of the planned rounds: one more would take this boot past its time limit"
	return 1
}

# ---------------------------------------------------------------- modules

ours_loaded() {
	[ -d /sys/module/jool ] && [ ! -d /sys/module/jool_common ]
}

load_ours() {
	if ! ours_loaded; then
		load_ours_ko || return 1
	fi
	printf '64:ff9b::/96' >"$cfs/pool6"
}

load_ours_ko() {
	for dep in $(modinfo -F depends "$JOOL_KO" | tr ',' ' '); do
		modprobe "$dep"
	done
	insmod "$JOOL_KO"
}

unload_ours() {
	ours_loaded || return 0
	ours --pool4 --flush >/dev/null 2>&1
	printf '\n' >"$cfs/pool6" 2>/dev/null
	rmmod jool
}

load_peer() {
	modprobe x_tables && modprobe nf_defrag_ipv4 && modprobe nf_defrag_ipv6 &&
	insmod "$peer/src-6.1/src/mod/common/jool_common.ko" &&
	insmod "$peer/src-6.1/src/mod/nat64/jool.ko" &&
	jool_peer instance add --netfilter --pool6 64:ff9b::/96
}

unload_peer() {
	[ -d /sys/module/jool_common ] && [ "$peer_stuck" = 0 ] || return 0
	jool_peer instance remove >/dev/null 2>&1
	rmmod jool && rmmod jool_common
}

# Empties Jool's pool4 and BIB: a fresh instance.
reset_peer() {
	jool_peer instance remove && jool_peer instance add --netfilter --pool6 64:ff9b::/96
}

unload_all() {
	unload_ours
	unload_peer
}

# mode_on MODE / mode_off MODE for the data path modes.
mode_on() {
	case $1 in
	plain) ;;
	masq) iptables -t nat -A POSTROUTING -o t4 -j MASQUERADE ;;
	ours) load_ours && ours --pool4 --add 192.0.2.1 >/dev/null ;;
	jool)
		load_peer &&
		for p in --tcp --udp --icmp; do
			jool_peer pool4 add 192.0.2.1 61001-65535 "$p" || return 1
		done
		;;
	esac
}

mode_off() {
	case $1 in
	masq) iptables -t nat -F POSTROUTING ;;
	ours) unload_ours ;;
	jool) unload_peer ;;
	esac
}

cleanup() {
	for p in $pids; do
		kill "$p" 2>/dev/null
	done
	ip netns del bc 2>/dev/null
	ip netns del bs 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

setup() {
	ip netns add bc && ip netns add bs || return 1
	ip link add t6 type veth peer name c0 netns bc
	ip link add t4 type veth peer name s0 netns bs
	ip addr add 2001:db8:1::1/64 dev t6 nodad
	ip addr add 192.168.1.1/24 dev t6
	ip addr add 198.51.100.1/24 dev t4
	ip link set t6 up
	ip link set t4 up
	for a in 2 10 11 12 100; do
		in_c ip addr add "2001:db8:1::$a/64" dev c0 nodad
	done
	in_c ip addr add 192.168.1.2/24 dev c0
	in_c ip link set lo up
	in_c ip link set c0 up
	in_c ip -6 route add default via 2001:db8:1::1
	in_c ip route add default via 192.168.1.1
	in_s ip addr add 198.51.100.2/24 dev s0
	in_s ip link set lo up
	in_s ip link set s0 up
	in_s ip route add default via 198.51.100.1
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

# ---------------------------------------------------------------- data path

# Numbers from iperf3's text summary (JSON would need python3, which
# costs seconds per start under TCG).  tcp: Mbit/s at the receiver;
# pps: UDP datagrams received per second.
parse() {
	awk -v what="$2" '
	/receiver/ {
		for (i = 1; i <= NF; i++) {
			if ($i ~ /bits\/sec$/) {
				v = $(i - 1)
				u = substr($i, 1, 1)
				bw = u == "G" ? v * 1000 : u == "M" ? v : u == "K" ? v / 1000 : v / 1e6
			}
			if ($i == "sec") {
				split($(i - 1), iv, "-")
				secs = iv[2] - iv[1]
			}
			if ($i ~ /^[0-9]+\/[0-9]+$/) {
				split($i, lt, "/")
				got = lt[2] - lt[1]
			}
		}
	}
	END {
		if (what == "tcp") printf "%.3f\n", bw
		else if (secs > 0) printf "%.1f\n", got / secs
		else print "nan"
	}' "$1"
}

# Busy, total and softirq jiffies of all CPUs.
cpustat() {
	awk '/^cpu / { t = 0; for (i = 2; i <= NF; i++) t += $i; print t - $5 - $6, t, $8 }' /proc/stat
}

iperf() {
	in_c iperf3 -c "$dst" -p 5201 -t "$secs" -f m "$@" >"$tmp/j" 2>&1
}

# TCP: the first second (slow start) is left out of the figure.
iperf_tcp() {
	iperf -O 1 "$@"
}

# datapath_round MODE ROUND [LABEL]: the tests of $tests in one mode;
# samples are recorded under LABEL (default MODE).
datapath_round() {
	mode=$1 r=$2 label=${3:-$1}
	case $mode in
	ours | jool) dst=$server6 ;;
	*) dst=$server4 ;;
	esac
	if ! mode_on "$mode"; then
		note "data path: mode $mode failed to start in round $r"
		mode_off "$mode"
		return
	fi
	for test in $tests; do
		case $test in
		tcp) iperf_tcp && result dp tcp_mbps "$label" "$r" "$(parse "$tmp/j" tcp)" ;;
		tcprev) iperf_tcp -R && result dp tcp_rev_mbps "$label" "$r" "$(parse "$tmp/j" tcp)" ;;
		udpmax) iperf -u -b 0 -l 64 && result dp udp_max_pps "$label" "$r" "$(parse "$tmp/j" pps)" ;;
		udpfixed)
			# 1000 packets/s of 256 bytes, CPU of the whole guest.
			# shellcheck disable=SC2046
			set -- $(cpustat)
			iperf -u -b 2048k -l 256 && {
				# shellcheck disable=SC2046
				set -- "$@" $(cpustat)
				result dp udp_fixed_pps "$label" "$r" "$(parse "$tmp/j" pps)"
				result dp udp_fixed_cpu_pct "$label" "$r" \
					"$(awk -v b="$4" -v a="$1" -v T="$5" -v t="$2" 'BEGIN { printf "%.1f", 100 * (b - a) / (T - t) }')"
				result dp udp_fixed_sirq_pct "$label" "$r" \
					"$(awk -v b="$6" -v a="$3" -v T="$5" -v t="$2" 'BEGIN { printf "%.1f", 100 * (b - a) / (T - t) }')"
			}
			;;
		esac
	done
	mode_off "$mode"
}

# datapath MODE...: 3 to $dp_rounds rounds (see another_round), the
# modes interleaved in each round.
datapath() {
	unload_all
	min_rounds=3 max_rounds=$dp_rounds
	r=1
	t_rounds=$(now)
	while another_round "$r" "$t_rounds"; do
		for mode in "$@"; do
			case $mode in
			plain2) datapath_round plain "$r" plain2 ;;
			*) datapath_round "$mode" "$r" ;;
			esac
		done
		r=$((r + 1))
	done
	note "data path ($tests; $*): $((r - 1)) rounds of iperf3 -t $secs"
}

# One test per boot (two for UDP): under TCG one iperf3 run costs 5-10 s
# besides its own duration, and a loaded host doubles that.
phase_dp_tcp() {
	tests="tcp"
	datapath plain ours jool
}

phase_dp_tcprev() {
	tests="tcprev"
	datapath plain ours jool
}

phase_dp_udp() {
	tests="udpmax udpfixed"
	datapath plain ours jool
}

# MASQUERADE loads conntrack, which then stays: its own boot, with its
# own plain-forwarding samples (mode plain2) to divide by.
phase_dp_masq() {
	tests="tcp tcprev udpmax udpfixed"
	datapath plain2 masq
}

# ---------------------------------------------------------------- config scale

# prefix_of LEN: the benchmarking-range prefix of that length.
prefix_of() {
	case $1 in
	32) echo 198.18.0.1 ;;
	*) echo "198.18.0.0/$1" ;;
	esac
}

# jool_bounded ARGS...: Jool's command, given up after $jool16_limit
# seconds or when the boot's budget is spent (its add of a /16 keeps a CPU
# busy in the kernel for tens of seconds without rescheduling).  Sets t to
# the seconds it took; false when given up, and Jool is then left alone
# for the rest of the boot.
jool_bounded() {
	t0=$(now)
	limit=$(awk -v l="$jool16_limit" -v now="$t0" -v b="$hard" \
		'BEGIN { left = b - now; if (left < 10) left = 10; print left < l ? left : l }')
	jool_peer "$@" >"$tmp/out" 2>&1 &
	jp=$!
	while kill -0 "$jp" 2>/dev/null; do
		if awk -v t0="$t0" -v now="$(now)" -v l="$limit" \
			'BEGIN { exit !(now - t0 > l) }'; then
			peer_stuck=1
			note "config: Jool's '$*' still running after $limit s: given up, Jool left alone for the rest of the boot"
			return 1
		fi
		sleep 0.2
	done
	wait "$jp" || note "failed: jool $* : $(head -c 300 "$tmp/out")"
	t=$(elapsed "$t0")
}

# jool_cfg LEN ARGS...: time one of Jool's commands into t, bounded for
# the /16.
jool_cfg() {
	if [ "$1" = 16 ]; then
		shift
		jool_bounded "$@"
	else
		shift
		t=$(timed jool_peer "$@")
	fi
}

# config_one TOOL LEN ROUND: add, display, count, flush one prefix.
config_one() {
	tool=$1 len=$2 r=$3
	p=$(prefix_of "$len")
	m0=$(kmem 0.3)
	if [ "$tool" = ours ]; then
		t=$(timed ours --pool4 --add --udp --force "$p" 61001-65535)
	elif ! jool_cfg "$len" pool4 add "$p" 61001-65535 --udp --force; then
		result cfg "add_timeout_s_/$len" jool "$r" "$limit"
		return 1
	fi
	result cfg "add_s_/$len" "$tool" "$r" "$t"
	m1=$(kmem 0.3)
	result cfg "kmem_kB_/$len" "$tool" "$r" "$((m1 - m0))"
	if [ "$tool" = ours ]; then
		result cfg "display_s_/$len" ours "$r" "$(timed ours --pool4 --display)"
		result cfg "display_lines_/$len" ours "$r" "$(wc -l <"$tmp/out")"
		result cfg "csv_s_/$len" ours "$r" "$(timed ours --pool4 --display --csv)"
		result cfg "count_s_/$len" ours "$r" "$(timed ours --pool4 --count)"
		result cfg "flush_s_/$len" ours "$r" "$(timed ours --pool4 --flush)"
	else
		jool_cfg "$len" pool4 display --udp || return 1
		result cfg "display_s_/$len" jool "$r" "$t"
		result cfg "display_lines_/$len" jool "$r" "$(wc -l <"$tmp/out")"
		jool_cfg "$len" pool4 display --udp --csv || return 1
		result cfg "csv_s_/$len" jool "$r" "$t"
		jool_cfg "$len" pool4 flush || return 1
		result cfg "flush_s_/$len" jool "$r" "$t"
	fi
}

# config_rounds LEN...: $rounds rounds of ours then Jool for each LEN.
config_rounds() {
	min_rounds=$rounds max_rounds=$rounds
	r=1
	t_rounds=$(now)
	while another_round "$r" "$t_rounds"; do
		for tool in ours jool; do
			use "$tool" || continue
			for len in "$@"; do
				config_one "$tool" "$len" "$r"
			done
		done
		r=$((r + 1))
	done
}

# use TOOL: load TOOL's module, unloading the other (both are jool.ko).
use() {
	if [ "$1" = ours ]; then
		unload_peer
		load_ours || { note "config: cannot load ours"; return 1; }
	else
		unload_ours
		load_peer || { note "config: cannot load Jool"; return 1; }
	fi
}

phase_config_a() {
	config_rounds 32 24
	unload_all
}

phase_config_b() {
	config_rounds 20 18
	unload_all
}

# Our /16, then Jool's once (it took 52 s and reported soft lockups
# before), bounded: once given up, Jool stays busy in the kernel until the
# end of the boot.  Soft lockups are counted per translator: this is the
# boot where selftests/vm/run.sh's verdict on them is left to the report.
phase_config_16() {
	l0=$(lockups)
	use ours &&
	for r in $(seq "$rounds"); do
		config_one ours 16 "$r"
	done
	l1=$(lockups)
	[ "$l1" = "$l0" ] || note "config: $((l1 - l0)) soft lockup reports during our commands on /16"
	use jool && config_one jool 16 1
	l2=$(lockups)
	[ "$l2" = "$l1" ] || note "config: $((l2 - l1)) soft lockup reports during Jool's commands on /16"
	note "config: Jool's /16 measured once (bounded by $jool16_limit s and the boot's budget), ours $rounds times"
	unload_all
}

# ---------------------------------------------------------------- allocation

bib_count() {
	if [ "$1" = ours ]; then
		timeout 60 wc -l <"$cfs/bib"
	else
		jool_peer stats display | awk '$1 == "JSTAT_BIB_ENTRIES:" { n = $2 } END { print n + 0 }'
	fi
}

# Packets sent to the server on t4 (flowgen's, translated; ARP adds one
# now and then): the same measure for every translator, and no fork.
tx_to_server() {
	read -r tx </sys/class/net/t4/statistics/tx_packets
}

# offer SRC FIRST_SPORT COUNT: new flows; sets got (translated) and secs.
offer() {
	tx_to_server
	tx0=$tx
	out=$(in_c "$flowgen" "$1" "$server6" 9 "$2" "$3") || note "flowgen failed: $out"
	sleep 0.2	# what is still queued
	tx_to_server
	got=$((tx - tx0))
	[ "$got" -le "$3" ] || got=$3
	secs=${out##* }
}

# send_flows N: N new flows from hosts ::10, ::11, ::12 (50000 flows per
# host at most, their source ports counted in fill_used_*).
send_flows() {
	need=$1
	for h in 10 11 12; do
		[ "$need" -gt 0 ] || return 0
		used=0
		eval "used=\${fill_used_$h:-0}"
		[ "$used" -lt 50000 ] || continue
		n=$need
		[ "$n" -le $((50000 - used)) ] || n=$((50000 - used))
		in_c "$flowgen" "2001:db8:1::$h" "$server6" 9 $((1024 + used)) "$n" >/dev/null
		eval "fill_used_$h=$((used + n))"
		need=$((need - n))
	done
}

# fill TARGET: new flows until $occupied (flows translated since the pool
# was made, each a BIB entry) reaches TARGET.
fill() {
	tx_to_server
	tx0=$tx
	send_flows $(($1 - occupied))
	sleep 0.2
	tx_to_server
	occupied=$((occupied + tx - tx0))
}

pool_shape() {
	tool=$1 shape=$2
	case $shape in
	1addr) p=192.0.2.1 ports=32768-65535 size=32768 ;;
	p24) p=198.18.0.0/24 ports=1024-1151 size=32768 ;;
	p16) p=198.18.0.0/16 ports=1024-1024 size=65536 ;;
	esac
	if [ "$tool" = ours ]; then
		ours --pool4 --add --udp --force "$p" "$ports" >/dev/null
	else
		jool_peer pool4 add "$p" "$ports" --udp --force >/dev/null
	fi
}

alloc_measure() {
	tool=$1 shape=$2 occ=$3 n=$4
	r=1
	while [ "$r" -le "$rounds" ]; do
		offer 2001:db8:1::100 "$sport" "$n"
		sport=$((sport + n))
		occupied=$((occupied + got))
		result alloc "flows_per_s_${shape}_$occ" "$tool" "$r" \
			"$(awk -v a="$got" -v s="$secs" 'BEGIN { printf "%.0f", a / s }')"
		result alloc "translated_pct_${shape}_$occ" "$tool" "$r" \
			"$(awk -v a="$got" -v n="$n" 'BEGIN { printf "%.1f", 100 * a / n }')"
		r=$((r + 1))
	done
}

pool_reset() {
	if [ "$1" = ours ]; then
		ours --pool4 --flush >/dev/null
	else
		reset_peer >/dev/null
	fi
}

# alloc_tool TOOL SHAPE...: new-flow rate at 0, 90 and 99 % occupancy,
# 300 flows per round (100 at 99 %, whose 1 % free must last 3 rounds).
alloc_tool() {
	tool=$1
	shift
	t_shapes=$(now)
	n_shapes=1
	for shape in "$@"; do
		min_rounds=99 max_rounds=99
		another_round "$n_shapes" "$t_shapes" || {
			note "alloc: $tool's $shape pool not measured: no time left in this boot"
			continue
		}
		n_shapes=$((n_shapes + 1))
		unset fill_used_10 fill_used_11 fill_used_12
		sport=1024 occupied=0
		pool_shape "$tool" "$shape"
		alloc_measure "$tool" "$shape" 0 300
		for occ in 90 99; do
			fill $((size * occ / 100))
			result alloc "occupancy_pct_${shape}_$occ" "$tool" 1 \
				"$(awk -v a="$occupied" -v s="$size" 'BEGIN { printf "%.1f", 100 * a / s }')"
			if [ "$occ" = 90 ]; then
				alloc_measure "$tool" "$shape" 90 300
			else
				alloc_measure "$tool" "$shape" 99 100
			fi
		done
		pool_reset "$tool"
	done
}

# 150 new flows offered to a pool of 100 ports.
alloc_150() {
	tool=$1
	r=1
	while [ "$r" -le "$rounds" ]; do
		if [ "$tool" = ours ]; then
			ours --pool4 --add --udp 192.0.2.1 61001-61100 >/dev/null
		else
			jool_peer pool4 add 192.0.2.1 61001-61100 --udp >/dev/null
		fi
		offer 2001:db8:1::2 $((2000 + r * 200)) 150
		result alloc 150_to_100_translated "$tool" "$r" "$got"
		result alloc 150_to_100_dropped "$tool" "$r" $((150 - got))
		pool_reset "$tool"
		r=$((r + 1))
	done
}

# alloc TOOL SHAPE...: one translator (compared with its own empty pool
# in the same boot).
phase_alloc() {
	unload_all
	use "$1" && alloc_tool "$@"
	unload_all
}

# The /16 (65536 x 1 port) for ours only: Jool's add of a /16 keeps it
# busy for about a minute with soft lockups (see config-16).  Then 150
# flows to 100 ports, both.
phase_alloc_16() {
	phase_alloc ours p16
	note "alloc: Jool's /16 pool not measured: adding a /16 keeps Jool busy for about a minute with soft lockups (see the configuration scale)"
	for tool in ours jool; do
		use "$tool" && alloc_150 "$tool"
	done
	unload_all
}

# ---------------------------------------------------------------- memory

# memory TOOL: $BENCH_FLOWS flows in $rounds rounds of a share each, into
# one BIB: every round measures the bytes of the entries it added, the
# last one ends with the BIB at $BENCH_FLOWS entries.  The module is loaded
# afresh (empty BIB, its slab caches made anew).  Entries created = flows
# translated (each flow a new source transport address).
phase_memory() {
	tool=$1 flows=${BENCH_FLOWS:-100000}
	echo "I mem_flows $flows"
	unload_all
	use "$tool" || return 1
	if [ "$tool" = ours ]; then
		ours --pool4 --add --udp 198.18.0.0/24 1024-65535 >/dev/null
	else
		jool_peer pool4 add 198.18.0.0/24 1024-65535 --udp >/dev/null
	fi
	unset fill_used_10 fill_used_11 fill_used_12
	min_rounds=$rounds max_rounds=$rounds
	r=1
	t_rounds=$(now)
	while another_round "$r" "$t_rounds"; do
		m0=$(kmem)
		a0=$(memavail)
		tx_to_server
		tx0=$tx
		t0=$(now)
		send_flows $((flows * r / rounds - flows * (r - 1) / rounds))
		t=$(elapsed "$t0")
		m1=$(kmem)
		a1=$(memavail)
		tx_to_server
		b=$((tx - tx0))
		result mem flows "$tool" "$r" "$b"
		result mem fill_s "$tool" "$r" "$t"
		result mem bytes_per_flow "$tool" "$r" \
			"$(awk -v m=$((m1 - m0)) -v b="$b" 'BEGIN { if (b > 0) printf "%.0f", m * 1024 / b; else print "nan" }')"
		result mem avail_bytes_per_flow "$tool" "$r" \
			"$(awk -v m=$((a0 - a1)) -v b="$b" 'BEGIN { if (b > 0) printf "%.0f", m * 1024 / b; else print "nan" }')"
		r=$((r + 1))
	done
	echo "I mem_bib_$tool $(bib_count "$tool")"
	unload_all
}

# ---------------------------------------------------------------- main

[ "$(id -u)" = 0 ] || { echo "guest.sh: needs root" >&2; exit 1; }
[ -x "$flowgen" ] || { echo "guest.sh: $flowgen missing" >&2; exit 1; }
[ -r "$peer/src-6.1/src/mod/nat64/jool.ko" ] || { echo "guest.sh: run bench/peer.sh first" >&2; exit 1; }
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
	dp-masq) phase_dp_masq ;;
	config-a) phase_config_a ;;
	config-b) phase_config_b ;;
	config-16) phase_config_16 ;;
	alloc-ours) phase_alloc ours 1addr p24 ;;
	alloc-jool) phase_alloc jool 1addr p24 ;;
	alloc-16) phase_alloc_16 ;;
	memory-ours) phase_memory ours ;;
	memory-jool) phase_memory jool ;;
	*) echo "guest.sh: unknown phase $phase" >&2; exit 64 ;;
	esac
	echo "I phase_s_$phase $(elapsed "$phase_t0")"
done
unload_all
n=$(dmesg | grep -c 'soft lockup')
[ "$n" = 0 ] || note "the guest kernel logged $n soft lockup(s): $(dmesg | grep 'soft lockup' | sed 's/.*\] //' | sort -u | tr '\n' ';')"
echo "I done"
exit 0
