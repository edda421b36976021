# shellcheck shell=sh disable=SC2034,SC2154 # globals of bench/guest.sh
# SPDX-License-Identifier: GPL-2.0
#
# The allocation phases of bench/guest.sh (sourced): the rate of new flows
# at 0, 90 and 99 % pool occupancy, and 150 flows offered to 100 ports.

bib_count() {
	if [ "$1" = ours ]; then
		timeout 60 wc -l <"$cfs/bib"
	else
		jool_peer stats display | awk '$1 == "JSTAT_BIB_ENTRIES:" { n = $2 } END { print n + 0 }'
	fi
}

# Packets sent to the server on t4 (flowgen's, translated; ARP adds one
# now and then): the same measure for every translator, read without a
# fork (read -r N <"$tx_file").
tx_file=/sys/class/net/t4/statistics/tx_packets

# offer SRC FIRST_SPORT COUNT: new flows; prints "TRANSLATED SECONDS"
# (flowgen's sending time).
offer() {
	read -r of_tx0 <"$tx_file"
	of_out=$(in_c "$flowgen" "$1" "$server6" 9 "$2" "$3") ||
		note "flowgen failed: $of_out" >&3
	sleep 0.2	# what is still queued
	read -r of_tx1 <"$tx_file"
	of_got=$((of_tx1 - of_tx0))
	[ "$of_got" -le "$3" ] || of_got=$3
	echo "$of_got ${of_out##* }"
}

# send_flows N: N new flows from hosts ::10, ::11, ::12 (50000 flows per
# host at most, their source ports counted in fill_used_*).
send_flows() {
	need=$1
	for h in 10 11 12; do
		[ "$need" -gt 0 ] || return 0
		used=0
		eval "used=\${fill_used_$h:-0}"
		[ "$used" -lt 50000 ] || continue
		n=$need
		[ "$n" -le $((50000 - used)) ] || n=$((50000 - used))
		in_c "$flowgen" "2001:db8:1::$h" "$server6" 9 $((1024 + used)) "$n" >/dev/null
		eval "fill_used_$h=$((used + n))"
		need=$((need - n))
	done
}

# fill TARGET: new flows until $occupied (the state of the pool being
# filled: flows translated since it was made, each a BIB entry) reaches
# TARGET.
fill() {
	read -r fi_tx0 <"$tx_file"
	send_flows $(($1 - occupied))
	sleep 0.2
	read -r fi_tx1 <"$tx_file"
	occupied=$((occupied + fi_tx1 - fi_tx0))
}

# pool_shape TOOL SHAPE: makes TOOL's pool of that shape; prints its size
# in transport addresses.
pool_shape() {
	case $2 in
	1addr) ps_p=192.0.2.1 ps_ports=32768-65535 ps_size=32768 ;;
	p24) ps_p=198.18.0.0/24 ps_ports=1024-1151 ps_size=32768 ;;
	p16) ps_p=198.18.0.0/16 ps_ports=1024-1024 ps_size=65536 ;;
	esac
	if [ "$1" = ours ]; then
		ours --pool4 --add --udp --force "$ps_p" "$ps_ports" >/dev/null
	else
		jool_peer pool4 add "$ps_p" "$ps_ports" --udp --force >/dev/null
	fi
	echo "$ps_size"
}

alloc_measure() {
	tool=$1 shape=$2 occ=$3 n=$4
	r=1
	while [ "$r" -le "$rounds" ]; do
		res=$(offer 2001:db8:1::100 "$sport" "$n")
		got=${res% *} secs=${res#* }
		sport=$((sport + n))
		occupied=$((occupied + got))
		result alloc "flows_per_s_${shape}_$occ" "$tool" "$r" \
			"$(awk -v a="$got" -v s="$secs" 'BEGIN { printf "%.0f", a / s }')"
		result alloc "translated_pct_${shape}_$occ" "$tool" "$r" \
			"$(awk -v a="$got" -v n="$n" 'BEGIN { printf "%.1f", 100 * a / n }')"
		r=$((r + 1))
	done
}

pool_reset() {
	if [ "$1" = ours ]; then
		ours --pool4 --flush >/dev/null
	else
		reset_peer >/dev/null
	fi
}

# alloc_tool TOOL SHAPE...: new-flow rate at 0, 90 and 99 % occupancy,
# 300 flows per round (100 at 99 %, whose 1 % free must last 3 rounds).
alloc_tool() {
	tool=$1
	shift
	t_shapes=$(now)
	n_shapes=1
	for shape in "$@"; do
		another_round "$n_shapes" "$t_shapes" 99 99 || {
			note "alloc: $tool's $shape pool not measured: no time left in this boot"
			continue
		}
		n_shapes=$((n_shapes + 1))
		unset fill_used_10 fill_used_11 fill_used_12
		sport=1024 occupied=0
		size=$(pool_shape "$tool" "$shape")
		alloc_measure "$tool" "$shape" 0 300
		for occ in 90 99; do
			fill $((size * occ / 100))
			result alloc "occupancy_pct_${shape}_$occ" "$tool" 1 \
				"$(awk -v a="$occupied" -v s="$size" 'BEGIN { printf "%.1f", 100 * a / s }')"
			if [ "$occ" = 90 ]; then
				alloc_measure "$tool" "$shape" 90 300
			else
				alloc_measure "$tool" "$shape" 99 100
			fi
		done
		pool_reset "$tool"
	done
}

# 150 new flows offered to a pool of 100 ports.
alloc_150() {
	tool=$1
	r=1
	while [ "$r" -le "$rounds" ]; do
		if [ "$tool" = ours ]; then
			ours --pool4 --add --udp 192.0.2.1 61001-61100 >/dev/null
		else
			jool_peer pool4 add 192.0.2.1 61001-61100 --udp >/dev/null
		fi
		got=$(offer 2001:db8:1::2 $((2000 + r * 200)) 150)
		got=${got% *}
		result alloc 150_to_100_translated "$tool" "$r" "$got"
		result alloc 150_to_100_dropped "$tool" "$r" $((150 - got))
		pool_reset "$tool"
		r=$((r + 1))
	done
}

# alloc TOOL SHAPE...: one translator (compared with its own empty pool
# in the same boot).
phase_alloc() {
	unload_all
	use "$1" && alloc_tool "$@"
	unload_all
}

# The /16 (65536 x 1 port) for ours only: Jool's add of a /16 keeps it
# busy for about a minute with soft lockups (see config-16).  Then 150
# flows to 100 ports, both.
phase_alloc_16() {
	phase_alloc ours p16
	note "alloc: Jool's /16 pool not measured: adding a /16 keeps Jool busy for about a minute with soft lockups (see the configuration scale)"
	for tool in ours jool; do
		use "$tool" && alloc_150 "$tool"
	done
	unload_all
}
