#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# jool/global/ of the real module through tools/jool: shown and written,
# without CAP_NET_ADMIN, and in another network namespace's directory.
# The attributes' grammar and errnos: selftests/jool/global_abi.c; what
# the settings do to packets: selftests/net/settings.sh.

load ../helper

CFS=/sys/kernel/config
G=$CFS/jool/global

DEFAULTS='enabled=1 address-dependent-filtering=0 drop-icmpv6-info=0
drop-externally-initiated-tcp=0 source-icmpv6-errors-better=1
zeroize-traffic-class=0 override-tos=0 tos=0 maximum-simultaneous-opens=10
udp-timeout=300
tcp-est-timeout=7440 tcp-trans-timeout=240 icmp-timeout=60
mtu-plateaus=32000,17914,8166,4352,2002,1492,1006,508,296,68
logging-bib=0 logging-session=0 subscriber-prefix-length=64
maximum-bib-per-subscriber=4096 maximum-sessions-per-bib=1024
port-block-size=0'

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

# shows LINE: the last run printed LINE (the keys' order may grow).
shows() {
	local l
	for l in "${lines[@]}"; do
		[ "$l" != "$1" ] || return 0
	done
	printf 'no line %q in:\n%s\n' "$1" "$output" >&2
	return 1
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
