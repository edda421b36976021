#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# jool --pool4 --restore FILE against a fake tree: validation, coalescing,
# round trips and the undo of a half-applied restore.

load helper

setup() {
	fake_setup
}

teardown() {
	# A read-only bind mount made by a test, if any.
	if [ -n "${ro_file:-}" ]; then umount "$ro_file" 2>/dev/null || true; fi
	if [ -n "${small_fs:-}" ]; then umount "$small_fs" 2>/dev/null || true; fi
}

seed_pool() {
	jool --pool4 --add 192.0.2.1
	jool --pool4 --add --tcp 192.0.2.2 7000-7999
	jool --pool4 --add --mark 1 --tcp 192.0.2.2 8000-8999
	jool --pool4 --add --tcp 192.0.2.4/31
	jool --pool4 --add --udp 192.0.2.0/30 40001-62000
}

# csv LINES...: writes a restore file with the header and LINES.
csv() {
	{
		printf 'Mark,Protocol,Address,Min port,Max port\n'
		for l; do printf '%s\n' "$l"; done
	} >"$BATS_TEST_TMPDIR/pool.csv"
}

@test "round trip: display --csv, flush, restore gives the same pool" {
	seed_pool
	jool --pool4 --display --csv >"$BATS_TEST_TMPDIR/saved.csv"
	before=$(jool --pool4)
	jool --pool4 --flush
	run --separate-stderr jool --pool4 --restore "$BATS_TEST_TMPDIR/saved.csv"
	expect_status 0
	[ -z "$output" ] && [ -z "$stderr" ]
	run jool --pool4
	[ "$output" = "$before" ]
	run jool --pool4 --csv
	[ "$output" = "$(cat "$BATS_TEST_TMPDIR/saved.csv")" ]
}

@test "restoring the pool as it is changes no record" {
	seed_pool
	jool --pool4 --csv >"$BATS_TEST_TMPDIR/saved.csv"
	before=$(records)
	run --separate-stderr jool --pool4 --restore "$BATS_TEST_TMPDIR/saved.csv"
	expect_status 0
	# Overlapping records come back as other records, the rest stay.
	jool --pool4 --restore "$BATS_TEST_TMPDIR/saved.csv"
	after=$(records)
	jool --pool4 --restore "$BATS_TEST_TMPDIR/saved.csv"
	[ "$(records)" = "$after" ]
	run jool --pool4 --csv
	[ "$output" = "$(cat "$BATS_TEST_TMPDIR/saved.csv")" ]
}

@test "records not in the file go, records in it stay, missing ones come" {
	fake_record keep 0 tcp 192.0.2.1/32 61001-65535
	fake_record gone 0 udp 192.0.2.1/32 61001-65535
	fake_record off 5 icmp 192.0.2.9/32 1-2 0
	csv 0,TCP,192.0.2.1,61001,65535 7,ICMP,203.0.113.5,0,9
	run --separate-stderr jool --pool4 --restore "$BATS_TEST_TMPDIR/pool.csv"
	expect_status 0
	run records
	expect_lines <<-'OUT'
	7-icmp-203.0.113.5_32-0-9
	keep
	OUT
}

@test "consecutive addresses coalesce into aligned prefixes" {
	{
		printf 'Mark,Protocol,Address,Min port,Max port\n'
		i=0
		while [ $i -lt 256 ]; do
			printf '3,UDP,198.51.100.%d,1000,2000\n' $i
			i=$((i + 1))
		done
		# Not aligned: .1 and .2 stay two records; .5-.7 is /32 + /31.
		printf '3,UDP,203.0.113.1,1000,2000\n3,UDP,203.0.113.2,1000,2000\n'
		printf '3,UDP,203.0.113.5,1000,2000\n3,UDP,203.0.113.6,1000,2000\n'
		printf '3,UDP,203.0.113.7,1000,2000\n'
		# Same addresses, another range: their own records.
		printf '3,UDP,203.0.113.6,3000,3000\n'
	} >"$BATS_TEST_TMPDIR/pool.csv"
	jool --pool4 --restore "$BATS_TEST_TMPDIR/pool.csv"
	run records
	expect_lines <<-'OUT'
	3-udp-198.51.100.0_24-1000-2000
	3-udp-203.0.113.1_32-1000-2000
	3-udp-203.0.113.2_32-1000-2000
	3-udp-203.0.113.5_32-1000-2000
	3-udp-203.0.113.6_31-1000-2000
	3-udp-203.0.113.6_32-3000-3000
	OUT
}

