#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Port blocks (issue 17 items 5 and 6): port-block-size at work, with the
# mapping log on (logging-bib).  The tracepoint jool:jool_block is
# checked by selftests/net/settings.sh, which switches the events on
# anyway: each switch patches the kernel's text, and under emulation
# that once stalled a guest (a vCPU that did not answer the IPI).
#
# 1. With port-block-size 0, subscriber A's address 2001:db8:1::101
#    offers 100 UDP flows: 100 "bib add" lines.  With port-block-size 64,
#    A's 2001:db8:1::100 offers 100 more: their IPv4 ports lie in two
#    blocks of 64 (aligned) on one pool4 address, and the log has two
#    "block add" lines and no "bib add" line; the ratio of the two logs'
#    lines and bytes is printed (the figure of issue 17 item 6).
# 2. Subscriber B (2001:db8:2::/64) gets a block of its own; the
#    port_blocks gauge counts three.
#    Set to 128 while A holds blocks of 64, A's next flow still takes a
#    port of its block with room.  B's TCP connection and ping get
#    blocks of their own protocols on the address of its UDP block
#    (paired pooling).
# 3. The flows expire (udp-, tcp- and icmp-timeout 4): every block goes
#    back with a "block del" line and the gauge reads 0.
#    With maximum-bib-per-subscriber 100, A's 150 flows stop at 100
#    entries in two blocks (the limit bounds the blocks: ceil(100/64)).
# 4. A pool of two blocks: A's 100 flows and a conversation take both; B
#    is refused (drop_port_block_exhausted, drop_pool4_exhausted) while
#    A's conversation keeps its mapping, and so is a static BIB entry on
#    a port of A's blocks that no flow uses (jool names the block); when
#    A's flows expire, B's new flow gets a block A had.
# 5. Removing the pool4 record of a held block takes its entries, and the
#    block goes with a "block del" line.
# 6. TCP and ICMP pools of one block each: A's connection and ping take
#    ports of those blocks; B's are refused (drop_port_block_exhausted,
#    pool4_exhausted_mark_0_tcp and _icmp) and A's entries stay until
#    the records are removed.
# Runs in the reliability suite for its topology and flow generator
# (scale_lib.sh).  The pool4 records are not quick: cleanup takes the
# test's BIB entries with them.
# Functions called only through check, poll or the EXIT trap:
# shellcheck disable=SC2317
set -u
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=selftests/reliability/scale_lib.sh
. "$here/scale_lib.sh"
a1=2001:db8:1::100
a2=2001:db8:1::101
b=2001:db8:2::2
stamp='jool: net:\[[0-9]+\] [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\+00:00'

global() {
	printf '%s\n' "$2" >"$jool/global/$1"
}

# log_since N: the kernel log from line N on, into $tmp/log.
log_since() {
	dmesg | tail -n "+$1" >"$tmp/log"
}

log_lines() {
	dmesg | wc -l
}

# count PATTERN: lines of $tmp/log that match the extended regex.
count() {
	grep -Ec "$1" "$tmp/log"
}

# blocks_of ADDR6: "ADDR4#BLOCK" per BIB entry of ADDR6, BLOCK being the
# IPv4 port divided by 64, sorted and counted (uniq -c).
blocks_of() {
	awk -v a="$1" '$1 == "udp" && index($3, a "#") == 1 {
		split($4, t, "#"); print t[1] "#" int(t[2] / 64) }' \
		/proc/net/jool/bib | sort | uniq -c
}

# in_small_pool ADDR PORT: test_exhaustion's pool.
in_small_pool() {
	[ "${1:-}" = 192.0.2.1 ] && [ "${2:-0}" -ge 61440 ] && [ "${2:-0}" -le 61567 ]
}

# aligned LOG: every "block add" line of LOG names 64 aligned ports.
aligned() {
	awk -F'#' '/block add/ {
		split($2, p, "-")
		if (p[1] % 64 || p[2] != p[1] + 63)
			bad++
	} END { exit bad }' "$1"
}

# mentions TEXT PART: TEXT contains PART.
mentions() {
	case $1 in
	*"$2"*) return 0 ;;
	esac
	return 1
}

gauge_is() {
	test "$(stat_of port_blocks)" = "$1"
}

# What cleanup (scale_lib.sh) does not put back.
restore() {
	[ -d "$jool/global" ] || return 0
	global port-block-size 0
	global logging-bib 0
	global tcp-est-timeout 7440
	global tcp-trans-timeout 240
}

setup() {
	topology "$$" && servers &&
		rec udp 0 udp 192.0.2.0/24 61001-65535 &&
		rec tcp 0 tcp 192.0.2.0/24 61001-65535 &&
		rec icmp 0 icmp 192.0.2.0/24 61001-65535 &&
		in_c ip addr add "$b/64" dev rc0 nodad &&
		ip -6 route add 2001:db8:2::/64 via 2001:db8:1::2 dev r6 &&
		global logging-bib 1
}

