#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# How jool picks the translator of the network namespace it runs in, on a
# fake tree: the root and each jool/ns/NAME say which namespace they serve
# in "netns" (net:[INODE], as readlink /proc/self/ns/net prints it).  The
# real binding is tested against the module in selftests/net/netns.sh.

load helper

setup() {
	fake_setup
	self=$(readlink /proc/self/ns/net)
	: >"$JOOL_CONFIGFS/pool6"
	mkdir -p "$JOOL_CONFIGFS/ns"
}

# ns_dir NAME NETNS POOL6: a namespace directory of the fake tree.
ns_dir() {
	mkdir -p "$JOOL_CONFIGFS/ns/$1/pool4"
	printf '%s\n' "$2" >"$JOOL_CONFIGFS/ns/$1/netns"
	printf '%s\n' "$3" >"$JOOL_CONFIGFS/ns/$1/pool6"
}

@test "a tree without jool/netns is the root's: nothing else is looked at" {
	ns_dir mine "$self" 2001:db8:64::/96
	run --separate-stderr jool --pool6
	expect_status 0
	[ "$output" = "  (empty)" ] && [ -z "$stderr" ]
}

@test "the root serves this namespace: jool/ns is not used" {
	printf '%s\n' "$self" >"$JOOL_CONFIGFS/netns"
	printf '64:ff9b::/96\n' >"$JOOL_CONFIGFS/pool6"
	ns_dir mine "$self" 2001:db8:64::/96
	run --separate-stderr jool --pool6
	expect_status 0
	[ "$output" = "64:ff9b::/96" ] && [ -z "$stderr" ]
}

@test "another namespace's tree: the directory bound to ours is used" {
	printf 'net:[1]\n' >"$JOOL_CONFIGFS/netns"
	ns_dir gone gone 2001:db8:1::/96
	ns_dir other 'net:[2]' 2001:db8:2::/96
	ns_dir mine "$self" 2001:db8:64::/96
	ns_dir unbound unbound ''
	run --separate-stderr jool --pool6
	expect_status 0
	[ "$output" = "2001:db8:64::/96" ] && [ -z "$stderr" ]
	run --separate-stderr jool --pool4 --add 192.0.2.1 --tcp
	expect_status 0
	[ -z "$(records)" ]
	[ "$(ls "$JOOL_CONFIGFS/ns/mine/pool4")" = "0-tcp-192.0.2.1_32-61001-65535" ]
	[ -z "$(ls "$JOOL_CONFIGFS/ns/other/pool4")" ]
}

@test "no directory serves this namespace: one is made, and a failed bind is an error" {
	printf 'net:[1]\n' >"$JOOL_CONFIGFS/netns"
	ns_dir other 'net:[2]' 2001:db8:2::/96
	# A plain file keeps the word written to it: the kernel would say
	# net:[INODE] after "self", so the tool must notice the difference.
	refuse 1 "says 'self' after binding it to this network namespace" \
		--pool4 --add 192.0.2.1
	# ... and removes the directory it made: a failed command leaves
	# nothing behind.
	[ "$(ls "$JOOL_CONFIGFS/ns")" = other ]
	[ -z "$(ls "$JOOL_CONFIGFS/ns/other/pool4")" ]
}
