#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# tools/jool --pool6, --bib, --session, --stats and the mounting of configfs
# against the real module.

load ../helper

CFS=/sys/kernel/config

setup() {
	vm_setup
	saved6=$(cat $CFS/jool/pool6)
	printf '\n' >$CFS/jool/pool6
}

teardown() {
	grep -q " $CFS configfs " /proc/mounts || mount -t configfs none $CFS
	printf '%s\n' "$saved6" >$CFS/jool/pool6
	vm_teardown
}

jool_nocap() {
	# shellcheck disable=SC2086
	setpriv --inh-caps=-net_admin --bounding-set=-net_admin \
		$JOOL_SHELL "$JOOL_TOOL" "$@"
}

@test "pool6: add, display, refuse a second prefix, remove" {
	run jool --pool6
	expect_lines <<-'OUT'
	  (empty)
	OUT
	run --separate-stderr jool --pool6 --add 64:FF9B:0::/96
	expect_status 0
	[ -z "$stderr" ]
	run jool --pool6 --display
	[ "$output" = "64:ff9b::/96" ]
	run --separate-stderr jool --pool6 --add 64:ff9b::/96
	expect_status 0
	run --separate-stderr jool --pool6 --add 2001:db8:100::/40
	expect_status 1
	[[ $stderr == "jool: pool6 already holds 64:ff9b::/96"* ]]
	run --separate-stderr jool --pool6 --remove 2001:db8::/32
	expect_status 1
	[ "$(cat $CFS/jool/pool6)" = "64:ff9b::/96" ]
	run --separate-stderr jool --pool6 --remove 64:ff9b::/96
	expect_status 0
	[ -z "$(cat $CFS/jool/pool6)" ]
	run jool --pool6
	[ "$output" = "  (empty)" ]
}

@test "pool6: every RFC 6052 length reads back from the kernel" {
	for p in 2001:db8::/32 2001:db8:100::/40 2001:db8:122::/48 \
		2001:db8:122:300::/56 2001:db8:122:344::/64 64:ff9b::/96; do
		jool --pool6 --add "$p"
		[ "$(jool --pool6)" = "$p" ]
		jool --pool6 --remove "$p"
	done
}

@test "pool6: the tool refuses what the kernel would (22), needs root to change" {
	run --separate-stderr jool --pool6 --add 64:ff9b::1/96
	expect_status 22
	[[ $stderr == *"host bits are set (the bits after the first 96 must be zero)" ]]
	command -v setpriv >/dev/null || skip "setpriv missing"
	run --separate-stderr jool_nocap --pool6 --add 64:ff9b::/96
	expect_status 1
	[ "$stderr" = "jool: cannot write '64:ff9b::/96' to jool/pool6: Operation not permitted: changing pool6 needs root (CAP_NET_ADMIN)" ]
	run jool_nocap --pool6
	expect_status 0
	[ "$output" = "  (empty)" ]
}

@test "bib, session and stats display from the real module" {
	run --separate-stderr jool --bib
	expect_status 0
	[ -z "$stderr" ]
	[[ ${lines[-1]} == "  (empty)" || ${lines[-1]} == "  (Fetched "*" entries.)" ]]
	run --separate-stderr jool --session --tcp --csv
	expect_status 0
	[[ ${lines[0]} == "Mark,Protocol,IPv6 address,IPv6 port,Remote IPv6 address,"* ]]
	run --separate-stderr jool --stats
	expect_status 0
	[ "${#lines[@]}" -eq "$(grep -c . $CFS/jool/stats)" ]
	[[ $output == *"translated_6to4 "* ]]
}

@test "bib and session: streamed from /proc/net/jool, root's only" {
	command -v setpriv >/dev/null || skip "setpriv missing"
	jool --pool6 --add 64:ff9b::/96
	[ -f /proc/net/jool/bib ] && [ -f /proc/net/jool/session ]
	run --separate-stderr jool_nocap --bib
	expect_status 1
	[ "${stderr##*$'\n'}" = "jool: cannot read /proc/net/jool/bib (the bib table needs CAP_NET_ADMIN)" ]
	run --separate-stderr setpriv --reuid=65534 --regid=65534 --clear-groups \
		$JOOL_SHELL "$JOOL_TOOL" --session --count
	expect_status 1
	[ "$stderr" = "jool: session: the table shows every subscriber's flows: reading it needs root (CAP_NET_ADMIN)" ]
	run --separate-stderr jool --session --count
	expect_status 0
	[ -z "$stderr" ]
}

@test "configfs not mounted: the tool mounts it and says so" {
	jool --pool4 --add --tcp 192.0.2.1
	umount $CFS
	[ ! -d $CFS/jool ]
	run --separate-stderr jool --pool4
	expect_status 0
	[ "$stderr" = "jool: configfs was not mounted: mounted it on /sys/kernel/config" ]
	expect_lines <<-'OUT'
	0	TCP	192.0.2.1	61001-65535
	  (Fetched 1 entries.)
	OUT
	grep -q " $CFS configfs " /proc/mounts
}
