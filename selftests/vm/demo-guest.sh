#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The operator session `make demo` shows, run inside the VM with jool.ko
# loaded: the seed's pool4 examples through tools/jool, then an IPv6-only
# client pinging an IPv4-only server through the translator.
#
#   client netns               VM (translator)                server netns
#   2001:db8:1::2/64 --- veth --- 2001:db8:1::1/64
#                                 198.51.100.1/24 --- veth --- 198.51.100.2/24
#   pool6 64:ff9b::/96, pool4 192.0.2.1: the client pings 64:ff9b::198.51.100.2
set -u
PATH=$(pwd)/tools:$PATH

say() {
	printf '\n%s\n' "$*"
}

# Prints a command as an operator would type it, then runs it.
show() {
	printf '# %s\n' "$*"
	"$@"
}

cleanup() {
	ip netns del demo-client 2>/dev/null
	ip netns del demo-server 2>/dev/null
}
trap cleanup EXIT

say "== pool4, as in the seed's examples (our default range is 61001-65535)"
show jool --pool4 --display
show jool --pool4 --add 192.0.2.1
show jool --pool4 --display
show jool --pool4 --add --tcp 192.0.2.2 7000-7999
show jool --pool4 --add --mark 1 --tcp 192.0.2.2 8000-8999
show jool --pool4 --add --tcp 192.0.2.4/31
show jool --pool4 --display
show jool --pool4 --count
show jool --pool4 --remove --mark 0 192.0.2.0/24 0-65535
show jool --pool4 --display
show jool --pool4 --flush
show jool --pool4 --display
say "== what the tool drove: one configfs directory per record"
show jool --pool4 --add --udp 192.0.2.1 40001-60000
show ls /sys/kernel/config/jool/pool4
show cat /sys/kernel/config/jool/pool4/count
show jool --pool4 --flush

say "== NAT64: an IPv6-only client reaches an IPv4-only server"
ip netns add demo-client
ip netns add demo-server
ip link add c0 type veth peer name eth0 netns demo-client
ip link add s0 type veth peer name eth0 netns demo-server
ip addr add 2001:db8:1::1/64 dev c0 nodad
ip addr add 198.51.100.1/24 dev s0
ip link set c0 up
ip link set s0 up
ip -n demo-client addr add 2001:db8:1::2/64 dev eth0 nodad
ip -n demo-client link set eth0 up
ip -n demo-client route add 64:ff9b::/96 via 2001:db8:1::1
ip -n demo-server addr add 198.51.100.2/24 dev eth0
ip -n demo-server link set eth0 up
ip -n demo-server route add default via 198.51.100.1
sysctl -qw net.ipv4.conf.all.forwarding=1 net.ipv6.conf.all.forwarding=1

show jool --pool6 --add 64:ff9b::/96
show jool --pool4 --add --icmp 192.0.2.1
show ip netns exec demo-client ping -c 3 -i 0.3 64:ff9b::198.51.100.2
show jool --bib
show jool --session
