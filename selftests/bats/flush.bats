#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# jool --pool4 --flush against a fake configfs tree.

load helper

setup() {
	fake_setup
}

@test "flush removes every record of every mark and protocol" {
	jool --pool4 --add 192.0.2.1
	jool --pool4 --add --mark 7 --tcp 192.0.2.0/24
	fake_record off 3 udp 192.0.2.9/32 1-2 0
	run --separate-stderr jool --pool4 --flush
	expect_status 0
	[ -z "$output" ] && [ -z "$stderr" ]
	[ -z "$(records)" ]
	run jool --pool4
	[ "$output" = "  (empty)" ]
}

@test "flush of an empty pool succeeds" {
	run jool --pool4 --flush
	expect_status 0
}

@test "flush --quick and -f -q succeed" {
	jool --pool4 --add 192.0.2.1
	run jool --pool4 --flush --quick
	expect_status 0
	[ -z "$(records)" ]
	jool --pool4 --add 192.0.2.1
	run jool -4 -f -q
	expect_status 0
	[ -z "$(records)" ]
}

@test "flush leaves the count attribute alone" {
	printf 'tables: 0\nsamples: 0\ntransport addresses: 0\n' \
		>"$JOOL_CONFIGFS/pool4/count"
	jool --pool4 --add 192.0.2.1
	jool --pool4 --flush
	[ -f "$JOOL_CONFIGFS/pool4/count" ]
}
