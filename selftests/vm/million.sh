#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# `make check-million`: reliability/bib_scale.sh with a million UDP flows
# (issue 17) in a guest of each kernel with 6 GiB of memory.  Each step
# prints its time and the kernel memory it took: the fill (17 client
# addresses), the listings through tools/jool and /proc/net/jool/,
# the gauges, the expiry of every session at a 2-second lifetime, the
# overfill to bib-max and rmmod with the tables full.  Not part of
# `make check` (the README gives its time).  JOOL_SCALE_BIB=N changes the
# million, JOOL_KERNELS the kernels.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1

sh selftests/lib/deps.sh || exit 1
sh selftests/build.sh || exit 1
failed=0
for kver in $(sh selftests/lib/kernels.sh); do
	printf '\n==== %s\n' "$kver"
	JOOL_VM_MEM=6144 sh selftests/vm/run.sh -t 5400 "$kver" \
		env JOOL_SCALE_BIB="${JOOL_SCALE_BIB:-1000000}" \
		OUTPUT="$top/build/selftests/reliability" \
		sh selftests/reliability/bib_scale.sh || failed=$((failed + 1))
done
[ "$failed" = 0 ]
