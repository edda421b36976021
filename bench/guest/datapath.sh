# shellcheck shell=sh disable=SC2034,SC2154 # globals of bench/guest.sh
# SPDX-License-Identifier: GPL-2.0
#
# The data path phases of bench/guest.sh (sourced): iperf3 TCP both ways,
# UDP packet rate and CPU at a fixed rate, the modes interleaved per round.

# Numbers from iperf3's text summary (JSON would need python3, which
# costs seconds per start under TCG).  tcp: Mbit/s at the receiver;
# pps: UDP datagrams received per second.
parse() {
	awk -v what="$2" '
	/receiver/ {
		for (i = 1; i <= NF; i++) {
			if ($i ~ /bits\/sec$/) {
				v = $(i - 1)
				u = substr($i, 1, 1)
				bw = u == "G" ? v * 1000 : u == "M" ? v : u == "K" ? v / 1000 : v / 1e6
			}
			if ($i == "sec") {
				split($(i - 1), iv, "-")
				secs = iv[2] - iv[1]
			}
			if ($i ~ /^[0-9]+\/[0-9]+$/) {
				split($i, lt, "/")
				got = lt[2] - lt[1]
			}
		}
	}
	END {
		if (what == "tcp") printf "%.3f\n", bw
		else if (secs > 0) printf "%.1f\n", got / secs
		else print "nan"
	}' "$1"
}

# Busy, total and softirq jiffies of all CPUs.
cpustat() {
	awk '/^cpu / { t = 0; for (i = 2; i <= NF; i++) t += $i; print t - $5 - $6, t, $8 }' /proc/stat
}

iperf() {
	in_c iperf3 -c "$dst" -p 5201 -t "$secs" -f m "$@" >"$tmp/j" 2>&1
}

# TCP: the first second (slow start) is left out of the figure.
iperf_tcp() {
	iperf -O 1 "$@"
}

# UDP at the maximum rate, 64-byte datagrams (also what make
# bench-profile samples: bench/guest/profile.sh); -R: from the server.
iperf_udpmax() {
	iperf -u -b 0 -l 64 "$@"
}

# dp_dst MODE: sets dst, the server's address as the client sees it.
dp_dst() {
	case $1 in
	ours | jool) dst=$server6 ;;
	plain6) dst=$server6fwd ;;
	*) dst=$server4 ;;
	esac
}

# datapath_round TESTS MODE ROUND LABEL: the TESTS (a list) in one mode;
# samples are recorded under LABEL.
datapath_round() {
	tests=$1 mode=$2 r=$3 label=$4
	dp_dst "$mode"
	if ! mode_on "$mode"; then
		note "data path: mode $mode failed to start in round $r"
		mode_off "$mode"
		return
	fi
	for test in $tests; do
		case $test in
		tcp) iperf_tcp && result dp tcp_mbps "$label" "$r" "$(parse "$tmp/j" tcp)" ;;
		tcprev) iperf_tcp -R && result dp tcp_rev_mbps "$label" "$r" "$(parse "$tmp/j" tcp)" ;;
		udpmax) iperf_udpmax && result dp udp_max_pps "$label" "$r" "$(parse "$tmp/j" pps)" ;;
		udpmaxrev) iperf_udpmax -R && result dp udp_max_rev_pps "$label" "$r" "$(parse "$tmp/j" pps)" ;;
		udpfixed)
			# 1000 packets/s of 256 bytes, CPU of the whole guest.
			# shellcheck disable=SC2046
			set -- $(cpustat)
			iperf -u -b 2048k -l 256 && {
				# shellcheck disable=SC2046
				set -- "$@" $(cpustat)
				result dp udp_fixed_pps "$label" "$r" "$(parse "$tmp/j" pps)"
				result dp udp_fixed_cpu_pct "$label" "$r" \
					"$(awk -v b="$4" -v a="$1" -v T="$5" -v t="$2" 'BEGIN { printf "%.1f", 100 * (b - a) / (T - t) }')"
				result dp udp_fixed_sirq_pct "$label" "$r" \
					"$(awk -v b="$6" -v a="$3" -v T="$5" -v t="$2" 'BEGIN { printf "%.1f", 100 * (b - a) / (T - t) }')"
			}
			;;
		esac
	done
	mode_off "$mode"
}

# datapath TESTS MODE...: 3 to $dp_rounds rounds (see another_round) of
# the TESTS (a list), the modes interleaved in each round.
datapath() {
	dp_tests=$1
	shift
	unload_all
	dp_r=1
	dp_t0=$(now)
	while another_round "$dp_r" "$dp_t0" 3 "$dp_rounds"; do
		for dp_mode in "$@"; do
			case $dp_mode in
			plain2) datapath_round "$dp_tests" plain "$dp_r" plain2 ;;
			*) datapath_round "$dp_tests" "$dp_mode" "$dp_r" "$dp_mode" ;;
			esac
		done
		dp_r=$((dp_r + 1))
	done
	note "data path ($dp_tests; $*): $((dp_r - 1)) rounds of iperf3 -t $secs"
}

# One test per boot (two for UDP): under TCG one iperf3 run costs 5-10 s
# besides its own duration, and a loaded host doubles that.
phase_dp_tcp() {
	datapath tcp plain ours jool
}

phase_dp_tcprev() {
	datapath tcprev plain ours jool
}

# IPv6 forwarding (plain6) too: the client's IPv6 send costs more than
# its IPv4 one, which the ratio to IPv4 forwarding charges to the
# translator.
phase_dp_udp() {
	datapath "udpmax udpfixed" plain plain6 ours jool
}

# UDP 4->6: the IPv4 server sends, in every mode, and its CPU sets the
# rate.  The 6->4 ratio above also charges the translator with its
# client's IPv6 send (IPv6 forwarding measures about 0.85x of IPv4's);
# this one pairs two senders of the same family.
phase_dp_udprev() {
	datapath udpmaxrev plain ours jool
}

# MASQUERADE loads conntrack, which then stays: its own boot, with its
# own plain-forwarding samples (mode plain2) to divide by.
phase_dp_masq() {
	datapath "tcp tcprev udpmax udpfixed" plain2 masq
}
