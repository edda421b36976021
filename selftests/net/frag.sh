#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Fragments through jool.ko (RFC 7915 sections 4 and 5, RFC 6146 section
# 3.4), in the VM's initial namespace, on nat64.sh's topology:
#
#   client (IPv6 only)      translator (init netns)       server (IPv4 only)
#   2001:db8:1::2  c0 ---- t6  pool6 64:ff9b::/96, pool4 192.0.2.1
#                          t4  198.51.100.1  ---- s0  198.51.100.2
#
# The kernel reassembles (nf_defrag_ipv4/ipv6, enabled where a translator
# runs) and the translator fragments its output again: 4,000-byte UDP
# datagrams both ways, fragments out of order, overlapping fragments
# (dropped by the reassembly), IPv6 atomic fragments (RFC 6946), and a
# flood of fragments that never complete, bounded by the reassembly's
# memory limits (lowered for the test, then restored).  The crafted
# packets and the checks are frag_peer.py's.  JOOL_FRAG_FLOOD=N floods N
# fragments of each family (2000).
# Functions called only through the EXIT trap:
# shellcheck disable=SC2317
set -u
# shellcheck source=selftests/lib/prelude.sh
. "${JOOL_TOP:-$(dirname "$0")/../..}/selftests/lib/prelude.sh"
peer=$here/frag_peer.py
cns=fragc-$$
sns=frags-$$

cleanup() {
	drop_namespaces "$cns" "$sns"
	drop_records "$jool"/pool4/frag-*
	[ -e "$jool/pool6" ] && printf '\n' >"$jool/pool6"
}
trap cleanup EXIT

setup() {
	nat64_topology "$cns" "$sns" t6f c0 t4f s0 2 || return 1
	printf '64:ff9b::/96' >"$jool/pool6" || return 1
	for p in tcp udp icmp; do
		pool4_record "$jool/pool4/frag-$p" 0 "$p" 192.0.2.1 1-65535 0 ||
			return 1
	done
	poll ip netns exec "$cns" ping -6 -c 1 -W 1 64:ff9b::198.51.100.2
}

main() {
	[ "$(id -u)" = 0 ] || skip "needs root"
	[ -d "$jool" ] || skip "jool.ko not loaded"
	python3 -c 'import scapy' 2>/dev/null || skip "python3-scapy missing"
	setup || { echo "not ok: setup"; exit 1; }
	python3 "$peer" all "$cns" "$sns" "${JOOL_FRAG_FLOOD:-2000}" || failed=1
	cat "$jool/stats"
	exit $failed
}

main
