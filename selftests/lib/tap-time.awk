# SPDX-License-Identifier: GPL-2.0
#
# Passes TAP through and follows each top-level result with a comment
# "# N s", the seconds since the previous one: where a VM layer's time
# goes, seen in `make check`'s own output.
BEGIN {
	last = systime()
}
{
	print
}
/^(not )?ok [0-9]+ / {
	now = systime()
	printf "# %d s\n", now - last
	last = now
}
{
	fflush()
}
