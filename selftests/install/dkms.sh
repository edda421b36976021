#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# DKMS in the VM: the package dkms_build.sh built on the host for this
# kernel is loaded into DKMS (dkms ldtarball: /usr/src and the DKMS tree)
# and installed, `modprobe jool` finds the module by name and it works;
# `make dkms-uninstall` takes everything away again.
#
# A DKMS build inside the VM takes over a quarter of an hour under TCG, so
# the build itself is dkms_build.sh's job.  JOOL_DKMS_BUILD=1 builds here
# anyway, with `make dkms-install`, when there is no package.
set -u
lib=$(dirname "$0")/lib.sh
# shellcheck source=selftests/install/lib.sh
. "$lib"

need_vm
command -v dkms >/dev/null || skip "dkms missing (apt-get install dkms)"
name=$(dkms_var PACKAGE_NAME)
version=$(dkms_var PACKAGE_VERSION)
if [ -z "$name" ] || [ -z "$version" ]; then
	fail "dkms.conf lacks PACKAGE_NAME or PACKAGE_VERSION"
fi
tarball=$top/build/dkms/$name-$version-$kver.dkms.tar.gz
log=$(mktemp)

cleanup() {
	rc=$?
	unload_jool
	make -s -C "$top" dkms-uninstall >/dev/null 2>&1
	rm -f "$log"
	reload_preloaded || rc=1
	exit "$rc"
}

if [ -f "$tarball" ]; then
	stale=$(cd "$top" && find dkms.conf Makefile Kbuild kernel -newer "$tarball")
	[ -z "$stale" ] || skip "$tarball is older than $stale: run selftests/install/dkms_build.sh"
	trap cleanup EXIT
	trap 'exit 143' HUP INT TERM
	unload_preloaded
	logged "$log" dkms ldtarball "$tarball" || fail "dkms ldtarball"
	logged "$log" dkms install -m "$name" -v "$version" -k "$kver" ||
		fail "dkms install"
elif [ "${JOOL_DKMS_BUILD:-0}" = 1 ]; then
	trap cleanup EXIT
	trap 'exit 143' HUP INT TERM
	unload_preloaded
	logged "$log" make -s -C "$top" dkms-install DKMS_KERNELS="$kver" ||
		fail "make dkms-install"
else
	skip "no $tarball: run selftests/install/dkms_build.sh on the host first"
fi

[ -f "/usr/src/$name-$version/dkms.conf" ] || fail "/usr/src/$name-$version not populated"
status=$(dkms status -m "$name" -v "$version" -k "$kver" 2>/dev/null)
printf '# %s\n' "$status"
case $status in
*installed*) ;;
*) fail "dkms does not list $name/$version as installed for $kver" ;;
esac

path=$(modinfo -n jool) || fail "modinfo does not find jool"
printf '# modinfo -n jool: %s\n' "$path"
case $path in
"/lib/modules/$kver/updates/dkms/jool.ko"*) ;;
*) fail "jool resolves to $path, not the DKMS module" ;;
esac
run modprobe jool || fail "modprobe jool"
check_pool4 ""
run modprobe -r jool || fail "modprobe -r jool"
[ ! -d /sys/module/jool ] || fail "jool still loaded after modprobe -r"

logged "$log" make -s -C "$top" dkms-uninstall || fail "make dkms-uninstall"
[ ! -e "/usr/src/$name-$version" ] || fail "/usr/src/$name-$version left behind"
! modinfo -n jool >/dev/null 2>&1 || fail "jool still installed after dkms-uninstall"
echo "ok: DKMS installs, loads and removes $name $version for $kver in $(elapsed)"
