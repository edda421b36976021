#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# tools/jool against the real module: count, enable, errnos, rollback.

load ../helper

setup() {
	vm_setup
}

teardown() {
	vm_teardown
}

P4=/sys/kernel/config/jool/pool4

# Runs the tool as root without CAP_NET_ADMIN.
jool_nocap() {
	# shellcheck disable=SC2086
	setpriv --inh-caps=-net_admin --bounding-set=-net_admin \
		$JOOL_SHELL "$JOOL_TOOL" "$@"
}

@test "count of an empty pool" {
	run jool --pool4 --count
	expect_status 0
	expect_lines <<-'OUT'
	tables: 0
	samples: 0
	transport addresses: 0
	OUT
}

@test "count of the seed's seven entries" {
	jool --pool4 --add 192.0.2.1
	jool --pool4 --add --tcp 192.0.2.2 7000-7999
	jool --pool4 --add --mark 1 --tcp 192.0.2.2 8000-8999
	jool --pool4 --add --tcp 192.0.2.4/31
	run jool --pool4 --count
	# 4 (mark, proto) pairs, 7 addresses, 5 x 4535 + 2 x 1000 ports.
	expect_lines <<-'OUT'
	tables: 4
	samples: 7
	transport addresses: 24675
	OUT
}

@test "overlapping records count once" {
	jool --pool4 --add --udp 192.0.2.1 61001-65535
	jool --pool4 --add --udp 192.0.2.0/30 40001-62000
	run jool --pool4 --count
	expect_lines <<-'OUT'
	tables: 1
	samples: 4
	transport addresses: 91535
	OUT
}

@test "records made by add are enabled and read back as written" {
	jool --pool4 --add --tcp --mark 4294967295 192.0.2.4/31 7000-7999
	local r=$P4/4294967295-tcp-192.0.2.4_31-7000-7999
	[ "$(cat "$r/enabled")" = 1 ]
	[ "$(cat "$r/mark")" = 4294967295 ]
	[ "$(cat "$r/proto")" = tcp ]
	[ "$(cat "$r/prefix")" = 192.0.2.4/31 ]
	[ "$(cat "$r/ports")" = 7000-7999 ]
}

@test "ICMP identifier 0 is accepted by the kernel" {
	run jool --pool4 --add --icmp 192.0.2.1 0-9
	expect_status 0
	run jool --pool4 --add 192.0.2.2 0-9
	expect_status 0
	run jool --pool4 --csv
	expect_lines <<-'OUT'
	Mark,Protocol,Address,Min port,Max port
	0,ICMP,192.0.2.1,0,9
	0,ICMP,192.0.2.2,0,9
	0,UDP,192.0.2.2,1,9
	0,TCP,192.0.2.2,1,9
	OUT
}

@test "remove splits records in the kernel too" {
	jool --pool4 --add --tcp 192.0.2.2 7000-7999
	jool --pool4 --add --tcp 192.0.2.4/31
	jool --pool4 --remove --tcp 192.0.2.2 7500-7600
	jool --pool4 --remove 192.0.2.5 --quick
	run jool --pool4
	expect_lines <<-'OUT'
	0	TCP	192.0.2.2	7000-7499
	0	TCP	192.0.2.2	7601-7999
	0	TCP	192.0.2.4	61001-65535
	  (Fetched 3 entries.)
	OUT
	run jool --pool4 --count
	[ "${lines[2]}" = "transport addresses: $((500 + 399 + 4535))" ]
}

@test "a /16 for three protocols: every row displayed, counted at once" {
	jool --pool4 --add --force 198.18.0.0/16
	SECONDS=0
	run jool --pool4
	# A figure for the reader, not a pass mark: speed belongs to benchmarks.
	echo "# display of 196608 rows took $SECONDS s under TCG" >&3
	[ "${#lines[@]}" = 196609 ]
	[ "${lines[196608]}" = "  (Fetched 196608 entries.)" ]
	run jool --pool4 --count
	expect_lines <<-'OUT'
	tables: 3
	samples: 196608
	transport addresses: 891617280
	OUT
}

