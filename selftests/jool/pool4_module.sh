#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Loading and unloading jool.ko: records pin the module, and nothing of a
# previous load survives rmmod.
set -u
ksft_skip=4
pool4=/sys/kernel/config/jool/pool4
rec=$pool4/module-test

fail() {
	printf 'FAIL: %s\n' "$*"
	rmdir "$rec" 2>/dev/null
	exit 1
}

run() {
	printf '# %s\n' "$*"
	"$@"
}

if [ -z "${JOOL_KO:-}" ] || [ ! -r "$JOOL_KO" ]; then
	echo "SKIP: JOOL_KO does not name the module to reload"
	exit $ksft_skip
fi
[ -d "$pool4" ] || fail "jool is not loaded"

run mkdir "$rec" || fail "mkdir"
for attr in proto=tcp prefix=192.0.2.1 enabled=1; do
	printf '%s' "${attr#*=}" >"$rec/${attr%%=*}" || fail "cannot write $attr"
done
run rmmod jool 2>/dev/null && fail "rmmod succeeded while a record exists"
[ "$(cat "$rec/enabled")" = 1 ] || fail "the record changed after a refused rmmod"
run rmdir "$rec" || fail "rmdir"

for i in 1 2 3 4 5; do
	run rmmod jool || fail "rmmod, round $i"
	[ ! -e /sys/kernel/config/jool ] || fail "jool/ outlived rmmod"
	run insmod "$JOOL_KO" || fail "insmod, round $i"
done

entries=$(cd "$pool4" && echo *)
[ "$entries" = "count ephemeral-range" ] ||
	fail "records survived reloading: $entries"
want=$(printf 'tables: 0\nsamples: 0\ntransport addresses: 0')
[ "$(cat "$pool4/count")" = "$want" ] || fail "count not empty after reload"
echo "ok: records pin the module; nothing survives rmmod"
