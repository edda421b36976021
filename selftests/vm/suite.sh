#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The VM layer of `make check`, run inside the guest with jool.ko loaded:
# every kselftest collection of ours through kselftest's own runner, then
# the bats cases of tools/jool that need the real module.  Prints TAP; the
# caller counts the results.
set -u
top=$(pwd)

# run_collection DIR [MAKE-VARIABLE...]
run_collection() {
	dir=$1
	shift
	make -s -C "selftests/$dir" run_tests OUTPUT="$top/build/selftests/$dir" "$@"
}

# `make check` runs the flood and limit tests at sizes that fit its time
# budget (bib_scale.sh at its own 100,000: `make check-million` runs a
# million); JOOL_CHECK_FULL=1 runs them at the sizes their issues asked for,
# and installs the module through DKMS inside the guest (four minutes of
# depmod under TCG; the host's layer builds and installs it through DKMS
# for both kernels either way).
full=${JOOL_CHECK_FULL:-0}
if [ "$full" != 1 ]; then
	export JOOL_FLOOD_SECONDS="${JOOL_FLOOD_SECONDS:-5}"
	export JOOL_LIMIT_FLOWS="${JOOL_LIMIT_FLOWS:-10000}"
	export JOOL_LIMIT_SPRAY="${JOOL_LIMIT_SPRAY:-5000}"
fi

# Passes TAP through and follows each top-level result with a comment
# "# N s", the seconds since the previous one: where a VM layer's time
# goes, seen in `make check`'s own output.  A shell loop, not awk: mawk
# reads a pipe in blocks and would stamp results when its buffer fills.
tap_time() {
	last=$(date +%s)
	while IFS= read -r line; do
		printf '%s\n' "$line"
		case $line in
		"ok "* | "not ok "*)
			now=$(date +%s)
			echo "# $((now - last)) s"
			last=$now
			;;
		esac
	done
}

for dir in jool net reliability; do
	[ -f "selftests/$dir/Makefile" ] &&
		run_collection "$dir" | tap_time
done
# DKMS in the guest: install the package dkms_build.sh made on the host,
# on one kernel (the other got its build on the host).
case $full.$(uname -r) in
1.6.1.*) run_collection install TEST_PROGS=dkms.sh ;;
esac

# Every process costs tens of milliseconds under TCG, so each kernel runs
# the real-module bats cases under one of the two shells (the host's bats
# run every case of the tool under both, against fake trees).
# JOOL_VM_BATS names the suites of selftests/bats/vm/ to run (all of them
# when empty): `make check` gives each kernel its share (selftests/check.sh).
if [ -d selftests/bats/vm ]; then
	case $(uname -r) in
	6.1.*) shells=dash ;;
	*) shells="busybox sh" ;;
	esac
	set --
	for suite in ${JOOL_VM_BATS:-}; do
		set -- "$@" "selftests/bats/vm/$suite.bats"
	done
	JOOL_SHELLS=${JOOL_SHELLS:-$shells} sh selftests/bats/run.sh --vm "$@"
fi
