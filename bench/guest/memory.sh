# shellcheck shell=sh disable=SC2034,SC2154 # globals of bench/guest.sh
# SPDX-License-Identifier: GPL-2.0
#
# The memory phase of bench/guest.sh (sourced): kernel bytes per BIB entry
# and session, the BIB filled in rounds.

# memory TOOL: $BENCH_FLOWS flows in $rounds rounds of a share each, into
# one BIB: every round measures the bytes of the entries it added, the
# last one ends with the BIB at $BENCH_FLOWS entries.  The module is loaded
# afresh (empty BIB, its slab caches made anew).  Entries created = flows
# translated (each flow a new source transport address).
phase_memory() {
	tool=$1 flows=${BENCH_FLOWS:-100000}
	echo "I mem_flows $flows"
	unload_all
	use "$tool" || return 1
	if [ "$tool" = ours ]; then
		ours --pool4 --add --udp 198.18.0.0/24 1024-65535 >/dev/null
	else
		jool_peer pool4 add 198.18.0.0/24 1024-65535 --udp >/dev/null
	fi
	unset fill_used_10 fill_used_11 fill_used_12
	r=1
	t_rounds=$(now)
	m_first=$(kmem)
	read -r tx_first <"$tx_file"
	while another_round "$r" "$t_rounds" "$rounds" "$rounds"; do
		m0=$(kmem)
		a0=$(memavail)
		read -r tx0 <"$tx_file"
		t0=$(now)
		send_flows $((flows * r / rounds - flows * (r - 1) / rounds))
		t=$(elapsed "$t0")
		m1=$(kmem)
		a1=$(memavail)
		read -r tx1 <"$tx_file"
		b=$((tx1 - tx0))
		result mem flows "$tool" "$r" "$b"
		result mem fill_s "$tool" "$r" "$t"
		result mem bytes_per_flow "$tool" "$r" \
			"$(awk -v m=$((m1 - m0)) -v b="$b" 'BEGIN { if (b > 0) printf "%.0f", m * 1024 / b; else print "nan" }')"
		result mem avail_bytes_per_flow "$tool" "$r" \
			"$(awk -v m=$((a0 - a1)) -v b="$b" 'BEGIN { if (b > 0) printf "%.0f", m * 1024 / b; else print "nan" }')"
		r=$((r + 1))
	done
	# The whole fill: a round's share of the hash tables' growth depends
	# on whether a doubling fell in it, the whole BIB's does not.
	read -r tx1 <"$tx_file"
	b=$((tx1 - tx_first))
	result mem bytes_per_flow_all "$tool" 1 \
		"$(awk -v m=$(($(kmem) - m_first)) -v b="$b" 'BEGIN { if (b > 0) printf "%.0f", m * 1024 / b; else print "nan" }')"
	echo "I mem_bib_$tool $(bib_count "$tool")"
	unload_all
}
