# shellcheck shell=sh disable=SC2034,SC2154 # globals of bench/guest.sh
# SPDX-License-Identifier: GPL-2.0
#
# The profile phase of bench/guest.sh (sourced; make bench-profile): the
# UDP maximum-rate load of the data path phases (iperf_udpmax), through
# each mode of BENCH_PROFILE_MODES in turn, while perf samples every CPU.
# For each MODE it prints, between the lines "P begin FILE" and "P end
# FILE", perf report's flat profile (report-MODE.txt) and the folded call
# stacks of the samples (folded-MODE.txt: "comm;outermost;...;innermost
# count"), for bench/profile.py to split and sum up on the host.  The
# symbols are resolved here, while the module is loaded.
#
#   BENCH_PROFILE_MODES   the modes, comma-separated (plain,ours; also jool)
#   BENCH_PROFILE_DIR     6to4 (the client sends, as in dp-udp) or 4to6
#                         (iperf3 -R: the IPv4 server sends, as in
#                         dp-udprev)
#   BENCH_PROFILE_T       seconds of samples per mode (6)
#   BENCH_PROFILE_HZ      samples per second and CPU (997)

prof_modes=${BENCH_PROFILE_MODES:-plain,ours}
prof_secs=${BENCH_PROFILE_T:-6}
prof_hz=${BENCH_PROFILE_HZ:-997}
# The router's interface the load leaves by, and iperf3's option.
prof_dir=${BENCH_PROFILE_DIR:-6to4}
case $prof_dir in
4to6) prof_out=t6 prof_rev=-R ;;
*) prof_dir=6to4 prof_out=t4 prof_rev= ;;
esac

# perf record's event: the CPU's cycles when the (emulated) CPU counts
# them, which TCG's does not; otherwise cpu-clock, a timer of the kernel's,
# which cannot see code that runs with interrupts off (its samples land
# where they are enabled again).  Call graphs come from the kernel's own
# unwinder (ORC in Debian's kernels), so -g needs no frame pointers.
profile_probe() {
	sysctl -qw kernel.kptr_restrict=0 kernel.perf_event_paranoid=-1
	command -v perf >/dev/null ||
		{ note "profile: perf missing (apt-get install linux-perf)"; return 1; }
	prof_ev=cpu-clock
	perf stat -x, -e cycles -a -o "$tmp/stat" -- sleep 0.2 >/dev/null 2>&1
	if grep -q '^[0-9][0-9]*,' "$tmp/stat" 2>/dev/null; then
		prof_ev=cycles
	fi
	echo "I profile_cycles $(grep cycles "$tmp/stat" 2>/dev/null | cut -d, -f1 | head -1)"
	for prof_g in -g ""; do
		# shellcheck disable=SC2086 # prof_g: one option or none
		perf record -q -N --synth=no -a $prof_g -e "$prof_ev" -F "$prof_hz" \
			-o "$tmp/probe.data" -- sleep 0.5 >"$tmp/probe.err" 2>&1 &&
			[ -n "$(perf script -i "$tmp/probe.data" 2>/dev/null | head -1)" ] &&
			break
		note "profile: perf record -a $prof_g -e $prof_ev failed: $(head -c 300 "$tmp/probe.err")"
		prof_g=none
	done
	rm -f "$tmp/probe.data"
	[ "$prof_g" != none ] || return 1
	echo "I profile_event $prof_ev"
	echo "I profile_callgraph ${prof_g:-no}"
	echo "I profile_hz $prof_hz"
	echo "I profile_direction $prof_dir"
	echo "I profile_seconds $prof_secs"
}

# Packets that left the router towards the receiver (by t4 to the server,
# by t6 to the client with -R, in every mode), into tx.
tx_packets() {
	read -r tx <"/sys/class/net/$prof_out/statistics/tx_packets"
}

# "P begin NAME", FILE, "P end NAME".
emit() {
	echo "P begin $1"
	cat "$2"
	echo "P end $1"
}

# fold SERVER: perf script's samples (-F comm,tid,ip,sym) as folded
# stacks, outermost frame first, counted.  With call graphs ($prof_g) a
# sample is its comm and thread on a line, one line per frame (tab,
# address, symbol), innermost first, and a blank line; without, one line:
# comm, thread, address, symbol.  iperf3 becomes iperf3-server for the
# threads in SERVER (a list), iperf3-client for the others.
fold() {
	awk -v cg="$prof_g" -v srv=" $1 " '
	function flush() {
		if (comm == "")
			return
		s = comm
		for (i = n; i >= 1; i--)
			s = s ";" fr[i]
		count[s]++
		comm = ""
		n = 0
	}
	/^\t/ { fr[++n] = $2; next }
	/^[ \t]*$/ { flush(); next }
	{
		flush()
		line = $0
		if (cg == "") {
			fr[++n] = $NF
			sub(/ +[^ ]+ +[^ ]+ *$/, "", line)
		}
		sub(/ +$/, "", line)
		tid = line
		sub(/.* /, "", tid)
		comm = substr(line, 1, length(line) - length(tid))
		sub(/^ +/, "", comm)
		sub(/ +$/, "", comm)
		gsub(/[ ;]/, "_", comm)
		if (comm == "iperf3")
			comm = index(srv, " " tid " ") ? "iperf3-server" : "iperf3-client"
	}
	END {
		flush()
		for (s in count)
			print s, count[s]
	}'
}

