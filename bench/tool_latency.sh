#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Where one tools/jool command spends its time, in a VM with jool.ko
# loaded (selftests/vm/run.sh -B KVER sh bench/tool_latency.sh [TOOL...]):
#
#   1. the processes each command starts (strace -f, when installed);
#   2. what its parts cost alone: a shell, the tool's start, awk, one
#      mkdir(1) and rmdir(1), the configfs writes of one record;
#   3. each command, N times (BENCH_N, 20), the TOOLs interleaved: median
#      and mean in milliseconds;
#   4. on 6.1, when bench/peer.sh has built NAT64 Jool 4.1.9 (BENCH_PEER,
#      its cache), the same three commands of Jool's C client, N times,
#      in blocks alternating with ours (both modules are jool.ko).
#
# TOOL defaults to tools/jool; give two (e.g. a copy of an older one) to
# compare them in one boot.  JOOL_SHELL runs them (default sh).  The clock
# is /proc/timer_list's "now at N nsecs", read by the shell itself: no
# fork, nanoseconds.  Each command runs on an empty pool.
set -eu

n=${BENCH_N:-20}
sh_cmd=${JOOL_SHELL:-sh}
cfs=/sys/kernel/config/jool
[ "$#" -gt 0 ] || set -- "$(pwd)/tools/jool"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Sets ns to the time since boot in nanoseconds.
clock() {
	{
		read -r _
		read -r _
		read -r _ _ ns _
	} </proc/timer_list
}

# timed VAR CMD...: runs CMD (output to $tmp/out) and appends its time in
# microseconds to the list in variable VAR.
timed() {
	tv=$1
	shift
	clock
	t0=$ns
	"$@" >"$tmp/out" 2>&1 || echo "# failed ($?): $*: $(head -c 200 "$tmp/out")"
	clock
	eval "$tv=\"\${$tv:-} $(((ns - t0) / 1000))\""
}

# stats LABEL LIST: median, mean and minimum of the microseconds in LIST,
# in ms.  Other guests on the host make the mean swing; the minimum is
# the cost of a command that ran alone.
stats() {
	# shellcheck disable=SC2086 # a list of numbers
	printf '%s\n' $2 | sort -n | awk -v l="$1" '
	{ v[NR] = $1; s += $1 }
	END {
		m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%-34s median %6.1f  mean %6.1f  min %6.1f ms  (N=%d)\n", l, m / 1000, s / NR / 1000, v[1] / 1000, NR
	}'
}

jool() {
	# shellcheck disable=SC2086 # "busybox sh" is two words
	$sh_cmd "$tool" "$@"
}

