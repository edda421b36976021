#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# A pool of 6,000 records: the record directories reach awk on its
# standard input, not as arguments, so no command hits "argument list too
# long" (six attribute paths per record used to be about 2 MB of arguments).

load helper

N=6000

# The tree is made once and copied per test: record i holds TCP
# 10.0.x.y/32 with y even, so no two records coalesce.  One awk writes it:
# a loop in the test's own bash pays bats' DEBUG trap on every command
# (twenty seconds for these 36,000 writes).
setup_file() {
	local d=$BATS_FILE_TMPDIR/jool/pool4
	mkdir -p "$d"
	awk -v n="$N" -v d="$d" 'BEGIN {
		for (i = 0; i < n; i++) {
			a[i] = sprintf("10.0.%d.%d", int(i * 2 / 256), i * 2 % 256)
			r[i] = d "/0-tcp-" a[i] "_32-61001-65535"
			print r[i] | "xargs mkdir"
		}
		close("xargs mkdir")
		for (i = 0; i < n; i++) {
			put(r[i] "/mark", "0")
			put(r[i] "/proto", "tcp")
			put(r[i] "/prefix", a[i] "/32")
			put(r[i] "/ports", "61001-65535")
			put(r[i] "/enabled", "1")
			put(r[i] "/quick", "0")
		}
	}
	function put(file, value) {
		print value >file
		close(file)
	}'
}

# The tests share the tree, in order; each leaves it as it found it.
setup() {
	fake_setup
	export JOOL_CONFIGFS=$BATS_FILE_TMPDIR/jool
}

@test "6,000 records: display and --csv" {
	run --separate-stderr jool --pool4
	[ "$status" -eq 0 ]
	[ "${lines[-1]}" = "  (Fetched $N entries.)" ]
	[ "${lines[0]}" = "0	TCP	10.0.0.0	61001-65535" ]
	jool --pool4 --csv >"$BATS_FILE_TMPDIR/pool.csv"
	[ "$(wc -l <"$BATS_FILE_TMPDIR/pool.csv")" -eq $((N + 1)) ]
	[ "$(tail -n 1 "$BATS_FILE_TMPDIR/pool.csv")" = "0,TCP,10.0.46.222,61001,65535" ]
}

@test "6,000 records: --add" {
	run --separate-stderr jool --pool4 --add --udp 192.0.2.1
	[ "$status" -eq 0 ]
	[ "$(records | wc -l)" -eq $((N + 1)) ]
	# Already there: nothing made.
	run --separate-stderr jool --pool4 --add --tcp 10.0.0.2
	[ "$status" -eq 0 ]
	[ "$(records | wc -l)" -eq $((N + 1)) ]
	run --separate-stderr jool --pool4 --remove --udp 192.0.2.1
	[ "$status" -eq 0 ]
	[ "$(records | wc -l)" -eq "$N" ]
}

@test "6,000 records: --remove, then --restore from a file and from stdin" {
	run --separate-stderr jool --pool4 --remove 10.0.0.0/24
	[ "$status" -eq 0 ]
	[ "$(records | wc -l)" -eq $((N - 128)) ]
	run --separate-stderr jool --pool4 --restore "$BATS_FILE_TMPDIR/pool.csv"
	[ "$status" -eq 0 ]
	[ "$(records | wc -l)" -eq "$N" ]
	jool --pool4 --csv | cmp - "$BATS_FILE_TMPDIR/pool.csv"
	run --separate-stderr jool --pool4 --remove --tcp 10.0.46.222
	[ "$status" -eq 0 ]
	[ "$(records | wc -l)" -eq $((N - 1)) ]
	run --separate-stderr jool --pool4 --restore - <"$BATS_FILE_TMPDIR/pool.csv"
	[ "$status" -eq 0 ]
	jool --pool4 --csv | cmp - "$BATS_FILE_TMPDIR/pool.csv"
}
