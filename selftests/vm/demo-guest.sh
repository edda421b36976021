#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The operator session `make demo` shows, run inside the VM with jool.ko
# loaded: the seed's pool4 examples through tools/jool, then NAT64 the
# way it is deployed (Documentation/admin-guide/dns64.rst, 464xlat.rst):
# an IPv6-only client opens http://www.example.net/ by name through
# Debian's unbound doing DNS64, and an IPv4-only application behind
# tayga (the client's CLAT) reaches the same IPv4-only server.
#
#   demo-client (IPv6 only)  2001:db8:1::2, CLAT 192.0.0.2 = 2001:db8:c1::2
#   demo-dns    (IPv6 only)  2001:db8:2::2, unbound with dns64
#   demo-server (IPv4 only)  198.51.100.2, unbound with example.net, http
#   the VM translates: pool6 2001:db8:64::/96, pool4 192.0.2.1
set -u
PATH=$(pwd)/tools:$PATH
# shellcheck source=selftests/lib/topology.sh
. selftests/lib/topology.sh
# shellcheck source=selftests/lib/peers.sh
. selftests/lib/peers.sh
tmp=$(mktemp -d)

say() {
	printf '\n%s\n' "$*"
}

# Prints a command as an operator would type it, then runs it.
show() {
	printf '# %s\n' "$*"
	"$@"
}

cleanup() {
	for ns in demo-client demo-dns demo-server; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null
		ip netns del "$ns" 2>/dev/null
	done
	rm -rf "$tmp"
}
trap cleanup EXIT

# The peers, configured as Documentation/admin-guide/dns64.rst and
# 464xlat.rst show.  They start in the background while the pool4 part
# runs: under TCG emulation their start-up takes seconds.
peers() {
	nat64_topology demo-client demo-server c0 eth0 s0 eth0 2 &&
	v6_stub demo-dns d0 eth0 2001:db8:2 || return 1
	ip -6 route add 2001:db8:c1::/64 via 2001:db8:1::2
	sysctl -qw net.ipv6.conf.all.forwarding=1
	mkdir "$tmp/up" "$tmp/dns" "$tmp/clat" "$tmp/www"
	echo "Hello from www.example.net, an IPv4-only server" >"$tmp/www/index.html"
	echo 'local-data: "www.example.net. 300 IN A 198.51.100.2"' |
		upstream_conf "$tmp/up" 198.51.100.2
	dns64_conf "$tmp/dns" 2001:db8:2::2 "$DEPLOY_POOL6" 2001:db8:64::198.51.100.2
	unbound_start demo-server "$tmp/up" &&
	unbound_start demo-dns "$tmp/dns" || return 1
	httpd_start demo-server 198.51.100.2:80 "$tmp/www"
	modprobe tun 2>/dev/null
	clat_start demo-client "$tmp/clat" clat 2001:db8:c1 &&
	wait_listen demo-server udp 53 && wait_listen demo-dns udp 53 &&
	wait_listen demo-server tcp 80
}

peers >"$tmp/peers.log" 2>&1 &
peers_pid=$!

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

say "== NAT64 as deployed: DNS64 and 464XLAT"
echo "the peers: Debian's unbound (DNS64 resolver and an IPv4-only upstream),"
echo "tayga as the client's CLAT, busybox httpd on 198.51.100.2"
if ! wait "$peers_pid"; then
	echo "demo: the peers did not start:"
	cat "$tmp/peers.log"
	exit 1
fi
show jool --pool6 --add "$DEPLOY_POOL6"
show jool --pool4 --add 192.0.2.1
say "== an IPv6-only client opens http://www.example.net/ (resolver 2001:db8:2::2)"
printf '# getent hosts www.example.net\n'
with_resolver demo-client 2001:db8:2::2 getent hosts www.example.net
printf '# curl http://www.example.net/\n'
with_resolver demo-client 2001:db8:2::2 curl -sS --max-time 20 http://www.example.net/
say "== an IPv4-only application behind the CLAT (192.0.0.2) reaches it too"
show ip netns exec demo-client curl -4 -sS --max-time 20 http://198.51.100.2/
say "== what the server saw: the pool4 address, both times"
printf '# (the web server log)\n'
grep url: "$tmp/www.log"
say "== what the translator created: DNS over UDP, HTTP from both clients"
show jool --bib
show jool --session
