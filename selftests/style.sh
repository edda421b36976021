#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Style gates, as TAP: checkpatch.pl (from linux-source-6.1) on every kernel
# source file, shellcheck -s sh on the tool and every shell script (the
# only place they run: selftests/bats/lint.bats checks the tool's own
# rules), and checkbashisms on tools/jool when devscripts is installed.
# Sparse runs with the module build (make C=1).  Then the structure of
# kernel/ (see Documentation/process/structure.rst): layers include only
# the layers below them, core/ builds in userspace, and no two objects of
# jool.ko use each other's symbols, directly or round a loop.
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
# The library files of tools/jool disable SC2034/SC2154 because each alone
# cannot see the others' globals: joined as one script, without those
# directives, a variable that no file assigns still shows.
out=$(cat tools/jool tools/lib/*.sh | grep -v '^# shellcheck .*disable=' |
	shellcheck -s sh -e SC1091 - 2>&1)
[ -z "$out" ] || printf '%s\n' "$out" | sed 's/^/# /'
tap_result "$([ -z "$out" ] && echo 0 || echo 1)" "shellcheck tools/jool and tools/lib as one script"
# The library files have no #! line of their own (they are sourced), which
# checkbashisms -f mentions without failing: judge by its exit status.
if [ -f tools/jool ] && command -v checkbashisms >/dev/null; then
	out=$(checkbashisms -p tools/jool 2>&1 &&
		checkbashisms -f -p tools/lib/*.sh 2>&1)
	rc=$?
	[ $rc = 0 ] || printf '%s\n' "$out" | sed 's/^/# /'
	tap_result "$rc" "checkbashisms tools/"
fi

# The layers of Documentation/process/structure.rst: a file of kernel/
# includes headers of its own layer and of the layers below it only.
# config/ may also include xlat/start.h, and nothing else of xlat/: the
# first pool6 prefix starts a namespace's translator and the namespace's
# end stops it, but the configuration never reaches into packets.
layering=$(for f in $(git ls-files 'kernel/*/*.[ch]'); do
	layer=${f#kernel/}
	layer=${layer%%/*}
	case $layer in
	core) ok='(core)/' ;;
	state) ok='(core|state)/' ;;
	xlat) ok='(core|state|xlat)/' ;;
	config) ok='(core|state|config)/|xlat/start\.h"' ;;
	*) echo "$f: kernel/$layer/ is no layer"; continue ;;
	esac
	grep -n '^#include "' "$f" | grep -Ev "#include \"($ok)" | sed "s,^,$f:,"
done)
[ -z "$layering" ] || printf '%s\n' "$layering" | sed 's/^/# /'
tap_result "$([ -z "$layering" ] && echo 0 || echo 1)" "kernel/ layers include only the layers below"

# kernel/core/ is plain C: every file compiles in userspace against the
# shims the unit tests use.
core=$(for f in $(git ls-files 'kernel/core/*.c'); do
	${CC:-gcc} -fsyntax-only -Wall -Wextra -Werror \
		-I selftests/lib/kinclude -I kernel "$f" 2>&1
done)
[ -z "$core" ] || printf '%s\n' "$core" | sed 's/^/# /'
tap_result "$([ -z "$core" ] && echo 0 || echo 1)" "kernel/core/ builds in userspace"

# No cycle among the objects of jool.ko: nm says which object uses which
# other's symbols, tsort finds any loop.  The objects are built for the
# first kernel, without the build layer's flags, in build/style/ (the
# build layer must still see every warning itself).
kver=$(sh selftests/lib/kernels.sh | head -n 1)
if [ -z "$kver" ]; then
	tap_count=$((tap_count + 1))
	echo "ok $tap_count # SKIP no kernel headers: no objects to check for cycles"
elif ! out=$(make -s module KDIR="/lib/modules/$kver/build" \
		BUILD="$top/build/style/$kver" 2>&1); then
	printf '%s\n' "$out" | sed 's/^/# /'
	tap_result 1 "no cycle among jool.ko's objects (build failed)"
else
	loops=$(sh selftests/lib/objgraph.sh "build/style/$kver" | tsort 2>&1 >/dev/null)
	[ -z "$loops" ] || printf '%s\n' "$loops" | sed 's/^/# /'
	tap_result "$([ -z "$loops" ] && echo 0 || echo 1)" "no cycle among jool.ko's objects (nm | tsort, $kver)"
fi
tap_plan
[ "$tap_failed" = 0 ]
