#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The VM layer of `make check`, run inside the guest with jool.ko loaded:
# every kselftest collection of ours through kselftest's own runner, then
# the bats cases of tools/jool that need the real module.  Prints TAP; the
# caller counts the results.
set -u
top=$(pwd)

for dir in jool net; do
	[ -f "selftests/$dir/Makefile" ] || continue
	make -s -C "selftests/$dir" run_tests OUTPUT="$top/build/selftests/$dir"
done
if [ -d selftests/bats/vm ]; then
	sh selftests/bats/run.sh --vm
fi
