#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# jool --pool4 --count prints the kernel's count file (real numbers: vm/).

load helper

setup() {
	fake_setup
}

@test "--count prints the count attribute as it is" {
	printf 'tables: 2\nsamples: 5\ntransport addresses: 18098\n' \
		>"$JOOL_CONFIGFS/pool4/count"
	run --separate-stderr jool --pool4 --count
	expect_status 0
	expect_lines <<-'OUT'
	tables: 2
	samples: 5
	transport addresses: 18098
	OUT
}

@test "-c is --count" {
	printf 'tables: 0\nsamples: 0\ntransport addresses: 0\n' \
		>"$JOOL_CONFIGFS/pool4/count"
	run jool -4 -c
	expect_status 0
	[ "${lines[2]}" = "transport addresses: 0" ]
}

@test "--count does not walk records" {
	printf 'tables: 0\nsamples: 0\ntransport addresses: 0\n' \
		>"$JOOL_CONFIGFS/pool4/count"
	fake_record a 0 tcp 10.0.0.0/8 1-65535
	run jool --pool4 --count
	[ "${lines[0]}" = "tables: 0" ]
}

@test "an unreadable count fails with status 1" {
	run --separate-stderr jool --pool4 --count
	expect_status 1
	[[ $stderr == "jool: cannot read "*"count"* ]]
}
