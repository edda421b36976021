#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# jool --pool4 --add against a fake configfs tree.

load helper

setup() {
	fake_setup
}

@test "add without flags creates one enabled record per protocol" {
	run --separate-stderr jool --pool4 --add 192.0.2.1
	expect_status 0
	[ -z "$output" ] && [ -z "$stderr" ]
	run records
	expect_lines <<-'OUT'
	0-icmp-192.0.2.1_32-61001-65535
	0-tcp-192.0.2.1_32-61001-65535
	0-udp-192.0.2.1_32-61001-65535
	OUT
	local r=0-udp-192.0.2.1_32-61001-65535
	[ "$(attr $r mark)" = 0 ]
	[ "$(attr $r proto)" = udp ]
	[ "$(attr $r prefix)" = 192.0.2.1/32 ]
	[ "$(attr $r ports)" = 61001-65535 ]
	[ "$(attr $r enabled)" = 1 ]
}

@test "the default range is 61001-65535 (decision 1)" {
	jool --pool4 --add --tcp 192.0.2.1
	[ "$(attr 0-tcp-192.0.2.1_32-61001-65535 ports)" = 61001-65535 ]
}

@test "protocol flags select exactly that subset" {
	jool --pool4 --add --tcp --icmp 192.0.2.1 7000-7999
	run records
	expect_lines <<-'OUT'
	0-icmp-192.0.2.1_32-7000-7999
	0-tcp-192.0.2.1_32-7000-7999
	OUT
}

@test "a single port n means n-n" {
	jool --pool4 --add --udp 192.0.2.1 5000
	[ "$(attr 0-udp-192.0.2.1_32-5000-5000 ports)" = 5000-5000 ]
}

@test "prefixes are written as a.b.c.d/len, names use _ for /" {
	jool --pool4 --add --tcp 192.0.2.4/31 --mark 7
	[ "$(records)" = "7-tcp-192.0.2.4_31-61001-65535" ]
	[ "$(attr 7-tcp-192.0.2.4_31-61001-65535 prefix)" = 192.0.2.4/31 ]
	[ "$(attr 7-tcp-192.0.2.4_31-61001-65535 mark)" = 7 ]
}

@test "the whole 32-bit mark is accepted, leading zeros dropped" {
	jool --pool4 --add --icmp --mark 4294967295 192.0.2.1
	jool --pool4 --add --icmp --mark 0010 192.0.2.1
	run records
	expect_lines <<-'OUT'
	10-icmp-192.0.2.1_32-61001-65535
	4294967295-icmp-192.0.2.1_32-61001-65535
	OUT
}

@test "bad prefixes are refused with 22, naming the value" {
	refuse 22 "192.0.2.1/33" --pool4 --add 192.0.2.1/33
	refuse 22 "192.0.2.256" --pool4 --add 192.0.2.256
	refuse 22 "192.0.2: not an IPv4 address" --pool4 --add 192.0.2
	refuse 22 "1.2.3.4.5" --pool4 --add 1.2.3.4.5
	refuse 22 "192.0.2.1/" --pool4 --add 192.0.2.1/
	refuse 22 "a.b.c.d" --pool4 --add a.b.c.d
	refuse 22 "2001:db8::1: not an IPv4 prefix" --pool4 --add 2001:db8::1
	refuse 22 "64:ff9b::/96" --pool4 --add 64:ff9b::/96
}

@test "host bits set are refused with a suggestion (decision 2)" {
	refuse 22 "192.0.2.5/30: host bits are set (did you mean 192.0.2.4/30?)" \
		--pool4 --add 192.0.2.5/30
}

@test "bad ranges are refused with 22, naming the value" {
	refuse 22 "70000" --pool4 --add 192.0.2.1 70000
	refuse 22 "100-70000" --pool4 --add 192.0.2.1 100-70000
	refuse 22 "5-:" --pool4 --add 192.0.2.1 5-
	refuse 64 "unknown option '-5'" --pool4 --add 192.0.2.1 -5
	refuse 22 "2000-1000: range minimum is greater" --pool4 --add 192.0.2.1 2000-1000
	refuse 22 "1-2-3" --pool4 --add 192.0.2.1 1-2-3
}

@test "bad marks are refused with 22, naming the value" {
	refuse 22 "--mark -1" --pool4 --add --mark -1 192.0.2.1
	refuse 22 "--mark 4294967296" --pool4 --add --mark 4294967296 192.0.2.1
	refuse 22 "--mark abc" --pool4 --add --mark abc 192.0.2.1
	refuse 22 "--mark 99999999999999999999" --pool4 --add --mark=99999999999999999999 192.0.2.1
	refuse 22 "--mark " --pool4 --add --mark= 192.0.2.1
}

