# shellcheck shell=sh disable=SC2034,SC2154 # globals of bench/guest.sh
# SPDX-License-Identifier: GPL-2.0
#
# The new-flow phase of bench/guest.sh (sourced), issue 17 item 7: how
# many new flows a second each stateful mode makes with one generator,
# and with two at once on the two vCPUs, ours vs NAT64 Jool vs MASQUERADE
# (conntrack's new connections), in one boot.  A flow is one UDP
# datagram from a source port not used before; it counts when its packet
# leaves by t4, over the sending time of the slowest generator.  Two
# generators reach twice one's rate only if new flows on two CPUs do not
# wait for each other (a single lock per table makes them).

# Flows per generator and round: three rounds of each count fit the
# client addresses' 64,511 ports.
newflow_n=${BENCH_NEWFLOWS:-20000}

# newflow_src MODE HOST: the client's source address HOST of MODE.
newflow_src() {
	case $1 in
	masq) echo "192.168.1.$2" ;;
	*) echo "2001:db8:1::$2" ;;
	esac
}

# newflow_offer MODE ROUND GENS: GENS generators at once, the first on
# vCPU 0 from host 10 (alone) or 11, the second on vCPU 1 from host 12;
# prints "TRANSLATED SECONDS".
newflow_offer() {
	nf_dst=$server6
	[ "$1" != masq ] || nf_dst=$server4
	nf_sport=$((1024 + ($2 - 1) * newflow_n))
	nf_pids=
	read -r nf_tx0 <"$tx_file"
	for nf_i in $(seq 1 "$3"); do
		nf_host=10
		[ "$3" = 1 ] || nf_host=$((10 + nf_i))
		in_c taskset -c $((nf_i - 1)) "$flowgen" \
			"$(newflow_src "$1" "$nf_host")" "$nf_dst" 9 "$nf_sport" \
			"$newflow_n" >"$tmp/nf-$nf_i" 2>&1 &
		nf_pids="$nf_pids $!"
	done
	# shellcheck disable=SC2086 # a list of pids
	wait $nf_pids
	sleep 0.2	# what is still queued
	read -r nf_tx1 <"$tx_file"
	nf_secs=0
	for nf_i in $(seq 1 "$3"); do
		nf_out=$(cat "$tmp/nf-$nf_i")
		case $nf_out in
		sent*) ;;
		*) note "newflow: flowgen failed: $nf_out" >&3 ;;
		esac
		nf_secs=$(awk -v a="$nf_secs" -v b="${nf_out##* }" \
			'BEGIN { print (b + 0 > a + 0) ? b : a }')
	done
	echo "$((nf_tx1 - nf_tx0)) $nf_secs"
}

# newflow_mode_on MODE: the mode, with room for every flow of the phase.
newflow_mode_on() {
	case $1 in
	ours)
		use ours && ours --pool4 --add --udp 198.18.0.0/24 1024-65535 >/dev/null ;;
	jool)
		use jool && jool_peer pool4 add 198.18.0.0/24 1024-65535 --udp >/dev/null ;;
	masq)
		unload_all
		mode_on masq &&
		sysctl -qw net.netfilter.nf_conntrack_max=1048576 &&
		sysctl -qw net.netfilter.nf_conntrack_udp_timeout=1 ;;
	esac
}

# newflow_settle MODE: MASQUERADE maps every flow to the one address of
# the box, and a round takes 60,000 of its 64,511 ports to the server:
# the next round waits for the last one's conntrack entries to expire
# (1 s UDP timeout; NAT skips expired entries).  Ours and Jool have a
# /24 and do not wait.
newflow_settle() {
	[ "$1" != masq ] || sleep 3
}

phase_newflow() {
	for h in 10 11 12; do
		in_c ip addr add "192.168.1.$h/24" dev c0 2>/dev/null
	done
	echo "I newflow_n $newflow_n"
	for mode in ours jool masq; do
		newflow_mode_on "$mode" || { note "newflow: $mode not set up"; continue; }
		for r in 1 2 3; do
			for gens in 1 2; do
				newflow_settle "$mode"
				res=$(newflow_offer "$mode" "$r" "$gens")
				got=${res% *} s=${res#* }
				result newflow "flows_per_s_$gens" "$mode" "$r" \
					"$(awk -v a="$got" -v s="$s" 'BEGIN { if (s > 0) printf "%.0f", a / s; else print "nan" }')"
				result newflow "translated_pct_$gens" "$mode" "$r" \
					"$(awk -v a="$got" -v n=$((gens * newflow_n)) 'BEGIN { printf "%.1f", 100 * a / n }')"
			done
		done
		mode_off "$mode"
	done
	unload_all
}
