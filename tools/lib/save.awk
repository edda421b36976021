# SPDX-License-Identifier: GPL-2.0
#
# --restore FILE of tools/jool, after common.awk: checks the layout of a
# file written by --save (see save.sh) and splits it.  Prints one line per
# value, TAB separated:
#   pool6 PREFIX | bib PROTO MARK IPV4#PORT IPV6#PORT | global KEY VALUE
# writes the [pool4] section (the --pool4 --display --csv rows) to CSVOUT
# for restore.awk (always: no section is the empty pool), or prints one "error<TAB>message" line and nothing else.
function bad(msg) {
	if (!nbad++)
		err = sprintf("%s:%d: %s", NAME, FNR, msg)
}
BEGIN {
	S["pool6"] = S["pool4"] = S["static-bib"] = S["global"] = 1
}
{
	line = $0
	sub(/\r$/, "", line)
}
nbad || line ~ /^[ \t]*(#|$)/ {
	next
}
line ~ /^\[.*\]$/ {
	sec = substr(line, 2, length(line) - 2)
	if (!(sec in S))
		bad("unknown section [" sec "] (pool6, pool4, static-bib, global)")
	else if (sec in seen)
		bad("section [" sec "] appears twice")
	seen[sec] = 1
	next
}
sec == "" {
	bad("\"" line "\" comes before any section ([pool6], [pool4], ...)")
	next
}
sec == "pool6" {
	if (npool6++)
		bad("[pool6] holds one prefix")
	else if (split(line, F) != 1)
		bad("\"" line "\" is not one IPv6 prefix")
	else
		out[++nout] = "pool6\t" F[1]
	next
}
# Kept with their line numbers: restore.awk's messages name the file's.
sec == "pool4" {
	P4[++np4] = line
	P4_l[np4] = FNR
	next
}
sec == "static-bib" {
	if (split(line, F) != 4)
		bad("\"" line "\" is not PROTO MARK IPV4#PORT IPV6#PORT")
	else if (!(F[1] in U))
		bad("protocol \"" F[1] "\" is not tcp, udp or icmp")
	else if (F[2] !~ /^(0|[1-9][0-9]*)$/ || length(F[2]) > 10 || \
		 F[2] + 0 > 4294967295)
		bad("mark \"" F[2] "\" is not 0..4294967295")
	else
		out[++nout] = "bib\t" F[1] "\t" F[2] "\t" F[3] "\t" F[4] "\t" FNR
	next
}
sec == "global" {
	if (!match(line, /^[a-z0-9-]+[ \t]+[^ \t]/))
		bad("\"" line "\" is not KEY VALUE")
	else {
		key = line
		sub(/[ \t].*/, "", key)
		val = substr(line, RLENGTH)
		sub(/[ \t]+$/, "", val)
		if (key in G)
			bad("setting " key " appears twice")
		G[key] = 1
		out[++nout] = "global\t" key "\t" val "\t" FNR
	}
	next
}
END {
	if (nbad) {
		print "error\t" err
		exit
	}
	# The header, then each row at its line of FILE (blank lines are
	# skipped by restore.awk); the section's own header is optional.
	print HEADER > CSVOUT
	l = 1
	for (i = 1; i <= np4; i++) {
		if (i == 1 && P4[i] == HEADER)
			continue
		while (++l < P4_l[i])
			print "" > CSVOUT
		print P4[i] > CSVOUT
	}
	close(CSVOUT)
	for (i = 1; i <= nout; i++)
		print out[i]
}
