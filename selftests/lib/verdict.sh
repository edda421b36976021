# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0
#
# Verdicts and clean-up shared by the data path tests (sourced).  Each
# check prints one "ok: WHAT" or "not ok: WHAT" line; a script ends with
# "exit $failed".
# shellcheck disable=SC2034 # $failed is the sourcing script's
failed=0

pass() {
	printf 'ok: %s\n' "$*"
}

fail() {
	printf 'not ok: %s\n' "$*"
	failed=1
}

# note TEXT: a comment line among the verdicts (timings, what was seen).
note() {
	printf '# %s\n' "$*"
}

# check WHAT COMMAND...: passes WHAT when COMMAND succeeds.
check() {
	ck_what=$1
	shift
	if "$@"; then pass "$ck_what"; else fail "$ck_what"; fi
}

# drop_namespaces NS...: kills what runs in each NS, then deletes them.
# Every process goes first: a server left holding our stdout would keep
# kselftest's runner waiting for EOF.
drop_namespaces() {
	for dn_ns in "$@"; do
		ip netns pids "$dn_ns" 2>/dev/null | xargs -r kill 2>/dev/null
	done
	for dn_ns in "$@"; do
		ip netns del "$dn_ns" 2>/dev/null
	done
	return 0
}

# drop_records DIR...: removes the pool4 records given (a glob of the
# test's own prefix that matched nothing is skipped).
drop_records() {
	for dr_dir in "$@"; do
		[ -d "$dr_dir" ] && rmdir "$dr_dir"
	done
	return 0
}