test_one_subscriber() {
	from=$(($(log_lines) + 1))
	note "per flow, $a2: $(in_c "$flowgen" "$a2" "$server6" 9 1024 100)"
	log_since "$from"
	per_flow=$(count "$stamp bib add udp 0 $a2#")
	per_flow_bytes=$(grep -E "$stamp bib add udp 0 $a2#" "$tmp/log" | wc -c)
	check "port-block-size 0: $per_flow \"bib add\" lines for 100 flows" \
		test "$per_flow" = 100
	global port-block-size 64
	from=$(($(log_lines) + 1))
	note "blocks of 64, $a1: $(in_c "$flowgen" "$a1" "$server6" 9 1024 100)"
	log_since "$from"
	sed 's/^/# /' "$tmp/log"
	blocks_of "$a1" >"$tmp/blocks"
	sed 's/^/# /' "$tmp/blocks"
	check "100 flows, 100 BIB entries" \
		test "$(awk '{ n += $1 } END { print n }' "$tmp/blocks")" = 100
	check "their ports: two blocks of 64 (64 + 36 entries)" \
		test "$(awk '{ print $1 }' "$tmp/blocks" | sort -n | tr '\n' ' ')" = "36 64 "
	check "both on one pool4 address" \
		test "$(cut -d'#' -f1 "$tmp/blocks" | awk '{ print $2 }' | sort -u | wc -l)" = 1
	blocks=$(count "$stamp block add udp 0 2001:db8:1::/64 192\.0\.2\.[0-9]+#[0-9]+-[0-9]+\$")
	check "the log: $blocks \"block add\" lines" test "$blocks" = 2
	check "the log: no \"bib add\" line of the blocks' flows" \
		test "$(count "bib add udp 0 $a1#")" = 0
	check "the block lines: FIRST a multiple of 64, LAST = FIRST + 63" \
		aligned "$tmp/log"
	block_bytes=$(grep -E "$stamp block add udp 0 " "$tmp/log" | wc -c)
	if [ "$blocks" -gt 0 ] && [ "$block_bytes" -gt 0 ]; then
		note "log volume for 100 flows: $per_flow lines ($per_flow_bytes bytes) per flow, $blocks lines ($block_bytes bytes) with blocks of 64: $((per_flow / blocks)):1 in lines, $((per_flow_bytes / block_bytes)):1 in bytes"
	fi
}

test_second_subscriber() {
	note "$b: $(in_c "$flowgen" "$b" "$server6" 9 1024 10)"
	blocks_of "$b" >"$tmp/blocks_b"
	check "B's 10 flows: one block" \
		test "$(wc -l <"$tmp/blocks_b")" = 1
	awk '{ print $2 }' "$tmp/blocks" >"$tmp/keys_a"
	awk '{ print $2 }' "$tmp/blocks_b" >"$tmp/keys_b"
	check "not one of A's" \
		sh -c "! grep -qxF -f '$tmp/keys_a' '$tmp/keys_b'"
	check "port_blocks: 3 ($(stat_of port_blocks))" gauge_is 3
}

# A new size applies to new blocks only: A's next flow still takes a port
# of its block of 64 that has room.
test_size_change() {
	global port-block-size 128
	note "$a1: $(in_c "$flowgen" "$a1" "$server6" 9 2000 1)"
	blocks_of "$a1" >"$tmp/blocks_c"
	sed 's/^/# /' "$tmp/blocks_c"
	check "port-block-size 128: A's 101st flow in its second block of 64" \
		test "$(awk '{ print $1 }' "$tmp/blocks_c" | sort -n | tr '\n' ' ')" = "37 64 "
	check "no new block: port_blocks 3" gauge_is 3
	global port-block-size 64
}

# addr4_of PROTO ADDR6: the IPv4 address of ADDR6's first PROTO entry.
addr4_of() {
	awk -v p="$1" -v a="$2" '$1 == p && index($3, a "#") == 1 {
		split($4, t, "#"); print t[1]; exit }' /proc/net/jool/bib
}

# B's TCP and ICMP flows take blocks on the address of its UDP block.
test_paired() {
	udp4=$(addr4_of udp "$b")
	note "TCP from $b: $(in_c python3 "$peer" tcp "$server6" 5001 --src "$b")"
	in_c ping -c 1 -W 2 -I "$b" "$server6" >/dev/null
	check "B's TCP block on its UDP block's address $udp4" \
		test "$(addr4_of tcp "$b")" = "$udp4"
	check "B's ICMP block on the same address" \
		test "$(addr4_of icmp "$b")" = "$udp4"
	check "port_blocks: 5 ($(stat_of port_blocks))" gauge_is 5
}

