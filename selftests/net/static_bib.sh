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
# shellcheck source=selftests/lib/prelude.sh
. "${JOOL_TOP:-$(dirname "$0")/../..}/selftests/lib/prelude.sh"
peer=$here/nat64_peer.py
suffix=$$
v6ns=sbib6-$suffix
v4ns=sbib4-$suffix
client4=64:ff9b::c633:6402
tmp=$(mktemp -d)

tool() {
	sh "$top/tools/jool" "$@"
}

cleanup() {
	drop_namespaces "$v6ns" "$v4ns"
	drop_records "$jool"/static-bib/*/ "$jool"/pool4/*/
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
	poll in_v6 sh -c 'ss -ltn | grep -q :5001'
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
	check "jool/bib lists them as static" [ "$(grep -cx \
		-e 'udp 0 2001:db8:1::2#5000 192.0.2.1#53 static' \
		-e 'tcp 0 2001:db8:1::2#5001 192.0.2.1#80 static' \
		-e 'icmp 0 2001:db8:1::2#4444 192.0.2.1#7777 static' \
		"$jool/bib")" = 3 ]
	check "UDP from IPv4 reaches the IPv6 server" seen_as udp4
	check "TCP from IPv4 (V4 SYN) reaches the IPv6 server" seen_as tcp4
	check "ping from IPv4 is answered by the IPv6 server" ping4
	count=$(tool --session --count | tr '\n' ' ')
	case $count in
	"TCP: "[1-9]*" UDP: "[1-9]*" ICMP: "[1-9]*) pass "--session --count: $count" ;;
	*) fail "--session --count: $count" ;;
	esac
}

# refused DESCRIPTION ERRNO-TEXT IPV4 IPV6 [PROTO]: a static entry written
# through configfs is refused with that error and stays disabled.
refused() {
	d=$jool/static-bib/refused
	mkdir "$d" || { fail "$1: mkdir"; return; }
	printf '%s' "${5:-udp}" >"$d/proto"
	printf '%s' "$3" >"$d/ipv4"
	printf '%s' "$4" >"$d/ipv6"
	# env: an external printf, which names the errno (dash's does not).
	rf_err=$(env printf 1 2>&1 >"$d/enabled")
	read -r rf_en <"$d/enabled"
	case $rf_err/$rf_en in
	*"$2"*/0) pass "$1: $2" ;;
	*) fail "$1: got '$rf_err' (enabled $rf_en), not '$2'" ;;
	esac
	rmdir "$d"
}

# The IPv4 side of the ICMP entry of 2001:db8:1::2#6000, from jool/bib.
dynamic4() {
	# shellcheck disable=SC2034 # the mark and the rest are skipped
	while read -r d_p d_m d_6 d_4 d_rest; do
		[ "$d_p $d_6" != "icmp 2001:db8:1::2#6000" ] || echo "$d_4"
	done <"$jool/bib"
}

test_refused() {
	cat "$jool/bib" >"$tmp/bib.before"
	refused "outside pool4" "Cannot assign requested address" \
		203.0.113.5#53 2001:db8:1::2#5002
	refused "the IPv4 side of a static entry" "File exists" \
		192.0.2.1#53 2001:db8:1::2#5004
	refused "the IPv6 side of a static entry" "File exists" \
		192.0.2.1#55 2001:db8:1::2#5000
	cat "$jool/bib" >"$tmp/bib.after"
	check "the BIB is unchanged" cmp "$tmp/bib.before" "$tmp/bib.after"
	# A dynamic entry: the IPv6 node's own ping (echo id 6000).
	in_v6 ping -c 1 -W 2 -e 6000 64:ff9b::198.51.100.2 >/dev/null
	dyn=$(dynamic4)
	if [ -z "$dyn" ]; then
		fail "a dynamic ICMP entry for 2001:db8:1::2#6000"
		return
	fi
	refused "the IPv6 side of a dynamic entry" "File exists" \
		192.0.2.1#56 2001:db8:1::2#6000 icmp
	refused "the IPv4 side of a dynamic entry ($dyn)" "File exists" \
		"$dyn" 2001:db8:1::2#5005 icmp
	out=$(tool --bib --add --udp 203.0.113.5#53 2001:db8:1::2#5002 2>&1)
	case $out in
	*"not in pool4"*) pass "tools/jool says why: $out" ;;
	*) fail "tools/jool says: $out" ;;
	esac
	check "... and leaves no directory" [ ! -e "$jool/static-bib/udp-203.0.113.5-53" ]
}