@test "rows in any order give the same pool" {
	csv 0,TCP,192.0.2.7,5,6 0,TCP,192.0.2.5,5,6 0,TCP,192.0.2.6,5,6 \
		0,UDP,192.0.2.9,5,6 0,TCP,192.0.2.6,5,6 0,TCP,192.0.2.4,5,6
	jool --pool4 --restore "$BATS_TEST_TMPDIR/pool.csv"
	run jool --pool4 --csv
	expect_lines <<-'OUT'
	Mark,Protocol,Address,Min port,Max port
	0,UDP,192.0.2.9,5,6
	0,TCP,192.0.2.4,5,6
	0,TCP,192.0.2.5,5,6
	0,TCP,192.0.2.6,5,6
	0,TCP,192.0.2.7,5,6
	OUT
}

@test "a /16 for three protocols restores as three records" {
	jool --pool4 --add --force 198.18.0.0/16
	jool --pool4 --csv >"$BATS_TEST_TMPDIR/saved.csv"
	jool --pool4 --flush
	jool --pool4 --restore "$BATS_TEST_TMPDIR/saved.csv"
	run records
	expect_lines <<-'OUT'
	0-icmp-198.18.0.0_16-61001-65535
	0-tcp-198.18.0.0_16-61001-65535
	0-udp-198.18.0.0_16-61001-65535
	OUT
}

@test "- reads standard input; a header alone empties the pool" {
	seed_pool
	run --separate-stderr jool --pool4 --restore - < <(printf \
		'Mark,Protocol,Address,Min port,Max port\n0,ICMP,192.0.2.77,5,6\n')
	expect_status 0
	[ "$(records)" = "0-icmp-192.0.2.77_32-5-6" ]
	printf 'Mark,Protocol,Address,Min port,Max port\n' | jool --pool4 --restore -
	[ -z "$(records)" ]
}

@test "CRLF line ends, blank lines, spaces and lower-case protocols are accepted" {
	printf 'Mark,Protocol,Address,Min port,Max port\r\n 0 , tcp ,192.0.2.1,5,6\r\n\r\n' \
		>"$BATS_TEST_TMPDIR/pool.csv"
	jool --pool4 --restore "$BATS_TEST_TMPDIR/pool.csv"
	[ "$(records)" = "0-tcp-192.0.2.1_32-5-6" ]
}

# bad_csv PATTERN LINES...: the file is refused with 22, nothing changes.
bad_csv() {
	local pattern=$1
	shift
	csv "$@"
	refuse 22 "$pattern" --pool4 --restore "$BATS_TEST_TMPDIR/pool.csv"
}

@test "every row is checked first: line number and bad value, exit 22" {
	seed_pool
	local f=$BATS_TEST_TMPDIR/pool.csv
	bad_csv "$f:3: mark \"-1\" is not 0..4294967295" 0,TCP,192.0.2.1,5,6 -1,TCP,192.0.2.1,5,6
	bad_csv "$f:2: mark \"4294967296\"" 4294967296,TCP,192.0.2.1,5,6
	bad_csv "$f:2: protocol \"SCTP\" is not TCP, UDP or ICMP" 0,SCTP,192.0.2.1,5,6
	bad_csv "$f:2: \"192.0.2.256\" is not an IPv4 address" 0,TCP,192.0.2.256,5,6
	bad_csv "$f:2: \"192.0.2\" is not an IPv4 address" 0,TCP,192.0.2,5,6
	bad_csv "$f:2: \"192.0.2.0/24\" is not an IPv4 address" 0,TCP,192.0.2.0/24,5,6
	bad_csv "$f:2: min port \"x\" is not 0..65535" 0,TCP,192.0.2.1,x,6
	bad_csv "$f:2: max port \"70000\" is not 0..65535" 0,TCP,192.0.2.1,5,70000
	bad_csv "$f:2: range 7-6: minimum greater than maximum" 0,TCP,192.0.2.1,7,6
	bad_csv "$f:2: port 0 is only valid for ICMP (UDP 0-6)" 0,UDP,192.0.2.1,0,6
	bad_csv "$f:4: \"0,TCP,192.0.2.1,5\" does not have 5 fields" 0,TCP,192.0.2.1,5,6 "" 0,TCP,192.0.2.1,5
}

