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

for dir in jool net reliability; do
	[ -f "selftests/$dir/Makefile" ] && run_collection "$dir"
done
# DKMS in the guest is slow under TCG: install the packages dkms_build.sh
# made on the host, on one kernel (the other got its build on the host).
case $(uname -r) in
6.1.*) run_collection install TEST_PROGS=dkms.sh ;;
esac

# Every process costs tens of milliseconds under TCG, so each kernel runs
# the real-module bats cases under one of the two shells: together the two
# kernels cover every case under both dash and busybox sh.
if [ -d selftests/bats/vm ]; then
	case $(uname -r) in
	6.1.*) shells=dash ;;
	*) shells="busybox sh" ;;
	esac
	JOOL_SHELLS=${JOOL_SHELLS:-$shells} sh selftests/bats/run.sh --vm
fi
