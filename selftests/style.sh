#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Style gates, as TAP: checkpatch.pl (from linux-source-6.1) on every kernel
# source file, shellcheck -s sh on the tool and every shell script, and
# checkbashisms on tools/jool when devscripts is installed.  Sparse runs
# with the module build (make C=1).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
src=$(sh selftests/lib/linux-source.sh) || exit 1

# shellcheck source=selftests/lib/tap.sh
. selftests/lib/tap.sh

scripts=$(git ls-files 'tools/jool' '*.sh' 2>/dev/null)
echo "TAP version 13"
for f in $(git ls-files 'kernel/*.[ch]'); do
	out=$("$src/scripts/checkpatch.pl" --no-tree --quiet --show-types \
		--ignore FILE_PATH_CHANGES,SPDX_LICENSE_TAG -f "$f" 2>&1)
	[ -z "$out" ] || printf '%s\n' "$out" | sed 's/^/# /'
	tap_result "$([ -z "$out" ] && echo 0 || echo 1)" "checkpatch $f"
done
for f in $scripts; do
	out=$(shellcheck -x -s sh "$f" 2>&1)
	[ -z "$out" ] || printf '%s\n' "$out" | sed 's/^/# /'
	tap_result "$([ -z "$out" ] && echo 0 || echo 1)" "shellcheck $f"
done
# The library files have no #! line of their own (they are sourced), which
# checkbashisms -f mentions without failing: judge by its exit status.
if [ -f tools/jool ] && command -v checkbashisms >/dev/null; then
	out=$(checkbashisms -p tools/jool 2>&1 &&
		checkbashisms -f -p tools/lib/*.sh 2>&1)
	rc=$?
	[ $rc = 0 ] || printf '%s\n' "$out" | sed 's/^/# /'
	tap_result "$rc" "checkbashisms tools/"
fi
tap_plan
[ "$tap_failed" = 0 ]
