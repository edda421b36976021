#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# End-to-end stateful NAT64 through jool.ko, in the VM's initial namespace.
#
#   client (IPv6 only)          translator (init netns)        server (IPv4 only)
#   2001:db8:1::2/64   c0 ---- t6  2001:db8:1::1/64
#   (+ ::10 ::20 ::30 ::40)          pool6 64:ff9b::/96
#                                    pool4 192.0.2.0/24 records
#                                  t4  198.51.100.1/24 ---- s0  198.51.100.2/24
#
# The client reaches the server as 64:ff9b::198.51.100.2; the server must
# see a pool4 transport address.  Marks come from ip6tables -t mangle.
# Functions called only through the EXIT trap or indirectly:
# shellcheck disable=SC2317
set -u
# shellcheck source=selftests/lib/prelude.sh
. "${JOOL_TOP:-$(dirname "$0")/../..}/selftests/lib/prelude.sh"
peer=$here/nat64_peer.py
suffix=$$
cns=nat64c-$suffix
sns=nat64s-$suffix
server6=64:ff9b::198.51.100.2
pids=

run() {
	printf '# %s\n' "$*"
	"$@"
}

cleanup() {
	for p in $pids; do
		kill "$p" 2>/dev/null
	done
	# $! is the subshell running in_server, not the server it started.
	drop_namespaces "$cns" "$sns"
	ip6tables -t mangle -F PREROUTING 2>/dev/null
	iptables -t mangle -F PREROUTING 2>/dev/null
	drop_records "$jool"/pool4/nat64-*
	[ -e "$jool/pool6" ] && printf '\n' >"$jool/pool6"
}
trap cleanup EXIT

# rec NAME MARK PROTO PREFIX PORTS [QUICK]
rec() {
	d=$jool/pool4/nat64-$1
	shift
	pool4_record "$d" "$@"
}

# recs NAME MARK PREFIX PORTS [QUICK]: one record per protocol
recs() {
	for p in tcp udp icmp; do
		rec "$1-$p" "$2" "$p" "$3" "$4" "${5:-0}" || return 1
	done
}

unrecs() {
	for p in tcp udp icmp; do
		rmdir "$jool/pool4/nat64-$1-$p" || return 1
	done
}

in_client() {
	ip netns exec "$cns" "$@"
}

in_server() {
	ip netns exec "$sns" "$@"
}

setup() {
	nat64_topology "$cns" "$sns" t6 c0 t4 s0 "2 10 20 30 40" || return 1
	run sh -c "printf '64:ff9b::/96' >$jool/pool6" || return 1
	in_server python3 "$peer" serve-udp 5000 & pids="$pids $!"
	in_server python3 "$peer" serve-tcp 5001 & pids="$pids $!"
	in_server iperf3 -s -p 5201 >/dev/null 2>&1 & pids="$pids $!"
	poll in_server sh -c 'ss -ltn | grep -q :5001' || return 1
	poll in_server sh -c 'ss -ltn | grep -q :5201'
}

# The answer ("addr port") of a UDP exchange, or nothing.
udp_from() {
	in_client python3 "$peer" udp "$server6" 5000 --src "$@"
}

tcp_from() {
	in_client python3 "$peer" tcp "$server6" 5001 --src "$@"
}

# in_range "ADDR PORT" ADDR MIN MAX
in_range() {
	set -- "${1% *}" "${1#* }" "$2" "$3" "$4"
	[ "$1" = "$3" ] && [ "$2" -ge "$4" ] && [ "$2" -le "$5" ]
}

