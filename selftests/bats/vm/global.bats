#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# jool/global/ of the real module: its grammar and errnos written
# directly (bash, whose printf reports the errno), then through tools/jool,
# without CAP_NET_ADMIN, and in another network namespace's directory.
# What the settings do to packets: selftests/net/settings.sh.

load ../helper

CFS=/sys/kernel/config
G=$CFS/jool/global

DEFAULTS='enabled=1 address-dependent-filtering=0 drop-icmpv6-info=0
drop-externally-initiated-tcp=0 source-icmpv6-errors-better=1
zeroize-traffic-class=0 override-tos=0 tos=0 maximum-simultaneous-opens=10
udp-timeout=300
tcp-est-timeout=7440 tcp-trans-timeout=240 icmp-timeout=60
mtu-plateaus=32000,17914,8166,4352,2002,1492,1006,508,296,68'

defaults() {
	for kv in $DEFAULTS; do printf '%s\n' "${kv#*=}" >"$G/${kv%%=*}"; done
}

setup() {
	vm_setup
	[ -d "$G" ] || skip "jool.ko without global/"
	defaults
}

teardown() {
	[ ! -d "$G" ] || defaults
	[ -z "${NS:-}" ] || ip netns del "$NS" 2>/dev/null || true
	vm_teardown
}

# kw KEY VALUE: one write(2) of VALUE (no newline) to global/KEY; an
# empty VALUE would be no write at all, so empty values are tested as a
# lone newline.  bash's printf splits a value at an inner newline into
# two writes: python writes those in one.
kw() {
	case $2 in
	*$'\n'?*)
		run python3 -c 'import os, sys
fd = os.open(sys.argv[1], os.O_WRONLY)
os.write(fd, sys.argv[2].encode())' "$G/$1" "$2" ;;
	*)
		run bash -c 'printf "%s" "$2" >"$1"' kw "$G/$1" "$2" ;;
	esac
}

# accepts KEY VALUE READBACK
accepts() {
	kw "$1" "$2"
	expect_status 0
	[ "$(cat "$G/$1")" = "$3" ] ||
		{ printf '%s: wrote %s, reads %s\n' "$1" "$2" "$(cat "$G/$1")" >&2; return 1; }
}

# shows LINE: the last run printed LINE (the keys' order may grow).
shows() {
	local l
	for l in "${lines[@]}"; do
		[ "$l" != "$1" ] || return 0
	done
	printf 'no line %q in:\n%s\n' "$1" "$output" >&2
	return 1
}

# refuses KEY VALUE STRERROR: refused with that errno, value unchanged.
refuses() {
	local before
	before=$(cat "$G/$1")
	kw "$1" "$2"
	expect_status 1
	[[ $output == *"$3"* ]] ||
		{ printf '%s <- %q: %s, not %s\n' "$1" "$2" "$output" "$3" >&2; return 1; }
	[ "$(cat "$G/$1")" = "$before" ] ||
		{ printf '%s <- %q: refused, yet %s became %s\n' "$1" "$2" \
			"$before" "$(cat "$G/$1")" >&2; return 1; }
}

EINVAL="Invalid argument"
ERANGE="Numerical result out of range"
EDOM="Numerical argument out of domain"

@test "the defaults are today's behaviour, in every key" {
	for kv in $DEFAULTS; do
		[ "$(cat "$G/${kv%%=*}")" = "${kv#*=}" ]
	done
	[ "$(ls "$G" | wc -l)" -eq 14 ]
}

@test "booleans: 0 and 1 (one newline allowed), nothing else" {
	for k in enabled address-dependent-filtering drop-icmpv6-info \
		drop-externally-initiated-tcp source-icmpv6-errors-better \
		zeroize-traffic-class override-tos; do
		accepts "$k" 0 0
		accepts "$k" 1 1
		accepts "$k" $'0\n' 0
		for v in 2 yes true on $'\n' ' 1' 01 $'1\n\n' -0; do
			refuses "$k" "$v" "$EINVAL"
		done
	done
}

@test "tos: 0..255" {
	accepts tos 255 255
	accepts tos 0 0
	refuses tos 256 "$ERANGE"
	refuses tos 4294967296 "$ERANGE"
	for v in 07 -1 0x10 $'\n' ' 5' 5x; do refuses tos "$v" "$EINVAL"; done
}

@test "maximum-simultaneous-opens: 0..4096" {
	accepts maximum-simultaneous-opens 0 0
	accepts maximum-simultaneous-opens 4096 4096
	accepts maximum-simultaneous-opens $'7\n' 7
	refuses maximum-simultaneous-opens 4097 "$ERANGE"
	refuses maximum-simultaneous-opens 4294967296 "$ERANGE"
	for v in 010 -1 0x10 $'\n' ' 5' 5x '5 force'; do
		refuses maximum-simultaneous-opens "$v" "$EINVAL"
	done
}