@test "port 0 alone for TCP/UDP is refused (decision 3)" {
	refuse 22 "port 0 is only valid for --icmp" --pool4 --add --tcp 192.0.2.1 0
	refuse 22 "port 0" --pool4 --add 192.0.2.1 0-0
}

@test "port 0 is kept for ICMP and becomes 1 for TCP/UDP (decision 3)" {
	jool --pool4 --add 192.0.2.1 0-100
	run records
	expect_lines <<-'OUT'
	0-icmp-192.0.2.1_32-0-100
	0-tcp-192.0.2.1_32-1-100
	0-udp-192.0.2.1_32-1-100
	OUT
	jool --pool4 --add --icmp 192.0.2.2 0
	[ "$(attr 0-icmp-192.0.2.2_32-0-0 ports)" = 0-0 ]
}

@test "a prefix shorter than /24 needs --force" {
	refuse 22 "198.18.0.0/16 holds 65536 addresses.*--force" --pool4 --add 198.18.0.0/16
	refuse 22 "0.0.0.0/0 holds 4294967296 addresses" --pool4 --add 0.0.0.0/0
	refuse 22 "192.0.2.0/23 holds 512 addresses" --pool4 --add --tcp 192.0.2.0/23
	jool --pool4 --add --tcp 192.0.2.0/24
	jool --pool4 --add --tcp 198.18.0.0/16 --force
	run records
	expect_lines <<-'OUT'
	0-tcp-192.0.2.0_24-61001-65535
	0-tcp-198.18.0.0_16-61001-65535
	OUT
}

@test "adding what is already there succeeds and adds nothing" {
	jool --pool4 --add 192.0.2.1
	run --separate-stderr jool --pool4 --add 192.0.2.1
	expect_status 0
	[ "$(records | wc -l)" = 3 ]
}

@test "adding what an enabled record already covers adds nothing" {
	fake_record big 0 tcp 192.0.2.0/24 1000-9000
	jool --pool4 --add --tcp 192.0.2.7 2000-3000
	[ "$(records)" = big ]
	# A disabled record covers nothing.
	fake_record off 0 udp 192.0.2.0/24 1000-9000 0
	jool --pool4 --add --udp 192.0.2.7 2000-3000
	[ "$(records | wc -l)" = 3 ]
	# Nor does one of another mark.
	jool --pool4 --add --tcp --mark 1 192.0.2.7 2000-3000
	[ "$(records | wc -l)" = 4 ]
}

@test "a name taken by a disabled record gets a suffix" {
	fake_record 0-tcp-192.0.2.1_32-61001-65535 0 tcp 192.0.2.1/32 61001-65535 0
	jool --pool4 --add --tcp 192.0.2.1
	run records
	expect_lines <<-'OUT'
	0-tcp-192.0.2.1_32-61001-65535
	0-tcp-192.0.2.1_32-61001-65535.2
	OUT
	[ "$(attr 0-tcp-192.0.2.1_32-61001-65535.2 enabled)" = 1 ]
}

@test "add is atomic: a record that cannot be made removes the others" {
	fake_record keep 0 tcp 198.51.100.1/32 61001-65535
	# A dangling symlink: "test -e" says free, mkdir says it exists.
	ln -s "$BATS_TEST_TMPDIR/nowhere" \
		"$JOOL_CONFIGFS/pool4/0-tcp-192.0.2.1_32-61001-65535"
	run --separate-stderr jool --pool4 --add 192.0.2.1
	expect_status 1
	[[ $stderr == "jool: cannot create record 0-tcp-192.0.2.1_32-61001-65535: File exists"* ]]
	run records
	expect_lines <<-'OUT'
	0-tcp-192.0.2.1_32-61001-65535
	keep
	OUT
}

@test "a range overlapping the ephemeral range warns, naming both" {
	run --separate-stderr jool --pool4 --add 192.0.2.1 40001-61000
	expect_status 0
	[ "$stderr" = "jool: warning: port range 40001-61000 overlaps the ephemeral port range 32768-60999 (net.ipv4.ip_local_port_range)" ]
	[ "$(records | wc -l)" = 3 ]
}

@test "no ephemeral warning without overlap or for ICMP only" {
	run --separate-stderr jool --pool4 --add 192.0.2.1 60999-61001
	[[ $stderr == *"60999-61001 overlaps"*"32768-60999"* ]]
	run --separate-stderr jool --pool4 --add 192.0.2.1
	[ -z "$stderr" ]
	run --separate-stderr jool --pool4 --add --icmp 192.0.2.2 1-65535
	[ -z "$stderr" ]
	run --separate-stderr jool --pool4 --add 192.0.2.3 1000-32767
	[ -z "$stderr" ]
}
