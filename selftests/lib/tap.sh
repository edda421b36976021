# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# TAP for the shell layers of make check that are not kselftest programs
# (style, build, the debug kernel's guest) and for the scale tests of
# selftests/reliability: sourced, not run.
#
#   tap_result STATUS DESCRIPTION	one "ok"/"not ok" line; 0 is ok
#   tap_plan				the closing "1..N"
#   tap_failed				how many results were not ok

tap_count=0
tap_failed=0

tap_result() {
	tap_count=$((tap_count + 1))
	if [ "$1" = 0 ]; then
		printf 'ok %d %s\n' "$tap_count" "$2"
	else
		printf 'not ok %d %s\n' "$tap_count" "$2"
		tap_failed=$((tap_failed + 1))
	fi
}

tap_plan() {
	printf '1..%d\n' "$tap_count"
}
