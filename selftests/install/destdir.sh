#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# What a packager sees: make install DESTDIR=... PREFIX=/usr puts exactly the
# module, the tool (usr/sbin/jool and its library usr/lib/jool/, a copy of
# tools/lib) and the man page under DESTDIR, make uninstall takes
# them away, make dkms-source copies every source the Kbuild names.  Touches
# nothing outside a temporary directory, so it also runs on the host.  The
# module must be built already (make -o module: no compiling under TCG).
set -u
lib=$(dirname "$0")/lib.sh
# shellcheck source=selftests/install/lib.sh
. "$lib"

need_source
command -v rst2man >/dev/null || skip "rst2man missing (apt-get install python3-docutils)"
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT

files() {
	(cd "$dest" && find . ! -type d | sed 's,^\./,,' | sort)
}

run make -s -C "$top" -o module install DESTDIR="$dest" PREFIX=/usr ||
	fail "make install DESTDIR (is jool.ko built? make module)"
got=$(files)
printf '%s\n' "$got" | sed 's/^/# /'
mods=$(printf '%s\n' "$got" | grep -c '^lib/modules/[^/]*/extra/jool\.ko\(\.[gx]z\|\.zst\)\{0,1\}$')
[ "$mods" = 1 ] || fail "expected one lib/modules/<kver>/extra/jool.ko[.xz]"
others=$(printf '%s\n' "$got" | grep -v '^lib/modules/')
libs=$(cd "$top/tools/lib" && ls)
[ -n "$libs" ] || fail "tools/lib is empty"
want=$({ printf 'usr/sbin/jool\nusr/share/man/man8/jool.8\n'
	printf '%s\n' "$libs" | sed 's,^,usr/lib/jool/,'; } | sort)
[ "$others" = "$want" ] || fail "unexpected files besides the module: $others"
[ "$(printf '%s\n' "$got" | wc -l)" = "$(($(printf '%s\n' "$want" | wc -l) + 1))" ] ||
	fail "expected the module and $want"
[ -x "$dest/usr/sbin/jool" ] || fail "usr/sbin/jool not executable"
cmp -s "$top/tools/jool" "$dest/usr/sbin/jool" || fail "usr/sbin/jool differs from tools/jool"
for f in $libs; do
	cmp -s "$top/tools/lib/$f" "$dest/usr/lib/jool/$f" || fail "usr/lib/jool/$f differs from tools/lib/$f"
done
# The installed tool finds its library (../lib/jool): an empty fake pool.
mkdir -p "$dest/fake/pool4"
out=$(JOOL_CONFIGFS=$dest/fake sh "$dest/usr/sbin/jool" --pool4 2>&1) ||
	fail "the installed jool does not run: $out"
[ "$out" = "  (empty)" ] || fail "the installed jool --pool4 printed: $out"
rm -rf "$dest/fake"

run make -s -C "$top" uninstall DESTDIR="$dest" PREFIX=/usr || fail "make uninstall DESTDIR"
[ -z "$(files)" ] || fail "left behind: $(files)"

name=$(dkms_var PACKAGE_NAME)
version=$(dkms_var PACKAGE_VERSION)
src=$dest/usr/src/$name-$version
run make -s -C "$top" dkms-source DESTDIR="$dest" || fail "make dkms-source"
for f in dkms.conf Makefile Kbuild; do
	[ -f "$src/$f" ] || fail "dkms-source: $f missing"
done
objs=$(sed -n 's/^jool-y.*=[[:space:]]*//p' "$top/Kbuild")
[ -n "$objs" ] || fail "no jool-y objects in Kbuild"
for obj in $objs; do
	[ -f "$src/${obj%.o}.c" ] || fail "dkms-source: ${obj%.o}.c missing"
done
echo "ok: DESTDIR install and uninstall, dkms-source in $(elapsed)"
