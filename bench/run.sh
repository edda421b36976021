#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make bench: our translator side by side with NAT64 Jool 4.1.9, plain
# IPv4 forwarding and MASQUERADE, in QEMU guests of Debian's kernel KVER.
#
#   run.sh [KVER]      default 6.1.0-56-amd64
#
# Builds jool.ko, the peer (bench/peer.sh, cached), flowgen and the
# userspace microbenchmark, runs the microbenchmark under callgrind, then
# six VM boots of at most 5 minutes each (bench/guest.sh): every ratio in
# the report compares samples taken in one and the same boot.  Raw samples
# go to build/bench/raw-*.txt, the report to build/bench/results.md.
set -u

kver=${1:-6.1.0-56-amd64}
top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/bench
cd "$top" || exit 1
mkdir -p "$out"
rm -f "$out"/raw-*.txt
start=$(date +%s)

say() {
	printf 'bench: %s\n' "$*" >&2
}

say "building jool.ko for $kver"
make -s module KDIR="/lib/modules/$kver/build" >"$out/build.log" 2>&1 ||
	{ tail -20 "$out/build.log" >&2; exit 1; }
say "NAT64 Jool 4.1.9 (bench/peer.sh)"
peer=$(sh bench/peer.sh "$kver") || exit 1
gcc -O2 -Wall -Wextra -Werror -o "$out/flowgen" bench/flowgen.c || exit 1
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
say "callgrind microbenchmark of the pool4 core and the allocator"
cg() {
	valgrind --tool=callgrind --instr-atstart=no \
		--callgrind-out-file="$out/cg.out" "$out/ubench" "$@" >"$out/cg.txt" 2>&1 ||
		{ echo "N callgrind ubench $* failed: $(tail -1 "$out/cg.txt")"; return 1; }
	ir=$(sed -n 's/^totals: //p' "$out/cg.out")
}
{
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
	done
} >"$out/raw-ubench.txt"

# -------------------------------------------------- the VM boots
boot() {
	name=$1
	shift
	say "VM boot '$name': $* ($(date +%T))"
	t0=$(date +%s)
	sh selftests/vm/run.sh -t 300 "$kver" env BENCH_PEER="$peer" \
		${BENCH_TOOL:+BENCH_TOOL="$BENCH_TOOL"} sh bench/guest.sh "$@" \
		>"$out/raw-$name.txt" 2>"$out/err-$name.txt"
	rc=$?
	echo "I boot_$name rc=$rc seconds=$(($(date +%s) - t0))" >>"$out/raw-$name.txt"
	grep -q '^I done' "$out/raw-$name.txt" ||
		echo "N VM boot $name did not finish (exit $rc): $(tail -3 "$out/err-$name.txt" | tr '\n' ' ')" >>"$out/raw-$name.txt"
	if grep -q 'complained' "$out/err-$name.txt"; then
		echo "N VM boot $name: the guest kernel logged: $(grep -o 'BUG: soft lockup[^[]*\[[^]]*\]' "$out/err-$name.txt" | sort -u | tr '\n' ' ')" >>"$out/raw-$name.txt"
	fi
}
boot dp-tcp dp-tcp
boot dp-udp dp-udp
boot dp-masq dp-masq
boot config config-small memory
boot config16 config-16
boot alloc alloc

echo "I make_bench_seconds $(($(date +%s) - start))" >"$out/raw-zz.txt"
python3 bench/report.py "$kver" "$out"/raw-*.txt >"$out/results.md"
cat "$out/results.md"
