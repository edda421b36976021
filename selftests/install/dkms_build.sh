#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# DKMS on the host, at native speed: `make dkms-install` builds and installs
# jool.ko for every kernel of the suite, `make dkms-uninstall` removes it
# again.  Runs in a private mount namespace where /usr/src, /var/lib/dkms
# and /lib/modules are overlays on a temporary directory, so the host is
# left as it was.  Leaves build/dkms/<name>-<version>-<kver>.dkms.tar.gz
# (sources and module) for dkms.sh, which installs and loads it in the VM: a DKMS
# build inside the VM takes over a quarter of an hour under TCG.
set -u
lib=$(dirname "$0")/lib.sh
# shellcheck source=selftests/install/lib.sh
. "$lib"

need_source
name=$(dkms_var PACKAGE_NAME)
version=$(dkms_var PACKAGE_VERSION)
tarballs=$top/build/dkms

if [ "${1:-}" != --in-namespace ]; then
	[ "$(id -u)" = 0 ] || skip "needs root"
	command -v dkms >/dev/null || skip "dkms missing (apt-get install dkms)"
	command -v unshare >/dev/null || skip "unshare missing"
	kernels=$(sh "$top/selftests/lib/kernels.sh" | tr '\n' ' ')
	[ -n "$kernels" ] || skip "no kernel with headers"
	scratch=$(mktemp -d)
	trap 'rm -rf "$scratch"' EXIT
	mkdir -p "$tarballs"
	rm -f "$tarballs/$name-$version"-*.dkms.tar.gz
	unshare -m sh "$0" --in-namespace "$scratch" "$kernels"
	exit
fi
scratch=$2
kernels=$3

for dir in /usr/src /var/lib/dkms /lib/modules; do
	layer=$scratch/$(printf '%s' "$dir" | tr / _)
	mkdir -p "$layer/upper" "$layer/work" "$dir"
	mount -t overlay overlay -o \
		"lowerdir=$dir,upperdir=$layer/upper,workdir=$layer/work" "$dir" ||
		skip "cannot mount an overlay on $dir"
done

logged "$scratch/log" make -s -C "$top" dkms-install DKMS_KERNELS="$kernels" ||
	fail "make dkms-install"
for k in $kernels; do
	status=$(dkms status -m "$name" -v "$version" -k "$k" 2>/dev/null)
	printf '# %s\n' "$status"
	case $status in
	*installed*) ;;
	*) fail "dkms does not list $name/$version as installed for $k" ;;
	esac
	path=$(modinfo -k "$k" -n jool) || fail "modinfo -k $k does not find jool"
	case $path in
	"/lib/modules/$k/updates/dkms/jool.ko"*) ;;
	*) fail "jool for $k resolves to $path" ;;
	esac
	magic=$(modinfo -k "$k" -F vermagic jool)
	[ "${magic%% *}" = "$k" ] || fail "vermagic of $path is $magic"
	printf '# %s: %s\n' "$path" "$magic"
done

# One tarball per kernel: dkms 3.0.10's mktarball fails with several -k.
for k in $kernels; do
	logged "$scratch/log" dkms mktarball -m "$name" -v "$version" -k "$k" \
		--archive "$tarballs/$name-$version-$k.dkms.tar.gz" ||
		fail "dkms mktarball -k $k"
done

logged "$scratch/log" make -s -C "$top" dkms-uninstall || fail "make dkms-uninstall"
[ ! -e "/usr/src/$name-$version" ] || fail "/usr/src/$name-$version left behind"
for k in $kernels; do
	! modinfo -k "$k" -n jool >/dev/null 2>&1 ||
		fail "jool still installed for $k after make dkms-uninstall"
done
echo "ok: DKMS builds, installs and removes $name $version for $kernels in $(elapsed)"
