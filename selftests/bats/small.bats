#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# Small pools are read and planned by the shell itself (tools/lib/
# pool4_small.sh), larger ones by awk (pool4.awk): a command on one address
# starts no process but its mkdir or rmdir, and both ways print and change
# exactly the same.  JOOL_SMALL_POOL=0 sends every pool to awk.

load helper

setup() {
	fake_setup
}

# forks ARGS...: sets n to the processes one command starts (strace -f).
forks() {
	command -v strace >/dev/null || skip "strace missing"
	# shellcheck disable=SC2086,SC2016 # as helper.bash's jool()
	strace -f -qq -e trace=clone,clone3,fork,vfork -o "$BATS_TEST_TMPDIR/st" \
		$JOOL_SHELL -c '. "$1"; shift; . "$0"' "$JOOL_TOOL" \
		"$JOOL_TOP/selftests/bats/fake-rmdir.sh" "$@" >/dev/null
	n=$(grep -cE '(clone3?|v?fork)\(' "$BATS_TEST_TMPDIR/st" || true)
}

@test "one address: --add starts mkdir(1) only, --display nothing, --remove rmdir(1) only" {
	forks --pool4 --add 192.0.2.1
	[ "$n" = 1 ] || { echo "add: $n processes"; return 1; }
	[ "$(records | wc -l)" = 3 ]
	forks --pool4 --display
	[ "$n" = 0 ] || { echo "display: $n processes"; return 1; }
	forks --pool4 --display --csv
	[ "$n" = 0 ] || { echo "csv: $n processes"; return 1; }
	forks --pool4 --add 192.0.2.1
	[ "$n" = 0 ] || { echo "add again: $n processes"; return 1; }
	forks --pool4 --remove 192.0.2.1
	[ "$n" = 1 ] || { echo "remove: $n processes"; return 1; }
	[ -z "$(records)" ]
}

@test "a pool above the limit goes to awk" {
	fake_record a 0 tcp 192.0.2.1/32 61001-65535
	fake_record b 0 udp 192.0.2.1/32 61001-65535
	JOOL_SMALL_POOL=1 forks --pool4 --display
	[ "$n" = 1 ]
	JOOL_SMALL_POOL=2 forks --pool4 --display
	[ "$n" = 0 ]
}

# same ARGS...: the command does the same with awk and with the shell:
# status, stdout, stderr and the records it leaves (names and values).
same() {
	local tree=$JOOL_CONFIGFS what
	rm -rf "$BATS_TEST_TMPDIR/awk"
	cp -a "$tree" "$BATS_TEST_TMPDIR/awk"
	JOOL_CONFIGFS=$BATS_TEST_TMPDIR/awk JOOL_SMALL_POOL=0 \
		run --separate-stderr jool "$@"
	what="$status|$output|$stderr|$(cd "$BATS_TEST_TMPDIR/awk/pool4" && grep -r . | LC_ALL=C sort)"
	run --separate-stderr jool "$@"
	if [ "$what" != "$status|$output|$stderr|$(cd "$tree/pool4" && grep -r . | LC_ALL=C sort)" ]; then
		printf 'jool %s differs:\nawk:   %s\nshell: %s|%s|%s\n' "$*" \
			"$what" "$status" "$output" "$stderr" >&2
		return 1
	fi
}

# Records that overlap, touch and cut each other, several marks, one of
# each kind pool4.awk ignores.
mixed_pool() {
	fake_record r1 0 tcp 192.0.2.0/28 1000-2000
	fake_record r2 0 tcp 192.0.2.4/30 1500-3000
	fake_record r3 0 tcp 192.0.2.8/29 2001-2100
	fake_record r4 0 udp 192.0.2.0/30 5-9
	fake_record r5 5 icmp 192.0.2.2/31 0-65535
	fake_record r6 4294967295 tcp 192.0.2.1/32 61001-65535
	fake_record r7 0 udp 192.0.2.2/32 10-20
	fake_record r8 0 tcp 192.0.2.1/32 1-10 0
	fake_record r9 0 sctp 192.0.2.1/32 1-10
	fake_record r10 0 tcp 192.0.2/32 1-10
	fake_record r11 0 tcp 192.0.2.1/32 1-x
}

@test "display and CSV: the shell prints what awk prints" {
	same --pool4 --display
	same --pool4 --display --csv
	mixed_pool
	forks --pool4 --display
	[ "$n" = 0 ]
	same --pool4 --display
	same --pool4 --display --csv
	rm -rf "$JOOL_CONFIGFS/pool4/r1"
	same --pool4
	same --pool4 --csv
}

@test "add: the shell makes what awk makes, and warns the same" {
	mixed_pool
	for args in "192.0.2.1" "--tcp 192.0.2.4/30 1500-1600" \
		"--mark 5 --icmp 192.0.2.2" "--mark 5 192.0.2.2/31 0-65535" \
		"--udp 192.0.2.0/30 1-9" "--tcp 192.0.2.0/28 1000-2000" \
		"--tcp 192.0.2.9 30000-40000" "--icmp 192.0.2.9 30000-40000" \
		"192.0.2.0/24 60999" "--udp 192.0.2.16/28 0-5" \
		"--tcp 192.0.2.1 0" "--mark 4294967295 192.0.2.1"; do
		# shellcheck disable=SC2086 # words of one command
		same --pool4 --add $args
	done
	same --pool4 --add --tcp 192.0.2.64/26 --force
}

@test "remove: the shell plans what awk plans" {
	for args in "192.0.2.5" "--tcp 192.0.2.4/30 1600-1700" \
		"--mark 5 192.0.2.3" "--tcp 192.0.2.0/28 2000-2050" \
		"10.0.0.0/8" "--udp 192.0.2.0/29" "192.0.2.0/24 1500" \
		"--mark 4294967295 0.0.0.0/0" "--mark 7 192.0.2.1" \
		"--icmp 192.0.2.0/31 --quick"; do
		rm -rf "$JOOL_CONFIGFS/pool4"
		mkdir "$JOOL_CONFIGFS/pool4"
		mixed_pool
		# shellcheck disable=SC2086 # words of one command
		same --pool4 --remove $args
	done
}

@test "values the kernel never writes are left to awk" {
	fake_record a 007 tcp 192.0.2.1/32 070-080
	fake_record b 0 udp 192.0.2.010/32 1-2
	fake_record c 0 udp 192.0.2.300/32 1-2
	fake_record d 0 udp 192.0.2.4/33 1-2
	fake_record e 0 udp 192.0.2.8/32 9-3
	same --pool4 --display
	same --pool4 --add 192.0.2.1 60-90
	same --pool4 --remove 192.0.2.1 75
	printf '032768 60999\n' >"$JOOL_PORT_RANGE_FILE"
	same --pool4 --add --tcp 192.0.2.9 30000-40000
	printf '32768-60999\n' >"$JOOL_PORT_RANGE_FILE"
	same --pool4 --add --tcp 192.0.2.9 30000-40000
}

@test "the module's pool4/ephemeral-range serves the ephemeral warning" {
	unset JOOL_PORT_RANGE_FILE
	printf '40000\t50000\n' >"$JOOL_CONFIGFS/pool4/ephemeral-range"
	run --separate-stderr jool --pool4 --add --udp 192.0.2.1 45000-46000
	expect_status 0
	[ "$stderr" = "jool: warning: port range 45000-46000 overlaps the ephemeral port range 40000-50000 (net.ipv4.ip_local_port_range)" ]
	forks --pool4 --add --udp 192.0.2.2 61001-65535
	[ "$n" = 1 ]
}
