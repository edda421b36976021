#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Static BIB entries and the whole-configuration save/restore, through
# jool.ko and tools/jool, in the VM's initial namespace.
#
#   server netns (IPv6 only)        translator (init netns)      client netns
#   2001:db8:1::2/64   s6 ---- b6  2001:db8:1::1/64
#   UDP :5000, TCP :5001, ping       pool6 64:ff9b::/96
#                                    pool4 192.0.2.1 (all ports)
#                                  b4  198.51.100.1/24 ---- c4  198.51.100.2/24
#
# An IPv4-only client reaches the IPv6 server at 192.0.2.1#53 (UDP),
# 192.0.2.1#80 (TCP) and 192.0.2.1 echo id 7777 (ping), published as
# static BIB entries; the server must see the client as
# 64:ff9b::c633:6402 (198.51.100.2).  Then: an entry outside pool4 and
# colliding entries are refused and change nothing; pool4 edits that
# still cover an entry keep it, one that does not disables it; removal
# takes the sessions along; save -> flush -> restore gives back the same
# file and a working translator.
# Functions called only through the EXIT trap or indirectly:
# shellcheck disable=SC2317
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=${JOOL_TOP:-$here/../..}
peer=$here/nat64_peer.py
# shellcheck source=selftests/lib/topology.sh
. "$top/selftests/lib/topology.sh"
# shellcheck source=selftests/lib/records.sh
. "$top/selftests/lib/records.sh"
# shellcheck source=selftests/lib/poll.sh
. "$top/selftests/lib/poll.sh"
jool=/sys/kernel/config/jool
suffix=$$
v6ns=sbib6-$suffix
v4ns=sbib4-$suffix
client4=64:ff9b::c633:6402
tmp=$(mktemp -d)
failed=0

pass() {
	printf 'ok: %s\n' "$*"
}

fail() {
	printf 'not ok: %s\n' "$*"
	failed=1
}

# check DESCRIPTION CMD...: pass if CMD succeeds.
check() {
	cd_what=$1
	shift
	if "$@"; then
		pass "$cd_what"
	else
		fail "$cd_what"
	fi
}

tool() {
	sh "$top/tools/jool" "$@"
}

cleanup() {
	for ns in "$v6ns" "$v4ns"; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null
		ip netns del "$ns" 2>/dev/null
	done
	for d in "$jool"/static-bib/*/ "$jool"/pool4/*/; do
		[ -d "$d" ] && rmdir "$d"
	done
	[ -e "$jool/pool6" ] && printf '\n' >"$jool/pool6"
	rm -rf "$tmp"
}
trap cleanup EXIT

in_v4() {
	ip netns exec "$v4ns" "$@"
}

in_v6() {
	ip netns exec "$v6ns" "$@"
}

# The pool4 of the test: 192.0.2.1, every port, per protocol.
pool4_all() {
	for p in tcp udp; do
		pool4_record "$jool/pool4/sbib-$p" 0 "$p" 192.0.2.1 1-65535 ||
			return 1
	done
	pool4_record "$jool/pool4/sbib-icmp" 0 icmp 192.0.2.1 0-65535
}

setup() {
	nat64_topology "$v6ns" "$v4ns" b6 s6 b4 c4 2 || return 1
	printf '64:ff9b::/96' >"$jool/pool6" || return 1
	pool4_all || return 1
	in_v6 python3 "$peer" serve-udp 5000 :: &
	in_v6 python3 "$peer" serve-tcp 5001 :: &
	# An IPv4 server, for the IPv6 node's own (dynamic) flows.
	in_v4 python3 "$peer" serve-udp 5000 &
	poll in_v6 sh -c 'ss -ltn | grep -q :5001' &&
		poll in_v4 sh -c 'ss -lun | grep -q :5000'
}

publish() {
	tool --bib --add --udp 192.0.2.1#53 2001:db8:1::2#5000 &&
		tool --bib --add --tcp 2001:db8:1::2#5001 192.0.2.1#80 &&
		tool --bib --add --icmp 192.0.2.1#7777 2001:db8:1::2#4444
}

# A UDP, TCP and ping exchange of the IPv4 client with the IPv6 server.
udp4() {
	in_v4 python3 "$peer" udp 192.0.2.1 53 --src 198.51.100.2
}

tcp4() {
	in_v4 python3 "$peer" tcp 192.0.2.1 80 --src 198.51.100.2
}

ping4() {
	in_v4 ping -c 1 -W 2 -e 7777 192.0.2.1 >/dev/null 2>&1
}

# seen_as CMD...: CMD's answer names the client as the server saw it.
seen_as() {
	sa_got=$("$@")
	case $sa_got in
	"$client4 "[0-9]*) return 0 ;;
	esac
	printf '# the server saw "%s"\n' "$sa_got"
	return 1
}