test_basic() {
	recs base 0 192.0.2.1 61001-65535 || { fail "pool4 records"; return; }
	if poll in_client ping -6 -c 1 -W 1 "$server6"; then
		pass "ping 6->4->6"
	else
		fail "ping 6->4->6"
	fi
	got=$(udp_from 2001:db8:1::2)
	if in_range "$got" 192.0.2.1 61001 65535; then
		pass "UDP, server saw $got"
	else
		fail "UDP, server saw '$got'"
	fi
	got=$(tcp_from 2001:db8:1::2 --bytes 200000)
	if in_range "$got" 192.0.2.1 61001 65535; then
		pass "TCP both ways, server saw $got"
	else
		fail "TCP both ways, server saw '$got'"
	fi
	if in_client iperf3 -c "$server6" -p 5201 -t 2 >/dev/null; then
		pass "iperf3"
	else
		fail "iperf3"
	fi
	grep -q "^udp 0 2001:db8:1::2#[0-9]* 192.0.2.1#" "$jool/bib" ||
		fail "no UDP BIB entry listed"
	grep -q "^tcp .* ESTABLISHED\|^tcp .* V6_FIN_V4_FIN\|^tcp .* FIN" "$jool/session" ||
		fail "no TCP session listed"
}

# Udp6InCsumErrors of the client's namespace.
csum_errors6() {
	# shellcheck disable=SC2016 # awk's program
	in_client awk '$1 == "Udp6InCsumErrors" { print $2 }' /proc/net/snmp6
}

# The server's answers of every size arrive whole with their UDP checksum
# right, whether the server's kernel summed them (tx offload off: the
# client's kernel then checks the sums) or left that to the device.  The
# IPv6 header does not fit in front of a datagram a local socket sent
# through a veth: these take the way that moves the data within its
# buffer (headroom_4to6()).
test_sizes() {
	for offload in off on; do
		if ! in_server ethtool -K s0 tx "$offload" >/dev/null; then
			fail "ethtool -K s0 tx $offload"
			continue
		fi
		errors=$(csum_errors6)
		if ! udp_from 2001:db8:1::2 --sizes 1,63,64,200,1000,1400 >/dev/null; then
			fail "UDP 4->6, tx offload $offload: an answer missing or damaged"
		elif [ "$(csum_errors6)" != "$errors" ]; then
			fail "UDP 4->6, tx offload $offload: the client saw bad checksums"
		else
			pass "UDP 4->6, tx offload $offload: every size whole"
		fi
	done
}

# An IPS in front of the translator: NFQUEUE in the mangle table, whose
# listener's verdicts let the packets on into the translator's hooks from
# its task rather than from a softirq.  Both ways are queued.
test_nfqueue() {
	modprobe nfnetlink_queue 2>/dev/null
	if [ ! -e /proc/net/netfilter/nfnetlink_queue ]; then
		echo "# this kernel has no NFQUEUE (nfnetlink_queue): skipped"
		return
	fi
	count=/tmp/nat64-nfq-$suffix
	rm -f "$count"
	python3 "$here/nfqueue_accept.py" 7 "$count" & nfq=$!
	pids="$pids $nfq"
	if ! poll test -s "$count"; then
		fail "NFQUEUE: the listener did not bind"
		return
	fi
	if ! ip6tables -t mangle -A PREROUTING -i t6 -j NFQUEUE --queue-num 7 ||
		! iptables -t mangle -A PREROUTING -i t4 -j NFQUEUE --queue-num 7; then
		fail "NFQUEUE rules"
	fi
	got=$(udp_from 2001:db8:1::2)
	pinged=
	in_client ping -6 -c 1 -W 2 "$server6" >/dev/null && pinged=yes
	ip6tables -t mangle -D PREROUTING -i t6 -j NFQUEUE --queue-num 7
	iptables -t mangle -D PREROUTING -i t4 -j NFQUEUE --queue-num 7
	queued=$(cat "$count")
	kill "$nfq"
	rm -f "$count"
	if ! in_range "$got" 192.0.2.1 61001 65535 || [ -z "$pinged" ]; then
		fail "NFQUEUE: UDP '$got', ping ${pinged:-failed}"
	elif [ "$queued" -lt 4 ]; then
		fail "NFQUEUE: only $queued packets went through the queue"
	else
		pass "NFQUEUE before the translator: UDP and ping, $queued packets queued"
	fi
}

