# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0
#
# Sourced by the host bats suites (helper.bash) before tools/jool: on the
# fake tree of plain directories and files, rmdir(1) of a record behaves as
# it does on configfs, where it removes the item with its attributes.  A
# shell function, because busybox sh runs its rmdir applet before $PATH.
rmdir() {
	for fr_dir; do
		# A missing directory fails as rmdir(1) fails.
		[ -d "$fr_dir" ] || command rmdir "$fr_dir" || return
	done
	rm -rf -- "$@"
}