@test "without CAP_NET_ADMIN: says it needs root, changes nothing" {
	command -v setpriv >/dev/null || skip "setpriv missing"
	jool --pool4 --add --tcp 192.0.2.9
	run --separate-stderr jool_nocap --pool4 --add 192.0.2.1
	expect_status 1
	[[ $stderr == "jool: "*"needs root (CAP_NET_ADMIN)"* ]]
	[ "$(records)" = "0-tcp-192.0.2.9_32-61001-65535" ]
	run --separate-stderr jool_nocap --pool4 --flush
	expect_status 1
	[[ $stderr == "jool: "*"needs root (CAP_NET_ADMIN)"* ]]
	run --separate-stderr jool_nocap --pool4 --remove 192.0.2.9
	expect_status 1
	[ "$(records)" = "0-tcp-192.0.2.9_32-61001-65535" ]
	# Reading needs no privilege.
	run jool_nocap --pool4 --count
	expect_status 0
	run jool_nocap --pool4
	expect_status 0
	[ "${lines[0]}" = "$(printf '0\tTCP\t192.0.2.9\t61001-65535')" ]
}

@test "the kernel's EINVAL, ERANGE and EBUSY are named by the write helper" {
	# tools/jool never writes these values itself; write them through its
	# helper's path (printf | cat) on a record made by hand.
	mkdir "$P4/by-hand"
	run sh -c "printf 'sctp\n' | cat > $P4/by-hand/proto"
	[[ $output == *"Invalid argument"* ]]
	printf 'tcp\n' >"$P4/by-hand/proto"
	printf '192.0.2.1/32\n' >"$P4/by-hand/prefix"
	run sh -c "printf '0-5\n' | cat > $P4/by-hand/ports; printf '1\n' | cat > $P4/by-hand/enabled"
	[[ $output == *"Numerical result out of range"* ]]
	printf '5-6\n' >"$P4/by-hand/ports"
	printf '1\n' >"$P4/by-hand/enabled"
	run sh -c "printf '7-8\n' | cat > $P4/by-hand/ports"
	[[ $output == *"Device or resource busy"* ]]
	# And the tool removes a record it did not make when flushing.
	jool --pool4 --flush
	[ ! -e "$P4/by-hand" ]
}

@test "flush --quick empties the pool and the count" {
	jool --pool4 --add 192.0.2.1
	jool --pool4 --add --mark 3 --udp 192.0.2.0/24
	run jool --pool4 --flush --quick
	expect_status 0
	[ -z "$(records)" ]
	run jool --pool4 --count
	[ "${lines[2]}" = "transport addresses: 0" ]
}

@test "adding the same thing twice keeps one record per protocol" {
	jool --pool4 --add 192.0.2.1
	jool --pool4 --add 192.0.2.1
	[ "$(records | wc -l)" = 3 ]
}

@test "the ephemeral warning reads pool4/ephemeral-range: add starts mkdir(1) only" {
	local saved attr n=1
	saved=$(sysctl -n net.ipv4.ip_local_port_range)
	sysctl -q -w net.ipv4.ip_local_port_range="40000 50000"
	attr=$(cat "$P4/ephemeral-range")
	run --separate-stderr jool --pool4 --add --tcp 192.0.2.1 45000-46000
	if command -v strace >/dev/null; then
		# shellcheck disable=SC2086
		strace -f -qq -e trace=clone,clone3,fork,vfork -o "$BATS_TEST_TMPDIR/st" \
			$JOOL_SHELL "$JOOL_TOOL" --pool4 --add --udp 192.0.2.1 >/dev/null 2>&1
		n=$(grep -cE '(clone3?|v?fork)\(' "$BATS_TEST_TMPDIR/st" || true)
	fi
	sysctl -q -w net.ipv4.ip_local_port_range="$saved"
	[ "$attr" = "$(printf '40000\t50000')" ]
	expect_status 0
	[ "$stderr" = "jool: warning: port range 45000-46000 overlaps the ephemeral port range 40000-50000 (net.ipv4.ip_local_port_range)" ]
	[ "$n" = 1 ] || { echo "add: $n processes"; return 1; }
}
