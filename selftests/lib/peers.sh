# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0
#
# The software a NAT64 is deployed with, as Debian ships it, configured
# for the deployment tests (selftests/net/dns64.sh, xlat464.sh) and the
# demo (sourced).  Every configuration file, pid file, log and data
# directory is under a directory the caller owns: nothing under /etc is
# read or written, so the host's root can stay read-only.
#
#   v6_stub NS TLINK NLINK NET	   namespace NS on its own link NET::/64:
#				   NET::1 on TLINK (initial namespace),
#				   NET::2 on NLINK, default route via NET::1
#   upstream_conf DIR ADDR	   unbound answering for example.net on
#				   ADDR port 53 from the local-data lines
#				   read on stdin, refusing other names
#   dns64_conf DIR ADDR PREFIX UPSTREAM
#				   unbound resolving on ADDR with the dns64
#				   module (PREFIX), forwarding to UPSTREAM
#   unbound_start NS DIR	   unbound -d in NS with DIR/unbound.conf;
#				   $! is its pid
#   clat_start NS DIR DEV NET	   tayga as NS's CLAT on tun DEV: 192.0.0.2
#				   for the applications, NET::2 for the PLAT
#   httpd_start NS ADDR:PORT DIR   busybox httpd serving DIR, its log
#				   (client address, URL) in DIR.log
#   with_resolver NS ADDR CMD...   CMD in NS with only ADDR in resolv.conf
#   wait_listen NS PROTO PORT	   polls until a socket listens there
#
# The translator's prefix: tayga refuses (RFC 6052 section 3.1) to put
# non-global IPv4 addresses, the documentation ranges included, into the
# Well-Known Prefix, so these deployments use the network-specific
# prefix 2001:db8:64::/96.
DEPLOY_POOL6=2001:db8:64::/96

v6_stub() {
	ip netns add "$1" || return 1
	ip link add "$2" type veth peer name "$3" netns "$1" || return 1
	ip addr add "$4::1/64" dev "$2" nodad
	ip link set "$2" up
	ip -n "$1" addr add "$4::2/64" dev "$3" nodad
	ip -n "$1" link set lo up
	ip -n "$1" link set "$3" up
	ip -n "$1" -6 route add default via "$4::1"
}

# The settings every unbound of ours needs: no chroot, no user change, no
# syslog, its files in DIR, one thread, no remote control.
unbound_common() {
	cat <<EOF
server:
	interface: $2
	port: 53
	chroot: ""
	username: ""
	directory: "$1"
	pidfile: "$1/unbound.pid"
	use-syslog: no
	logfile: "$1/unbound.log"
	log-queries: yes
	verbosity: 1
	num-threads: 1
	outgoing-range: 64
	num-queries-per-thread: 32
	qname-minimisation: no
EOF
}

upstream_conf() {
	{
		unbound_common "$1" "$2"
		cat <<EOF
	do-ip6: no
	access-control: 0.0.0.0/0 allow
	module-config: "iterator"
	local-zone: "." refuse
	local-zone: "example.net." static
EOF
		sed 's/^/	/'
		printf 'remote-control:\n\tcontrol-enable: no\n'
	} >"$1/unbound.conf"
}

# The answers the resolver gives clients are larger than what it asked
# its upstream for (AAAA of 28 bytes for A of 16): edns-buffer-size is
# spelled out because it decides when the upstream truncates and the
# resolver retries over TCP.
dns64_conf() {
	{
		unbound_common "$1" "$2"
		cat <<EOF
	do-ip4: no
	access-control: ::/0 allow
	module-config: "dns64 iterator"
	dns64-prefix: $3
	edns-buffer-size: 1232
forward-zone:
	name: "."
	forward-addr: $4
remote-control:
	control-enable: no
EOF
	} >"$1/unbound.conf"
}

# A configuration error ends unbound at once, saying why in DIR/unbound.err.
unbound_start() {
	ip netns exec "$1" unbound -d -c "$2/unbound.conf" >"$2/unbound.err" 2>&1 &
}

# RFC 6877: the CLAT takes its IPv4 addresses from 192.0.0.0/29 (RFC
# 7335), tayga 192.0.0.1 and the host's applications 192.0.0.2, which
# maps one to one to NET::2 in the customer's own /64.  IPv4 packets
# grow by 20 bytes into IPv6: the IPv4 route's MTU leaves that room
# while the tun device keeps the link's 1500 for the IPv6 side.
clat_start() {
	cat >"$2/tayga.conf" <<EOF
tun-device $3
ipv4-addr 192.0.0.1
ipv6-addr $4::1
prefix $DEPLOY_POOL6
map 192.0.0.2 $4::2
data-dir $2
EOF
	ip netns exec "$1" tayga -d -c "$2/tayga.conf" >"$2/tayga.log" 2>&1 &
	for _ in $(seq 60); do
		ip -n "$1" link show "$3" >/dev/null 2>&1 && break
		sleep 0.25
	done
	ip -n "$1" link set "$3" up || return 1
	ip -n "$1" addr add 192.0.0.2/29 dev "$3"
	ip -n "$1" route add default dev "$3" mtu 1480
	ip -n "$1" -6 route add "$4::/64" dev "$3"
	ip netns exec "$1" sysctl -qw net.ipv6.conf.all.forwarding=1
}

# busybox httpd, not python's http.server: it starts in a blink even under
# TCG emulation.
httpd_start() {
	ip netns exec "$1" busybox httpd -f -vv -p "$2" -h "$3" >"$3.log" 2>&1 &
}

# glibc reads /etc/resolv.conf: CMD gets its own mount namespace with a
# file of ours bound over it, so neither the host's /etc nor the VM's
# changes.
with_resolver() {
	wr_conf=$(mktemp)
	printf 'nameserver %s\noptions timeout:2 attempts:2\n' "$2" >"$wr_conf"
	wr_ns=$1
	shift 2
	# shellcheck disable=SC2016 # expanded by the inner shell
	ip netns exec "$wr_ns" unshare -m sh -c \
		'mount --bind "$0" /etc/resolv.conf && exec "$@"' "$wr_conf" "$@"
	wr_rc=$?
	rm -f "$wr_conf"
	return $wr_rc
}

# Patient: a loaded host slows the emulated guest tenfold.
wait_listen() {
	for _ in $(seq 60); do
		ip netns exec "$1" ss -Hln"$(printf %.1s "$2")" "sport = :$3" |
			grep -q . && return 0
		sleep 0.25
	done
	return 1
}
