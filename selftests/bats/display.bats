#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# jool --pool4 --display and --csv from records pre-made in a fake tree.

load helper

setup() {
	fake_setup
}

@test "an empty pool prints '  (empty)'" {
	run --separate-stderr jool --pool4 --display
	expect_status 0
	[ "$output" = "  (empty)" ]
	[ -z "$stderr" ]
}

@test "an empty pool in CSV prints the header only" {
	run jool --pool4 --display --csv
	expect_status 0
	[ "$output" = "Mark,Protocol,Address,Min port,Max port" ]
}

@test "the seed's seven entries, in the seed's order" {
	fake_record z1 0 tcp 192.0.2.4/31 61001-65535
	fake_record z2 1 tcp 192.0.2.2/32 8000-8999
	fake_record z3 0 tcp 192.0.2.2/32 7000-7999
	fake_record z4 0 icmp 192.0.2.1/32 61001-65535
	fake_record z5 0 tcp 192.0.2.1/32 61001-65535
	fake_record z6 0 udp 192.0.2.1/32 61001-65535
	run jool --pool4 --display
	expect_lines <<-'OUT'
	0	ICMP	192.0.2.1	61001-65535
	0	UDP	192.0.2.1	61001-65535
	0	TCP	192.0.2.1	61001-65535
	0	TCP	192.0.2.2	7000-7999
	0	TCP	192.0.2.4	61001-65535
	0	TCP	192.0.2.5	61001-65535
	1	TCP	192.0.2.2	8000-8999
	  (Fetched 7 entries.)
	OUT
}

@test "fields are separated by one TAB" {
	fake_record a 0 tcp 192.0.2.1/32 1-2
	run jool --pool4
	[ "${lines[0]}" = "$(printf '0\tTCP\t192.0.2.1\t1-2')" ]
}

@test "CSV has a header, one line per row and no footer" {
	fake_record a 0 tcp 192.0.2.1/32 61001-65535
	fake_record b 3 icmp 192.0.2.0/31 0-9
	run jool --pool4 --csv
	expect_lines <<-'OUT'
	Mark,Protocol,Address,Min port,Max port
	0,TCP,192.0.2.1,61001,65535
	3,ICMP,192.0.2.0,0,9
	3,ICMP,192.0.2.1,0,9
	OUT
}

@test "marks sort numerically, addresses numerically, ranges ascending" {
	fake_record a 10 tcp 192.0.2.1/32 1-2
	fake_record b 9 tcp 192.0.2.1/32 1-2
	fake_record c 4294967295 tcp 192.0.2.1/32 1-2
	fake_record d 9 udp 192.0.2.10/32 5-6
	fake_record e 9 udp 192.0.2.9/32 5-6
	fake_record f 9 udp 192.0.2.9/32 1-2
	fake_record g 9 icmp 10.0.0.1/32 1-2
	run jool --pool4
	expect_lines <<-'OUT'
	9	ICMP	10.0.0.1	1-2
	9	UDP	192.0.2.9	1-2
	9	UDP	192.0.2.9	5-6
	9	UDP	192.0.2.10	5-6
	9	TCP	192.0.2.1	1-2
	10	TCP	192.0.2.1	1-2
	4294967295	TCP	192.0.2.1	1-2
	  (Fetched 7 entries.)
	OUT
}

@test "touching ranges are merged: 40001-60000 + 60001-65535" {
	fake_record a 0 udp 192.0.2.1/32 61001-65535
	fake_record b 0 udp 192.0.2.1/32 40001-61000
	run jool --pool4
	expect_lines <<-'OUT'
	0	UDP	192.0.2.1	40001-65535
	  (Fetched 1 entries.)
	OUT
}

@test "overlapping records are merged per address, gaps kept" {
	fake_record a 0 tcp 192.0.2.0/30 100-200
	fake_record b 0 tcp 192.0.2.2/32 150-300
	fake_record c 0 tcp 192.0.2.0/24 400-400
	fake_record d 0 tcp 192.0.2.3/32 100-200
	run jool --pool4 --csv
	[ "${lines[1]}" = "0,TCP,192.0.2.0,100,200" ]
	[ "${lines[3]}" = "0,TCP,192.0.2.1,100,200" ]
	[ "${lines[5]}" = "0,TCP,192.0.2.2,100,300" ]
	[ "${lines[6]}" = "0,TCP,192.0.2.2,400,400" ]
	[ "${lines[7]}" = "0,TCP,192.0.2.3,100,200" ]
	[ "${lines[9]}" = "0,TCP,192.0.2.4,400,400" ]
	[ "${#lines[@]}" = $((1 + 256 + 4)) ]
}