test_reach() {
	check "tools/jool publishes UDP, TCP and ICMP static entries" publish
	check "jool/bib lists them as static" sh -c "
		grep -qx 'udp 0 2001:db8:1::2#5000 192.0.2.1#53 static' $jool/bib &&
		grep -qx 'tcp 0 2001:db8:1::2#5001 192.0.2.1#80 static' $jool/bib &&
		grep -qx 'icmp 0 2001:db8:1::2#4444 192.0.2.1#7777 static' $jool/bib"
	check "UDP from IPv4 reaches the IPv6 server" seen_as udp4
	check "TCP from IPv4 (V4 SYN) reaches the IPv6 server" seen_as tcp4
	check "ping from IPv4 is answered by the IPv6 server" ping4
	tool --session --count >"$tmp/count"
	check "--session --count: a session per protocol" sh -c "
		grep -qx 'TCP: [1-9][0-9]*' $tmp/count &&
		grep -qx 'UDP: [1-9][0-9]*' $tmp/count &&
		grep -qx 'ICMP: [1-9][0-9]*' $tmp/count"
	check "--bib --display marks them [Static]" sh -c "
		sh $top/tools/jool --bib | grep -q '^\[Static\]	0	TCP	2001:db8:1::2#5001	192.0.2.1#80\$'"
}

# refused DESCRIPTION ERRNO-TEXT IPV4 IPV6 [PROTO]: a static entry written
# through configfs is refused with that error and the BIB is unchanged.
refused() {
	cp "$jool/bib" "$tmp/bib.before"
	mkdir "$jool/static-bib/refused" || { fail "$1: mkdir"; return; }
	printf '%s' "${5:-udp}" >"$jool/static-bib/refused/proto"
	printf '%s' "$3" >"$jool/static-bib/refused/ipv4"
	printf '%s' "$4" >"$jool/static-bib/refused/ipv6"
	rf_err=$(sh -c "printf 1 >$jool/static-bib/refused/enabled" 2>&1)
	case $rf_err in
	*"$2"*) pass "$1: $2" ;;
	*) fail "$1: got '$rf_err', not '$2'" ;;
	esac
	check "... and it stays disabled, the BIB unchanged" sh -c "
		[ \"\$(cat $jool/static-bib/refused/enabled)\" = 0 ] &&
		grep -v '^\$' $jool/bib | sort >$tmp/a &&
		grep -v '^\$' $tmp/bib.before | sort >$tmp/b && cmp -s $tmp/a $tmp/b"
	rmdir "$jool/static-bib/refused"
}

test_refused() {
	refused "outside pool4" "Cannot assign requested address" \
		203.0.113.5#53 2001:db8:1::2#5002
	refused "the IPv4 side of a static entry" "File exists" \
		192.0.2.1#53 2001:db8:1::2#5004
	refused "the IPv6 side of a static entry" "File exists" \
		192.0.2.1#55 2001:db8:1::2#5000
	# A dynamic entry: the IPv6 node's own flow to the IPv4 server.
	dyn=$(in_v6 python3 "$peer" udp 64:ff9b::198.51.100.2 5000 \
		--src 2001:db8:1::2 --sport 6000)
	if [ -z "$dyn" ]; then
		fail "a dynamic UDP entry for 2001:db8:1::2#6000"
		return
	fi
	refused "the IPv6 side of a dynamic entry" "File exists" \
		192.0.2.1#56 2001:db8:1::2#6000
	refused "the IPv4 side of a dynamic entry" "File exists" \
		"${dyn% *}#${dyn#* }" 2001:db8:1::2#5005
	out=$(tool --bib --add --udp 203.0.113.5#53 2001:db8:1::2#5002 2>&1)
	check "tools/jool says why ('$out'), leaves no directory" sh -c "
		case '$out' in *'not in pool4'*) ;; *) exit 1 ;; esac &&
		[ -z \"\$(ls $jool/static-bib | grep 203)\" ]"
}

# The mark attribute names the pool4 records that must hold ipv4.
test_mark() {
	mkdir "$jool/static-bib/marked" &&
		printf udp >"$jool/static-bib/marked/proto" &&
		printf 7 >"$jool/static-bib/marked/mark" &&
		printf 192.0.2.1#54 >"$jool/static-bib/marked/ipv4" &&
		printf 2001:db8:1::2#5003 >"$jool/static-bib/marked/ipv6"
	check "mark 7 without mark 7 records: refused" sh -c \
		"! printf 1 >$jool/static-bib/marked/enabled 2>/dev/null"
	pool4_record "$jool/pool4/sbib-m7" 7 udp 192.0.2.1 54
	check "... accepted once pool4 has them" sh -c \
		"printf 1 >$jool/static-bib/marked/enabled"
	rmdir "$jool/static-bib/marked" "$jool/pool4/sbib-m7"
}

