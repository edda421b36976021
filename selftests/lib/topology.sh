# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0
#
# The topology of the data path tests (sourced):
#
#   client netns (IPv6 only)        translator (init netns)      server netns
#   2001:db8:1::HOST/64  CLIENT --- LINK6  2001:db8:1::1/64
#                                   LINK4  198.51.100.1/24 --- SERVER  198.51.100.2/24
#
# nat64_topology CNS SNS LINK6 CLIENT LINK4 SERVER HOSTS: makes the client
# and server namespaces, the two veth pairs (the translator's ends LINK6
# and LINK4 in the initial namespace), addresses and default routes.
# HOSTS are the client's host numbers, e.g. "2 100 101".  Each test names
# its own links, so that one that died cannot leave names the next needs.
nat64_topology() {
	ip netns add "$1" || return 1
	ip netns add "$2" || return 1
	ip link add "$3" type veth peer name "$4" netns "$1" || return 1
	ip link add "$5" type veth peer name "$6" netns "$2" || return 1
	ip addr add 2001:db8:1::1/64 dev "$3" nodad
	ip addr add 198.51.100.1/24 dev "$5"
	ip link set "$3" up
	ip link set "$5" up
	for host in $7; do
		ip -n "$1" addr add "2001:db8:1::$host/64" dev "$4" nodad
	done
	ip -n "$1" link set lo up
	ip -n "$1" link set "$4" up
	ip -n "$1" -6 route add default via 2001:db8:1::1
	ip -n "$2" addr add 198.51.100.2/24 dev "$6"
	ip -n "$2" link set lo up
	ip -n "$2" link set "$6" up
	ip -n "$2" route add default via 198.51.100.1
}

# netns_topology TNS CNS SNS [SERVER_HOSTS]: the same addresses with the
# translator in a namespace TNS of its own, its links t6 and t4 there, c0
# in CNS and s0 in SNS.  The server has 198.51.100.HOST/24 for each of
# SERVER_HOSTS (default "2").  Each ip(8) costs a fork, slow under
# emulation: one batch per namespace.
netns_topology() {
	ip netns add "$1" && ip netns add "$2" && ip netns add "$3" || return 1
	ip -n "$1" -b - <<-EOF || return 1
	link add t6 type veth peer name c0 netns $2
	link add t4 type veth peer name s0 netns $3
	addr add 2001:db8:1::1/64 dev t6 nodad
	addr add 198.51.100.1/24 dev t4
	link set lo up
	link set t6 up
	link set t4 up
	EOF
	ip -n "$2" -b - <<-EOF || return 1
	addr add 2001:db8:1::2/64 dev c0 nodad
	link set lo up
	link set c0 up
	route add default via 2001:db8:1::1
	EOF
	{
		for host in ${4:-2}; do
			echo "addr add 198.51.100.$host/24 dev s0"
		done
		echo "link set lo up"
		echo "link set s0 up"
		echo "route add default via 198.51.100.1"
	} | ip -n "$3" -b -
}
