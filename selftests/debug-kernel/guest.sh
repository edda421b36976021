#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Inside the debug kernel's VM (see check.sh), with jool.ko loaded: the VM
# suite, the long config storm, the fault injection tests, rmmod, and a
# kmemleak scan that must find nothing.  Prints TAP.
set -u
kmemleak=/sys/kernel/debug/kmemleak
n=0
bad=0

result() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		printf 'ok %d %s\n' "$n" "$2"
	else
		printf 'not ok %d %s\n' "$n" "$2"
		bad=1
	fi
}

# step NAME COMMAND...: one TAP result, the command's output as comments.
step() {
	name=$1
	shift
	"$@" >/tmp/step.out 2>&1
	rc=$?
	sed 's/^/# /' /tmp/step.out
	[ "$rc" != 4 ] || { printf 'ok %d %s # SKIP\n' $((n += 1)) "$name"; return; }
	result "$rc" "$name"
}

# Boot's own unreferenced objects are not ours: report only what follows.
if [ -w "$kmemleak" ]; then
	echo scan >"$kmemleak"
	echo clear >"$kmemleak"
fi

sh selftests/vm/suite.sh
echo "TAP version 13"
export JOOL_STORM=long
step "config storm, long" sh selftests/reliability/config_storm.sh
step "pool4 under injected allocation failures" python3 selftests/reliability/fault_inject.py
step "rmmod jool" rmmod jool

if [ -w "$kmemleak" ]; then
	# Objects younger than 5 s are never reported; two scans, as the
	# kmemleak documentation advises, before reading the report.
	sleep 6
	echo scan >"$kmemleak"
	echo scan >"$kmemleak"
	cat "$kmemleak" >/tmp/kmemleak.out
	sed 's/^/# /' /tmp/kmemleak.out
	[ ! -s /tmp/kmemleak.out ]
	result $? "kmemleak: no suspected leaks"
else
	result 1 "kmemleak: $kmemleak missing (not the debug kernel?)"
fi
echo "1..$n"
exit $bad
