#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# jool --pool4 --restore against the real module: what the seed's examples
# and a /16 leave in the pool survives save, flush and restore; a restore
# the kernel side refuses half-way leaves the pool as it was.

load ../helper

P4=/sys/kernel/config/jool/pool4

setup() {
	vm_setup
}

teardown() {
	if [ -n "${ro_file:-}" ]; then umount "$ro_file" 2>/dev/null || true; fi
	vm_teardown
}

@test "round trip: seed's pool and a /20, saved, flushed, restored" {
	jool --pool4 --add 192.0.2.1
	jool --pool4 --add          --tcp 192.0.2.2 7000-7999
	jool --pool4 --add --mark 1 --tcp 192.0.2.2 8000-8999
	jool --pool4 --add          --tcp 192.0.2.4/31
	# A /20 (12,288 rows) rather than a /16: busybox awk under TCG is slow;
	# the host suite restores a /16.
	jool --pool4 --add --mark 7 --force 198.18.0.0/20 1024-2047
	jool --pool4 --display --csv >"$BATS_TEST_TMPDIR/pool4.csv"
	jool --pool4 --display >"$BATS_TEST_TMPDIR/before"
	count=$(jool --pool4 --count)
	jool --pool4 --flush
	SECONDS=0
	run --separate-stderr jool --pool4 --restore "$BATS_TEST_TMPDIR/pool4.csv"
	echo "# restore of $(wc -l <"$BATS_TEST_TMPDIR/pool4.csv") rows took $SECONDS s under TCG" >&3
	expect_status 0
	[ -z "$stderr" ]
	# One record per aligned block: the /20 is three records again.
	[ "$(records | grep -c '^7-.*198\.18\.0\.0_20-1024-2047$')" = 3 ]
	[ "$(records | wc -l)" = 9 ]
	[ "$(jool --pool4 --count)" = "$count" ]
	jool --pool4 --display >"$BATS_TEST_TMPDIR/after"
	cmp "$BATS_TEST_TMPDIR/before" "$BATS_TEST_TMPDIR/after"
}

@test "restore from standard input makes the pool equal the file" {
	jool --pool4 --add 192.0.2.1
	printf 'Mark,Protocol,Address,Min port,Max port\n0,TCP,192.0.2.1,61001,65535\n5,ICMP,192.0.2.9,0,0\n' |
		jool --pool4 --restore -
	run jool --pool4
	expect_lines <<-'OUT'
	0	TCP	192.0.2.1	61001-65535
	5	ICMP	192.0.2.9	0-0
	  (Fetched 2 entries.)
	OUT
}

@test "a write refused half-way: the pool is exactly as before" {
	jool --pool4 --add --udp 192.0.2.1
	jool --pool4 --add --tcp 192.0.2.2
	jool --pool4 --display >"$BATS_TEST_TMPDIR/before"
	# The UDP record cannot be taken out: its enabled attribute is
	# read-only for this test (EROFS from the VFS, before configfs).
	ro_file=$P4/0-udp-192.0.2.1_32-61001-65535/enabled
	mount --bind "$ro_file" "$ro_file"
	mount -o remount,bind,ro "$ro_file"
	printf 'Mark,Protocol,Address,Min port,Max port\n0,ICMP,192.0.2.3,1,9\n' \
		>"$BATS_TEST_TMPDIR/new.csv"
	run --separate-stderr jool --pool4 --restore "$BATS_TEST_TMPDIR/new.csv"
	expect_status 1
	[ "$stderr" = "jool: cannot write '0' to 0-udp-192.0.2.1_32-61001-65535/enabled: Read-only file system" ]
	umount "$ro_file"
	ro_file=
	jool --pool4 --display >"$BATS_TEST_TMPDIR/after"
	cmp "$BATS_TEST_TMPDIR/before" "$BATS_TEST_TMPDIR/after"
	run records
	expect_lines <<-'OUT'
	0-tcp-192.0.2.2_32-61001-65535
	0-udp-192.0.2.1_32-61001-65535
	OUT
	[ "$(cat $P4/0-tcp-192.0.2.2_32-61001-65535/enabled)" = 1 ]
	[ "$(cat $P4/0-tcp-192.0.2.2_32-61001-65535/quick)" = 0 ]
}

@test "an invalid file changes nothing (22)" {
	jool --pool4 --add 192.0.2.1
	printf 'Mark,Protocol,Address,Min port,Max port\n0,TCP,192.0.2.1,0,9\n' \
		>"$BATS_TEST_TMPDIR/bad.csv"
	refuse 22 "bad.csv:2: port 0 is only valid for ICMP" --pool4 --restore "$BATS_TEST_TMPDIR/bad.csv"
}
