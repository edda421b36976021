#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# jool --global on a fake tree: display (the default mode), every key's
# accepted spellings and what reaches the file, every refused value with
# its exit status and message, and the directory of another namespace.
# The kernel's own checks of the same values: vm/global.bats.

load helper

KEYS='enabled address-dependent-filtering drop-icmpv6-info
drop-externally-initiated-tcp source-icmpv6-errors-better
zeroize-traffic-class override-tos tos maximum-simultaneous-opens
udp-timeout tcp-est-timeout tcp-trans-timeout icmp-timeout mtu-plateaus
logging-bib logging-session subscriber-prefix-length
maximum-bib-per-subscriber maximum-sessions-per-bib bib-max session-max
port-block-size'

# fake_global DIR: global/ under DIR with the module's defaults.
fake_global() {
	local g=$1/global
	mkdir -p "$g"
	for k in $KEYS; do printf '0\n' >"$g/$k"; done
	printf '1\n' >"$g/enabled"
	printf '1\n' >"$g/source-icmpv6-errors-better"
	printf '10\n' >"$g/maximum-simultaneous-opens"
	printf '300\n' >"$g/udp-timeout"
	printf '7440\n' >"$g/tcp-est-timeout"
	printf '240\n' >"$g/tcp-trans-timeout"
	printf '60\n' >"$g/icmp-timeout"
	printf '32000,17914,8166,4352,2002,1492,1006,508,296,68\n' >"$g/mtu-plateaus"
	printf '64\n' >"$g/subscriber-prefix-length"
	printf '4096\n' >"$g/maximum-bib-per-subscriber"
	printf '1024\n' >"$g/maximum-sessions-per-bib"
	printf '262144\n' >"$g/bib-max"
	printf '524288\n' >"$g/session-max"
}

setup() {
	fake_setup
	fake_global "$JOOL_CONFIGFS"
}

G() {
	cat "$JOOL_CONFIGFS/global/$1"
}

