#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Inside the debug kernel's VM (see check.sh), with jool.ko loaded: the VM
# suite, the long config storm, the fault injection tests, rmmod, and a
# kmemleak scan that must find nothing.  Prints TAP.
set -u
kmemleak=/sys/kernel/debug/kmemleak
# shellcheck source=selftests/lib/tap.sh
. selftests/lib/tap.sh

# step NAME COMMAND...: one TAP result, the command's output as comments.
step() {
	name=$1
	shift
	"$@" >/tmp/step.out 2>&1
	rc=$?
	sed 's/^/# /' /tmp/step.out
	[ "$rc" != 4 ] || { printf 'ok %d %s # SKIP\n' $((n += 1)) "$name"; return; }
	tap_result "$rc" "$name"
}

# Boot's own unreferenced objects are not ours: report only what follows.
if [ -w "$kmemleak" ]; then
	echo scan >"$kmemleak"
	echo clear >"$kmemleak"
fi

# KASAN and kmemleak make the 100,000-flow BIB listing and the fill past
# bib-max of reliability/bib_scale.sh too slow for its timeout here (and
# for its steps' timing: the overfill outlasts the UDP lifetime, the fill
# the load at rmmod): a smaller BIB still goes through rmmod and its
# kmemleak scan.  JOOL_DEBUG_ONLY="net/netns.sh ..." runs just those
# scripts, at the same scale, before rmmod and the scan: minutes instead
# of the whole suite's twenty, to look for leaks and lockdep reports in
# one area.
if [ -n "${JOOL_DEBUG_ONLY:-}" ]; then
	export JOOL_SCALE_BIB=20000 JOOL_SCALE_FULL=0
	echo "TAP version 13"
	for script in $JOOL_DEBUG_ONLY; do
		case $script in
		*.py) step "$script" python3 "selftests/$script" ;;
		*) step "$script" sh "selftests/$script" ;;
		esac
	done
else
	JOOL_SCALE_BIB=20000 JOOL_SCALE_FULL=0 sh selftests/vm/suite.sh
	echo "TAP version 13"
	export JOOL_STORM=long
	step "config storm, long" sh selftests/reliability/config_storm.sh
	step "pool4 under injected allocation failures" python3 selftests/reliability/fault_inject.py
fi
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
	tap_result $? "kmemleak: no suspected leaks"
else
	tap_result 1 "kmemleak: $kmemleak missing (not the debug kernel?)"
fi
tap_plan
[ "$tap_failed" = 0 ]
