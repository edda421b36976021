#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make bench: our translator side by side with NAT64 Jool 4.1.9, plain
# IPv4 forwarding and MASQUERADE, in QEMU guests of Debian's kernel KVER.
#
#   run.sh [KVER]      default the newest 6.1 installed
#
# Builds jool.ko, the peer (bench/peer.sh, cached), flowgen and the
# userspace microbenchmark, then runs fifteen VM boots of at most 5 minutes
# each (bench/guest.sh; the environment variables BENCH_* it describes are
# passed on) and the microbenchmark under callgrind: every ratio in the
# report compares samples taken in one and the same boot.  Raw samples go
# to build/bench/raw-*.txt, the report to build/bench/results.md (also
# printed).  Exit status 1 when a boot did not finish or its kernel
# complained (a soft lockup is tolerated in the boot of Jool's /16 only).
#
# BENCH_BOOTS="NAME..." runs only the boots named (and callgrind if
# "ubench" is among them), keeping the raw samples of the others: to rerun
# one and remake the report.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/bench
cd "$top" || exit 1
sh selftests/lib/deps.sh bench || exit 1
kver=${1:-$(sh selftests/lib/kernels.sh | grep -m 1 '^6\.1\.')}
mkdir -p "$out"
[ -n "${BENCH_BOOTS:-}" ] || rm -f "$out"/raw-*.txt "$out"/console-*.txt
start=$(date +%s)
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

# shellcheck source=bench/host.sh
. "$top/bench/host.sh"

build_guest_tools peer || exit 1
make -s -C bench/ubench OUT="$out" || exit 1

# The admin tool under test is tools/jool: it must at least add a record
# to a scratch directory before it is worth timing.
fake=$(mktemp -d)
mkdir "$fake/pool4"
if [ -z "${BENCH_TOOL:-}" ] &&
   ! JOOL_CONFIGFS=$fake sh tools/jool --pool4 --add --udp 192.0.2.1 >/dev/null 2>&1; then
	rm -rf "$fake"
	echo "bench: tools/jool fails a smoke test (add to a scratch directory)" >&2
	exit 1
fi
rm -rf "$fake"

# -------------------------------------------------- callgrind, userspace
cg() {
	valgrind --tool=callgrind --instr-atstart=no \
		--callgrind-out-file="$out/cg.out" "$out/ubench" "$@" >"$out/cg.txt" 2>&1 ||
		{ echo "N callgrind ubench $* failed: $(tail -1 "$out/cg.txt")"; return 1; }
	ir=$(sed -n 's/^totals: //p' "$out/cg.out")
}
# callgrind_all: instruction counts do not depend on the host's load, so
# this runs beside the memory boot (whose bytes do not either).
callgrind_all() {
	for shape in 1 24 16; do
		for op in nth contains index; do
			cg "$op" "$shape" &&
			echo "R ubench ${op}_Ir $shape 1 $(awk -v i="$ir" 'BEGIN { printf "%.1f", i / 20000 }')"
		done
		for occ in 0 90 99; do
			for fill in random alloc; do
				# The allocator cannot fill a /16 (297 M ports) in time.
				[ "$fill" = random ] || [ "$shape" != 16 ] || continue
				[ "$fill" = random ] || [ "$occ" != 0 ] || continue
				valgrind --tool=callgrind --instr-atstart=no \
					--callgrind-out-file="$out/cg.out" "$out/ubench" alloc "$shape" "$occ" "$fill" \
					>"$out/cg.txt" 2>&1 || { echo "N callgrind alloc $shape $occ $fill failed"; continue; }
				ir=$(sed -n 's/^totals: //p' "$out/cg.out")
				line=$(grep '^calls' "$out/cg.txt")
				echo "R ubench alloc_Ir_${occ}_$fill $shape 1 $(awk -v i="$ir" 'BEGIN { printf "%.1f", i / 20000 }')"
				echo "R ubench alloc_failed_pct_${occ}_$fill $shape 1 $(echo "$line" | awk '{ printf "%.1f", 100 * $4 / $2 }')"
				echo "R ubench alloc_occupancy_${occ}_$fill $shape 1 $(echo "$line" | awk '{ print $6 }')"
			done
		done
	done >"$out/raw-ubench.txt"
}

# -------------------------------------------------- the VM boots
# boot(): bench/host.sh.
# Every ratio that matters pairs samples of one boot: the data path modes
# share their boots, the config boots run both tools, allocation and
# memory compare each translator with itself (and bytes do not depend on
# the host's load).  Jool's /16 soft-locks a CPU: that boot is relaxed.
boot dp-tcp dp-tcp
boot dp-tcprev dp-tcprev
boot dp-udp dp-udp
boot dp-udprev dp-udprev
boot dp-masq dp-masq
boot config-a config-a
boot config-b config-b
boot config-16 -s config-16
boot alloc-ours alloc-ours
boot alloc-jool alloc-jool
boot alloc-16 alloc-16
cg_pid=
case " ${BENCH_BOOTS:-ubench} " in
*" ubench "*)
	say "callgrind microbenchmark of the pool4 core and the allocator, in the background"
	callgrind_all &
	cg_pid=$!
	;;
esac
boot memory-ours memory-ours
boot memory-jool memory-jool
boot newflow newflow
[ -z "$cg_pid" ] || wait "$cg_pid"

{
	echo "I make_bench_seconds $(($(date +%s) - start))"
	echo "I host_load $load_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end ($(nproc) CPUs)"
} >"$out/raw-zz.txt"
python3 bench/report.py "$kver" "$out"/raw-*.txt >"$out/results.md"
cat "$out/results.md"
echo "bench: report in $out/results.md, raw samples in $out/raw-*.txt" >&2
if [ -n "$failed" ]; then
	echo "bench: VM boots that failed:$failed (see $out/err-*.txt)" >&2
	exit 1
fi
