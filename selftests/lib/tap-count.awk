# SPDX-License-Identifier: GPL-2.0
#
# Count individual TAP results, nested or not, and print
# "passed failed skipped".  kselftest's runner prefixes a program's own TAP
# with "# " and then prints one line for the program: that summary line is
# not counted when the program reported results of its own, unless it
# failed without any of them failing (a crash after the last test).
{
	line = $0
	depth = 0
	while (sub(/^# /, "", line))
		depth++
	if (line !~ /^(not )?ok [0-9]+/)
		next
	bad = line ~ /^not ok/
	skip = line ~ /# *([Ss][Kk][Ii][Pp])/
	nested = kids[depth]
	nested_bad = kids_bad[depth]
	kids[depth] = 0
	kids_bad[depth] = 0
	if (nested) {
		if (bad && !nested_bad)
			failed++
	} else if (skip) {
		skipped++
	} else if (bad) {
		failed++
	} else {
		passed++
	}
	for (i = 0; i < depth; i++) {
		kids[i]++
		if (bad)
			kids_bad[i]++
	}
}
END {
	printf "%d %d %d\n", passed, failed, skipped
}
