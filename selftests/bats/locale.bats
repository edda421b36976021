#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# tools/jool under a German locale says and returns what it does under C:
# the errno it reads from the messages of cat, mkdir and rmdir, and every
# message and status built on it, do not depend on the caller's locale.

load helper

# de_DE.UTF-8 is compiled once per file into a private LOCPATH: nothing on
# the host changes, and no root is needed.  Skips only where the host has
# no German locale source or no German messages for glibc.  Under /tmp and
# world-readable: the EACCES case runs the tool as nobody.
setup_file() {
	DE_LOCPATH=$(mktemp -d /tmp/jool-locale.XXXXXX)
	export DE_LOCPATH
	chmod 755 "$DE_LOCPATH"
	if [ -f /usr/share/i18n/locales/de_DE ] && command -v localedef >/dev/null; then
		localedef -i de_DE -f UTF-8 "$DE_LOCPATH/de_DE.UTF-8" >/dev/null 2>&1 || true
	fi
}

teardown_file() {
	rm -rf "$DE_LOCPATH"
}

setup() {
	[ -d "$DE_LOCPATH/de_DE.UTF-8" ] ||
		skip "no de_DE locale: install the locales package (selftests/lib/deps.sh)"
	local msg
	msg=$(in_de cat /nonexistent 2>&1 || true)
	case $msg in
	*"No such file"*) skip "glibc has no German messages here (libc-l10n, or a dpkg path-exclude)" ;;
	esac
	fake_setup
}

# in_de CMD...: runs CMD under the German locale, as a German user would.
# bash itself cannot switch (it does not see its own LOCPATH) and would
# say so: only what it runs needs the locale.
in_de() {
	(
		export LOCPATH=$DE_LOCPATH LANGUAGE=de
		{ export LANG=de_DE.UTF-8 LC_ALL=de_DE.UTF-8; } 2>/dev/null
		"$@"
	)
}

in_c() {
	(
		unset LANGUAGE LOCPATH
		export LANG=C LC_ALL=C
		"$@"
	)
}

# same ARGS...: jool ARGS under C and under de_DE give the same status,
# standard output and standard error; leaves them in status, output, stderr.
same() {
	local c_status c_output c_stderr
	run --separate-stderr in_c jool "$@"
	c_status=$status c_output=$output c_stderr=$stderr
	run --separate-stderr in_de jool "$@"
	if [ "$status $output $stderr" != "$c_status $c_output $c_stderr" ]; then
		printf 'C: %s\n%s\n%s\nde_DE: %s\n%s\n%s\n' "$c_status" "$c_output" \
			"$c_stderr" "$status" "$output" "$stderr" >&2
		return 1
	fi
}

@test "the German locale translates what the tool runs (the test can fail)" {
	run in_de cat /nonexistent
	[ "$status" -ne 0 ]
	[[ $output != *"No such file"* ]]
}

@test "ENOENT keeps its hint: a missing attribute" {
	same --pool4 --count
	expect_status 1
	[ "$stderr" = "jool: cannot read $JOOL_CONFIGFS/pool4/count: No such file or directory (is the jool module still loaded?)" ]
}

@test "EINVAL from the kernel keeps its name" {
	[ -w /proc/sys/vm/drop_caches ] || skip "/proc/sys/vm/drop_caches not writable"
	fake_record bad 0 tcp 192.0.2.1/32 1-2
	# drop_caches refuses 0 with EINVAL and does nothing.
	ln -sf /proc/sys/vm/drop_caches "$JOOL_CONFIGFS/pool4/bad/enabled"
	same --pool4 --flush
	expect_status 1
	[ "$stderr" = "jool: cannot write '0' to bad/enabled: Invalid argument (EINVAL)" ]
}

@test "EACCES of mkdir still says root is needed" {
	command -v setpriv >/dev/null || skip "setpriv missing"
	local tree
	tree=$(mktemp -d /tmp/jool-bats.XXXXXX)
	mkdir -p "$tree/jool/pool4"
	chmod -R a+rX "$tree"
	# shellcheck disable=SC2086
	run --separate-stderr in_de setpriv --reuid=65534 --regid=65534 --clear-groups \
		env JOOL_CONFIGFS="$tree/jool" $JOOL_SHELL "$JOOL_TOOL" --pool4 --add 192.0.2.1
	rm -rf "$tree"
	expect_status 1
	[[ $stderr == "jool: cannot create record 0-"*": Permission denied: changing pool4 needs root (CAP_NET_ADMIN)" ]]
}

@test "display, CSV, values and usage errors do not change either" {
	fake_record a 0 tcp 192.0.2.0/31 1-2
	fake_record b 7 udp 192.0.2.4/32 5-9
	same --pool4
	expect_status 0
	[ "${#lines[@]}" = 4 ]
	same --pool4 --csv
	expect_status 0
	same --pool4 --add 192.0.2.1/40
	expect_status 22
	same --pool4 --frobnicate
	expect_status 64
}
