#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Where one tools/jool command spends its time, in a VM with jool.ko
# loaded (selftests/vm/run.sh KVER sh bench/tool_latency.sh [TOOL...]):
#
#   1. the processes each command starts (strace -f, when installed);
#   2. what its parts cost alone: a shell, the tool's start, awk, one
#      mkdir(1) and rmdir(1), the configfs writes of one record;
#   3. each command, N times (BENCH_N, 20), the TOOLs interleaved: median
#      and mean in milliseconds.
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

# stats LABEL LIST: median and mean of the microseconds in LIST, in ms.
stats() {
	# shellcheck disable=SC2086 # a list of numbers
	printf '%s\n' $2 | sort -n | awk -v l="$1" '
	{ v[NR] = $1; s += $1 }
	END {
		m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%-34s median %7.1f ms  mean %7.1f ms  (N=%d)\n", l, m / 1000, s / NR / 1000, NR
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
		forks "$tool" --pool4 --add 192.0.2.1
		forks "$tool" --pool4 --display
		forks "$tool" --pool4 --remove 192.0.2.1
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

# The commands, each tool's in turn within every round.
i=0
while [ "$i" -lt "$n" ]; do
	k=0
	for tool; do
		k=$((k + 1))
		timed "add_$k" jool --pool4 --add 192.0.2.1
		timed "display_$k" jool --pool4 --display
		timed "remove_$k" jool --pool4 --remove 192.0.2.1
	done
	i=$((i + 1))
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
