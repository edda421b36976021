#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# jool --save FILE and --restore FILE against a fake tree: the file's
# format and order, the checks made before anything changes, and a round
# trip of every part, settings included (each file of jool/global/ is a
# key, whatever keys the module has).  Against the module:
# selftests/net/static_bib.sh.

load helper

teardown() {
	if [ -n "${ro_file:-}" ]; then umount "$ro_file" 2>/dev/null || true; fi
}

setup() {
	fake_setup
	mkdir "$JOOL_CONFIGFS/static-bib" "$JOOL_CONFIGFS/global"
	printf '\n' >"$JOOL_CONFIGFS/pool6"
	conf=$BATS_TEST_TMPDIR/jool.conf
}

# A translator with every part.
seed() {
	printf '64:ff9b::/96\n' >"$JOOL_CONFIGFS/pool6"
	jool --pool4 --add 192.0.2.1 1-65535
	jool --pool4 --add --mark 9 --udp 192.0.2.8/31 2000-2001
	jool --bib --add --udp 192.0.2.1#53 2001:db8::10#53
	jool --bib --add --tcp 2001:db8::10#80 192.0.2.1#80
	jool --bib --add --tcp 192.0.2.1#8 2001:db8::10#8
	printf '1\n' >"$JOOL_CONFIGFS/global/enabled"
	printf '300\n' >"$JOOL_CONFIGFS/global/udp-timeout"
	printf '1500,1280,576\n' >"$JOOL_CONFIGFS/global/mtu-plateaus"
}

@test "--save: sections in order, pool4 as --csv, entries and keys sorted" {
	seed
	run --separate-stderr jool --save "$conf"
	expect_status 0
	[ -z "$output$stderr" ]
	run cat "$conf"
	expect_lines <<-'OUT'
	# jool configuration, written by jool --save.
	# jool --restore FILE makes a translator equal to it (see jool(8)).
	[pool6]
	64:ff9b::/96

	[pool4]
	Mark,Protocol,Address,Min port,Max port
	0,ICMP,192.0.2.1,1,65535
	0,UDP,192.0.2.1,1,65535
	0,TCP,192.0.2.1,1,65535
	9,UDP,192.0.2.8,2000,2001
	9,UDP,192.0.2.9,2000,2001

	[static-bib]
	tcp 0 192.0.2.1#8 2001:db8::10#8
	tcp 0 192.0.2.1#80 2001:db8::10#80
	udp 0 192.0.2.1#53 2001:db8::10#53

	[global]
	enabled 1
	mtu-plateaus 1500,1280,576
	udp-timeout 300
	OUT
	run jool --save -
	[ "$output" = "$(cat "$conf")" ]
}

@test "--save leaves disabled static entries out" {
	seed
	printf '0\n' >"$JOOL_CONFIGFS/static-bib/tcp-192.0.2.1-8/enabled"
	jool --save "$conf"
	! grep -q '#8 ' "$conf"
	grep -q '^tcp 0 192.0.2.1#80 ' "$conf"
}

@test "round trip: save, flush everything, restore, save: the same file" {
	seed
	jool --save "$conf"
	jool --pool4 --flush
	jool --bib --remove 2001:db8::10#53
	jool --bib --remove 2001:db8::10#80
	jool --bib --remove 2001:db8::10#8
	printf '\n' >"$JOOL_CONFIGFS/pool6"
	printf '0\n' >"$JOOL_CONFIGFS/global/enabled"
	printf '30\n' >"$JOOL_CONFIGFS/global/udp-timeout"
	run --separate-stderr jool --restore "$conf"
	expect_status 0
	[ -z "$output$stderr" ]
	run jool --save -
	[ "$output" = "$(cat "$conf")" ]
}

@test "--restore makes the translator equal to the file, keeps what matches" {
	seed
	touch "$JOOL_CONFIGFS/static-bib/udp-192.0.2.1-53/kept"
	cat >"$conf" <<-'EOF'
	# hand-written; comments and blank lines anywhere

	[pool6]
	  # the prefix
	2001:db8:64::/96
	[pool4]
	0,UDP,192.0.2.1,1,65535
	[static-bib]
	udp	0  192.0.2.1#53   2001:0db8::10#53
	udp 0 192.0.2.1#54 2001:db8::10#54
	[global]
	udp-timeout 120
	EOF
	run --separate-stderr jool --restore "$conf"
	expect_status 0
	[ "$(cat "$JOOL_CONFIGFS/pool6")" = 2001:db8:64::/96 ]
	run records
	expect_lines <<-'OUT'
	0-udp-192.0.2.1_32-1-65535
	OUT
	# The matching entry is the same directory: its sessions stay.
	[ -e "$JOOL_CONFIGFS/static-bib/udp-192.0.2.1-53/kept" ]
	run ls "$JOOL_CONFIGFS/static-bib"
	expect_lines <<-'OUT'
	udp-192.0.2.1-53
	udp-192.0.2.1-54
	OUT
	# Settings the file does not name keep their values.
	[ "$(cat "$JOOL_CONFIGFS/global/udp-timeout")" = 120 ]
	[ "$(cat "$JOOL_CONFIGFS/global/enabled")" = 1 ]
}

@test "--restore: no section is the empty pool6, pool4 or static BIB" {
	seed
	printf '# nothing\n' >"$conf"
	jool --restore "$conf"
	[ -z "$(cat "$JOOL_CONFIGFS/pool6")" ]
	[ -z "$(records)" ]
	[ -z "$(ls "$JOOL_CONFIGFS/static-bib")" ]
}

