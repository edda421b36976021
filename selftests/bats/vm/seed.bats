#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# The seed's examples (shared/seed/usr-flags-pool4.md), run verbatim against
# the real module, compared line by line with the outputs of the behaviour
# spec (our default range is 61001-65535, decision 1).

load ../helper

setup() {
	vm_setup
}

teardown() {
	vm_teardown
}

@test "seed: display of an empty pool" {
	run jool --pool4 --display
	expect_lines <<-'OUT'
	  (empty)
	OUT
}

@test "seed: add several entries, remove some, flush" {
	jool --pool4 --add 192.0.2.1
	run jool --pool4 --display
	expect_lines <<-'OUT'
	0	ICMP	192.0.2.1	61001-65535
	0	UDP	192.0.2.1	61001-65535
	0	TCP	192.0.2.1	61001-65535
	  (Fetched 3 entries.)
	OUT
	jool --pool4 --add          --tcp 192.0.2.2 7000-7999
	jool --pool4 --add --mark 1 --tcp 192.0.2.2 8000-8999
	jool --pool4 --add          --tcp 192.0.2.4/31
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
	jool --pool4 --remove --mark 0 192.0.2.0/24 0-65535
	run jool --pool4 --display
	expect_lines <<-'OUT'
	1	TCP	192.0.2.2	8000-8999
	  (Fetched 1 entries.)
	OUT
	jool --pool4 --flush
	run jool --pool4 --display
	expect_lines <<-'OUT'
	  (empty)
	OUT
}

@test "seed notes: more ports taken from the ephemeral range" {
	local saved
	saved=$(sysctl -n net.ipv4.ip_local_port_range)
	jool --pool4 --add 192.0.2.1
	sysctl -q -w net.ipv4.ip_local_port_range="32768 40000"
	# Verbatim: with our default 61001-65535, 60001-61000 stays a gap.
	run --separate-stderr jool --pool4 --add 192.0.2.1 40001-60000
	expect_status 0
	[ -z "$stderr" ]
	run jool --pool4 --display
	expect_lines <<-'OUT'
	0	ICMP	192.0.2.1	40001-60000
	0	ICMP	192.0.2.1	61001-65535
	0	UDP	192.0.2.1	40001-60000
	0	UDP	192.0.2.1	61001-65535
	0	TCP	192.0.2.1	40001-60000
	0	TCP	192.0.2.1	61001-65535
	  (Fetched 6 entries.)
	OUT
	# As in the admin guide: the range that touches our default merges.
	run --separate-stderr jool --pool4 --add 192.0.2.1 60001-61000
	sysctl -q -w net.ipv4.ip_local_port_range="$saved"
	expect_status 0
	run jool --pool4 --display
	expect_lines <<-'OUT'
	0	ICMP	192.0.2.1	40001-65535
	0	UDP	192.0.2.1	40001-65535
	0	TCP	192.0.2.1	40001-65535
	  (Fetched 3 entries.)
	OUT
}

@test "seed --mark: two marks share one address" {
	jool --pool4 --add 192.0.2.1 10000-19999 --mark 10
	jool --pool4 --add 192.0.2.1 20000-29999 --mark 20
	run jool --pool4 --display
	expect_lines <<-'OUT'
	10	ICMP	192.0.2.1	10000-19999
	10	UDP	192.0.2.1	10000-19999
	10	TCP	192.0.2.1	10000-19999
	20	ICMP	192.0.2.1	20000-29999
	20	UDP	192.0.2.1	20000-29999
	20	TCP	192.0.2.1	20000-29999
	  (Fetched 6 entries.)
	OUT
}
