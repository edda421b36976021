#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# jool --pool6 against a fake tree: jool/pool6 is a plain file here (the
# kernel's own EINVAL/ERANGE/EPERM are in vm/pool6.bats).

load helper

setup() {
	fake_setup
	: >"$JOOL_CONFIGFS/pool6"
}

pool6() {
	cat "$JOOL_CONFIGFS/pool6"
}

@test "an empty pool6 displays '  (empty)'; --display is the default" {
	run --separate-stderr jool --pool6
	expect_status 0
	[ "$output" = "  (empty)" ] && [ -z "$stderr" ]
	run jool -6 -d
	[ "$output" = "  (empty)" ]
}

@test "display prints the prefix as the kernel shows it" {
	printf '64:ff9b::/96\n' >"$JOOL_CONFIGFS/pool6"
	run jool --pool6 --display
	expect_status 0
	[ "$output" = "64:ff9b::/96" ]
}

@test "add writes the prefix, display shows it" {
	run --separate-stderr jool --pool6 --add 64:ff9b::/96
	expect_status 0
	[ -z "$output" ] && [ -z "$stderr" ]
	[ "$(pool6)" = "64:ff9b::/96" ]
}

@test "every RFC 6052 length is accepted" {
	for p in 2001:db8::/32 2001:db8:100::/40 2001:db8:122::/48 \
		2001:db8:122:300::/56 2001:db8:122:344::/64 64:ff9b::/96 \
		64:FF9B:0:0:0:0::/96 0:0:0:0:0:0:0:0/96 ::ffff:0.0.0.0/96; do
		: >"$JOOL_CONFIGFS/pool6"
		run --separate-stderr jool --pool6 --add "$p"
		expect_status 0
		[ "$(pool6)" = "$p" ]
	done
}

@test "adding the prefix already there succeeds, even spelt differently" {
	printf '64:ff9b::/96\n' >"$JOOL_CONFIGFS/pool6"
	run --separate-stderr jool --pool6 --add 64:FF9B:0::0/96
	expect_status 0
	[ "$(pool6)" = "64:ff9b::/96" ]
}

@test "a second, different prefix is refused: one prefix at a time" {
	printf '64:ff9b::/96\n' >"$JOOL_CONFIGFS/pool6"
	run --separate-stderr jool --pool6 --add 2001:db8::/96
	expect_status 1
	[ "$stderr" = "jool: pool6 already holds 64:ff9b::/96 (one prefix at a time): remove it first (jool --pool6 --remove 64:ff9b::/96)" ]
	[ "$(pool6)" = "64:ff9b::/96" ]
}

@test "remove clears the prefix if it is the one given" {
	printf '64:ff9b::/96\n' >"$JOOL_CONFIGFS/pool6"
	run --separate-stderr jool --pool6 --remove 64:ff9b:0::/96
	expect_status 0
	[ -z "$(pool6)" ]
	run jool --pool6
	[ "$output" = "  (empty)" ]
}

@test "remove of another prefix is refused and changes nothing" {
	printf '64:ff9b::/96\n' >"$JOOL_CONFIGFS/pool6"
	run --separate-stderr jool --pool6 --remove 2001:db8::/96
	expect_status 1
	[ "$stderr" = "jool: pool6 holds 64:ff9b::/96, not 2001:db8::/96: nothing removed" ]
	[ "$(pool6)" = "64:ff9b::/96" ]
}

@test "remove from an empty pool6 succeeds (nothing to remove)" {
	run --separate-stderr jool --pool6 --remove 64:ff9b::/96
	expect_status 0
	[ -z "$stderr" ]
}

# bad6 PATTERN PREFIX: refused with 22 naming the value; pool6 unchanged.
bad6() {
	printf '2001:db8::/32\n' >"$JOOL_CONFIGFS/pool6"
	run --separate-stderr jool --pool6 --add "$2"
	expect_status 22
	[ -z "$output" ]
	[[ $stderr == "jool: "* ]] || { echo "stderr: $stderr" >&2; return 1; }
	grep -qF -- "$1" <<<"$stderr" || { echo "stderr '$stderr' lacks '$1'" >&2; return 1; }
	[ "$(pool6)" = "2001:db8::/32" ]
}

@test "bad prefixes are refused with 22, naming the value" {
	bad6 "64:ff9b::/95: prefix length '95' is not 32, 40, 48, 56, 64 or 96 (RFC 6052)" 64:ff9b::/95
	bad6 "64:ff9b::/128: prefix length" 64:ff9b::/128
	bad6 "64:ff9b::: pool6 needs a prefix length" 64:ff9b::
	bad6 "'64:ff9g::' is not an IPv6 address" 64:ff9g::/96
	bad6 "'1::2::3' is not an IPv6 address" 1::2::3/96
	bad6 "'1:2:3:4:5:6:7:8:9' is not an IPv6 address" 1:2:3:4:5:6:7:8:9/96
	bad6 "'1:2:3:4:5:6:7' is not an IPv6 address" 1:2:3:4:5:6:7/96
	bad6 "'12345::' is not an IPv6 address" 12345::/96
	bad6 "'192.0.2.0' is not an IPv6 address" 192.0.2.0/96
	bad6 "'::ffff:192.0.2.256' is not an IPv6 address" ::ffff:192.0.2.256/96
	bad6 "prefix length 'x'" 64:ff9b::/x
}

@test "host bits set are refused" {
	bad6 "64:ff9b::1/96: host bits are set (the bits after the first 96 must be zero)" 64:ff9b::1/96
	bad6 "2001:db8:1ff::/40: host bits are set (the bits after the first 40" 2001:db8:1ff::/40
	bad6 "2001:db8:0:1::/32: host bits are set" 2001:db8:0:1::/32
	bad6 "2001:db8:0:1:0:0:0:1/64: host bits are set" 2001:db8:0:1:0:0:0:1/64
	bad6 "::ffff:192.0.2.1/96: host bits are set" ::ffff:192.0.2.1/96
	# The last bit of the prefix is not a host bit.
	: >"$JOOL_CONFIGFS/pool6"
	jool --pool6 --add 2001:db8:100::/40
	[ "$(jool --pool6)" = 2001:db8:100::/40 ]
}

@test "remove validates its prefix too" {
	refuse 22 "is not an IPv6 address" --pool6 --remove 64:zz::/96
}

@test "pool6 usage errors" {
	refuse 64 "--add needs an IPv6 PREFIX" --pool6 --add
	refuse 64 "--count is not an operation of --pool6" --pool6 --count
	refuse 64 "--flush is not an operation of --pool6" --pool6 --flush
	refuse 64 "--mark cannot be used with --add" --pool6 --add 64:ff9b::/96 --mark 1
	refuse 64 "--tcp cannot be used with --add" --pool6 --add 64:ff9b::/96 --tcp
	refuse 64 "only one PREFIX" --pool6 --add 64:ff9b::/96 2001:db8::/32
	refuse 64 "--pool4 and --pool6 cannot be combined" --pool4 --pool6
}

@test "a refused write is reported with its errno" {
	[ -w /proc/sys/vm/drop_caches ] || skip "/proc/sys/vm/drop_caches not writable"
	rm "$JOOL_CONFIGFS/pool6"
	# drop_caches answers any write of a prefix with EINVAL.
	ln -s /proc/sys/vm/drop_caches "$JOOL_CONFIGFS/pool6"
	run --separate-stderr jool --pool6 --add 64:ff9b::/96
	expect_status 1
	[ "$stderr" = "jool: cannot write '64:ff9b::/96' to jool/pool6: Invalid argument (EINVAL)" ]
}