test_unsolicited() {
	before=$(stat_of drop_no_bib)
	if in_server python3 "$peer" udp 192.0.2.1 65000 --src 198.51.100.2 --timeout 0.5 >/dev/null; then
		fail "an unsolicited IPv4 packet was answered"
	elif [ "$(stat_of drop_no_bib)" -gt "$before" ]; then
		pass "unsolicited IPv4 dropped and counted"
	else
		fail "unsolicited IPv4 not counted"
	fi
}

bib_line() {
	grep "^$1 [0-9]* $2 " "$jool/bib"
}

test_cascade() {
	[ -n "$(udp_from 2001:db8:1::2 --sport 40000)" ] || fail "cascade: no flow"
	bib_line udp '2001:db8:1::2#40000' >/dev/null || fail "cascade: no BIB entry"
	run unrecs base || fail "rmdir"
	if bib_line udp '2001:db8:1::2#40000'; then
		fail "BIB entry survived its record"
	else
		pass "removing a record removes its BIB entries"
	fi
	before=$(stat_of drop_no_pool4)
	[ -z "$(udp_from 2001:db8:1::2 --sport 40000 --timeout 0.5)" ] ||
		fail "translated without pool4 records"
	[ "$(stat_of drop_no_pool4)" -gt "$before" ] || fail "drop_no_pool4 not counted"

	recs quick 0 192.0.2.2 61001-65535 1 || fail "quick records"
	got=$(udp_from 2001:db8:1::2 --sport 40001)
	in_range "$got" 192.0.2.2 61001 65535 || fail "quick: server saw '$got'"
	run unrecs quick || fail "rmdir quick"
	if bib_line udp '2001:db8:1::2#40001' >/dev/null &&
	   [ "$(udp_from 2001:db8:1::2 --sport 40001)" = "$got" ]; then
		pass "quick: BIB entry survives and keeps translating"
	else
		fail "quick: BIB entry gone"
	fi
}

test_marks() {
	run ip6tables -t mangle -A PREROUTING -s 2001:db8:1::10 -j MARK --set-mark 10
	run ip6tables -t mangle -A PREROUTING -s 2001:db8:1::20 -j MARK --set-mark 20
	recs m10 10 192.0.2.8/29 61001-65535 || fail "mark 10 records"
	recs m20 20 192.0.2.20 50000-50999 || fail "mark 20 records"
	got=$(udp_from 2001:db8:1::10)
	case ${got% *} in
	192.0.2.8 | 192.0.2.9 | 192.0.2.1[0-5]) pass "mark 10: UDP from $got" ;;
	*) fail "mark 10: server saw '$got'" ;;
	esac
	got=$(tcp_from 2001:db8:1::20 --bytes 1000)
	if in_range "$got" 192.0.2.20 50000 50999; then
		pass "mark 20: TCP from $got"
	else
		fail "mark 20: server saw '$got'"
	fi
	before=$(stat_of drop_no_pool4)
	if [ -n "$(udp_from 2001:db8:1::30 --timeout 0.5)" ]; then
		fail "unmarked client translated without mark-0 records"
	elif [ "$(stat_of drop_no_pool4)" -gt "$before" ]; then
		pass "unmarked client dropped and counted"
	else
		fail "unmarked client not counted"
	fi
}

# One host, several flows and protocols: one IPv4 address.
test_paired() {
	for sp in 42001 42002 42003; do
		udp_from 2001:db8:1::10 --sport "$sp" >/dev/null || fail "paired: UDP $sp"
	done
	tcp_from 2001:db8:1::10 --bytes 1000 >/dev/null || fail "paired: TCP"
	in_client ping -6 -c 1 -W 2 -I 2001:db8:1::10 "$server6" >/dev/null ||
		fail "paired: ping"
	n=$(grep -c ' 2001:db8:1::10#' "$jool/bib")
	addrs=$(grep ' 2001:db8:1::10#' "$jool/bib" | cut -d' ' -f4 | cut -d'#' -f1 | sort -u)
	if [ "$n" -ge 6 ] && [ "$(printf '%s\n' "$addrs" | wc -l)" = 1 ]; then
		pass "paired pooling: $n BIB entries, all on $addrs"
	else
		fail "paired pooling: $n entries on $(printf '%s' "$addrs" | tr '\n' ' ')"
	fi
}

