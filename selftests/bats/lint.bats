#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# Static checks of tools/jool and its man page.

load helper

@test "shellcheck -s sh is clean" {
	command -v shellcheck >/dev/null || skip "shellcheck missing"
	shellcheck -s sh "$JOOL_TOOL"
}

@test "checkbashisms is clean" {
	command -v checkbashisms >/dev/null || skip "checkbashisms missing (devscripts)"
	checkbashisms "$JOOL_TOOL"
}

@test "no local, arrays, [[ or \${x//}" {
	run grep -nE '(^|[[:space:]])local[[:space:]]|\[\[|\$\{[a-zA-Z_]+//|\$\{[a-zA-Z_]+\[' "$JOOL_TOOL"
	[ "$status" -eq 1 ]
}

@test "#!/bin/sh and set -eu" {
	[ "$(head -n 1 "$JOOL_TOOL")" = "#!/bin/sh" ]
	grep -qx 'set -eu' "$JOOL_TOOL"
}

@test "jool.8.rst renders with rst2man without warnings" {
	command -v rst2man >/dev/null || skip "rst2man missing (python3-docutils)"
	rst2man --halt=warning "$JOOL_TOP/Documentation/jool.8.rst" >"$BATS_TEST_TMPDIR/jool.8"
	grep -q '^\.TH' "$BATS_TEST_TMPDIR/jool.8"
}

@test "pool4.rst parses without warnings" {
	command -v rst2html >/dev/null || skip "rst2html missing (python3-docutils)"
	rst2html --halt=warning "$JOOL_TOP/Documentation/admin-guide/pool4.rst" >/dev/null
}
