# shellcheck shell=sh disable=SC2034,SC2154 # globals of tools/jool
# SPDX-License-Identifier: GPL-2.0
#
# Which translator a command configures (sourced by tools/jool).
#
# jool.ko runs one translator per network namespace.  The initial
# namespace's is the configfs root, jool/; another namespace's is a
# directory jool/ns/NAME/ bound to it by writing "self" to NAME/netns from
# inside it.  Both say which namespace they serve in their "netns"
# attribute, as net:[INODE]: the text readlink(1) prints for
# /proc/self/ns/net, so finding ours is a string comparison.  A module
# without jool/netns (older, or a test's fake tree) has the root only.
#
# netns_select runs once, from need_jool, when configfs is known to be
# there; it may change cfs_root and pool4_dir.  It runs before every
# command, so it learns our namespace without a fork (netns_ino).  When no directory serves
# our namespace it makes one, named after "ip netns identify" (else
# net-INODE), and binds it.

netns_selected=

netns_select() {
	[ -z "$netns_selected" ] || return 0
	netns_selected=1
	attr_read "$cfs_root/netns" || return 0
	netns_root=$attr
	netns_ino || netns_self=$(readlink /proc/self/ns/net 2>/dev/null) ||
		die 1 "cannot read /proc/self/ns/net: is /proc mounted?"
	[ "$netns_self" != "$netns_root" ] || return 0
	netns_find || netns_create
	cfs_root=$netns_dir
	pool4_dir=$cfs_root/pool4
}

# Sets netns_self to net:[INODE] of our namespace with builtins only: the
# inode of a descriptor open on /proc/self/ns/net, from the "ino:" line of
# its fdinfo (Linux 5.14 and later).  readlink(1) would cost a process,
# tens of milliseconds in a small VM, on every command.  The shell itself
# opens both files, so "self" is the shell.  False if that is not there.
netns_ino() {
	netns_self=
	{
		while read -r ni_key ni_val; do
			[ "$ni_key" != ino: ] || netns_self="net:[$ni_val]"
		done </proc/self/fdinfo/9
	} 2>/dev/null 9</proc/self/ns/net || true
	[ -n "$netns_self" ]
}

# Sets netns_dir to the directory under jool/ns/ that serves $netns_self.
netns_find() {
	for netns_dir in "$cfs_root"/ns/*; do
		attr_read "$netns_dir/netns" || continue
		[ "$attr" != "$netns_self" ] || return 0
	done
	return 1
}

# A name for our namespace's directory: the one ip(8) knows it by, else
# its inode.  Names of directories that are bound elsewhere get a suffix.
netns_name() {
	netns_label=
	! command -v ip >/dev/null 2>&1 ||
		netns_label=$(ip netns identify 2>/dev/null) || netns_label=
	case $netns_label in
	'' | *[!A-Za-z0-9_.-]* | .*)
		netns_label=${netns_self#net:\[}
		netns_label=net-${netns_label%\]} ;;
	esac
}

# Removes the directory $1 if its namespace is gone: its records first
# (they are inert, removing them touches no translator), then itself.
netns_reap() {
	attr_read "$1/netns" && [ "$attr" = gone ] || return 1
	for nr_rec in "$1"/pool4/*/; do
		[ ! -d "$nr_rec" ] || rmdir "$nr_rec" 2>/dev/null || return 1
	done
	rmdir "$1" 2>/dev/null
}

# Makes and binds a directory for our namespace; sets netns_dir.
netns_create() {
	netns_name
	netns_dir=$cfs_root/ns/$netns_label
	nc_n=1
	while [ -e "$netns_dir" ] && ! netns_reap "$netns_dir"; do
		nc_n=$((nc_n + 1))
		netns_dir=$cfs_root/ns/$netns_label.$nc_n
	done
	nc_err=$(mkdir "$netns_dir" 2>&1) || {
		cfs_fail "cannot create ${netns_dir#"$cfs_root"/} for this network namespace ($netns_self)" "$nc_err"
		die_failed
	}
	if ! cfs_write "$netns_dir/netns" self; then
		rmdir "$netns_dir" 2>/dev/null || true
		die_failed
	fi
	if ! attr_read "$netns_dir/netns" || [ "$attr" != "$netns_self" ]; then
		rmdir "$netns_dir" 2>/dev/null || true
		die 1 "${netns_dir#"$cfs_root"/}/netns says '$attr' after binding it to this network namespace ($netns_self)"
	fi
	printf 'jool: the translator of this network namespace (%s) is %s\n' \
		"$netns_self" "$netns_dir" >&2
}
