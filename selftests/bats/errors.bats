#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# Environment errors and the errno of a refused write, with real errnos from
# the host (the kernel's own EINVAL/ERANGE/EBUSY/EPERM are in vm/).

load helper

setup() {
	fake_setup
}

@test "a refused write names record, attribute, value and the error" {
	[ -w /proc/sys/vm/drop_caches ] || skip "/proc/sys/vm/drop_caches not writable"
	fake_record bad 0 tcp 192.0.2.1/32 1-2
	# drop_caches refuses 0 with EINVAL and does nothing.
	ln -sf /proc/sys/vm/drop_caches "$JOOL_CONFIGFS/pool4/bad/enabled"
	run --separate-stderr jool --pool4 --flush
	expect_status 1
	[ "$stderr" = "jool: cannot write '0' to bad/enabled: Invalid argument (EINVAL)" ]
}

@test "an unknown errno is passed through with status 1" {
	fake_record full 0 tcp 192.0.2.1/32 1-2
	ln -sf /dev/full "$JOOL_CONFIGFS/pool4/full/quick"
	run --separate-stderr jool --pool4 --flush --quick
	expect_status 1
	[ "$stderr" = "jool: cannot write '1' to full/quick: No space left on device" ]
	[ "$(records)" = full ]
}

@test "without permission the tool says it needs root" {
	command -v setpriv >/dev/null || skip "setpriv missing"
	local tree
	tree=$(mktemp -d /tmp/jool-bats.XXXXXX)
	mkdir -p "$tree/jool/pool4"
	chmod -R a+rX "$tree"
	run --separate-stderr setpriv --reuid=65534 --regid=65534 --clear-groups \
		env JOOL_CONFIGFS="$tree/jool" $JOOL_SHELL "$JOOL_TOOL" --pool4 --add 192.0.2.1
	rm -rf "$tree"
	expect_status 1
	[[ $stderr == "jool: cannot create record 0-"*": Permission denied: changing pool4 needs root (CAP_NET_ADMIN)" ]]
}

@test "exit statuses: 0 ok, 22 value, 64 usage, 1 environment" {
	run jool --pool4
	expect_status 0
	run jool --pool4 --add 192.0.2.1/40
	expect_status 22
	run jool --pool4 --frobnicate
	expect_status 64
	JOOL_CONFIGFS=/nonexistent run jool --pool4
	expect_status 1
}