@test "--restore - reads standard input; CRLF lines are fine" {
	printf '[pool4]\r\n0,TCP,192.0.2.7,10,20\r\n' | jool --restore -
	[ "$(records)" = 0-tcp-192.0.2.7_32-10-20 ]
}

# refuse_file STATUS PATTERN TEXT: --restore of TEXT fails and changes
# nothing, pool6, settings and static entries included.
refuse_file() {
	local before
	seed
	before=$(jool --save -)
	printf '%s\n' "$3" >"$conf"
	refuse "$1" "$2" --restore "$conf"
	[ "$(jool --save -)" = "$before" ] || { echo "it changed" >&2; return 1; }
}

@test "--restore refuses a file with a bad layout, naming the line" {
	refuse_file 22 "jool.conf:1: unknown section \[pool5\]" '[pool5]'
	refuse_file 22 "jool.conf:1: \"x\" comes before any section" 'x'
	refuse_file 22 "jool.conf:3: section \[pool6\] appears twice" '[pool6]
::/96
[pool6]'
	refuse_file 22 "jool.conf:3: \[pool6\] holds one prefix" '[pool6]
64:ff9b::/96
64:ff9b::/96'
	refuse_file 22 "pool6.*prefix length '95'" '[pool6]
64:ff9b::/95'
}

@test "--restore refuses bad pool4 rows with the file's line number" {
	refuse_file 22 "jool.conf:4: \"192.0.2.300\" is not an IPv4 address" '[pool6]
[pool4]
0,TCP,192.0.2.1,1,2
0,TCP,192.0.2.300,1,2'
	refuse_file 22 "jool.conf:2: range 9-1" '[pool4]
0,UDP,192.0.2.1,9,1'
}

@test "--restore refuses bad static entries" {
	refuse_file 22 "jool.conf:2: \"tcp 0 192.0.2.1#80\" is not PROTO MARK" '[static-bib]
tcp 0 192.0.2.1#80'
	refuse_file 22 "protocol \"sctp\"" '[static-bib]
sctp 0 192.0.2.1#80 ::1#80'
	refuse_file 22 "mark \"-1\"" '[static-bib]
tcp -1 192.0.2.1#80 ::1#80'
	refuse_file 22 "jool.conf:2: '::1#80' is not an IPv4#PORT" '[static-bib]
tcp 0 ::1#80 192.0.2.1#80'
	refuse_file 22 "jool.conf:2: 192.0.2.1#70000: port '70000'" '[static-bib]
tcp 0 192.0.2.1#70000 ::1#80'
	refuse_file 22 "jool.conf:3: tcp 192.0.2.1#80 is in \[static-bib\] twice" '[static-bib]
tcp 0 192.0.2.1#80 ::1#80
tcp 0 192.0.2.1#80 ::2#80'
	refuse_file 22 "jool.conf:3: tcp ::1#80 (mark 0) is in \[static-bib\] twice" '[static-bib]
tcp 0 192.0.2.1#80 ::1#80
tcp 0 192.0.2.1#81 ::1#80'
}

@test "--restore refuses unknown settings and settings without a value" {
	refuse_file 22 "jool.conf:2: unknown setting 'no-such-key'" '[global]
no-such-key 1'
	refuse_file 22 "jool.conf:2: \"udp-timeout\" is not KEY VALUE" '[global]
udp-timeout'
	refuse_file 22 "jool.conf:3: setting udp-timeout appears twice" '[global]
udp-timeout 1
udp-timeout 2'
}

@test "--restore: a module without settings is named" {
	rmdir "$JOOL_CONFIGFS/global"
	printf '[global]\nenabled 1\n' >"$conf"
	refuse 1 "this jool.ko has no settings" --restore "$conf"
}

# refused_undone FILE-TO-BIND-READ-ONLY: a --restore of $conf whose write
# to that file is refused fails and leaves the translator as it was.
refused_undone() {
	local before
	before=$(jool --save -)
	ro_file=$1
	mount --bind "$ro_file" "$ro_file"
	mount -o remount,bind,ro "$ro_file"
	run --separate-stderr jool --restore "$conf"
	expect_status 1
	[[ $stderr == *"cannot write"*"${ro_file##*/}"* ]]
	umount "$ro_file"
	ro_file=
	[ "$(jool --save -)" = "$before" ] || { echo "it changed" >&2; return 1; }
}

@test "a refused write undoes every part already applied" {
	[ "$(id -u)" = 0 ] || skip "needs root (bind mount)"
	seed
	cat >"$conf" <<-'EOF'
	[pool6]
	2001:db8:64::/96
	[pool4]
	0,TCP,192.0.2.5,1,65535
	[static-bib]
	tcp 0 192.0.2.5#80 2001:db8::5#80
	[global]
	udp-timeout 600
	mtu-plateaus 1400
	EOF
	# The second setting: pool6 and the first setting are undone.
	refused_undone "$JOOL_CONFIGFS/global/mtu-plateaus"
	# An old static entry: pool4 records made and settings are undone.
	refused_undone "$JOOL_CONFIGFS/static-bib/udp-192.0.2.1-53/enabled"
}

@test "--save and --restore take a FILE and no other option" {
	refuse 64 "--save needs a FILE" --save
	refuse 64 "--restore needs a FILE" --restore
	refuse 64 "--tcp cannot be used with --restore" --restore --tcp x
	refuse 64 "--save and --display cannot be combined" --save x --display
	refuse 64 "--save and --pool4 cannot be combined" --save x --pool4
	refuse 1 "nope: cannot read this file" --restore nope
}
