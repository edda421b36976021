#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The build layer of `make check`, as TAP: jool.ko for every kernel the
# suite runs on (W=1 and sparse, zero warnings), the kselftest programs and
# the man page.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1

# shellcheck source=selftests/lib/tap.sh
. selftests/lib/tap.sh

# Runs "$@" quietly; passes when it succeeds without a single warning or
# error message (sparse reports errors but exits 0, and stops checking
# the file).
build_step() {
	name=$1
	shift
	log=$top/build/build-step.log
	"$@" >"$log" 2>&1
	rc=$?
	if [ $rc = 0 ] && grep -qi 'warning\|error' "$log"; then
		rc=1
	fi
	[ $rc = 0 ] || sed 's/^/# /' "$log"
	tap_result $rc "$name"
}

echo "TAP version 13"
mkdir -p build
# Kbuild compiles (and sparse checks) one file per job: every core.
jobs=$(nproc 2>/dev/null || echo 1)
for kver in $(sh selftests/lib/kernels.sh); do
	build_step "jool.ko for $kver (W=1, sparse)" \
		make -s -j"$jobs" module KDIR="/lib/modules/$kver/build" W=1 C=1
done
sh selftests/lib/linux-source.sh >/dev/null
for dir in jool net reliability; do
	[ -f "selftests/$dir/Makefile" ] || continue
	mkdir -p "build/selftests/$dir"
	build_step "selftests/$dir programs" \
		make -s -C "selftests/$dir" OUTPUT="$top/build/selftests/$dir"
done
build_step "jool.8 man page" make -s man
tap_plan
