#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Runs the bats suites of tools/jool once per shell and prints TAP.
#
#   run.sh [--vm] [SUITE.bats...]
#
# Without arguments: the host suites (fake configfs trees).  --vm runs the
# real-module suites in vm/ instead; they skip themselves unless
# /sys/kernel/config/jool exists (the VM layer of `make check` loads jool.ko).
# JOOL_SHELLS overrides the shells (default: dash and busybox sh).
set -eu

dir=$(cd "$(dirname "$0")" && pwd)
command -v bats >/dev/null || { echo "run.sh: bats missing (apt-get install bats)" >&2; exit 1; }

if [ "${1:-}" = --vm ]; then
	shift
	[ "$#" -gt 0 ] || set -- "$dir"/vm/*.bats
else
	[ "$#" -gt 0 ] || set -- "$dir"/*.bats
fi

# bats needs /dev/fd (process substitution); a minimal VM may lack it.
if [ ! -e /dev/fd ] && [ -d /proc/self/fd ]; then
	ln -s /proc/self/fd /dev/fd 2>/dev/null || true
fi

rc=0
shells=${JOOL_SHELLS:-"dash|busybox sh"}
old_ifs=$IFS
IFS='|'
for sh in $shells; do
	IFS=$old_ifs
	first=${sh%% *}
	if ! command -v "$first" >/dev/null; then
		printf '# %s missing: skipped\n' "$sh"
		continue
	fi
	printf '# JOOL_SHELL=%s\n' "$sh"
	JOOL_SHELL=$sh bats --tap "$@" || rc=1
done
exit "$rc"
