# shellcheck shell=sh disable=SC2034,SC2154 # globals of bench/guest.sh
# SPDX-License-Identifier: GPL-2.0
#
# The configuration scale phases of bench/guest.sh (sourced): add,
# display, count and flush of one pool4 prefix of /32 to /16, both tools.

# prefix_of LEN: the benchmarking-range prefix of that length.
prefix_of() {
	case $1 in
	32) echo 198.18.0.1 ;;
	*) echo "198.18.0.0/$1" ;;
	esac
}

# jool_bounded ARGS...: Jool's command, given up after $jool16_limit
# seconds or when the boot's budget is spent (its add of a /16 keeps a CPU
# busy in the kernel for tens of seconds without rescheduling).  Prints
# the seconds it took; when given up, prints the limit, marks Jool as
# stuck ($peer_stuck: it is left alone for the rest of the boot) and
# fails.  Run in $(...): its notes go to fd 3, the guest's output.
jool_bounded() {
	jb_t0=$(now)
	jb_limit=$(awk -v l="$jool16_limit" -v now="$jb_t0" -v b="$hard" \
		'BEGIN { left = b - now; if (left < 10) left = 10; print left < l ? left : l }')
	jool_peer "$@" >"$tmp/out" 2>&1 &
	jb_pid=$!
	while kill -0 "$jb_pid" 2>/dev/null; do
		if awk -v t0="$jb_t0" -v now="$(now)" -v l="$jb_limit" \
			'BEGIN { exit !(now - t0 > l) }'; then
			: >"$peer_stuck"
			note "config: Jool's '$*' still running after $jb_limit s: given up, Jool left alone for the rest of the boot" >&3
			echo "$jb_limit"
			return 1
		fi
		sleep 0.2
	done
	wait "$jb_pid" || note "failed: jool $* : $(head -c 300 "$tmp/out")" >&3
	elapsed "$jb_t0"
}

# jool_cfg LEN ARGS...: prints the seconds one of Jool's commands took,
# bounded for the /16 (see jool_bounded).
jool_cfg() {
	if [ "$1" = 16 ]; then
		shift
		jool_bounded "$@"
	else
		shift
		timed jool_peer "$@"
	fi
}

# config_one TOOL LEN ROUND: add, display, count, flush one prefix.
config_one() {
	tool=$1 len=$2 r=$3
	p=$(prefix_of "$len")
	m0=$(kmem 0.3)
	if [ "$tool" = ours ]; then
		t=$(timed ours --pool4 --add --udp --force "$p" 61001-65535)
	elif ! t=$(jool_cfg "$len" pool4 add "$p" 61001-65535 --udp --force); then
		result cfg "add_timeout_s_/$len" jool "$r" "$t"
		return 1
	fi
	result cfg "add_s_/$len" "$tool" "$r" "$t"
	m1=$(kmem 0.3)
	result cfg "kmem_kB_/$len" "$tool" "$r" "$((m1 - m0))"
	if [ "$tool" = ours ]; then
		result cfg "display_s_/$len" ours "$r" "$(timed ours --pool4 --display)"
		result cfg "display_lines_/$len" ours "$r" "$(wc -l <"$tmp/out")"
		result cfg "csv_s_/$len" ours "$r" "$(timed ours --pool4 --display --csv)"
		result cfg "count_s_/$len" ours "$r" "$(timed ours --pool4 --count)"
		result cfg "flush_s_/$len" ours "$r" "$(timed ours --pool4 --flush)"
	else
		t=$(jool_cfg "$len" pool4 display --udp) || return 1
		result cfg "display_s_/$len" jool "$r" "$t"
		result cfg "display_lines_/$len" jool "$r" "$(wc -l <"$tmp/out")"
		t=$(jool_cfg "$len" pool4 display --udp --csv) || return 1
		result cfg "csv_s_/$len" jool "$r" "$t"
		t=$(jool_cfg "$len" pool4 flush) || return 1
		result cfg "flush_s_/$len" jool "$r" "$t"
	fi
}

# config_rounds LEN...: $rounds rounds of ours then Jool for each LEN.
config_rounds() {
	r=1
	t_rounds=$(now)
	while another_round "$r" "$t_rounds" "$rounds" "$rounds"; do
		for tool in ours jool; do
			use "$tool" || continue
			for len in "$@"; do
				config_one "$tool" "$len" "$r"
			done
		done
		r=$((r + 1))
	done
}

phase_config_a() {
	config_rounds 32 24
	unload_all
}

phase_config_b() {
	config_rounds 20 18
	unload_all
}

# Our /16, then Jool's once (it took 52 s and reported soft lockups
# before), bounded: once given up, Jool stays busy in the kernel until the
# end of the boot.  Soft lockups are counted per translator: this is the
# boot where selftests/vm/run.sh's verdict on them is left to the report.
phase_config_16() {
	l0=$(lockups)
	use ours &&
	for r in $(seq "$rounds"); do
		config_one ours 16 "$r"
	done
	l1=$(lockups)
	[ "$l1" = "$l0" ] || note "config: $((l1 - l0)) soft lockup reports during our commands on /16"
	use jool && config_one jool 16 1
	l2=$(lockups)
	[ "$l2" = "$l1" ] || note "config: $((l2 - l1)) soft lockup reports during Jool's commands on /16"
	note "config: Jool's /16 measured once (bounded by $jool16_limit s and the boot's budget), ours $rounds times"
	unload_all
}
