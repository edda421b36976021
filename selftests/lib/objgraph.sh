#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# objgraph.sh BUILD_DIR: which object of jool.ko uses symbols defined in
# which other, one "user definer" pair per line (paths relative to
# kernel/), for the objects Kbuild names (stale ones of an older layout
# may lie around in BUILD_DIR/kernel).  Piped into tsort, a loop means
# two files that need each other.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
objs=$(sed -n 's,^jool-[y].*=[[:space:]]*kernel/,,p' "$top/Kbuild")
cd "$1/kernel"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for o in $objs; do
	nm --defined-only "$o" | awk -v o="$o" '$2 ~ /^[TDBR]$/ { print $3, o }'
done | sort -u >"$tmp/defs"
for o in $objs; do
	nm -u "$o" | awk -v o="$o" '{ print $2, o }'
done | sort -u >"$tmp/uses"
join "$tmp/uses" "$tmp/defs" | awk '$2 != $3 { print $2, $3 }' | sort -u
