# SPDX-License-Identifier: GPL-2.0
#
# --bib, --session and --stats of tools/jool, run after common.awk: the
# kernel's lines (part=bib, part=session, part=stats: those attributes)
# regrouped by mark and protocol.  mode is bib, session or stats, with
# "csv" appended for --csv, or count (--count: entries per protocol); P
# lists the protocols to show.  A static BIB entry's line ends with
# "static" (kernel/config/bib_show.c); tables mark each entry [Static] or
# [Dynamic], CSV has a Type column.
function tport(s,   i) {	# "addr#port" -> "addr,port"
	i = match(s, /#[0-9]+$/)
	return i ? substr(s, 1, i - 1) "," substr(s, i + 1) : s ","
}
function hms(s) {
	s = int(s)
	return sprintf("%d:%02d:%02d", int(s / 3600), int(s / 60) % 60, s % 60)
}
(part == "bib" && (NF == 4 || (NF == 5 && $5 == "static"))) || \
    (part == "session" && NF == 8) {
	if (!($1 in U) || !index(" " P " ", " " $1 " "))
		next
	if (mode == "count") {
		C_n[$1]++
		next
	}
	type = part != "bib" ? "" : NF == 5 ? "Static" : "Dynamic"
	if (!(($2 + 0) in T_m)) {
		T_m[$2 + 0] = 1
		T_marks[++T_nm] = $2 + 0
	}
	k = ($2 + 0) SUBSEP $1
	if (mode ~ /csv$/) {
		line = $2 "," U[$1] "," tport($3) "," tport($4)
		if (part == "session")
			line = line "," tport($5) "," tport($6) "," $7 "," $8
		else
			line = line "," tolower(type)
	} else {
		line = $2 "\t" U[$1] "\t" $3 "\t" $4
		if (part == "bib")
			line = "[" type "]\t" line
		if (part == "session")
			line = line "\t" $5 "\t" $6 "\t" $7 "\t" hms($8)
	}
	TB[k, ++T_n[k]] = line
}
part == "stats" && /^[a-z0-9_]+: [0-9]+$/ {
	S_name[++S_n] = substr($1, 1, length($1) - 1)
	S_val[S_n] = $2
	if (length(S_name[S_n]) > S_w)
		S_w = length(S_name[S_n])
	if (length($2) > S_vw)
		S_vw = length($2)
}
function table(   i, j, l, k, rows) {
	if (mode == "bibcsv")
		print "Mark,Protocol,IPv6 address,IPv6 port,IPv4 address,IPv4 port,Type"
	if (mode == "sessioncsv")
		print "Mark,Protocol,IPv6 address,IPv6 port," \
		      "Remote IPv6 address,Remote IPv6 port," \
		      "IPv4 address,IPv4 port,Remote IPv4 address,Remote IPv4 port," \
		      "State,Seconds left"
	qsort(T_marks, 1, T_nm)
	rows = 0
	for (i = 1; i <= T_nm; i++)
		for (j = 1; j <= 3; j++) {
			k = T_marks[i] SUBSEP order[j]
			for (l = 1; l <= T_n[k]; l++)
				print TB[k, l]
			rows += T_n[k]
		}
	if (mode ~ /csv$/)
		return
	if (rows == 0)
		print "  (empty)"
	else
		printf "  (Fetched %d entries.)\n", rows
}
function stats(   i) {
	if (mode == "statscsv")
		print "Counter,Value"
	for (i = 1; i <= S_n; i++)
		if (mode == "statscsv")
			print S_name[i] "," S_val[i]
		else
			printf "%-" S_w "s  %" S_vw "s\n", S_name[i], S_val[i]
}
# NAT64 Jool's order and words: "TCP: 3".
function count(   o, i) {
	split("tcp udp icmp", o, " ")
	for (i = 1; i <= 3; i++)
		if (index(" " P " ", " " o[i] " "))
			printf "%s: %d\n", U[o[i]], C_n[o[i]]
}
END {
	if (mode == "count")
		count()
	else if (mode ~ /^(bib|session)/)
		table()
	else if (mode ~ /^stats/)
		stats()
}
