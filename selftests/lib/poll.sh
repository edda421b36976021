# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0
#
# Waiting and counters for the tests that run in the VM (sourced).
#
# poll CMD...: runs CMD (quietly) every half second until it succeeds;
# false after $poll_tries tries (default 10: about 5 seconds).
poll() {
	pl_n=0
	while [ "$pl_n" -lt "${poll_tries:-10}" ]; do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.5
		pl_n=$((pl_n + 1))
	done
	return 1
}

# stat_of NAME: the value of counter NAME in jool/stats (0 if absent).
stat_of() {
	so_v=$(sed -n "s/^$1: //p" /sys/kernel/config/jool/stats)
	echo "${so_v:-0}"
}
