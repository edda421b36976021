#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside one VM boot (selftests/vm/run.sh) and prints one line per
# sample for bench/report.py:
#
#   R SECTION METRIC MODE ROUND VALUE
#   N free text (a note that goes into the report)
#
#   guest.sh PHASE...    PHASE: dp-tcp dp-udp dp-masq config-small config-16
#                        alloc memory
#
# Environment: BENCH_PEER (directory of NAT64 Jool 4.1.9 made by
# bench/peer.sh), BENCH_ROUNDS (3), BENCH_T (iperf3 seconds, 2),
# JOOL_KO (our module, set by the VM's init),
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
secs=${BENCH_T:-2}
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

now() {
	date +%s.%N
}

elapsed() {
	awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.4f", b - a }'
}

# Seconds COMMAND took (its output goes to $tmp/out).
timed() {
	t0=$(now)
	"$@" >"$tmp/out" 2>&1 || note "failed ($?): $* : $(head -c 300 "$tmp/out")"
	elapsed "$t0"
}

# Kernel memory that modules allocate: slab plus vmalloc, in kB.
kmem() {
	sync
	sleep 1	# kfree_rcu / call_rcu batches
	awk '/^Slab:|^VmallocUsed:/ { s += $2 } END { print s }' /proc/meminfo
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
	[ -d /sys/module/jool_common ] || return 0
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

# Busy jiffies and total jiffies of all CPUs.
cpustat() {
	awk '/^cpu / { t = 0; for (i = 2; i <= NF; i++) t += $i; print t - $5 - $6, t }' /proc/stat
}

iperf() {
	in_c iperf3 -c "$dst" -p 5201 -t "$secs" -f m "$@" >"$tmp/j" 2>&1
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
		tcp) iperf && result dp tcp_mbps "$label" "$r" "$(parse "$tmp/j" tcp)" ;;
		tcprev) iperf -R && result dp tcp_rev_mbps "$label" "$r" "$(parse "$tmp/j" tcp)" ;;
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
					"$(awk -v b="$3" -v a="$1" -v T="$4" -v t="$2" 'BEGIN { printf "%.1f", 100 * (b - a) / (T - t) }')"
			}
			;;
		esac
	done
	mode_off "$mode"
}

# datapath MODE...: $rounds rounds, the modes interleaved in each round.
datapath() {
	unload_all
	r=1
	while [ "$r" -le "$rounds" ]; do
		for mode in "$@"; do
			case $mode in
			plain2) datapath_round plain "$r" plain2 ;;
			*) datapath_round "$mode" "$r" ;;
			esac
		done
		r=$((r + 1))
	done
}

# Three boots' worth: under TCG one iperf3 run costs 5-10 s besides its
# own duration, so all tests of all modes do not fit in one 5-minute boot.
phase_dp_tcp() {
	tests="tcp tcprev"
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

config_one() {
	tool=$1 len=$2 r=$3
	p=$(prefix_of "$len")
	m0=$(kmem)
	if [ "$tool" = ours ]; then
		t=$(timed ours --pool4 --add --udp --force "$p" 61001-65535)
	else
		t=$(timed jool_peer pool4 add "$p" 61001-65535 --udp --force)
	fi
	result cfg "add_s_/$len" "$tool" "$r" "$t"
	dmesg | grep -q 'soft lockup' &&
		note "config: soft lockup during $tool add of /$len"
	m1=$(kmem)
	result cfg "kmem_kB_/$len" "$tool" "$r" "$((m1 - m0))"
	if [ "$tool" = ours ]; then
		result cfg "display_s_/$len" "$tool" "$r" "$(timed ours --pool4 --display)"
		result cfg "display_lines_/$len" "$tool" "$r" "$(wc -l <"$tmp/out")"
		result cfg "csv_s_/$len" "$tool" "$r" "$(timed ours --pool4 --display --csv)"
		result cfg "count_s_/$len" "$tool" "$r" "$(timed ours --pool4 --count)"
		result cfg "flush_s_/$len" "$tool" "$r" "$(timed ours --pool4 --flush)"
	else
		result cfg "display_s_/$len" "$tool" "$r" "$(timed jool_peer pool4 display --udp)"
		result cfg "display_lines_/$len" "$tool" "$r" "$(wc -l <"$tmp/out")"
		result cfg "csv_s_/$len" "$tool" "$r" "$(timed jool_peer pool4 display --udp --csv)"
		result cfg "flush_s_/$len" "$tool" "$r" "$(timed jool_peer pool4 flush)"
	fi
}

config_phase() {
	r=1
	while [ "$r" -le "$rounds" ]; do
		for tool in ours jool; do
			if [ "$tool" = ours ]; then
				unload_peer
				load_ours || note "config: cannot load ours"
			else
				unload_ours
				load_peer || note "config: cannot load Jool"
			fi
			for len in "$@"; do
				config_one "$tool" "$len" "$r"
			done
		done
		r=$((r + 1))
	done
	unload_all
}

phase_config_small() {
	config_phase 32 24 20 18
}

phase_config_16() {
	config_phase 16
}

# ---------------------------------------------------------------- allocation

bib_count() {
	if [ "$1" = ours ]; then
		wc -l <"$cfs/bib"
	else
		jool_peer stats display | awk '$1 == "JSTAT_BIB_ENTRIES:" { n = $2 } END { print n + 0 }'
	fi
}

# offer TOOL SRC FIRST_SPORT COUNT: new flows; prints "translated seconds".
offer() {
	b0=$(bib_count "$1")
	out=$(in_c "$flowgen" "$2" "$server6" 9 "$3" "$4") || note "flowgen failed: $out"
	b1=$(bib_count "$1")
	echo "$((b1 - b0)) ${out##* }"
}

# fill TOOL TARGET: prefill flows until TARGET BIB entries are offered,
# from hosts ::10, ::11, ::12, 50000 flows per host at most.
fill() {
	need=$(($2 - $(bib_count "$1")))
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

pool_shape() {
	tool=$1 shape=$2
	case $shape in
	1addr) p=192.0.2.1 ports=1024-65535 size=64512 ;;
	p24) p=198.18.0.0/24 ports=1024-1275 size=64512 ;;
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
		# shellcheck disable=SC2046
		set -- $(offer "$tool" 2001:db8:1::100 "$sport" "$n")
		sport=$((sport + n))
		result alloc "flows_per_s_${shape}_$occ" "$tool" "$r" \
			"$(awk -v a="$1" -v s="$2" 'BEGIN { printf "%.0f", a / s }')"
		result alloc "translated_pct_${shape}_$occ" "$tool" "$r" \
			"$(awk -v a="$1" -v n="$n" 'BEGIN { printf "%.1f", 100 * a / n }')"
		r=$((r + 1))
	done
}