@test "disabled and incomplete records are not shown" {
	fake_record a 0 tcp 192.0.2.1/32 1-2 0
	mkdir "$JOOL_CONFIGFS/pool4/new"
	fake_record b 0 tcp 192.0.2.2/32 1-2
	printf '\n' >"$JOOL_CONFIGFS/pool4/b/proto"
	run jool --pool4
	[ "$output" = "  (empty)" ]
}

@test "a /16 for three protocols displays every row in order" {
	for p in tcp udp icmp; do
		fake_record "$p" 0 "$p" 198.18.0.0/16 61001-65535
	done
	SECONDS=0
	run jool --pool4
	expect_status 0
	# A figure for the reader, not a pass mark: speed belongs to benchmarks.
	echo "# display of 196608 rows took $SECONDS s" >&3
	[ "${#lines[@]}" = 196609 ]
	[ "${lines[0]}" = "$(printf '0\tICMP\t198.18.0.0\t61001-65535')" ]
	[ "${lines[65535]}" = "$(printf '0\tICMP\t198.18.255.255\t61001-65535')" ]
	[ "${lines[196607]}" = "$(printf '0\tTCP\t198.18.255.255\t61001-65535')" ]
	[ "${lines[196608]}" = "  (Fetched 196608 entries.)" ]
}

@test "display works for an unprivileged user" {
	command -v setpriv >/dev/null || skip "setpriv missing"
	local tree
	tree=$(mktemp -d /tmp/jool-bats.XXXXXX)
	export JOOL_CONFIGFS=$tree/jool
	mkdir -p "$JOOL_CONFIGFS/pool4"
	fake_record a 0 tcp 192.0.2.1/32 1-2
	chmod -R a+rX "$tree"
	run setpriv --reuid=65534 --regid=65534 --clear-groups \
		env JOOL_CONFIGFS="$JOOL_CONFIGFS" $JOOL_SHELL "$JOOL_TOOL" --pool4
	rm -rf "$tree"
	expect_status 0
	[ "${lines[0]}" = "$(printf '0\tTCP\t192.0.2.1\t1-2')" ]
}

# awk_shim FAILURES: an awk that removes record z2 and fails like mawk on
# a configfs read error the first FAILURES times, then runs the real awk.
awk_shim() {
	local real
	case $JOOL_SHELL in
	busybox*) skip "busybox sh runs its awk applet, not the one in PATH" ;;
	esac
	real=$(command -v awk)
	mkdir -p "$BATS_TEST_TMPDIR/bin"
	cat >"$BATS_TEST_TMPDIR/bin/awk" <<-SHIM
	#!/bin/sh
	tries=\$(cat "$BATS_TEST_TMPDIR/tries" 2>/dev/null || echo 0)
	echo \$((tries + 1)) >"$BATS_TEST_TMPDIR/tries"
	if [ "\$tries" -lt $1 ]; then
		rm -rf "$JOOL_CONFIGFS/pool4/z2"
		echo "awk: read error (No such file or directory)" >&2
		exit 2
	fi
	exec $real "\$@"
	SHIM
	chmod +x "$BATS_TEST_TMPDIR/bin/awk"
	PATH=$BATS_TEST_TMPDIR/bin:$PATH
	# A small pool is read by the shell itself: make it awk's.
	export JOOL_SMALL_POOL=0
}

@test "a record removed while the pool is read: read again, no error" {
	fake_record z1 0 tcp 192.0.2.1/32 1-2
	fake_record z2 0 tcp 192.0.2.2/32 1-2
	awk_shim 2
	run --separate-stderr jool --pool4 --display
	expect_status 0
	[ -z "$stderr" ]
	[ "$(cat "$BATS_TEST_TMPDIR/tries")" = 3 ]
	expect_lines <<-'OUT'
	0	TCP	192.0.2.1	1-2
	  (Fetched 1 entries.)
	OUT
}

@test "a pool that cannot be read three times: one error, status 1" {
	fake_record z1 0 tcp 192.0.2.1/32 1-2
	awk_shim 3
	run --separate-stderr jool --pool4 --display
	expect_status 1
	[ -z "$output" ]
	[ "$(cat "$BATS_TEST_TMPDIR/tries")" = 3 ]
	case $stderr in
	"awk: read error"*"jool: cannot read"*"(awk failed)") ;;
	*) printf 'stderr: %s\n' "$stderr" >&2; return 1 ;;
	esac
}