test_expiry() {
	from=$(($(log_lines) + 1))
	global tcp-est-timeout "4 force"
	global tcp-trans-timeout "4 force"
	global icmp-timeout "4 force"
	global udp-timeout "4 force"
	check "the flows expire: port_blocks 0 within 10 s" poll gauge_is 0
	log_since "$from"
	check "five \"block del\" lines" \
		test "$(count "$stamp block del (udp|tcp|icmp) 0 ")" = 5
	check "no \"bib del\" line of a block's entry" \
		test "$(count "bib del udp 0 ($a1|$b)#")" = 0
}

# The per-subscriber limit bounds the ports, hence the blocks.
test_limit() {
	subscriber_limits 64 100 1024
	global udp-timeout "30 force"
	d0=$(stat_of drop_subscriber_limit)
	note "$a1: $(in_c "$flowgen" "$a1" "$server6" 9 5000 150)"
	blocks_of "$a1" >"$tmp/blocks_l"
	sed 's/^/# /' "$tmp/blocks_l"
	check "limit 100: A's 150 flows get 100 entries in two blocks (64 + 36)" \
		test "$(awk '{ print $1 }' "$tmp/blocks_l" | sort -n | tr '\n' ' ')" = "36 64 "
	check "drop_subscriber_limit counts the other 50" \
		test "$(($(stat_of drop_subscriber_limit) - d0))" = 50
	check "port_blocks: 2" gauge_is 2
	subscriber_limits 64 4096 1024
	global udp-timeout "2 force"
	check "they expire: port_blocks 0 within 10 s" poll gauge_is 0
}

test_exhaustion() {
	rmdir "$jool/pool4/rel-udp"
	rec small 0 udp 192.0.2.1 61440-61567 || { not_ok "pool of two blocks"; return; }
	global udp-timeout "30 force"
	note "$a1: $(in_c "$flowgen" "$a1" "$server6" 9 1024 100)"
	talk=$(udp_from "$a1" --sport 3000)
	check "A's conversation: $talk" test -n "$talk"
	check "A holds both blocks" gauge_is 2
	d0=$(stat_of drop_port_block_exhausted)
	e0=$(stat_of drop_pool4_exhausted)
	got=$(udp_from "$b" --sport 3001 --timeout 0.5)
	check "B is refused: no answer" test -z "$got"
	check "drop_port_block_exhausted and drop_pool4_exhausted count it" \
		test "$(stat_of drop_port_block_exhausted)" -gt "$d0" -a \
		"$(stat_of drop_pool4_exhausted)" -gt "$e0"
	check "A's conversation keeps its mapping" \
		test "$(udp_from "$a1" --sport 3000)" = "$talk"
	static_on_block
	global udp-timeout "2 force"
	poll_tries=30
	check "A's flows expire: port_blocks 0 within 15 s" poll gauge_is 0
	got=$(udp_from "$b" --sport 3002)
	# shellcheck disable=SC2086 # "ADDR PORT"
	check "B gets a block A had: $got" in_small_pool $got
}

# static_on_block: while A holds both blocks of the small pool, a static
# entry on a port of theirs that no flow uses is refused, by name, and
# leaves nothing behind.
static_on_block() {
	free=$(awk '$1 == "udp" { split($4, t, "#"); used[t[2]] = 1 }
		END { for (p = 61440; p <= 61567; p++)
			if (!(p in used)) { print p; exit } }' /proc/net/jool/bib)
	entries=$(grep -c '^udp' /proc/net/jool/bib)
	out=$("$top/tools/jool" --bib --add --udp "192.0.2.1#${free:-61567}" \
		"2001:db8:2::99#53" 2>&1)
	rc=$?
	note "jool --bib --add on 192.0.2.1#$free: $out"
	check "a static entry on a held block's free port $free: refused" \
		test -n "$free" -a "$rc" = 1
	check "... saying a port block holds it" mentions "$out" "lies in a port block"
	check "... and changing nothing" \
		test "$(grep -c '^udp' /proc/net/jool/bib)" = "$entries" -a \
		-z "$(ls "$jool/static-bib")"
}

# Removing the pool4 record of a held block removes its entries, and the
# block goes back with a "block del" line.
test_removal() {
	check "B's flow expires: port_blocks 0 within 10 s" poll gauge_is 0
	global udp-timeout "30 force"
	note "$a1: $(in_c "$flowgen" "$a1" "$server6" 9 1024 10)"
	check "A's 10 flows: one block" gauge_is 1
	from=$(($(log_lines) + 1))
	rmdir "$jool/pool4/rel-small"
	log_since "$from"
	check "the record removed: port_blocks 0" gauge_is 0
	check "... no entry of A's left" \
		test "$(grep -c "$a1#" /proc/net/jool/bib)" = 0
	check "... one \"block del\" line" \
		test "$(count "$stamp block del udp 0 ")" = 1
	global udp-timeout "2 force"
}

# entry_of PROTO ADDR6: "ADDR4#PORT" of ADDR6's first PROTO entry.
entry_of() {
	awk -v p="$1" -v a="$2" '$1 == p && index($3, a "#") == 1 {
		print $4; exit }' /proc/net/jool/bib
}