# snapshot: every key and value, "PATH:VALUE", in one process (a cat per
# key, twice per refused value, made these cases most of the host suite).
snapshot() {
	grep '' "$JOOL_CONFIGFS"/global/*
}

# refuse_g STATUS PATTERN ARGS...: refuse, and no setting changed either.
refuse_g() {
	local before
	before=$(snapshot)
	refuse "$@"
	[ "$(snapshot)" = "$before" ] || { printf 'a setting changed\n' >&2; return 1; }
}

DEFAULTS='enabled: true
address-dependent-filtering: false
drop-icmpv6-info: false
drop-externally-initiated-tcp: false
source-icmpv6-errors-better: true
zeroize-traffic-class: false
override-tos: false
tos: 0
maximum-simultaneous-opens: 10
udp-timeout: 300
tcp-est-timeout: 7440
tcp-trans-timeout: 240
icmp-timeout: 60
mtu-plateaus: 32000,17914,8166,4352,2002,1492,1006,508,296,68
logging-bib: false
logging-session: false
subscriber-prefix-length: 64
maximum-bib-per-subscriber: 4096
maximum-sessions-per-bib: 1024
bib-max: 262144
session-max: 524288
port-block-size: 0'

@test "no mode, --display and --global all display every key" {
	for args in "" --display --global "--global --display" -d; do
		# shellcheck disable=SC2086
		run --separate-stderr jool $args
		expect_status 0
		[ -z "$stderr" ]
		expect_lines <<<"$DEFAULTS"
	done
}

@test "--global --csv: key,value with booleans as 0/1, lists quoted" {
	run --separate-stderr jool --global --csv
	expect_status 0
	[ "${lines[0]}" = "enabled,1" ]
	[ "${lines[7]}" = "tos,0" ]
	[ "${lines[8]}" = "maximum-simultaneous-opens,10" ]
	[ "${lines[13]}" = 'mtu-plateaus,"32000,17914,8166,4352,2002,1492,1006,508,296,68"' ]
	[ "${lines[15]}" = "logging-session,0" ]
	[ "${lines[18]}" = "maximum-sessions-per-bib,1024" ]
	[ "${lines[20]}" = "session-max,524288" ]
	[ "${lines[21]}" = "port-block-size,0" ]
	[ "${#lines[@]}" -eq 22 ]
}

# The tool reads a key's kind from one table and parses each kind in one
# place: every spelling is tried on one key, every key with two spellings
# (a product of the two lists, 98 runs, was the slowest case of the suite).
@test "booleans: every spelling of true and false, with and without --global" {
	local k=address-dependent-filtering v
	for v in true 1 yes on TRUE Yes ON; do
		printf '0\n' >"$JOOL_CONFIGFS/global/$k"
		run --separate-stderr jool --global "--$k" "$v"
		expect_status 0
		[ "$(G "$k")" = 1 ]
	done
	for v in false 0 no off FALSE No Off; do
		printf '1\n' >"$JOOL_CONFIGFS/global/$k"
		run --separate-stderr jool "--$k" "$v"
		expect_status 0
		[ "$(G "$k")" = 0 ]
	done
}

@test "booleans: every key takes true and false" {
	local k
	for k in address-dependent-filtering drop-icmpv6-info \
		drop-externally-initiated-tcp source-icmpv6-errors-better \
		zeroize-traffic-class override-tos logging-bib logging-session \
		enabled; do
		run --separate-stderr jool --global "--$k" on
		expect_status 0
		[ "$(G "$k")" = 1 ]
		run --separate-stderr jool "--$k" false
		expect_status 0
		[ "$(G "$k")" = 0 ]
	done
}

@test "--disable and --enable write enabled" {
	run jool --disable
	expect_status 0
	[ "$(G enabled)" = 0 ]
	run jool --global
	[ "${lines[0]}" = "enabled: false" ]
	run jool --global --enable
	expect_status 0
	[ "$(G enabled)" = 1 ]
}

@test "booleans: anything else is refused (22)" {
	local v
	for v in 2 maybe '' tru; do
		refuse_g 22 "not a boolean" --address-dependent-filtering "$v"
	done
	for v in yes1 -1 ' on'; do
		refuse_g 22 "not a boolean" --global --zeroize-traffic-class "$v"
	done
}

@test "tos: 0..255 accepted, anything else refused" {
	for v in 0 7 255 0255; do
		run jool --tos "$v"
		expect_status 0
		[ "$(G tos)" = "${v#0}" ] || [ "$(G tos)" = 0 ]
	done
	for v in 256 -1 x 1.5 '' 99999999999; do
		refuse_g 22 "not a number 0..255" --tos "$v"
	done
}

@test "maximum-simultaneous-opens: 0..4096 accepted, anything else refused" {
	for v in 0 1 10 4096 04096; do
		run jool --maximum-simultaneous-opens "$v"
		expect_status 0
		[ "$(G maximum-simultaneous-opens)" = "${v#0}" ] ||
			[ "$(G maximum-simultaneous-opens)" = 0 ]
	done
	run jool --global --maximum-simultaneous-opens 3
	expect_status 0
	[ "$(G maximum-simultaneous-opens)" = 3 ]
	for v in 4097 -1 x 1.5 '' 99999999999 ' 5' 1,2; do
		refuse_g 22 "not a number 0..4096" --maximum-simultaneous-opens "$v"
	done
	refuse_g 64 "--maximum-simultaneous-opens needs a value" \
		--maximum-simultaneous-opens
	refuse_g 64 "--csv cannot be used with --maximum-simultaneous-opens" \
		--maximum-simultaneous-opens 3 --csv
}

@test "per-subscriber and table limits: each key's range, bounds accepted, the rest refused" {
	local kv k
	for kv in subscriber-prefix-length:32:128 \
		maximum-bib-per-subscriber:1:67108864 \
		maximum-sessions-per-bib:1:65535 \
		bib-max:1:67108864 session-max:1:67108864; do
		k=${kv%%:*}
		IFS=: read -r lo hi <<<"${kv#*:}"
		run --separate-stderr jool "--$k" "$lo"
		expect_status 0
		[ "$(G "$k")" = "$lo" ]
		run --separate-stderr jool --global "--$k" "$hi"
		expect_status 0
		[ "$(G "$k")" = "$hi" ]
		refuse_g 22 "--$k '$((lo - 1))': not a number $lo..$hi" "--$k" $((lo - 1))
		refuse_g 22 "--$k '$((hi + 1))': not a number $lo..$hi" "--$k" $((hi + 1))
	done
	refuse_g 22 "not a number 32..128" --subscriber-prefix-length /64
	refuse_g 64 "--maximum-sessions-per-bib needs a value" \
		--maximum-sessions-per-bib
}

@test "port-block-size: 0 and the powers of two 8..4096, nothing else" {
	local v
	for v in 8 16 32 64 128 256 512 1024 2048 4096 0 064; do
		run --separate-stderr jool --port-block-size "$v"
		expect_status 0
		[ "$(G port-block-size)" = "${v#0}" ] || [ "$v" = 0 ]
	done
	[ "$(G port-block-size)" = 64 ]
	for v in 1 4 7 9 100 4095 8192 65536 -1 off 0x40 ''; do
		refuse_g 22 "--port-block-size '$v': not 0 (off) or a power of two 8..4096" \
			--port-block-size "$v"
	done
	refuse_g 64 "--port-block-size needs a value" --port-block-size
	refuse_g 64 "--csv cannot be used with --port-block-size" \
		--port-block-size 64 --csv
}

@test "timeouts: values at and above RFC 6146's minimums are written as they are" {
	for kv in udp-timeout:120 udp-timeout:86400 tcp-est-timeout:7440 \
		tcp-trans-timeout:240 tcp-trans-timeout:3600 icmp-timeout:1 \
		icmp-timeout:60; do
		run --separate-stderr jool "--${kv%%:*}" "${kv#*:}"
		expect_status 0
		[ "$(G "${kv%%:*}")" = "${kv#*:}" ]
	done
}

@test "timeouts: below the minimum needs --force, which the kernel gets as 'force'" {
	refuse_g 22 "below RFC 6146's minimum of 120 seconds (add --force" --udp-timeout 119
	refuse_g 22 "minimum of 7440 seconds" --tcp-est-timeout 7439
	refuse_g 22 "minimum of 240 seconds" --global --tcp-trans-timeout 2
	run --separate-stderr jool --udp-timeout 3 --force
	expect_status 0
	[ "$(G udp-timeout)" = "3 force" ]
	run --separate-stderr jool --force --tcp-est-timeout 4
	expect_status 0
	[ "$(G tcp-est-timeout)" = "4 force" ]
}

@test "timeouts: 0, more than a day, and non-numbers are refused even with --force" {
	local k v
	for v in 0 86401 5s 1.5 -3 '' x 4294967296; do
		refuse_g 22 "not a number of seconds 1..86400" --udp-timeout "$v" --force
	done
	for k in tcp-est-timeout tcp-trans-timeout icmp-timeout; do
		refuse_g 22 "not a number of seconds 1..86400" "--$k" 0 --force
		refuse_g 22 "not a number of seconds 1..86400" "--$k" 86401
	done
}

@test "mtu-plateaus: blanks around the numbers are dropped, the kernel gets N,N,..." {
	run --separate-stderr jool --mtu-plateaus "6000, 5000,	1500 ,68"
	expect_status 0
	[ "$(G mtu-plateaus)" = "6000,5000,1500,68" ]
	run jool --mtu-plateaus 1280
	expect_status 0
	[ "$(G mtu-plateaus)" = "1280" ]
	run jool --mtu-plateaus 65535,68,68,69,70,71,72,73,74,75,76,77,78,79,80,81
	expect_status 0
}

@test "mtu-plateaus: out of range, empty, garbage and more than 16 are refused" {
	refuse_g 22 "'67' is not an MTU (68..65535)" --mtu-plateaus 1500,67
	refuse_g 22 "'65536' is not an MTU" --mtu-plateaus 65536
	refuse_g 22 "'' is not an MTU" --mtu-plateaus ""
	refuse_g 22 "'' is not an MTU" --mtu-plateaus 1500,,68
	refuse_g 22 "'' is not an MTU" --mtu-plateaus 1500,
	refuse_g 22 "not a list of numbers" --mtu-plateaus 1500,x
	refuse_g 22 "not a list of numbers" --mtu-plateaus "1500;68"
	refuse_g 22 "'15 00' is not an MTU" --mtu-plateaus "15 00"
	refuse_g 22 "more than 16 plateaus" --mtu-plateaus \
		70,71,72,73,74,75,76,77,78,79,80,81,82,83,84,85,86
}

@test "usage errors (64): missing value, two keys, other modes, stray options" {
	refuse_g 64 "--udp-timeout needs a value" --udp-timeout
	refuse_g 64 "--tos and --udp-timeout: one setting per command" --tos 1 --udp-timeout 300
	refuse_g 64 "--enabled and --address-dependent-filtering" --enable --address-dependent-filtering on
	refuse_g 64 "--pool4 and --global cannot be combined" --pool4 --tos 3
	refuse_g 64 "--global and --bib cannot be combined" --tos 3 --bib
	refuse_g 64 "--csv cannot be used with --tos" --tos 3 --csv
	refuse_g 64 "--force cannot be used with --display" --global --force
	refuse_g 64 "--add is not an operation of --global" --global --add
	refuse_g 64 "--display cannot be used with --tos" --display --tos 3
	refuse_g 64 "unexpected argument '5'" --global 5
	refuse_g 64 "--mark cannot be used with --tos" --tos 3 --mark 1
}

@test "an older module without global/ is an error (1), nothing written" {
	rm -r "$JOOL_CONFIGFS/global"
	refuse 1 "global not found" --global
	refuse 1 "global not found" --tos 3
	[ ! -e "$JOOL_CONFIGFS/global" ]
}

@test "another namespace's directory gets the settings" {
	printf 'net:[1]\n' >"$JOOL_CONFIGFS/netns"
	mkdir -p "$JOOL_CONFIGFS/ns/mine/pool4"
	readlink /proc/self/ns/net >"$JOOL_CONFIGFS/ns/mine/netns"
	fake_global "$JOOL_CONFIGFS/ns/mine"
	run --separate-stderr jool --udp-timeout 600
	expect_status 0
	[ "$(cat "$JOOL_CONFIGFS/ns/mine/global/udp-timeout")" = 600 ]
	[ "$(G udp-timeout)" = 300 ]
	printf '0\n' >"$JOOL_CONFIGFS/ns/mine/global/enabled"
	run jool
	[ "${lines[0]}" = "enabled: false" ]
}
