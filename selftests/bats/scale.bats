#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# A pool of 6,000 records: the record directories reach awk on its
# standard input, not as arguments, so no command hits "argument list too
# long" (six attribute paths per record used to be about 2 MB of arguments).

load helper

N=6000

# The tree is made once (one mkdir(1), builtin writes) and copied per test:
# record i holds TCP 10.0.x.y/32 with y even, so no two records coalesce.
setup_file() {
	local d=$BATS_FILE_TMPDIR/jool/pool4 i a r
	local -a names=()
	mkdir -p "$d"
	for ((i = 0; i < N; i++)); do
		a=$((i * 2))
		names+=("$d/0-tcp-10.0.$((a / 256)).$((a % 256))_32-61001-65535")
	done
	mkdir "${names[@]}"
	for ((i = 0; i < N; i++)); do
		r=${names[i]}
		a=$((i * 2))
		printf '0\n' >"$r/mark"
		printf 'tcp\n' >"$r/proto"
		printf '10.0.%d.%d/32\n' $((a / 256)) $((a % 256)) >"$r/prefix"
		printf '61001-65535\n' >"$r/ports"
		printf '1\n' >"$r/enabled"
		printf '0\n' >"$r/quick"
	done
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
