#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make install for the running kernel: `modprobe jool` loads the module from
# /lib/modules/<kver>/extra, the installed jool(8) tool drives it, and make
# uninstall removes every file again.  The module is the one the host built
# (make -o module): compiling it again under TCG takes minutes.
set -u
lib=$(dirname "$0")/lib.sh
# shellcheck source=selftests/install/lib.sh
. "$lib"

need_vm
[ -f "$top/build/$kver/jool.ko" ] || skip "build/$kver/jool.ko missing: make module KDIR=/lib/modules/$kver/build"
moddir=/lib/modules/$kver/extra
tool=/usr/local/sbin/jool
libdir=/usr/local/lib/jool
man=/usr/local/share/man/man8/jool.8

cleanup() {
	rc=$?
	unload_jool
	make -s -C "$top" uninstall >/dev/null 2>&1
	reload_preloaded || rc=1
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 143' HUP INT TERM

unload_preloaded
run make -s -C "$top" -o module install || fail "make install"
for f in "$tool" "$man"; do
	[ -f "$f" ] || fail "$f not installed"
done
# tools/jool sources its library from ../lib/jool.
for f in "$top"/tools/lib/*; do
	cmp -s "$f" "$libdir/${f##*/}" || fail "$libdir/${f##*/} not installed"
done
[ -x "$tool" ] || fail "$tool not executable"
path=$(modinfo -n jool) || fail "modinfo does not find jool"
printf '# modinfo -n jool: %s\n' "$path"
case $path in
"$moddir/jool.ko"*) ;;
*) fail "jool resolves to $path, not $moddir" ;;
esac

run modprobe jool || fail "modprobe jool"
check_pool4 "$tool"
run modprobe -r jool || fail "modprobe -r jool"

run make -s -C "$top" uninstall || fail "make uninstall"
for f in "$tool" "$libdir" "$man" "$path"; do
	[ ! -e "$f" ] || fail "$f left behind by make uninstall"
done
! modinfo -n jool >/dev/null 2>&1 || fail "modinfo still finds jool after make uninstall"
echo "ok: make install and make uninstall for $kver in $(elapsed)"
