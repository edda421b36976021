#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# `make check-debug`: the VM suite on the debug kernel (KASAN, KMEMLEAK,
# lockdep, UBSAN, failslab; see build.sh), then the long config storm, the
# fault injection tests, rmmod and a kmemleak scan (guest.sh).  Builds the
# kernel the first time (tens of minutes, cached outside the repository).
# Any KASAN/UBSAN/lockdep/kmemleak report or WARN fails the run (run.sh
# greps the guest's kernel log).  Ends with "N passed, N failed, N skipped".
# JOOL_DEBUG_ONLY="net/netns.sh ..." runs only those scripts of selftests/
# before rmmod and the kmemleak scan.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1

sh selftests/lib/deps.sh debug || exit 1
tree=$(sh selftests/debug-kernel/build.sh) || exit 1
kver=$(cat "$tree/include/config/kernel.release")
echo "# debug kernel $kver in $tree"
make -s module KDIR="$tree" W=1 || exit 1
sh selftests/lib/linux-source.sh >/dev/null || exit 1
for dir in jool net reliability; do
	[ -f "selftests/$dir/Makefile" ] || continue
	mkdir -p "build/selftests/$dir"
	make -s -C "selftests/$dir" OUTPUT="$top/build/selftests/$dir" || exit 1
done

mkdir -p build/check
tap=build/check/debug-kernel.tap
start=$(date +%s)
{
	sh selftests/vm/run.sh -t "${JOOL_DEBUG_TIMEOUT:-7200}" \
		-k "$tree/arch/x86/boot/bzImage" \
		-a "watchdog_thresh=60 rcupdate.rcu_cpu_stall_timeout=300" "$kver" \
		env JOOL_DEBUG_ONLY="${JOOL_DEBUG_ONLY:-}" \
		sh selftests/debug-kernel/guest.sh 2>&1
	echo $? >"$tap.rc"
} | tee "$tap"
rc=$(cat "$tap.rc")
# shellcheck disable=SC2046 # three numbers
set -- $(awk -f selftests/lib/tap-count.awk "$tap")
failed=$2
[ "$rc" = 0 ] || [ "$failed" != 0 ] || failed=1
printf '\ndebug kernel run: %d s\n%d passed, %d failed, %d skipped\n' \
	"$(($(date +%s) - start))" "$1" "$failed" "$3"
[ "$rc" = 0 ] && [ "$failed" = 0 ]