# The mark attribute names the pool4 records that must hold ipv4.
test_mark() {
	mkdir "$jool/static-bib/marked" &&
		printf udp >"$jool/static-bib/marked/proto" &&
		printf 7 >"$jool/static-bib/marked/mark" &&
		printf 192.0.2.1#54 >"$jool/static-bib/marked/ipv4" &&
		printf 2001:db8:1::2#5003 >"$jool/static-bib/marked/ipv6"
	check "mark 7 without mark 7 records: refused" \
		not put "$jool/static-bib/marked/enabled" 1
	pool4_record "$jool/pool4/sbib-m7" 7 udp 192.0.2.1 54
	check "... accepted once pool4 has them" \
		put "$jool/static-bib/marked/enabled" 1
	rmdir "$jool/static-bib/marked" "$jool/pool4/sbib-m7"
}

# Sessions of PROTO at 192.0.2.1#PORT in jool/session.
sessions_at() {
	grep -c "^$1 .* 192\.0\.2\.1#$2 " "$jool/session"
}

# en_is DIR VALUE: DIR/enabled reads VALUE.
en_is() {
	read -r ei_v <"$1/enabled" && [ "$ei_v" = "$2" ]
}

not() {
	! "$@"
}

# put FILE VALUE: one write, whose failure is the command's.
put() {
	printf '%s' "$2" 2>/dev/null >"$1"
}

test_pool4_edits() {
	# A record covering 1-100 comes, the 1-65535 one goes: still covered.
	pool4_record "$jool/pool4/sbib-tcp-low" 0 tcp 192.0.2.1 1-100
	printf 0 >"$jool/pool4/sbib-tcp/enabled"
	d=$jool/static-bib/tcp-192.0.2.1-80
	check "a pool4 edit that still covers it keeps it" en_is "$d" 1
	check "... and it still translates" seen_as tcp4
	check "... with its sessions" [ "$(sessions_at tcp 80)" -gt 0 ]
	rmdir "$jool/pool4/sbib-tcp-low"
	check "a pool4 removal that uncovers it disables it" en_is "$d" 0
	check "... takes it out of the BIB" not grep -q ' 192.0.2.1#80 static' "$jool/bib"
	check "... and takes its sessions" [ "$(sessions_at tcp 80)" = 0 ]
	printf 1 >"$jool/pool4/sbib-tcp/enabled"
	check "... enabled again with its pool4 back" put "$d/enabled" 1
}

test_remove() {
	check "a UDP session at the static entry" [ "$(sessions_at udp 53)" -gt 0 ]
	check "--bib --remove by the IPv6 side" \
		tool --bib --remove --udp 2001:db8:1::2#5000
	check "... removes the entry" not grep -q ' 192.0.2.1#53 static' "$jool/bib"
	check "... and its sessions" [ "$(sessions_at udp 53)" = 0 ]
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
	check "flushed: no static entry" not grep -q static "$jool/bib"
	check "jool --restore" tool --restore "$tmp/saved.conf"
	tool --save "$tmp/again.conf"
	check "the translator equals the file (save again: same file)" \
		cmp "$tmp/saved.conf" "$tmp/again.conf"
	check "UDP through the restored static entry" seen_as udp4
	# All or nothing: a file whose static entry is outside its pool4.
	sed 's/^tcp 0 192.0.2.1#80 /tcp 0 203.0.113.9#80 /' "$tmp/saved.conf" \
		>"$tmp/bad.conf"
	check "a restore refused by the kernel fails" \
		not tool --restore "$tmp/bad.conf"
	tool --save "$tmp/after.conf"
	check "... and changes nothing" cmp "$tmp/saved.conf" "$tmp/after.conf"
}

start=$(date +%s)
if ! setup; then
	echo "not ok: setup"
	exit 1
fi
for t in reach refused mark pool4_edits remove save_restore; do
	"test_$t"
	echo "# test_$t done at $(($(date +%s) - start)) s"
done
echo "# $(($(date +%s) - start)) s"
exit "$failed"