# Sessions of PROTO at 192.0.2.1#PORT in jool/session.
sessions_at() {
	grep -c "^$1 .* 192\.0\.2\.1#$2 " "$jool/session"
}

test_pool4_edits() {
	tcp4 >/dev/null
	# A record covering 1-100 comes, the 1-65535 one goes: still covered.
	pool4_record "$jool/pool4/sbib-tcp-low" 0 tcp 192.0.2.1 1-100
	printf 0 >"$jool/pool4/sbib-tcp/enabled"
	d=$jool/static-bib/tcp-192.0.2.1-80
	check "a pool4 edit that still covers it keeps it" sh -c "
		[ \"\$(cat $d/enabled)\" = 1 ] && grep -q ' 192.0.2.1#80 static' $jool/bib"
	check "... and it still translates" seen_as tcp4
	check "... with its sessions" [ "$(sessions_at tcp 80)" -gt 0 ]
	rmdir "$jool/pool4/sbib-tcp-low"
	check "a pool4 removal that uncovers it disables it" sh -c "
		[ \"\$(cat $d/enabled)\" = 0 ] && ! grep -q ' 192.0.2.1#80 static' $jool/bib"
	check "... and takes its sessions" [ "$(sessions_at tcp 80)" = 0 ]
	printf 1 >"$jool/pool4/sbib-tcp/enabled"
	check "... enabled again with its pool4 back" sh -c "printf 1 >$d/enabled"
}

test_remove() {
	udp4 >/dev/null
	check "a UDP session at the static entry" [ "$(sessions_at udp 53)" -gt 0 ]
	check "--bib --remove by the IPv6 side" \
		tool --bib --remove --udp 2001:db8:1::2#5000
	check "... removes the entry and its sessions" sh -c "
		! grep -q ' 192.0.2.1#53 static' $jool/bib &&
		[ \"\$(grep -c '^udp .* 192\.0\.2\.1#53 ' $jool/session)\" = 0 ]"
	check "... and IPv4 no longer reaches the server" sh -c \
		"! ip netns exec $v4ns python3 $peer udp 192.0.2.1 53 --timeout 0.3"
	tool --bib --add --udp 192.0.2.1#53 2001:db8:1::2#5000
}

# Every part: pool6, pool4 (two marks), static BIB, and the settings when
# this module has them (a key changed before the save, another after).
test_save_restore() {
	pool4_record "$jool/pool4/sbib-m9" 9 udp 192.0.2.8/30 2000-2999
	if [ -f "$jool/global/udp-timeout" ]; then
		printf 7201 >"$jool/global/udp-timeout"
	fi
	check "jool --save" tool --save "$tmp/saved.conf"
	sed 's/^/# /' "$tmp/saved.conf"
	tool --pool4 --flush >/dev/null 2>&1
	for d in "$jool"/static-bib/*/; do [ -d "$d" ] && rmdir "$d"; done
	printf '\n' >"$jool/pool6"
	[ ! -f "$jool/global/udp-timeout" ] || printf 7300 >"$jool/global/udp-timeout"
	check "flushed: no static entry, no pool4 record" sh -c "
		[ -z \"\$(ls $jool/static-bib)\" ] && ! grep -q static $jool/bib &&
		[ -z \"\$(ls $jool/pool4 | grep -v count)\" ]"
	check "jool --restore" tool --restore "$tmp/saved.conf"
	tool --save "$tmp/again.conf"
	check "the translator equals the file (save again: same file)" \
		cmp "$tmp/saved.conf" "$tmp/again.conf"
	check "UDP through the restored static entry" seen_as udp4
	check "TCP through the restored static entry" seen_as tcp4
	# All or nothing: a file whose static entry is outside its pool4.
	sed 's/^tcp 0 192.0.2.1#80 /tcp 0 203.0.113.9#80 /' "$tmp/saved.conf" \
		>"$tmp/bad.conf"
	check "a restore refused by the kernel fails" sh -c \
		"! sh $top/tools/jool --restore $tmp/bad.conf 2>/dev/null"
	tool --save "$tmp/after.conf"
	check "... and changes nothing" cmp "$tmp/saved.conf" "$tmp/after.conf"
}

if ! setup; then
	echo "not ok: setup"
	exit 1
fi
test_reach
test_refused
test_mark
test_pool4_edits
test_remove
test_save_restore
exit "$failed"
