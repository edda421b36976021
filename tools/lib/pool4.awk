# SPDX-License-Identifier: GPL-2.0
#
# pool4 of tools/jool, run after common.awk (and before restore.awk for
# --restore).  Input: part=pool: the record directories, one per line (the
# shell lists them on standard input; their attributes are read here with
# getline, so the number of records is not bounded by the argument list).
# Output by mode:
#   display, csv  the merged pool, one line per (mark, proto, addr, range)
#   add           shell assignments: add_have (the protocols of P whose
#                 records already hold RA/RL x RLO-RHI for mark M) and
#                 ephemeral (the ephemeral range if RLO-RHI overlaps it)
#   plan          for --remove of RA/RL x RLO-RHI from mark M, protocols P:
#                 "new\tmark\tproto\tprefix\tmin\tmax" for each surviving
#                 piece, then "old\tdir" for each record to delete
#   restore       (restore.awk) the same lines, turning the pool into the
#                 CSV file, or one "error\tmessage" line
# Variables: mode, M, P, RA, RL, RLO, RHI, EPH, CSVNAME (see pool4_awk).

# The attributes a record is made of; each one's first line goes to
# val[dir, attr] (a missing or empty file leaves it unset).
BEGIN {
	split("mark proto prefix ports enabled", ATTRS, " ")
}
part == "pool" && $0 != "" {
	dir = $0
	sub(/\/+$/, "", dir)
	if (dir in known)
		next
	known[dir] = 1
	dirs[++ndirs] = dir
	for (i = 1; i <= 5; i++) {
		f = dir "/" ATTRS[i]
		if ((getline line < f) > 0)
			val[dir, ATTRS[i]] = line
		close(f)
	}
}
# Parses record dir into R_* arrays at i; returns 0 if disabled or incomplete.
function load(dir, i,   pf, q, pr, pt) {
	if (val[dir, "enabled"] != "1")
		return 0
	pf = val[dir, "prefix"]; pt = val[dir, "ports"]; pr = val[dir, "proto"]
	if (pf !~ /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+\/[0-9]+$/ || \
	    pt !~ /^[0-9]+(-[0-9]+)?$/ || pr !~ /^(tcp|udp|icmp)$/)
		return 0
	split(pf, q, "[./]")
	R_dir[i] = dir
	R_mark[i] = val[dir, "mark"] == "" ? "0" : val[dir, "mark"]
	R_proto[i] = pr
	R_len[i] = q[5] + 0
	R_a[i] = ((q[1] * 256 + q[2]) * 256 + q[3]) * 256 + q[4]
	R_b[i] = R_a[i] + pow2(32 - R_len[i]) - 1
	split(pt, q, "-")
	R_lo[i] = q[1] + 0
	R_hi[i] = (2 in q) ? q[2] + 0 : R_lo[i]
	return 1
}
function key(m, p, a, l, lo, hi) {
	return (m + 0) SUBSEP p SUBSEP a SUBSEP l SUBSEP lo SUBSEP hi
}
# The addresses of mark m, protocol p, cut at every record boundary; the
# segments are swept in order, with the records covering the current one
# in act (a record joins at its first address and leaves after its last),
# so thousands of records cost n log n, not n * n.
function emit_group(m, p,   i, k, nb, bd, isb, s, e, nk, ks, j, lo, hi, nr, rl, rh, ad, ip, sep, head, tail, st, en, act, q, nq, x) {
	nb = 0
	for (i = 1; i <= n; i++) {
		if (R_mark[i] + 0 != m + 0 || R_proto[i] != p)
			continue
		if (!((R_a[i]) in isb)) { isb[R_a[i]] = 1; bd[++nb] = R_a[i] }
		if (!((R_b[i] + 1) in isb)) { isb[R_b[i] + 1] = 1; bd[++nb] = R_b[i] + 1 }
		st[R_a[i]] = st[R_a[i]] " " i
		en[R_b[i] + 1] = en[R_b[i] + 1] " " i
	}
	qsort(bd, 1, nb)
	for (k = 1; k < nb; k++) {
		s = bd[k]; e = bd[k + 1] - 1; nk = 0
		nq = split(en[s], q, " ")
		for (x = 1; x <= nq; x++)
			delete act[q[x]]
		nq = split(st[s], q, " ")
		for (x = 1; x <= nq; x++)
			act[q[x]] = 1
		for (i in act)
			ks[++nk] = R_lo[i] * 65536 + R_hi[i]
		if (nk == 0)
			continue
		qsort(ks, 1, nk)
		nr = 0
		for (j = 1; j <= nk; j++) {
			lo = int(ks[j] / 65536); hi = ks[j] % 65536
			if (nr > 0 && lo <= rh[nr] + 1) {
				if (hi > rh[nr])
					rh[nr] = hi
			} else {
				rl[++nr] = lo; rh[nr] = hi
			}
		}
		# Hot loop (a /16 is 65536 turns): strings built once per /24.
		sep = mode == "csv" ? "," : "\t"
		head = m sep U[p] sep
		for (j = 1; j <= nr; j++)
			tail[j] = sep rl[j] (mode == "csv" ? "," : "-") rh[j]
		for (ad = s; ad <= e; ad++) {
			if (ad == s || ad % 256 == 0) {
				ip = n2ip(ad)
				sub(/[0-9]+$/, "", ip)
			}
			for (j = 1; j <= nr; j++)
				print head ip (ad % 256) tail[j]
			rows += nr
		}
	}
}
# Sorted distinct marks of the records into mk[1..]; returns how many.
function marks(mk,   i, nm, ism) {
	nm = 0
	for (i = 1; i <= n; i++)
		if (!((R_mark[i] + 0) in ism)) {
			ism[R_mark[i] + 0] = 1
			mk[++nm] = R_mark[i] + 0
		}
	qsort(mk, 1, nm)
	return nm
}
function display(   i, nm, mk, j) {
	if (mode == "csv")
		print HEADER
	nm = marks(mk)
	for (i = 1; i <= nm; i++)
		for (j = 1; j <= 3; j++)
			emit_group(sprintf("%.0f", mk[i]), order[j])
	if (mode == "csv")
		return
	if (rows == 0)
		print "  (empty)"
	else
		printf "  (Fetched %d entries.)\n", rows
}
function selected(i) {
	return R_mark[i] + 0 == M + 0 && index(" " P " ", " " R_proto[i] " ")
}
# add: what is there already, and the ephemeral range if RLO-RHI meets it.
function add(   i, RB, have, line, q, eph) {
	RB = RA + pow2(32 - RL) - 1
	have = " "
	for (i = 1; i <= n; i++)
		if (selected(i) && R_a[i] <= RA && R_b[i] >= RB && \
		    R_lo[i] <= RLO && R_hi[i] >= RHI && \
		    !index(have, " " R_proto[i] " "))
			have = have R_proto[i] " "
	printf "add_have=\"%s\"\n", have
	eph = ""
	# One read(2): sysctl files do not answer a second, partial read.
	if ((getline line < EPH) > 0 && \
	    line ~ /^[ \t]*[0-9]+[ \t]+[0-9]+[ \t]*$/) {
		split(line, q, /[ \t]+/)
		if (q[1] == "") { q[1] = q[2]; q[2] = q[3] }
		if (RLO + 0 <= q[2] + 0 && q[1] + 0 <= RHI + 0)
			eph = (q[1] + 0) "-" (q[2] + 0)
	}
	printf "ephemeral=\"%s\"\n", eph
}
function piece(m, p, a, l, lo, hi,   k) {
	k = key(m, p, a, l, lo, hi)
	if (k in have)
		return
	have[k] = 1
	printf "new\t%s\t%s\t%s/%d\t%d\t%d\n", sprintf("%.0f", m), p, n2ip(a), l, lo, hi
}
# Survivors of each record cut by RA/RL x RLO-RHI, then the records to drop.
function plan(   i, RB, l, sz, base, a, l2, nold, old) {
	RB = RA + pow2(32 - RL) - 1
	for (i = 1; i <= n; i++)
		have[key(R_mark[i], R_proto[i], R_a[i], R_len[i], R_lo[i], R_hi[i])] = 1
	for (i = 1; i <= n; i++) {
		if (!selected(i) || R_b[i] < RA || R_a[i] > RB || \
		    R_hi[i] < RLO || R_lo[i] > RHI)
			continue
		old[++nold] = R_dir[i]
		for (l = R_len[i] + 1; l <= RL; l++) {
			sz = pow2(32 - l)
			base = RA - RA % sz
			a = (int(base / sz) % 2) ? base - sz : base + sz
			piece(M, R_proto[i], a, l, R_lo[i], R_hi[i])
		}
		a = R_len[i] >= RL ? R_a[i] : RA
		l2 = R_len[i] >= RL ? R_len[i] : RL
		if (R_lo[i] < RLO)
			piece(M, R_proto[i], a, l2, R_lo[i], RLO - 1)
		if (R_hi[i] > RHI)
			piece(M, R_proto[i], a, l2, RHI + 1, R_hi[i])
	}
	for (i = 1; i <= nold; i++)
		printf "old\t%s\n", old[i]
}
END {
	n = 0
	for (i = 1; i <= ndirs; i++)
		if (load(dirs[i], n + 1))
			n++
	if (mode == "display" || mode == "csv")
		display()
	else if (mode == "add")
		add()
	else if (mode == "plan")
		plan()
}
