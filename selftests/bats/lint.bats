#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# Static checks of tools/jool, its library tools/lib and its man page.
# shellcheck and checkbashisms run in selftests/style.sh, for every script.

load helper

# tools/jool and the shell files it sources from tools/lib.
jool_scripts() {
	printf '%s\n' "$JOOL_TOOL" "$JOOL_TOP"/tools/lib/*.sh
}

@test "no local, arrays, [[ or \${x//}" {
	run grep -nE '(^|[[:space:]])local[[:space:]]|\[\[|\$\{[a-zA-Z_]+//|\$\{[a-zA-Z_]+\[' $(jool_scripts)
	[ "$status" -eq 1 ]
}

@test "#!/bin/sh and set -eu; lib files say shell=sh" {
	[ "$(head -n 1 "$JOOL_TOOL")" = "#!/bin/sh" ]
	grep -qx 'set -eu' "$JOOL_TOOL"
	for f in "$JOOL_TOP"/tools/lib/*.sh; do
		head -n 1 "$f" | grep -q '^# shellcheck shell=sh' ||
			{ echo "$f: first line is not '# shellcheck shell=sh'"; return 1; }
	done
}

@test "every file of the tool is under 700 lines" {
	for f in "$JOOL_TOOL" "$JOOL_TOP"/tools/lib/*; do
		n=$(wc -l <"$f")
		[ "$n" -lt 700 ] || { echo "$f: $n lines"; return 1; }
	done
}

@test "awk programs are files (awk -f), not strings in the shell" {
	run grep -nE '^(BEGIN|END)[[:space:]]*[{]|^[A-Z_]*AWK[A-Z_]*=' $(jool_scripts)
	[ "$status" -eq 1 ]
	lib=$JOOL_TOP/tools/lib
	# The combinations tools/lib/pool4.sh and show.sh run.
	awk -f "$lib/common.awk" -f "$lib/pool4.awk" </dev/null
	awk -f "$lib/common.awk" -f "$lib/pool4.awk" -f "$lib/restore.awk" </dev/null
	awk -f "$lib/common.awk" -f "$lib/show.awk" </dev/null
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

# POSIX sh has no local: the variables a function sets for itself are
# named xx_name, xx two characters of its own (pq_ in parse_quad).  Two
# functions setting xx_ variables could clobber each other's values; what a
# function sets for its caller has a longer name (plan_new, quad_text).
@test "each two-character variable prefix belongs to one function" {
	run awk '
	/^[a-z0-9_]+\(\) *[{]/ { fn = FILENAME ":" substr($1, 1, index($1, "(") - 1); next }
	/^}/ { fn = ""; next }
	fn == "" || /^[ \t]*#/ { next }
	{
		# Assignments, for loops and reads set variables.
		line = $0
		while (match(line, /(^|[^a-zA-Z0-9_${])[a-z][a-z0-9]_[a-z0-9_]*=/)) {
			name = substr(line, RSTART, RLENGTH)
			sub(/^[^a-z]/, "", name)
			own(substr(name, 1, 3))
			line = substr(line, RSTART + RLENGTH)
		}
		if (match($0, /(for|read -r|read) +[a-z][a-z0-9]_[a-z0-9_ ]*/)) {
			line = substr($0, RSTART, RLENGTH)
			n = split(line, w, " ")
			for (i = 1; i <= n; i++)
				if (w[i] ~ /^[a-z][a-z0-9]_/)
					own(substr(w[i], 1, 3))
		}
	}
	function own(p) {
		if ((p, fn) in seen)
			return
		seen[p, fn] = 1
		owners[p] = owners[p] " " fn
		count[p]++
	}
	END {
		for (p in count)
			if (count[p] > 1)
				print p ":" owners[p]
	}' "$JOOL_TOOL" "$JOOL_TOP"/tools/lib/*.sh
	[ "$status" -eq 0 ]
	[ -z "$output" ] || { echo "shared prefixes: $output"; return 1; }
}
