#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# jool --pool4 --remove against a fake configfs tree: set semantics.

load helper

setup() {
	fake_setup
}

# The seed's pool before its "Remove some entries" example.
seed_pool() {
	jool --pool4 --add 192.0.2.1
	jool --pool4 --add --tcp 192.0.2.2 7000-7999
	jool --pool4 --add --mark 1 --tcp 192.0.2.2 8000-8999
	jool --pool4 --add --tcp 192.0.2.4/31
}

@test "the seed's remove example leaves only mark 1" {
	seed_pool
	run jool --pool4 --remove --mark 0 192.0.2.0/24 0-65535
	expect_status 0
	run jool --pool4 --display
	expect_lines <<-'OUT'
	1	TCP	192.0.2.2	8000-8999
	  (Fetched 1 entries.)
	OUT
}

@test "RANGE defaults to every port" {
	seed_pool
	jool --pool4 --remove 192.0.2.0/24
	[ "$(records)" = "1-tcp-192.0.2.2_32-8000-8999" ]
}

@test "removing the middle of a range leaves both ends" {
	jool --pool4 --add --tcp 192.0.2.2 7000-7999
	run --separate-stderr jool --pool4 --remove --tcp 192.0.2.2 7500-7600
	expect_status 0
	[ -z "$stderr" ]
	run records
	expect_lines <<-'OUT'
	0-tcp-192.0.2.2_32-7000-7499
	0-tcp-192.0.2.2_32-7601-7999
	OUT
	run jool --pool4
	expect_lines <<-'OUT'
	0	TCP	192.0.2.2	7000-7499
	0	TCP	192.0.2.2	7601-7999
	  (Fetched 2 entries.)
	OUT
}

@test "removing an edge of a range leaves one piece" {
	jool --pool4 --add --udp 192.0.2.2 7000-7999
	jool --pool4 --remove --udp 192.0.2.2 7900-9000
	[ "$(records)" = "0-udp-192.0.2.2_32-7000-7899" ]
	jool --pool4 --remove --udp 192.0.2.2 0-7000
	[ "$(records)" = "0-udp-192.0.2.2_32-7001-7899" ]
}

@test "removing an address from a /31 leaves the other" {
	jool --pool4 --add --tcp 192.0.2.4/31
	jool --pool4 --remove 192.0.2.5
	[ "$(records)" = "0-tcp-192.0.2.4_32-61001-65535" ]
}

@test "CIDR difference: a /29 minus one address is /31 + /32 + /30" {
	jool --pool4 --add --udp 10.0.0.0/29 100-200
	jool --pool4 --remove --udp 10.0.0.3
	run records
	expect_lines <<-'OUT'
	0-udp-10.0.0.0_31-100-200
	0-udp-10.0.0.2_32-100-200
	0-udp-10.0.0.4_30-100-200
	OUT
}

@test "address and port cut at once" {
	jool --pool4 --add --icmp 10.0.0.0/30 0-99
	jool --pool4 --remove --icmp 10.0.0.2/31 50-59
	run jool --pool4
	expect_lines <<-'OUT'
	0	ICMP	10.0.0.0	0-99
	0	ICMP	10.0.0.1	0-99
	0	ICMP	10.0.0.2	0-49
	0	ICMP	10.0.0.2	60-99
	0	ICMP	10.0.0.3	0-49
	0	ICMP	10.0.0.3	60-99
	  (Fetched 6 entries.)
	OUT
}

@test "a prefix bigger than the record removes it whole" {
	jool --pool4 --add --tcp 192.0.2.8/30
	jool --pool4 --remove --tcp 192.0.0.0/16
	[ -z "$(records)" ]
}

@test "other marks are untouched" {
	jool --pool4 --add --tcp --mark 1 192.0.2.1
	jool --pool4 --add --tcp --mark 2 192.0.2.1
	jool --pool4 --remove --mark 1 192.0.2.1
	[ "$(records)" = "2-tcp-192.0.2.1_32-61001-65535" ]
}

@test "unselected protocols are untouched" {
	jool --pool4 --add 192.0.2.1
	jool --pool4 --remove --udp --icmp 192.0.2.1
	[ "$(records)" = "0-tcp-192.0.2.1_32-61001-65535" ]
}

@test "removing something absent succeeds and changes nothing" {
	jool --pool4 --add --tcp 192.0.2.1 7000-7999
	run --separate-stderr jool --pool4 --remove 198.51.100.1
	expect_status 0
	run --separate-stderr jool --pool4 --remove --tcp 192.0.2.1 1-6999
	expect_status 0
	run --separate-stderr jool --pool4 --remove --udp 192.0.2.1
	expect_status 0
	[ "$(records)" = "0-tcp-192.0.2.1_32-7000-7999" ]
}

@test "remove works on the union of overlapping records" {
	fake_record a 0 tcp 192.0.2.0/30 1000-2000
	fake_record b 0 tcp 192.0.2.2/31 1500-3000
	jool --pool4 --remove --tcp 192.0.2.0/24 1800-2500
	run jool --pool4
	expect_lines <<-'OUT'
	0	TCP	192.0.2.0	1000-1799
	0	TCP	192.0.2.1	1000-1799
	0	TCP	192.0.2.2	1000-1799
	0	TCP	192.0.2.2	2501-3000
	0	TCP	192.0.2.3	1000-1799
	0	TCP	192.0.2.3	2501-3000
	  (Fetched 6 entries.)
	OUT
}

@test "disabled records are not part of the pool and stay" {
	fake_record off 0 tcp 192.0.2.1/32 1-65535 0
	jool --pool4 --remove 192.0.2.1
	[ "$(records)" = off ]
}

@test "a survivor identical to an existing record is not duplicated" {
	fake_record a 0 tcp 192.0.2.1/32 1000-2000
	fake_record b 0 tcp 192.0.2.1/32 1000-1499
	jool --pool4 --remove --tcp 192.0.2.1 1500-2000
	[ "$(records)" = b ]
}

@test "remove validates like add" {
	refuse 22 "192.0.2.1/33" --pool4 --remove 192.0.2.1/33
	refuse 22 "2000-1000" --pool4 --remove 192.0.2.1 2000-1000
	refuse 22 "--mark abc" --pool4 --remove --mark abc 192.0.2.1
	refuse 22 "host bits" --pool4 --remove 192.0.2.1/24
}

@test "remove --quick is accepted" {
	jool --pool4 --add 192.0.2.1
	run jool --pool4 --remove --quick 192.0.2.1
	expect_status 0
	[ -z "$(records)" ]
}

@test "a survivor that cannot be made leaves the old record in place" {
	jool --pool4 --add --tcp 192.0.2.2 7000-7999
	ln -s "$BATS_TEST_TMPDIR/nowhere" \
		"$JOOL_CONFIGFS/pool4/0-tcp-192.0.2.2_32-7601-7999"
	run --separate-stderr jool --pool4 --remove --tcp 192.0.2.2 7500-7600
	expect_status 1
	[[ $stderr == "jool: cannot create record 0-tcp-192.0.2.2_32-7601-7999: File exists"* ]]
	run records
	expect_lines <<-'OUT'
	0-tcp-192.0.2.2_32-7000-7999
	0-tcp-192.0.2.2_32-7601-7999
	OUT
	[ "$(attr 0-tcp-192.0.2.2_32-7000-7999 enabled)" = 1 ]
}
