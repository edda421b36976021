#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# `make check`: every test layer in order, fastest first, stopping at the
# first red one; layers that do not depend on each other run side by side
# (the host's bats and style checks; the VM layers of the kernels).  Each
# layer prints TAP; the closing line counts the individual results of all
# layers that ran: "N passed, N failed".
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

tap_of() {
	printf 'build/check/%s.tap' "$(printf '%s' "$1" | tr -c 'a-zA-Z0-9.-' '_')"
}

# count NAME: adds the results of the layer NAME to the totals; stops the
# run when it is red.
count() {
	tap=$(tap_of "$1")
	rc=$(cat "$tap.rc")
	# shellcheck disable=SC2046 # three numbers
	set -- "$1" $(awk -f selftests/lib/tap-count.awk "$tap")
	passed=$((passed + $2))
	failed=$((failed + $3))
	skipped=$((skipped + $4))
	if [ "$rc" != 0 ] || [ "$3" != 0 ]; then
		printf '\n==== %s is red (exit %s, %s failed): stopping\n' "$1" "$rc" "$3"
		[ "$3" != 0 ] || failed=$((failed + 1))
		summary
		exit 1
	fi
}

# run NAME COMMAND...: runs one layer, shows its output as it comes.
run() {
	tap=$(tap_of "$1")
	printf '\n==== %s\n' "$1"
	shift
	{ "$@" 2>&1; echo $? >"$tap.rc"; } | tee "$tap"
}

# run_quietly NAME COMMAND...: runs one layer in the background, its
# output kept for later.
run_quietly() {
	tap=$(tap_of "$1")
	shift
	{ "$@" >"$tap" 2>&1; echo $? >"$tap.rc"; } &
}

layer() {
	run "$@"
	count "$1"
}

# show NAME: prints the output of a layer that ran in the background.
show() {
	printf '\n==== %s\n' "$1"
	cat "$(tap_of "$1")"
}

# The guard ends a hung guest.  Quiet local runs took 16 to 22 minutes
# for each VM (the two run side by side), and another machine ran them
# about a quarter slower: 1700 s leaves that room.
vm_suite() {
	sh selftests/vm/run.sh -t 1700 "$1" \
		env JOOL_CHECK_FULL="${JOOL_CHECK_FULL:-0}" \
		JOOL_VM_BATS="$(vm_bats_share "$1")" sh selftests/vm/suite.sh
}

# vm_bats_share KVER: the real-module bats suites KVER's guest runs, by
# name (empty: all of selftests/bats/vm/).  The tool talks to the same
# configfs code on every kernel, and the 29 cases took each guest 2.5
# minutes under TCG: with two kernels or more the first runs kernel.bats
# and restore.bats (under dash), the others every other suite (under
# busybox sh).  One kernel, or JOOL_CHECK_FULL=1: all of them.
first_bats="kernel restore"
vm_bats_share() {
	if [ "$kernels" = "$first" ] || [ "${JOOL_CHECK_FULL:-0}" = 1 ]; then
		return
	fi
	if [ "$1" = "$first" ]; then
		echo "$first_bats"
		return
	fi
	for vbs_file in selftests/bats/vm/*.bats; do
		vbs_suite=${vbs_file##*/}
		vbs_suite=${vbs_suite%.bats}
		case " $first_bats " in
		*" $vbs_suite "*) ;;
		*) printf '%s ' "$vbs_suite" ;;
		esac
	done
}

layer "pool4 core unit tests" make -s -C selftests/pool4-core run
layer "allocator unit tests" make -s -C selftests/alloc-core run
layer "TCP state machine unit tests" make -s -C selftests/session-core run
layer "hash table unit tests" make -s -C selftests/bht-core run
layer "RFC 6052 address unit tests" make -s -C selftests/rfc6052-core run
# The style checks and the bats suites under each shell keep one core
# busy each: the three share the cores (the style checks end first).
run_quietly "style" sh selftests/style.sh
run_quietly "tools/jool bats (host, busybox sh)" \
	env JOOL_SHELLS="busybox sh" sh selftests/bats/run.sh
run "tools/jool bats (host, dash)" env JOOL_SHELLS=dash sh selftests/bats/run.sh
wait
show "style"
show "tools/jool bats (host, busybox sh)"
count "tools/jool bats (host, dash)"
count "tools/jool bats (host, busybox sh)"
count "style"
layer "build" sh selftests/build.sh
layer "install (host)" make -s -C selftests/install run_tests \
	TEST_PROGS="destdir.sh dkms_build.sh" OUTPUT="$top/build/selftests/install"

# One guest per kernel, all at once: a guest spends much of its time in one
# emulated CPU (a test waits on one flow, or sleeps), so two guests share
# the two cores well and the VM layers take the time of the longest one
# instead of their sum.  JOOL_CHECK_SERIAL=1 runs them one after the other.
# The first kernel's output comes as it runs; the others' when they end.
kernels=$(sh selftests/lib/kernels.sh)
first=${kernels%%[!0-9a-z.+_-]*}
rest=${kernels#"$first"}
if [ -n "${JOOL_CHECK_SERIAL:-}" ]; then
	for kver in $kernels; do
		layer "VM $kver" vm_suite "$kver"
	done
else
	for kver in $rest; do
		printf '\n==== VM %s runs alongside; its output follows\n' "$kver"
		run_quietly "VM $kver" vm_suite "$kver"
	done
	run "VM $first" vm_suite "$first"
	wait
	for kver in $rest; do
		show "VM $kver"
	done
	for kver in $kernels; do
		count "VM $kver"
	done
fi
summary