test_exhaustion() {
	run ip6tables -t mangle -A PREROUTING -s 2001:db8:1::40 -j MARK --set-mark 40
	rec ex 40 udp 192.0.2.40 62000-62009 || fail "10-port record"
	ok=0
	for got in $(udp_from 2001:db8:1::40 --sport 41000 --flows 10 |
		tr ' ' :); do
		in_range "${got%:*} ${got#*:}" 192.0.2.40 62000 62009 &&
			ok=$((ok + 1))
	done
	[ "$ok" = 10 ] || fail "exhaustion: only $ok of 10 flows worked"
	before=$(stat_of pool4_exhausted_mark_40_udp)
	if [ -n "$(udp_from 2001:db8:1::40 --sport 41010 --timeout 0.5)" ]; then
		fail "the 11th flow got through a 10-port pool"
	elif [ "$(stat_of pool4_exhausted_mark_40_udp)" -gt "${before:-0}" ]; then
		pass "the 11th flow dropped, counted per mark and protocol"
	else
		fail "exhaustion not counted"
	fi
	ok=$(udp_from 2001:db8:1::40 --sport 41000 --flows 10 | grep -c '^192')
	if [ "$ok" = 10 ]; then
		pass "the first 10 flows keep working"
	else
		fail "only $ok of the first 10 flows still work"
	fi
}

# arrived_on NS LINK: the UDP datagrams of the flow test_route_change
# sends that NS ("server" or "client") took in on LINK, counted by the
# rules second_links puts in their INPUT chains (matched by the link's
# name: the debug kernel has no comment match).
arrived_on() {
	case $1 in
	server) in_server iptables -nvxL INPUT ;;
	client) in_client ip6tables -nvxL INPUT ;;
	esac | awk -v l="$2" '{ for (i = 2; i <= NF; i++) if ($i == l) print $1 }'
}

# second_links: a second link to the server (t4b-s1, 203.0.113.0/30) and
# to the client (t6b-c1, 2001:db8:2::/64), unused until a route says so,
# and rules that count the test's datagrams by the link they came in on.
second_links() {
	ip link add t4b type veth peer name s1 netns "$sns" &&
		ip link add t6b type veth peer name c1 netns "$cns" &&
		ip addr add 203.0.113.1/30 dev t4b && ip link set t4b up &&
		ip addr add 2001:db8:2::1/64 dev t6b nodad &&
		ip link set t6b up &&
		ip -n "$sns" addr add 203.0.113.2/30 dev s1 &&
		ip -n "$sns" link set s1 up &&
		ip -n "$cns" addr add 2001:db8:2::2/64 dev c1 nodad &&
		ip -n "$cns" link set c1 up || return 1
	for link in s0 s1; do
		in_server iptables -A INPUT -i "$link" -s 192.0.2.0/24 \
			-p udp --dport 5000 || return 1
	done
	for link in c0 c1; do
		in_client ip6tables -A INPUT -i "$link" -s "$server6" \
			-p udp --sport 5000 || return 1
	done
}