@test "a file without the header, an empty file, a missing file" {
	local f=$BATS_TEST_TMPDIR/pool.csv
	printf '0,TCP,192.0.2.1,5,6\n' >"$f"
	refuse 22 "$f:1: \"0,TCP,192.0.2.1,5,6\" is not the header \"Mark,Protocol,Address,Min port,Max port\"" \
		--pool4 --restore "$f"
	: >"$f"
	refuse 22 "$f: empty file; expected the header" --pool4 --restore "$f"
	refuse 1 "$BATS_TEST_TMPDIR/nope: cannot read this file" --pool4 --restore "$BATS_TEST_TMPDIR/nope"
	refuse 64 "--restore needs a FILE" --pool4 --restore
	refuse 64 "--mark cannot be used with --restore" --pool4 --restore "$f" --mark 1
	refuse 64 "--tcp cannot be used with --restore" --pool4 --restore "$f" --tcp
}

# The tree as text: every record with its attributes.
tree() {
	(cd "$JOOL_CONFIGFS/pool4" && grep -r . . | LC_ALL=C sort)
}

@test "a removal the system refuses undoes the whole restore" {
	[ "$(id -u)" = 0 ] || skip "needs root (bind mount)"
	fake_record a-old 0 tcp 192.0.2.1/32 5-6
	fake_record b-old 0 udp 192.0.2.1/32 5-6
	before=$(tree)
	# b-old/enabled cannot be written: EROFS, as a real refusal would.
	ro_file=$JOOL_CONFIGFS/pool4/b-old/enabled
	mount --bind "$ro_file" "$ro_file"
	mount -o remount,bind,ro "$ro_file"
	csv 0,ICMP,192.0.2.1,5,6 0,ICMP,192.0.2.2,5,6
	run --separate-stderr jool --pool4 --restore --quick "$BATS_TEST_TMPDIR/pool.csv"
	expect_status 1
	[ "$stderr" = "jool: cannot write '0' to b-old/enabled: Read-only file system" ]
	# a-old was disabled with quick set, then put back as it was.
	[ "$(tree)" = "$before" ]
}

@test "a creation the system refuses removes what was made" {
	[ "$(id -u)" = 0 ] || skip "needs root (tmpfs)"
	small_fs=$BATS_TEST_TMPDIR/small
	mkdir "$small_fs"
	mount -t tmpfs -o size=1m tmpfs "$small_fs"
	export JOOL_CONFIGFS=$small_fs/jool
	mkdir -p "$JOOL_CONFIGFS/pool4"
	fake_record old 0 tcp 192.0.2.1/32 5-6
	before=$(tree)
	# Room for the three directories and 7 more files: the second record
	# gets two of its five attributes.
	local used
	used=$(stat -f -c '%c %d' "$small_fs" | awk '{ print $1 - $2 }')
	mount -o remount,nr_inodes=$((used + 3 + 7)) "$small_fs"
	csv 0,ICMP,192.0.2.1,5,6 0,ICMP,192.0.2.3,5,6 0,ICMP,192.0.2.5,5,6
	run --separate-stderr jool --pool4 --restore "$BATS_TEST_TMPDIR/pool.csv"
	expect_status 1
	[[ $stderr == "jool: cannot write '5-6' to 0-icmp-192.0.2.3_32-5-6/ports: No space left on device" ]]
	[ "$(tree)" = "$before" ]
}
