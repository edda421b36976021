# SPDX-License-Identifier: GPL-2.0
#
# --restore of tools/jool, run after common.awk and pool4.awk with
# mode=restore: validates part=csv (a file saved by --pool4 --display --csv),
# groups its rows, coalesces addresses into records, and prints the plan
# that turns the pool read by pool4.awk into the file: "new\t..." and
# "old\tdir" lines as for mode=plan, or one "error\tmessage" line.
function bad(msg) {
	if (!nbad++)
		printf "error\t%s:%d: %s\n", CSVNAME, FNR, msg
}
function bad_file(msg) {
	if (!nbad++)
		printf "error\t%s: %s\n", CSVNAME, msg
}
function trim(s) {
	gsub(/^[ \t]+|[ \t]+$/, "", s)
	return s
}
# Integer value of decimal s if it is at most max, else -1.
function uint(s, max,   t) {
	if (s !~ /^[0-9]+$/)
		return -1
	t = s; sub(/^0+/, "", t)
	if (length(t) > 10 || s + 0 > max)
		return -1
	return s + 0
}
# The usual row, as --csv prints it: checked with a few comparisons.
part == "csv" && header && !nbad && \
    /^[0-9]+,(TCP|UDP|ICMP),[0-9]+[.][0-9]+[.][0-9]+[.][0-9]+,[0-9]+,[0-9]+$/ {
	split($0, F, /[,.]/)
	p = LOW[F[2]]
	if (length(F[1]) <= 10 && F[1] + 0 <= 4294967295 && F[3] + 0 <= 255 && \
	    F[4] + 0 <= 255 && F[5] + 0 <= 255 && F[6] + 0 <= 255 && \
	    F[8] + 0 <= 65535 && F[7] + 0 <= F[8] + 0 && \
	    (F[7] + 0 > 0 || p == "icmp")) {
		row(F[1] + 0, p, ((F[3] * 256 + F[4]) * 256 + F[5]) * 256 + F[6], \
		    F[7] + 0, F[8] + 0)
		next
	}
}
# Anything else: the header, blank lines, spaces, CRLF, and the errors.
part == "csv" {
	line = $0
	sub(/\r$/, "", line)
	if (nbad)
		next
	if (!header) {
		if (line != HEADER)
			bad("\"" line "\" is not the header \"" HEADER "\"")
		header = 1
		next
	}
	if (line ~ /^[ \t]*$/)
		next
	if (split(line, F, ",") != 5) {
		bad("\"" line "\" does not have 5 fields (" HEADER ")")
		next
	}
	for (i = 1; i <= 5; i++)
		F[i] = trim(F[i])
	if ((m = uint(F[1], 4294967295)) < 0) {
		bad("mark \"" F[1] "\" is not 0..4294967295")
		next
	}
	p = tolower(F[2])
	if (!(p in U)) {
		bad("protocol \"" F[2] "\" is not TCP, UDP or ICMP")
		next
	}
	if (split(F[3], q, ".") != 4 || F[3] ~ /\.\./) {
		bad("\"" F[3] "\" is not an IPv4 address")
		next
	}
	a = 0
	for (i = 1; i <= 4; i++) {
		if ((o = uint(q[i], 255)) < 0) {
			bad("\"" F[3] "\" is not an IPv4 address")
			next
		}
		a = a * 256 + o
	}
	if ((lo = uint(F[4], 65535)) < 0) {
		bad("min port \"" F[4] "\" is not 0..65535")
		next
	}
	if ((hi = uint(F[5], 65535)) < 0) {
		bad("max port \"" F[5] "\" is not 0..65535")
		next
	}
	if (lo > hi) {
		bad("range " lo "-" hi ": minimum greater than maximum")
		next
	}
	if (lo == 0 && p != "icmp") {
		bad("port 0 is only valid for ICMP (" F[2] " " lo "-" hi ")")
		next
	}
	row(m, p, a, lo, hi)
}
# Rows of one (mark, proto, range) grow a run of consecutive addresses; a
# row that does not extend the run ends it.  Sorted input (as --csv prints
# it) makes the fewest runs; any order gives the same set of addresses.
function row(m, p, a, lo, hi,   g) {
	g = m SUBSEP p SUBSEP lo SUBSEP hi
	if (!(g in RUN_S)) {
		groups[++ng] = g
	} else if (a >= RUN_S[g] && a <= RUN_E[g] + 1) {
		if (a > RUN_E[g])
			RUN_E[g] = a
		return
	} else {
		blocks(m, p, RUN_S[g], RUN_E[g], lo, hi)
	}
	RUN_S[g] = a
	RUN_E[g] = a
}
# Records of the largest aligned blocks covering addresses s..e.
function blocks(m, p, s, e, lo, hi,   sz, l, k) {
	while (s <= e) {
		sz = 1; l = 32
		while (l > 0 && s % (sz * 2) == 0 && s + sz * 2 - 1 <= e) {
			sz *= 2; l--
		}
		k = key(m, p, s, l, lo, hi)
		if (!(k in want)) {
			want[k] = 1
			W[++nw] = k
			Wt[k] = sprintf("%.0f", m) "\t" p "\t" n2ip(s) "/" l "\t" lo "\t" hi
		}
		s += sz
	}
}
function restore(   gi, g, q, k, i, kept, ld) {
	if (!header)
		bad_file("empty file; expected the header \"" HEADER "\"")
	if (nbad)
		return
	for (gi = 1; gi <= ng; gi++) {
		g = groups[gi]
		split(g, q, SUBSEP)
		blocks(q[1], q[2], RUN_S[g], RUN_E[g], q[3], q[4])
	}
	for (i = 1; i <= n; i++) {
		ld[R_dir[i]] = 1
		k = key(R_mark[i], R_proto[i], R_a[i], R_len[i], R_lo[i], R_hi[i])
		if ((k in want) && !(k in kept))
			kept[k] = 1
		else
			printf "old\t%s\n", R_dir[i]
	}
	# Disabled or half-made records go as well, as with --flush.
	for (i = 1; i <= ndirs; i++)
		if (!(dirs[i] in ld))
			printf "old\t%s\n", dirs[i]
	for (i = 1; i <= nw; i++)
		if (!(W[i] in kept))
			printf "new\t%s\n", Wt[W[i]]
}
# Runs after pool4.awk's END, which loaded the records.
END {
	if (mode == "restore")
		restore()
}
