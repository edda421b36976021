# SPDX-License-Identifier: GPL-2.0
#
# Shared by every bats suite of tools/jool.  JOOL_SHELL picks the shell that
# runs the tool ("dash", "busybox sh", "bash --posix"); run.sh sets it.
#
# Host suites point JOOL_CONFIGFS at a fake tree made of plain directories
# and files (fake_setup, fake_record); vm/ suites use the real module.

bats_require_minimum_version 1.5.0

JOOL_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
JOOL_TOOL=$JOOL_TOP/tools/jool
: "${JOOL_SHELL:=dash}"

# Word splitting of $JOOL_SHELL is wanted: "busybox sh" is two words.
# On a fake tree (JOOL_CONFIGFS set) the tool runs with fake-rmdir.sh
# sourced first: sh -c '...' TOOL ARGS makes $0 the tool's path, as when it
# is run directly.
jool() {
	if [ -n "${JOOL_CONFIGFS:-}" ]; then
		# shellcheck disable=SC2086,SC2016
		$JOOL_SHELL -c '. "$1"; shift; . "$0"' "$JOOL_TOOL" \
			"$JOOL_TOP/selftests/bats/fake-rmdir.sh" "$@"
	else
		# shellcheck disable=SC2086
		$JOOL_SHELL "$JOOL_TOOL" "$@"
	fi
}

fake_setup() {
	export JOOL_CONFIGFS=$BATS_TEST_TMPDIR/jool
	mkdir -p "$JOOL_CONFIGFS/pool4"
	# A fixed ephemeral range, whatever the host's sysctl says.
	export JOOL_PORT_RANGE_FILE=$BATS_TEST_TMPDIR/ip_local_port_range
	printf '32768\t60999\n' >"$JOOL_PORT_RANGE_FILE"
}

# fake_record NAME MARK PROTO PREFIX PORTS [ENABLED]
fake_record() {
	local d=$JOOL_CONFIGFS/pool4/$1
	mkdir -p "$d"
	printf '%s\n' "$2" >"$d/mark"
	printf '%s\n' "$3" >"$d/proto"
	printf '%s\n' "$4" >"$d/prefix"
	printf '%s\n' "$5" >"$d/ports"
	printf '%s\n' "${6:-1}" >"$d/enabled"
	printf '0\n' >"$d/quick"
}

# Names of the records in the fake tree, one per line, sorted.
records() {
	ls "${JOOL_CONFIGFS:-/sys/kernel/config/jool}/pool4" |
		grep -vxE 'count|ephemeral-range' | LC_ALL=C sort
}

# attr RECORD ATTRIBUTE: prints one attribute of a record.
attr() {
	cat "${JOOL_CONFIGFS:-/sys/kernel/config/jool}/pool4/$1/$2"
}

# expect_lines: compares $output with stdin line by line, showing both.
expect_lines() {
	local want
	want=$(cat)
	if [ "$output" != "$want" ]; then
		printf 'expected:\n%s\ngot:\n%s\n' "$want" "$output" >&2
		diff <(printf '%s\n' "$want") <(printf '%s\n' "$output") >&2 || true
		return 1
	fi
}

# expect_status N: checks $status, printing the output on mismatch.
expect_status() {
	if [ "$status" -ne "$1" ]; then
		printf 'expected status %s, got %s\nstdout: %s\nstderr: %s\n' \
			"$1" "$status" "$output" "${stderr:-}" >&2
		return 1
	fi
}

# refuse STATUS PATTERN ARGS...: the command fails with STATUS, prints one
# "jool: " line matching PATTERN on stderr and changes nothing.
refuse() {
	local want=$1 pattern=$2 before
	shift 2
	before=$(records 2>/dev/null || true)
	run --separate-stderr jool "$@"
	expect_status "$want"
	[ -z "$output" ] || { printf 'stdout not empty: %s\n' "$output" >&2; return 1; }
	case $stderr in
	"jool: "*) ;;
	*) printf 'stderr lacks "jool: ": %s\n' "$stderr" >&2; return 1 ;;
	esac
	if ! grep -q -- "$pattern" <<<"$stderr"; then
		printf 'stderr %s lacks %s\n' "$stderr" "$pattern" >&2
		return 1
	fi
	[ "$(records 2>/dev/null || true)" = "$before" ] ||
		{ printf 'the pool changed\n' >&2; return 1; }
}

# Real-module suites: skip unless the module's configfs tree is there.
vm_setup() {
	unset JOOL_CONFIGFS JOOL_PORT_RANGE_FILE
	[ -d /sys/kernel/config/jool/pool4 ] ||
		skip "needs the jool module loaded (/sys/kernel/config/jool/pool4 absent): runs in the VM"
	[ "$(id -u)" = 0 ] || skip "needs root"
	jool --pool4 --flush
}

vm_teardown() {
	[ ! -d /sys/kernel/config/jool/pool4 ] || jool --pool4 --flush || true
}
