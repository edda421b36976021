# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0
#
# pool4 records for the data path tests, straight through configfs
# (sourced; the tests check the module, not tools/jool).
#
# pool4_record DIR MARK PROTO PREFIX PORTS [QUICK]: makes record DIR under
# jool/pool4 with those attributes and enables it.
pool4_record() {
	mkdir "$1" || return 1
	printf '%s' "$2" >"$1/mark" &&
	printf '%s' "$3" >"$1/proto" &&
	printf '%s' "$4" >"$1/prefix" &&
	printf '%s' "$5" >"$1/ports" &&
	printf '%s' "${6:-0}" >"$1/quick" &&
	printf 1 >"$1/enabled"
}