alloc_tool() {
	tool=$1
	for shape in 1addr p24 p16; do
		unset fill_used_10 fill_used_11 fill_used_12
		sport=1024
		pool_shape "$tool" "$shape"
		alloc_measure "$tool" "$shape" 0 1000
		fill "$tool" $((size * 90 / 100))
		result alloc "occupancy_pct_${shape}_90" "$tool" 1 \
			"$(awk -v a="$(bib_count "$tool")" -v s="$size" 'BEGIN { printf "%.1f", 100 * a / s }')"
		alloc_measure "$tool" "$shape" 90 1000
		fill "$tool" $((size * 99 / 100))
		result alloc "occupancy_pct_${shape}_99" "$tool" 1 \
			"$(awk -v a="$(bib_count "$tool")" -v s="$size" 'BEGIN { printf "%.1f", 100 * a / s }')"
		alloc_measure "$tool" "$shape" 99 150
		if [ "$tool" = ours ]; then
			ours --pool4 --flush >/dev/null
		else
			reset_peer >/dev/null
		fi
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
		# shellcheck disable=SC2046
		set -- $(offer "$tool" 2001:db8:1::2 $((2000 + r * 200)) 150)
		result alloc 150_to_100_translated "$tool" "$r" "$1"
		result alloc 150_to_100_dropped "$tool" "$r" $((150 - $1))
		if [ "$tool" = ours ]; then
			ours --pool4 --flush >/dev/null
		else
			reset_peer >/dev/null
		fi
		r=$((r + 1))
	done
}

phase_alloc() {
	unload_all
	load_ours && alloc_tool ours && alloc_150 ours
	unload_ours
	load_peer && alloc_tool jool && alloc_150 jool
	unload_peer
	note "alloc: pools of ~64512 transport addresses (1 address x 64512 ports, /24 x 252 ports, /16 x 1 port); occupancy made by real flows from hosts ::10-::12, measured flows from a new host ::100, 1000 flows per round (150 at 99 %)"
}

# ---------------------------------------------------------------- memory

memory_tool() {
	tool=$1 flows=$2
	if [ "$tool" = ours ]; then
		ours --pool4 --add --udp 198.18.0.0/24 1024-65535 >/dev/null
	else
		jool_peer pool4 add 198.18.0.0/24 1024-65535 --udp >/dev/null
	fi
	m0=$(kmem)
	b0=$(bib_count "$tool")
	unset fill_used_10 fill_used_11 fill_used_12
	t0=$(now)
	fill "$tool" "$flows"
	t=$(elapsed "$t0")
	m1=$(kmem)
	b1=$(bib_count "$tool")
	result mem flows "$tool" 1 $((b1 - b0))
	result mem fill_s "$tool" 1 "$t"
	result mem bytes_per_flow "$tool" 1 \
		"$(awk -v m=$((m1 - m0)) -v b=$((b1 - b0)) 'BEGIN { if (b > 0) printf "%.0f", m * 1024 / b; else print "nan" }')"
}

phase_memory() {
	flows=${BENCH_FLOWS:-100000}
	unload_all
	load_ours && memory_tool ours "$flows"
	unload_ours
	load_peer && memory_tool jool "$flows"
	unload_peer
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
for phase in "$@"; do
	t0=$(now)
	case $phase in
	dp-tcp) phase_dp_tcp ;;
	dp-udp) phase_dp_udp ;;
	dp-masq) phase_dp_masq ;;
	config-small) phase_config_small ;;
	config-16) phase_config_16 ;;
	alloc) phase_alloc ;;
	memory) phase_memory ;;
	*) echo "guest.sh: unknown phase $phase" >&2; exit 64 ;;
	esac
	echo "I phase_s_$phase $(elapsed "$t0")"
done
unload_all
n=$(dmesg | grep -c 'soft lockup')
[ "$n" = 0 ] || note "the guest kernel logged $n soft lockup(s): $(dmesg | grep 'soft lockup' | sed 's/.*\] //' | sort -u | tr '\n' ';')"
echo "I done"
exit 0