# in_one_block ADDR#PORT: test_tcp_icmp_exhaustion's pools.
in_one_block() {
	case $1 in
	192.0.2.1#614[4-9][0-9] | 192.0.2.1#6150[0-3]) return 0 ;;
	esac
	return 1
}

# grew_some NAME BEFORE...: every counter NAME grew since its BEFORE.
grew_some() {
	while [ $# -ge 2 ]; do
		[ "$(grew "$1" "$2")" -gt 0 ] || return 1
		shift 2
	done
}

# fails COMMAND...: COMMAND fails, its output dropped.
fails() {
	! "$@" >/dev/null 2>&1
}

# TCP and ICMP take their ports from blocks too, and stop cleanly when no
# block is left: B is refused, A keeps what it has.
test_tcp_icmp_exhaustion() {
	t0=$(ms)
	rmdir "$jool/pool4/rel-tcp" "$jool/pool4/rel-icmp"
	if ! rec tcp1 0 tcp 192.0.2.1 61440-61503 ||
	   ! rec icmp1 0 icmp 192.0.2.1 61440-61503; then
		not_ok "TCP and ICMP pools of one block"
		return
	fi
	global tcp-est-timeout "30 force"
	global tcp-trans-timeout "30 force"
	global icmp-timeout "30 force"
	# socat, not nat64_peer.py: python's start-up takes seconds under TCG.
	echo x | in_c socat -t 2 - \
		"TCP6:[$server6]:5001,bind=[$a1],connect-timeout=2" >/dev/null
	in_c ping -c 1 -W 2 -I "$a1" "$server6" >/dev/null
	tcp=$(entry_of tcp "$a1")
	icmp=$(entry_of icmp "$a1")
	check "A's TCP connection: a port of the TCP block ($tcp)" in_one_block "$tcp"
	check "A's ping: an identifier of the ICMP block ($icmp)" in_one_block "$icmp"
	check "port_blocks: 2" gauge_is 2
	d0=$(stat_of drop_port_block_exhausted)
	e0=$(stat_of pool4_exhausted_mark_0_tcp)
	check "B's TCP connection is refused" \
		fails in_c socat /dev/null \
		"TCP6:[$server6]:5001,bind=[$b],connect-timeout=0.5"
	check "... counted: drop_port_block_exhausted, pool4_exhausted_mark_0_tcp" \
		grew_some drop_port_block_exhausted "$d0" \
		pool4_exhausted_mark_0_tcp "$e0"
	d0=$(stat_of drop_port_block_exhausted)
	e0=$(stat_of pool4_exhausted_mark_0_icmp)
	check "B's ping is refused" fails in_c ping -c 1 -W 0.5 -I "$b" "$server6"
	check "... counted: drop_port_block_exhausted, pool4_exhausted_mark_0_icmp" \
		grew_some drop_port_block_exhausted "$d0" \
		pool4_exhausted_mark_0_icmp "$e0"
	check "A's entries stay: $tcp, $icmp" \
		test "$(entry_of tcp "$a1")" = "$tcp" -a "$(entry_of icmp "$a1")" = "$icmp"
	check "no entry of B's" \
		test "$(grep -Ec "^(tcp|icmp) 0 $b#" /proc/net/jool/bib)" = 0
	# Not waiting for them to expire: test_expiry did that.
	rmdir "$jool/pool4/rel-tcp1" "$jool/pool4/rel-icmp1"
	check "the records removed: port_blocks 0, no entry of A's" \
		test "$(stat_of port_blocks)" = 0 -a \
		"$(grep -Ec "^(tcp|icmp) 0 $a1#" /proc/net/jool/bib)" = 0
	note "TCP and ICMP exhaustion: $(($(ms) - t0)) ms"
}

main() {
	common_checks
	needs socat
	[ -e "$jool/global/port-block-size" ] || skip_all "jool.ko without port-block-size"
	trap 'cleanup; restore; rm -rf "$tmp"' EXIT
	tmp=$(mktemp -d)
	echo "TAP version 13"
	if ! setup; then
		not_ok "topology, servers, pool4 192.0.2.0/24 (3 protocols), logging-bib"
		finish
	fi
	test_one_subscriber
	test_second_subscriber
	test_size_change
	test_paired
	test_expiry
	test_limit
	test_exhaustion
	test_removal
	test_tcp_icmp_exhaustion
	finish
}

main
