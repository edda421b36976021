#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Build, once, the debug kernel that `make check-debug` boots: Debian's
# linux-source-6.1 with allnoconfig + debug.config (KASAN, KMEMLEAK,
# lockdep, UBSAN, failslab; everything the VM needs built in), extracted and
# built outside the repository, in $JOOL_DEBUG_CACHE (default
# ~/.cache/jool-debug).  Prints the kernel tree's directory on stdout;
# everything else goes to stderr and build.log there.  Cheap once built.
#
#   build.sh            build when needed, print the tree
#   build.sh -r         print the tree's kernel release instead
set -eu

here=$(cd "$(dirname "$0")" && pwd)
cache=${JOOL_DEBUG_CACHE:-$HOME/.cache/jool-debug}
tarball=/usr/src/linux-source-6.1.tar.xz
tree=$cache/linux-source-6.1
jobs=${JOOL_DEBUG_JOBS:-2}

say() { printf 'debug-kernel: %s\n' "$*" >&2; }

# The stamp records the config fragment it was built from: editing
# debug.config rebuilds (incrementally).
want=$(cksum <"$here/debug.config")
if [ -f "$tree/.jool-built" ] && [ "$(cat "$tree/.jool-built")" = "$want" ]; then
	if [ "${1:-}" = -r ]; then cat "$tree/include/config/kernel.release"
	else printf '%s\n' "$tree"; fi
	exit 0
fi

[ -r "$tarball" ] || { say "$tarball missing (apt-get install linux-source-6.1)"; exit 1; }
for tool in flex bison bc gcc make; do
	command -v "$tool" >/dev/null || { say "$tool missing (apt-get install flex bison bc build-essential libelf-dev libssl-dev)"; exit 1; }
done

mkdir -p "$cache"
if [ ! -f "$tree/.jool-extracted" ]; then
	say "extracting $tarball into $cache"
	rm -rf "$tree"
	tar -xJf "$tarball" -C "$cache"
	touch "$tree/.jool-extracted"
fi

start=$(date +%s)
log=$cache/build.log
say "configuring (allnoconfig + debug.config)"
cd "$tree"
{
	make ARCH=x86_64 allnoconfig
	scripts/kconfig/merge_config.sh -m .config "$here/debug.config"
	make olddefconfig
} >"$log" 2>&1 || { tail -n 20 "$log" >&2; exit 1; }

# merge_config.sh only warns when Kconfig drops an option: insist on the
# ones the VM and the tests cannot do without.
missing=
while IFS= read -r line; do
	case $line in
	CONFIG_*=y) grep -qx "$line" .config || missing="$missing ${line%=y}" ;;
	esac
done <"$here/debug.config"
[ -z "$missing" ] || { say "Kconfig refused:$missing"; exit 1; }

say "building bzImage and modules_prepare with -j$jobs (log: $log; tens of minutes)"
nice -n 10 make -j"$jobs" bzImage >>"$log" 2>&1 || { tail -n 30 "$log" >&2; exit 1; }
nice -n 10 make -j"$jobs" modules_prepare >>"$log" 2>&1 || { tail -n 30 "$log" >&2; exit 1; }
# modules.builtin etc. for the guest's modprobe: with everything built in,
# `modprobe configfs` must find configfs in modules.builtin.
rm -rf "$cache/modroot"
nice -n 10 make -j"$jobs" modules >>"$log" 2>&1 || { tail -n 30 "$log" >&2; exit 1; }
make INSTALL_MOD_PATH="$cache/modroot" modules_install >>"$log" 2>&1 ||
	{ tail -n 30 "$log" >&2; exit 1; }
end=$(date +%s)
say "built $(cat include/config/kernel.release) in $((end - start)) s"
printf '%s %s\n' "$(date -u +%FT%TZ)" "$((end - start))" >>"$cache/build-times"
printf '%s\n' "$want" >.jool-built
if [ "${1:-}" = -r ]; then cat include/config/kernel.release
else printf '%s\n' "$tree"; fi