# forks TOOL ARGS...: the processes one command starts.
forks() {
	tool=$1
	shift
	# shellcheck disable=SC2086 # "busybox sh" is two words
	strace -f -qq -e trace=execve,fork,vfork,clone,clone3 -o "$tmp/st" \
		$sh_cmd "$tool" "$@" >/dev/null 2>&1 || true
	printf '# %-28s %s forks, exec: %s\n' "$*" \
		"$(grep -cE '(clone3?|v?fork)\(' "$tmp/st")" \
		"$(sed -n 's/.*execve("\([^"]*\)".*/\1/p' "$tmp/st" | sed 's|.*/||' | tr '\n' ' ')"
}

[ -d "$cfs/pool4" ] || { echo "tool_latency.sh: jool.ko is not loaded" >&2; exit 1; }
echo "# kernel $(uname -r), $(nproc) CPUs, shell '$sh_cmd', N=$n"
tool=$1
jool --pool4 --flush

if command -v strace >/dev/null; then
	for tool; do
		echo "# $tool"
		forks "$tool" --pool4 --add --tcp 192.0.2.1
		forks "$tool" --pool4 --display
		forks "$tool" --pool4 --remove --tcp 192.0.2.1
	done
fi

# The parts, alone (the first tool's library for awk).
lib=${1%/*}/lib
d=$cfs/pool4/latency
c_clock='' c_sh='' c_help='' c_awk='' c_awkf='' c_mkdir='' c_write=''
c_disable='' c_rmdir='' list=''
i=0
while [ "$i" -lt "$n" ]; do
	# shellcheck disable=SC2086 # "busybox sh" is two words
	timed c_sh $sh_cmd -c :
	# shellcheck disable=SC2086
	timed c_help $sh_cmd "$1" --help
	timed c_awk awk 'BEGIN { }'
	timed c_awkf awk -f "$lib/common.awk" -f "$lib/pool4.awk" </dev/null
	timed c_mkdir mkdir "$d"
	clock
	t0=$ns
	printf 'udp\n' >"$d/proto"
	printf '192.0.2.9/32\n' >"$d/prefix"
	printf '61001-65535\n' >"$d/ports"
	printf '0\n' >"$d/mark"
	printf '1\n' >"$d/enabled"
	clock
	c_write="$c_write $(((ns - t0) / 1000))"
	clock
	t0=$ns
	printf '0\n' >"$d/enabled"
	clock
	c_disable="$c_disable $(((ns - t0) / 1000))"
	timed c_rmdir rmdir "$d"
	clock
	t0=$ns
	clock
	c_clock="$c_clock $(((ns - t0) / 1000))"
	i=$((i + 1))
done
stats "clock read (overhead)" "$c_clock"
stats "$sh_cmd -c :" "$c_sh"
stats "tool --help (start, no awk)" "$c_help"
stats "awk 'BEGIN { }'" "$c_awk"
stats "awk -f common.awk -f pool4.awk" "$c_awkf"
stats "mkdir(1) of one record" "$c_mkdir"
stats "5 writes, enabling one record" "$c_write"
stats "1 write, disabling one record" "$c_disable"
stats "rmdir(1) of one record" "$c_rmdir"

# NAT64 Jool's client (bench/guest/modules.sh loads it the same way):
# on 6.1, once bench/peer.sh has built it.  Both modules are jool.ko, so
# the tools cannot run in one round: the rounds come in BENCH_BLOCKS
# blocks (4), ours then Jool's, so that a change of the host's load
# weighs on both.  Its "pool4 add" takes exactly one protocol per command,
# so both tools add, display and remove one TCP record (issue 19 item 4
# compares single-record commands); TCP's table is its default display.
peer=${BENCH_PEER:-${HOME:-/root}/.cache/jool-bench}
case $(uname -r) in
6.1.*) [ -r "$peer/src-6.1/src/mod/nat64/jool.ko" ] || peer= ;;
*) peer= ;;
esac
blocks=${BENCH_BLOCKS:-4}
[ -n "$peer" ] || blocks=1

jool_peer() {
	LD_LIBRARY_PATH=$peer/x/lib/x86_64-linux-gnu "$peer/x/usr/bin/jool" "$@"
}

# Swaps our module for Jool's, and back.
to_peer() {
	tool=$1
	jool --pool4 --flush
	rmmod jool
	for dep in x_tables nf_defrag_ipv4 nf_defrag_ipv6; do
		modprobe "$dep"
	done
	insmod "$peer/src-6.1/src/mod/common/jool_common.ko"
	insmod "$peer/src-6.1/src/mod/nat64/jool.ko"
	jool_peer instance add --netfilter --pool6 64:ff9b::/96
}

to_ours() {
	jool_peer instance remove
	rmmod jool
	rmmod jool_common
	insmod "$JOOL_KO"
}

# The commands: each tool's in turn within every round of ours.
p_add='' p_display='' p_remove=''
b=0
while [ "$b" -lt "$blocks" ]; do
	b=$((b + 1))
	i=0
	while [ "$i" -lt $((n * b / blocks - n * (b - 1) / blocks)) ]; do
		k=0
		for tool; do
			k=$((k + 1))
			timed "add_$k" jool --pool4 --add --tcp 192.0.2.1
			timed "display_$k" jool --pool4 --display
			timed "remove_$k" jool --pool4 --remove --tcp 192.0.2.1
		done
		i=$((i + 1))
	done
	[ -n "$peer" ] || continue
	to_peer "$1"
	if [ "$b" = 1 ] && command -v strace >/dev/null; then
		echo "# NAT64 Jool 4.1.9's client ($peer)"
		for args in "pool4 add --tcp 192.0.2.1 61001-65535" \
			"pool4 display" "pool4 remove 192.0.2.1"; do
			# shellcheck disable=SC2086 # words of one command
			strace -f -qq -e trace=execve,fork,vfork,clone,clone3 \
				-o "$tmp/st" env LD_LIBRARY_PATH="$peer/x/lib/x86_64-linux-gnu" \
				"$peer/x/usr/bin/jool" $args >/dev/null 2>&1 || true
			printf '# %-28s %s forks\n' "$args" \
				"$(grep -cE '(clone3?|v?fork)\(' "$tmp/st")"
		done
	fi
	i=0
	while [ "$i" -lt $((n * b / blocks - n * (b - 1) / blocks)) ]; do
		timed p_add jool_peer pool4 add --tcp 192.0.2.1 61001-65535
		timed p_display jool_peer pool4 display
		timed p_remove jool_peer pool4 remove 192.0.2.1
		i=$((i + 1))
	done
	to_ours
done
k=0
for tool; do
	k=$((k + 1))
	echo "# $tool"
	for op in add display remove; do
		eval "list=\$${op}_$k"
		stats "--pool4 --$op" "$list"
	done
done
[ -n "$peer" ] || exit 0
echo "# NAT64 Jool 4.1.9's client, $blocks blocks"
stats "pool4 add --tcp 192.0.2.1" "$p_add"
stats "pool4 display" "$p_display"
stats "pool4 remove 192.0.2.1" "$p_remove"
