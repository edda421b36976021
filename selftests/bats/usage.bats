#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# Command line parsing of tools/jool: flags, combinations, exit statuses.

load helper

setup() {
	fake_setup
}

@test "--help prints the usage on stdout and exits 0" {
	run --separate-stderr jool --help
	expect_status 0
	[[ $output == *"jool --pool4 --add [--mark M]"* ]]
	[[ $output == *"jool --pool4 --flush [--quick]"* ]]
	[ -z "$stderr" ]
}

@test "an unknown option is a usage error naming it" {
	refuse 64 "unknown option '--bogus'" --pool4 --bogus
	refuse 64 "unknown option '-x'" -4 -x
}

@test "usage errors suggest --help" {
	run --separate-stderr jool --pool4 --bogus
	[[ $stderr == *"Try 'jool --help'."* ]]
}

@test "two operations cannot be combined" {
	refuse 64 "add and --remove" --pool4 --add --remove 192.0.2.1
	refuse 64 "display and --count" --pool4 --display --count
}

@test "--mark without a value is a usage error" {
	refuse 64 "--mark needs a value" --pool4 --add 192.0.2.1 --mark
	refuse 64 "-m needs a value" --pool4 --add 192.0.2.1 -m
}

@test "--add and --remove need a PREFIX" {
	refuse 64 "--add needs a PREFIX" --pool4 --add
	refuse 64 "--remove needs a PREFIX" --pool4 --remove --tcp
}

@test "two prefixes in one command are refused" {
	refuse 64 "only one PREFIX" --pool4 --add 192.0.2.1 192.0.2.2
	refuse 64 "unexpected argument '7'" --pool4 --add 192.0.2.1 5-6 7
}

@test "flags that do not belong to the operation are usage errors" {
	refuse 64 "--csv cannot be used with --add" --pool4 --add --csv 192.0.2.1
	refuse 64 "--force cannot be used with --remove" --pool4 --remove --force 192.0.2.1
	refuse 64 "--quick cannot be used with --add" --pool4 --add --quick 192.0.2.1
	refuse 64 "'192.0.2.1' cannot be used with --flush" --pool4 --flush 192.0.2.1
	refuse 64 "--mark cannot be used with --display" --pool4 --mark 1
	refuse 64 "--tcp cannot be used with --count" --pool4 --count --tcp
	refuse 64 "--csv cannot be used with --count" --pool4 --count --csv
	refuse 64 "--quick cannot be used with --display" --pool4 --quick
	refuse 64 "--udp cannot be used with --flush" --pool4 --flush --udp
	refuse 64 "cannot be used with --display" --pool4 --display 192.0.2.1
}

@test "--display is the default operation" {
	fake_record a 0 tcp 192.0.2.1/32 61001-65535
	run jool --pool4
	expect_status 0
	local default=$output
	run jool --pool4 --display
	[ "$output" = "$default" ]
}

@test "short forms -4 -a -t -u -i -m -d -c -r -f -q work" {
	run jool -4 -a -t -u -m 3 192.0.2.1 7000-7001
	expect_status 0
	run jool -4 -a -i -m 3 192.0.2.1 7000-7001
	expect_status 0
	run jool -4 -d
	expect_lines <<-'OUT'
	3	ICMP	192.0.2.1	7000-7001
	3	UDP	192.0.2.1	7000-7001
	3	TCP	192.0.2.1	7000-7001
	  (Fetched 3 entries.)
	OUT
	run jool -4 -r -u -m 3 192.0.2.1
	expect_status 0
	printf 'tables: 0\nsamples: 0\ntransport addresses: 0\n' >"$JOOL_CONFIGFS/pool4/count"
	run jool -4 -c
	expect_status 0
	run jool -4 -f -q
	expect_status 0
	[ -z "$(records)" ]
}

@test "--mark=N, --mark N and -mN are the same" {
	jool --pool4 --add --tcp --mark=5 192.0.2.1
	jool --pool4 --add --udp --mark 5 192.0.2.1
	jool --pool4 --add --icmp -m5 192.0.2.1
	run records
	expect_lines <<-'OUT'
	5-icmp-192.0.2.1_32-61001-65535
	5-tcp-192.0.2.1_32-61001-65535
	5-udp-192.0.2.1_32-61001-65535
	OUT
}

@test "options may come in any order" {
	jool --pool4 192.0.2.1 7000-7999 --tcp --add --mark 2
	[ "$(records)" = "2-tcp-192.0.2.1_32-7000-7999" ]
}

@test "a missing configfs tree says the module is not loaded (exit 1)" {
	export JOOL_CONFIGFS=$BATS_TEST_TMPDIR/nothing
	for op in --display --count --flush "--add 192.0.2.1" "--remove 192.0.2.1"; do
		# shellcheck disable=SC2086
		run --separate-stderr jool --pool4 $op
		expect_status 1
		[[ $stderr == "jool: "*"module not loaded? (modprobe jool"* ]]
	done
}

@test "values are checked before the environment" {
	export JOOL_CONFIGFS=$BATS_TEST_TMPDIR/nothing
	run --separate-stderr jool --pool4 --add 192.0.2.256
	expect_status 22
}
