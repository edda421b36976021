#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# jool --bib --add and --remove against a fake tree: the directories of
# static BIB entries (kernel/config/static_bib.c) and the syntax the tool
# accepts and refuses.  The kernel's own refusals (outside pool4, EEXIST)
# are tested against the module: selftests/net/static_bib.sh.

load helper

setup() {
	fake_setup
	mkdir "$JOOL_CONFIGFS/static-bib"
}

# entries: "NAME proto mark ipv4 ipv6 enabled" per directory, sorted.
entries() {
	local d
	for d in "$JOOL_CONFIGFS"/static-bib/*/; do
		[ -d "$d" ] || continue
		d=${d%/}
		printf '%s %s %s %s %s %s\n' "${d##*/}" "$(cat "$d/proto")" \
			"$(cat "$d/mark")" "$(cat "$d/ipv4")" "$(cat "$d/ipv6")" \
			"$(cat "$d/enabled")"
	done
}

@test "--add: IPv4 then IPv6 or IPv6 then IPv4, one entry per protocol" {
	run --separate-stderr jool --bib --add --tcp 192.0.2.1#80 2001:db8::10#8080
	expect_status 0
	[ -z "$output$stderr" ]
	jool --bib --add --udp 2001:db8::10#53 192.0.2.1#53
	run entries
	expect_lines <<-'OUT'
	tcp-192.0.2.1-80 tcp 0 192.0.2.1#80 2001:db8::10#8080 1
	udp-192.0.2.1-53 udp 0 192.0.2.1#53 2001:db8::10#53 1
	OUT
}

@test "--add without a protocol: all three; --mark; octets without zeros" {
	jool -b -a --mark 7 192.0.2.001#7 2001:db8::7#7
	run entries
	expect_lines <<-'OUT'
	icmp-192.0.2.1-7 icmp 7 192.0.2.1#7 2001:db8::7#7 1
	tcp-192.0.2.1-7 tcp 7 192.0.2.1#7 2001:db8::7#7 1
	udp-192.0.2.1-7 udp 7 192.0.2.1#7 2001:db8::7#7 1
	OUT
}

@test "--add: a name taken by a leftover directory gets a suffix" {
	mkdir "$JOOL_CONFIGFS/static-bib/tcp-192.0.2.1-80"
	jool --bib --add --tcp 192.0.2.1#80 2001:db8::10#80
	[ -d "$JOOL_CONFIGFS/static-bib/tcp-192.0.2.1-80.2" ]
	[ "$(cat "$JOOL_CONFIGFS/static-bib/tcp-192.0.2.1-80.2/enabled")" = 1 ]
}

# refuse_bib STATUS PATTERN ARGS...: refuse, and no entry appears.
refuse_bib() {
	refuse "$@"
	[ -z "$(ls "$JOOL_CONFIGFS/static-bib")" ] ||
		{ echo "an entry appeared" >&2; return 1; }
}

@test "--add refuses a missing or doubled side, bad addresses and ports" {
	refuse_bib 64 "needs an IPv4#PORT and an IPv6#PORT" --bib --add 192.0.2.1#80
	refuse_bib 64 "needs an IPv4#PORT and an IPv6#PORT" --bib --add 2001:db8::1#80
	refuse_bib 64 "two IPv4 transport addresses" --bib --add 192.0.2.1#80 192.0.2.2#80
	refuse_bib 64 "two IPv6 transport addresses" --bib --add ::1#80 ::2#80
	refuse_bib 64 "unexpected argument" --bib --add 192.0.2.1#80 ::1#80 ::2#80
	refuse_bib 22 "not a transport address" --bib --add 192.0.2.1 ::1#80
	refuse_bib 22 "not a transport address" --bib --add 192.0.2.1#80 2001:db8::1
	refuse_bib 22 "port '65536' is not 0..65535" --bib --add 192.0.2.1#65536 ::1#1
	refuse_bib 22 "port '' is not 0..65535" --bib --add 192.0.2.1# ::1#1
	refuse_bib 22 "port '-1' is not 0..65535" --bib --add 192.0.2.1#-1 ::1#1
	refuse_bib 22 "'192.0.2.256' is not an IPv4 address" --bib --add 192.0.2.256#1 ::1#1
	refuse_bib 22 "'192.0.2' is not an IPv4 address" --bib --add 192.0.2#1 ::1#1
	refuse_bib 22 "'2001:db8::g' is not an IPv6 address" --bib --add 192.0.2.1#1 2001:db8::g#1
	refuse_bib 22 "'1::2::3' is not an IPv6 address" --bib --add 192.0.2.1#1 1::2::3#1
	refuse_bib 22 "not a mark" --bib --add --mark -1 192.0.2.1#1 ::1#1
}

@test "--add refuses options of other operations" {
	refuse_bib 64 "--csv cannot be used with --add" --bib --add --csv 192.0.2.1#1 ::1#1
	refuse_bib 64 "--quick cannot be used with --add" --bib --add --quick 192.0.2.1#1 ::1#1
	refuse_bib 64 "--force cannot be used with --add" --bib --add --force 192.0.2.1#1 ::1#1
}

@test "--add: a module without static-bib/ is named" {
	rmdir "$JOOL_CONFIGFS/static-bib"
	refuse 1 "static-bib not found" --bib --add 192.0.2.1#1 ::1#1
}

seed() {
	jool --bib --add --tcp 192.0.2.1#80 2001:db8::10#80
	jool --bib --add --udp 192.0.2.1#80 2001:db8::10#80
	jool --bib --add --udp 192.0.2.1#53 2001:db8::10#53
}

@test "--remove: by the IPv4 side, of the protocols named" {
	seed
	run --separate-stderr jool --bib --remove --udp 192.0.2.1#80
	expect_status 0
	[ -z "$output$stderr" ]
	run entries
	expect_lines <<-'OUT'
	tcp-192.0.2.1-80 tcp 0 192.0.2.1#80 2001:db8::10#80 1
	udp-192.0.2.1-53 udp 0 192.0.2.1#53 2001:db8::10#53 1
	OUT
}

@test "--remove: by the IPv6 side in any spelling, every protocol by default" {
	seed
	jool --bib --remove 2001:0db8:0:0::10#80
	run entries
	expect_lines <<-'OUT'
	udp-192.0.2.1-53 udp 0 192.0.2.1#53 2001:db8::10#53 1
	OUT
}

@test "--remove: both sides must belong to the same entry" {
	seed
	before=$(entries)
	run --separate-stderr jool --bib --remove 192.0.2.1#53 2001:db8::10#80
	expect_status 1
	[[ $stderr == "jool: no static BIB entry matches 192.0.2.1#53 - 2001:db8::10#80"* ]]
	[ "$(entries)" = "$before" ]
	jool --bib --remove --udp 2001:db8::10#53 192.0.2.1#53
	[ ! -e "$JOOL_CONFIGFS/static-bib/udp-192.0.2.1-53" ]
}

@test "--remove: nothing matching fails and changes nothing" {
	seed
	before=$(entries)
	refuse 1 "no static BIB entry matches 192.0.2.9#80" --bib --remove 192.0.2.9#80
	refuse 1 "no static BIB entry matches" --bib --remove --icmp 192.0.2.1#80
	refuse 64 "needs an IPv4#PORT, an IPv6#PORT or both" --bib --remove --tcp
	refuse 64 "--mark cannot be used with --remove" --bib --remove --mark 1 192.0.2.1#80
	[ "$(entries)" = "$before" ]
}
