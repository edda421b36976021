#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# The real /sys paths when the module is not loaded (the host's case); the
# mounting of configfs is in vm/kernel.bats.

load helper

@test "without jool.ko the tool says to modprobe jool" {
	[ ! -d /sys/module/jool ] || skip "jool.ko is loaded here"
	unset JOOL_CONFIGFS
	for m in --pool4 --pool6 --bib --session --stats; do
		run --separate-stderr jool "$m"
		expect_status 1
		[ "$stderr" = "jool: the jool module is not loaded (no /sys/module/jool): run modprobe jool" ]
	done
}
