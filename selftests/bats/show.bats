#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# jool --bib, --session and --stats: the kernel's lines (kernel/config/bib_show.c,
# kernel/state/stats.c) written into a fake tree, formatted by the tool.

load helper

setup() {
	fake_setup
	# As the kernel lists them: TCP, UDP, ICMP, then padding newlines.
	cat >"$JOOL_CONFIGFS/bib" <<-'IN'
	tcp 0 2001:db8::5#40000 192.0.2.1#61001
	tcp 10 2001:db8::a#1234 192.0.2.1#10000 static
	udp 0 2001:db8::5#5353 192.0.2.1#61002
	icmp 0 2001:db8::5#7 192.0.2.1#61003


	IN
	cat >"$JOOL_CONFIGFS/session" <<-'IN'
	tcp 0 2001:db8::5#40000 64:ff9b::c633:6407#80 192.0.2.1#61001 198.51.100.7#80 ESTABLISHED 7439
	udp 0 2001:db8::5#5353 64:ff9b::c633:6407#53 192.0.2.1#61002 198.51.100.7#53 OPEN 299
	icmp 0 2001:db8::5#7 64:ff9b::c633:6407#7 192.0.2.1#61003 198.51.100.7#61003 OPEN 59

	IN
	cat >"$JOOL_CONFIGFS/stats" <<-'IN'
	translated_6to4: 12
	translated_4to6: 10
	drop_no_pool4: 0
	pool4_exhausted_mark_10_tcp: 3
	IN
}

@test "bib: [Static]/[Dynamic], mark, protocol (ICMP, UDP, TCP), IPv6 then IPv4" {
	run --separate-stderr jool --bib
	expect_status 0
	[ -z "$stderr" ]
	expect_lines <<-'OUT'
	[Dynamic]	0	ICMP	2001:db8::5#7	192.0.2.1#61003
	[Dynamic]	0	UDP	2001:db8::5#5353	192.0.2.1#61002
	[Dynamic]	0	TCP	2001:db8::5#40000	192.0.2.1#61001
	[Static]	10	TCP	2001:db8::a#1234	192.0.2.1#10000
	  (Fetched 4 entries.)
	OUT
}

@test "bib: protocol flags select, --csv splits addresses and ports" {
	run jool --bib --display --tcp
	expect_lines <<-'OUT'
	[Dynamic]	0	TCP	2001:db8::5#40000	192.0.2.1#61001
	[Static]	10	TCP	2001:db8::a#1234	192.0.2.1#10000
	  (Fetched 2 entries.)
	OUT
	run jool -b --udp --icmp --csv
	expect_lines <<-'OUT'
	Mark,Protocol,IPv6 address,IPv6 port,IPv4 address,IPv4 port,Type
	0,ICMP,2001:db8::5,7,192.0.2.1,61003,dynamic
	0,UDP,2001:db8::5,5353,192.0.2.1,61002,dynamic
	OUT
	run jool -b --tcp --csv
	expect_lines <<-'OUT'
	Mark,Protocol,IPv6 address,IPv6 port,IPv4 address,IPv4 port,Type
	0,TCP,2001:db8::5,40000,192.0.2.1,61001,dynamic
	10,TCP,2001:db8::a,1234,192.0.2.1,10000,static
	OUT
}

@test "--bib --count and --session --count: totals per protocol, TCP first" {
	run --separate-stderr jool --bib --count
	expect_status 0
	expect_lines <<-'OUT'
	TCP: 2
	UDP: 1
	ICMP: 1
	OUT
	run jool --session -c --icmp --tcp
	expect_lines <<-'OUT'
	TCP: 1
	ICMP: 1
	OUT
	printf '\n\n' >"$JOOL_CONFIGFS/bib"
	run jool --bib --count --udp
	[ "$output" = "UDP: 0" ]
}

@test "--count takes no --csv; bib and session take no --flush" {
	refuse 64 "--csv cannot be used with --count" --bib --count --csv
	refuse 64 "--flush is not an operation of --bib" --bib --flush
	refuse 64 "--add is not an operation of --session" --session --add 192.0.2.1#1 ::1#1
}

@test "an empty bib or session says '  (empty)'; CSV prints its header" {
	printf '\n\n' >"$JOOL_CONFIGFS/bib"
	: >"$JOOL_CONFIGFS/session"
	run jool --bib
	[ "$output" = "  (empty)" ]
	run jool --session
	[ "$output" = "  (empty)" ]
	run jool --bib --csv
	[ "$output" = "Mark,Protocol,IPv6 address,IPv6 port,IPv4 address,IPv4 port,Type" ]
}

@test "session: one line per session, time left as h:mm:ss" {
	run --separate-stderr jool --session
	expect_status 0
	expect_lines <<-'OUT'
	0	ICMP	2001:db8::5#7	64:ff9b::c633:6407#7	192.0.2.1#61003	198.51.100.7#61003	OPEN	0:00:59
	0	UDP	2001:db8::5#5353	64:ff9b::c633:6407#53	192.0.2.1#61002	198.51.100.7#53	OPEN	0:04:59
	0	TCP	2001:db8::5#40000	64:ff9b::c633:6407#80	192.0.2.1#61001	198.51.100.7#80	ESTABLISHED	2:03:59
	  (Fetched 3 entries.)
	OUT
}

@test "session --csv --tcp" {
	run jool -s --tcp --csv
	expect_lines <<-'OUT'
	Mark,Protocol,IPv6 address,IPv6 port,Remote IPv6 address,Remote IPv6 port,IPv4 address,IPv4 port,Remote IPv4 address,Remote IPv4 port,State,Seconds left
	0,TCP,2001:db8::5,40000,64:ff9b::c633:6407,80,192.0.2.1,61001,198.51.100.7,80,ESTABLISHED,7439
	OUT
}

@test "stats: every counter, aligned; --csv" {
	run --separate-stderr jool --stats
	expect_status 0
	expect_lines <<-'OUT'
	translated_6to4              12
	translated_4to6              10
	drop_no_pool4                 0
	pool4_exhausted_mark_10_tcp   3
	OUT
	run jool --stats --csv
	expect_lines <<-'OUT'
	Counter,Value
	translated_6to4,12
	translated_4to6,10
	drop_no_pool4,0
	pool4_exhausted_mark_10_tcp,3
	OUT
}

@test "read-only modes refuse other operations and options" {
	refuse 64 "--add is not an operation of --session" --session --add 192.0.2.1
	refuse 64 "--flush is not an operation of --session" --session --flush
	refuse 64 "--mark cannot be used with --display" --bib --mark 3
	refuse 64 "--tcp cannot be used with --display" --stats --tcp
	refuse 64 "cannot be used with --display" --stats 192.0.2.1
}

@test "a missing attribute says the module is older than the tool" {
	rm "$JOOL_CONFIGFS/stats"
	run --separate-stderr jool --stats
	expect_status 1
	[[ $stderr == "jool: "*"/stats not found: is the loaded jool.ko older than this tool?" ]]
}
