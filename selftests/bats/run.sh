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

# bats keeps its own files, and the host suites their fake trees, under
# TMPDIR: on tmpfs their tens of thousands of small writes cost a
# twentieth of what they cost on the disk.
if [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then
	TMPDIR=$(mktemp -d /dev/shm/jool-bats.XXXXXX) || exit 1
	export TMPDIR
	trap 'rm -rf "$TMPDIR"' EXIT
	trap 'exit 1' HUP INT TERM
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