# perf_ctl COMMAND: sends COMMAND (enable, disable, ping) to perf record
# and waits for its answer, at most 60 s (perf's start, under TCG).
perf_ctl() {
	echo "$1" >&4
	# shellcheck disable=SC2016 # expanded by that shell
	timeout 60 sh -c 'read -r ack && [ "$ack" = ack ]' <&5 ||
		{ note "profile: perf record did not answer $1"; return 1; }
}

# profile_mode MODE: the load through MODE, sampled once it flows.  perf
# record starts first with its events off (under TCG it takes tens of
# seconds to start), the load next; once packets flow the events are on
# for BENCH_PROFILE_T seconds, which the load outlasts.
profile_mode() {
	pm=$1
	dp_dst "$pm"
	if ! mode_on "$pm"; then
		note "profile: mode $pm failed to start"
		mode_off "$pm"
		return 1
	fi
	rm -f "$tmp/ctl" "$tmp/ack"
	mkfifo "$tmp/ctl" "$tmp/ack"
	exec 4<>"$tmp/ctl" 5<>"$tmp/ack"
	# shellcheck disable=SC2086 # prof_g: one option or none
	perf record -q -N --synth=task -a $prof_g -e "$prof_ev" -F "$prof_hz" \
		-D -1 --control "fifo:$tmp/ctl,$tmp/ack" \
		-o "$tmp/perf-$pm.data" >"$tmp/perf.err" 2>&1 &
	pm_perf=$!
	pm_secs=$secs
	# The server's threads (started by setup()), to tell them from the
	# client's.
	pm_server=$(for p in $(pidof iperf3); do ls "/proc/$p/task"; done | tr '\n' ' ')
	if perf_ctl ping; then
		secs=$((prof_secs + 8))
		# shellcheck disable=SC2086 # prof_rev: one option or none
		iperf_udpmax $prof_rev &
		pm_load=$!
		tx_packets
		pm_t0=$tx
		pm_wait=0
		while sleep 0.5; do
			tx_packets
			[ $((tx - pm_t0)) -lt 1000 ] || break
			pm_wait=$((pm_wait + 1))
			[ $pm_wait -lt 40 ] || { note "profile: no load through $pm after 20 s"; break; }
		done
		clock
		pm_c0=$cs
		tx_packets
		pm_t0=$tx
		perf_ctl enable
		sleep "$prof_secs"
		perf_ctl disable
		clock
		tx_packets
		kill -0 "$pm_load" 2>/dev/null ||
			note "profile: the load through $pm ended before the samples did"
		wait "$pm_load"
		result profile udp_max_pps "$pm" 1 "$(parse "$tmp/j" pps)"
		# Packets per second while the events were on.
		echo "I profile_tx_pps_$pm $(((tx - pm_t0) * 100 / (cs - pm_c0)))"
		echo "I profile_tx_packets_$pm $((tx - pm_t0))"
		echo "I profile_wall_cs_$pm $((cs - pm_c0))"
	fi
	secs=$pm_secs
	# It ends on SIGINT, with a status that says so: its data tells.
	kill -INT "$pm_perf" 2>/dev/null
	wait "$pm_perf"
	[ -s "$tmp/perf-$pm.data" ] ||
		note "profile: perf record failed in mode $pm: $(head -c 300 "$tmp/perf.err")"
	exec 4>&- 5>&-
	perf report -i "$tmp/perf-$pm.data" --no-children --sort sym --stdio \
		-g none --percent-limit 0.2 >"$tmp/report" 2>"$tmp/perf.err" ||
		note "profile: perf report failed in mode $pm: $(head -c 300 "$tmp/perf.err")"
	emit "report-$pm.txt" "$tmp/report"
	perf script -i "$tmp/perf-$pm.data" -F comm,tid,ip,sym 2>/dev/null |
		fold "$pm_server" >"$tmp/folded"
	emit "folded-$pm.txt" "$tmp/folded"
	rm -f "$tmp/perf-$pm.data"
	mode_off "$pm"
}

phase_profile() {
	unload_all
	profile_probe || return
	for prof_mode in $(echo "$prof_modes" | tr ',' ' '); do
		profile_mode "$prof_mode"
	done
}
