#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# `make check`: every test layer in order, fastest first, stopping at the
# first red one.  Each layer prints TAP; the closing line counts the
# individual results of all layers that ran: "N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1

sh selftests/lib/deps.sh || exit 1
mkdir -p build/check
passed=0
failed=0
skipped=0

summary() {
	printf '\n%d passed, %d failed, %d skipped\n' "$passed" "$failed" "$skipped"
}

# layer NAME COMMAND...: runs one layer, shows its output as it comes.
layer() {
	name=$1
	shift
	tap=build/check/$(printf '%s' "$name" | tr -c 'a-zA-Z0-9.-' '_').tap
	printf '\n==== %s\n' "$name"
	{ "$@" 2>&1; echo $? >"$tap.rc"; } | tee "$tap"
	rc=$(cat "$tap.rc")
	# shellcheck disable=SC2046 # three numbers
	set -- $(awk -f selftests/lib/tap-count.awk "$tap")
	passed=$((passed + $1))
	failed=$((failed + $2))
	skipped=$((skipped + $3))
	if [ "$rc" != 0 ] || [ "$2" != 0 ]; then
		printf '\n==== %s is red (exit %s, %s failed): stopping\n' "$name" "$rc" "$2"
		[ "$2" != 0 ] || failed=$((failed + 1))
		summary
		exit 1
	fi
}

layer "pool4 core unit tests" make -s -C selftests/pool4-core run
layer "allocator unit tests" make -s -C selftests/alloc-core run
layer "TCP state machine unit tests" make -s -C selftests/session-core run
layer "tools/jool bats (host)" sh selftests/bats/run.sh
layer "style" sh selftests/style.sh
layer "build" sh selftests/build.sh
layer "install (host)" make -s -C selftests/install run_tests \
	TEST_PROGS="destdir.sh dkms_build.sh" OUTPUT="$top/build/selftests/install"
for kver in $(sh selftests/lib/kernels.sh); do
	layer "VM $kver" sh selftests/vm/run.sh -t 1500 "$kver" sh selftests/vm/suite.sh
done
summary