@test "timeouts: RFC 6146's minimums, 'force' below them, EDOM without" {
	accepts udp-timeout 120 120
	accepts tcp-est-timeout 7440 7440
	accepts tcp-trans-timeout 240 240
	accepts icmp-timeout 1 1
	accepts udp-timeout 604800 604800
	refuses udp-timeout 119 "$EDOM"
	refuses tcp-est-timeout 7439 "$EDOM"
	refuses tcp-trans-timeout 239 "$EDOM"
	accepts udp-timeout "2 force" 2
	accepts tcp-est-timeout $'3 force\n' 3
	accepts tcp-trans-timeout "4 force" 4
	accepts icmp-timeout "5 force" 5
	for k in udp-timeout tcp-est-timeout tcp-trans-timeout icmp-timeout; do
		refuses "$k" 0 "$ERANGE"
		refuses "$k" "0 force" "$ERANGE"
		refuses "$k" 604801 "$ERANGE"
		refuses "$k" "604801 force" "$ERANGE"
		for v in $'\n' force " force" "5 forced" "5  force" "5 FORCE" $'5\n force' \
			"5 force " 5s 010 -5 "5 force force"; do
			refuses "$k" "$v" "$EINVAL"
		done
	done
}

@test "mtu-plateaus: sorted, without repeats; syntax before range" {
	accepts mtu-plateaus 1500,68 1500,68
	accepts mtu-plateaus 68,9000,1500,1500 9000,1500,68
	accepts mtu-plateaus 65535 65535
	accepts mtu-plateaus 70,71,72,73,74,75,76,77,78,79,80,81,82,83,84,85 \
		85,84,83,82,81,80,79,78,77,76,75,74,73,72,71,70
	refuses mtu-plateaus 67 "$ERANGE"
	refuses mtu-plateaus 1500,65536 "$ERANGE"
	refuses mtu-plateaus 70,71,72,73,74,75,76,77,78,79,80,81,82,83,84,85,86 "$ERANGE"
	for v in $'\n' , 1500, ,1500 1500,,68 "1500, 68" 1,x 99999,x 0x44 $'1500\n,68'; do
		refuses mtu-plateaus "$v" "$EINVAL"
	done
}

@test "jool --global shows the module's values; --KEY writes them" {
	run --separate-stderr jool
	expect_status 0
	[ "${lines[0]}" = "enabled: true" ]
	shows "udp-timeout: 300"
	run --separate-stderr jool --udp-timeout 30
	expect_status 22
	[[ $stderr == *"below RFC 6146's minimum of 120 seconds"* ]]
	[ "$(cat "$G/udp-timeout")" = 300 ]
	run --separate-stderr jool --udp-timeout 30 --force
	expect_status 0
	[ "$(cat "$G/udp-timeout")" = 30 ]
	run jool --global --mtu-plateaus "9000, 1500, 68"
	expect_status 0
	run jool --global
	shows "mtu-plateaus: 9000,1500,68"
	run jool --disable
	[ "$(cat "$G/enabled")" = 0 ]
	run jool --enable
	[ "$(cat "$G/enabled")" = 1 ]
	run jool --drop-icmpv6-info on
	[ "$(cat "$G/drop-icmpv6-info")" = 1 ]
}

@test "without CAP_NET_ADMIN: settings read, not written (1, EPERM)" {
	command -v setpriv >/dev/null || skip "setpriv missing"
	run --separate-stderr setpriv --inh-caps=-net_admin --bounding-set=-net_admin \
		bash -c "$JOOL_SHELL $JOOL_TOOL --global"
	expect_status 0
	[ "${lines[0]}" = "enabled: true" ]
	run --separate-stderr setpriv --inh-caps=-net_admin --bounding-set=-net_admin \
		bash -c "$JOOL_SHELL $JOOL_TOOL --tos 5"
	expect_status 1
	[[ $stderr == "jool: cannot write '5' to global/tos: Operation not permitted"* ]]
	[ "$(cat "$G/tos")" = 0 ]
}

@test "another namespace has its own settings, set from inside it" {
	command -v ip >/dev/null || skip "ip missing"
	NS=jglobal-$$
	ip netns add "$NS"
	run --separate-stderr ip netns exec "$NS" $JOOL_SHELL "$JOOL_TOOL" --udp-timeout 600
	expect_status 0
	dir=$(grep -Fl "$(ip netns exec "$NS" readlink /proc/self/ns/net)" \
		"$CFS"/jool/ns/*/netns)
	dir=${dir%/netns}
	[ "$(cat "$dir/global/udp-timeout")" = 600 ]
	[ "$(cat "$G/udp-timeout")" = 300 ]
	run --separate-stderr ip netns exec "$NS" $JOOL_SHELL "$JOOL_TOOL" --global
	shows "udp-timeout: 600"
	ip netns del "$NS"
	NS=
	for _ in $(seq 20); do
		[ "$(cat "$dir/netns")" = gone ] && break
		sleep 0.5
	done
	rmdir "$dir"
}