# A translated flow takes the route the FIB gives at each of its packets,
# both ways (issue 19 item 3: the route cache, xlat/route_cache.c, must
# keep this).  Routes by the second links to the server (IPv4, 6->4) and
# to the client (IPv6, 4->6), added mid-flow, must take the flow's next
# datagram and its answer, and their removal the ones after, the mapping
# unchanged.  The client is test_marks' ::10 (mark 10's records).
test_route_change() {
	if ! second_links; then
		fail "route change: second links to the server and the client"
		return
	fi
	got=$(udp_from 2001:db8:1::10 --sport 5300)
	[ -n "$got" ] || { fail "route change: no flow"; return; }
	ip route add 198.51.100.2/32 via 203.0.113.2 dev t4b
	ip -6 route add 2001:db8:1::10/128 via 2001:db8:2::2 dev t6b
	moved=$(udp_from 2001:db8:1::10 --sport 5300)
	ip route del 198.51.100.2/32
	ip -6 route del 2001:db8:1::10/128
	back=$(udp_from 2001:db8:1::10 --sport 5300)
	counts="$(arrived_on server s0)/$(arrived_on server s1)"
	counts="$counts $(arrived_on client c0)/$(arrived_on client c1)"
	if [ "$counts" = "2/1 2/1" ] && [ "$moved" = "$got" ] &&
		[ "$back" = "$got" ]; then
		pass "route change: the next datagram and answer take the new routes, then the old ones ($got)"
	else
		fail "route change: by s0/s1 c0/c1 $counts (want 2/1 2/1), mapping $got, $moved, $back"
	fi
}

# by_second_links: the datagrams and answers the second links took in.
by_second_links() {
	echo "$(arrived_on server s1) $(arrived_on client c1)"
}

# The second links go while every CPU's route cache holds their routes
# (a datagram sent from each CPU: the client's send runs the hook on
# its own CPU).  Their deletion must not wait for the cache (a route
# held would hold its device: "unregister_netdevice: waiting for t4b to
# become free"), and the flow's next datagram takes the routes left.
test_route_link_gone() {
	ip route add 198.51.100.2/32 via 203.0.113.2 dev t4b
	ip -6 route add 2001:db8:1::10/128 via 2001:db8:2::2 dev t6b
	before=$(by_second_links)
	cpus=$(nproc) cpu=0
	while [ "$cpu" -lt "$cpus" ]; do
		in_client taskset -c "$cpu" python3 "$peer" udp "$server6" \
			5000 --src 2001:db8:1::10 --sport 5300 >/dev/null
		cpu=$((cpu + 1))
	done
	# shellcheck disable=SC2046,SC2086 # two counts each
	set -- $before $(by_second_links)
	t0=$(date +%s)
	ip link del t4b
	ip link del t6b
	took=$(($(date +%s) - t0))
	s0=$(arrived_on server s0)
	last=$(udp_from 2001:db8:1::10 --sport 5300)
	if [ $(($3 - $1)) = "$cpus" ] && [ $(($4 - $2)) = "$cpus" ] &&
		[ "$took" -le 10 ] && [ -n "$last" ] &&
		[ "$(arrived_on server s0)" = $((s0 + 1)) ]; then
		pass "route cache: links of cached routes deleted in ${took} s, the next datagram by the first link"
	else
		fail "route cache: by the second links $* (want +$cpus each), deleted in $took s, then $last"
	fi
}

# Unloading with live flows and a non-empty BIB frees everything.
test_unload() {
	if [ -z "${JOOL_KO:-}" ]; then
		echo "# JOOL_KO unset: unload test skipped"
		return
	fi
	in_client iperf3 -c "$server6" -p 5201 -t 6 >/dev/null 2>&1 &
	load=$!
	in_client ping -6 -i 0.2 -c 30 "$server6" >/dev/null 2>&1 &
	sleep 1
	for rec in "$jool"/pool4/nat64-*; do
		rmdir "$rec"
	done
	if run rmmod jool; then
		pass "rmmod with live flows"
	else
		fail "rmmod with live flows"
	fi
	wait "$load"
	run insmod "$JOOL_KO" || fail "insmod after rmmod"
}

main() {
	[ "$(id -u)" = 0 ] || skip "needs root"
	[ -d "$jool" ] || skip "jool.ko not loaded"
	for t in python3 iperf3 iptables ip6tables ethtool; do
		command -v "$t" >/dev/null || skip "$t missing"
	done
	setup || { echo "not ok: setup"; exit 1; }
	test_basic
	test_sizes
	test_nfqueue
	test_unsolicited
	test_cascade
	test_marks
	test_paired
	test_exhaustion
	test_route_change
	test_route_link_gone
	cat "$jool/stats"
	test_unload
	exit $failed
}

main
