# SPDX-License-Identifier: GPL-2.0
#
# Shared by every awk program of tools/jool (pool4.awk, restore.awk,
# show.awk): the names of the protocols, the --csv header of pool4, and
# integer helpers.  Every number here is an integer; CONVFMT keeps all digits.
BEGIN {
	CONVFMT = "%.0f"	# every number here is an integer; keep all digits
	U["icmp"] = "ICMP"; U["udp"] = "UDP"; U["tcp"] = "TCP"
	order[1] = "icmp"; order[2] = "udp"; order[3] = "tcp"
	LOW["ICMP"] = "icmp"; LOW["UDP"] = "udp"; LOW["TCP"] = "tcp"
	HEADER = "Mark,Protocol,Address,Min port,Max port"
}
function pow2(n,   r) { for (r = 1; n > 0; n--) r *= 2; return r }
function n2ip(n) {
	return int(n / 16777216) "." (int(n / 65536) % 256) "." \
		(int(n / 256) % 256) "." (n % 256)
}
function qsort(A, lo, hi,   i, last, t, mid) {
	if (lo >= hi)
		return
	mid = int((lo + hi) / 2)
	t = A[lo]; A[lo] = A[mid]; A[mid] = t
	last = lo
	for (i = lo + 1; i <= hi; i++)
		if (A[i] < A[lo]) {
			last++
			t = A[last]; A[last] = A[i]; A[i] = t
		}
	t = A[lo]; A[lo] = A[last]; A[last] = t
	qsort(A, lo, last - 1)
	qsort(A, last + 1, hi)
}
