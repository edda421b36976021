# shellcheck shell=sh disable=SC2034,SC2154 # globals of bench/guest.sh
# SPDX-License-Identifier: GPL-2.0
#
# Helpers of every phase of bench/guest.sh (sourced): the sample lines,
# the fork-free clock, memory figures and the round budget.

result() {
	echo "R $*"
}

note() {
	echo "N $*"
}

in_c() {
	ip netns exec bc "$@"
}

in_s() {
	ip netns exec bs "$@"
}

# Time since boot, without a fork (each costs tens of ms under TCG):
# clock sets up to the seconds ("123.45") and cs to centiseconds.
clock() {
	read -r up _ </proc/uptime
	cs=${up%.*}${up#*.}
}

now() {
	clock
	echo "$up"
}

# elapsed T0: seconds since T0 (a value of now).
elapsed() {
	clock
	d=$((cs - ${1%.*}${1#*.}))
	printf '%d.%02d\n' $((d / 100)) $((d % 100))
}

# Seconds COMMAND took (its output goes to $tmp/out).
timed() {
	clock
	c0=$cs
	"$@" >"$tmp/out" 2>&1 || note "failed ($?): $* : $(head -c 300 "$tmp/out")" >&2
	clock
	d=$((cs - c0))
	printf '%d.%02d\n' $((d / 100)) $((d % 100))
}

# Kernel memory that modules allocate: slab plus vmalloc, in kB, after
# SECONDS (default 1) for kfree_rcu / call_rcu batches.
kmem() {
	sleep "${1:-1}"
	k=0
	while read -r key val _; do
		case $key in
		Slab: | VmallocUsed:) k=$((k + val)) ;;
		esac
	done </proc/meminfo
	echo "$k"
}

# MemAvailable in kB (read right after kmem, which settled things).
memavail() {
	awk '/^MemAvailable:/ { print $2 }' /proc/meminfo
}

lockups() {
	dmesg | grep -c 'soft lockup'
}

# another_round R T0 MIN MAX: whether round R of a phase whose first round
# began at T0 should run: up to MIN rounds while one more round (as long as
# the average one so far) ends before the guest's kernel has been up $hard
# seconds, then up to MAX rounds while it ends before $budget seconds.
# The clock is the guest's uptime, so the boot itself counts: past the
# hard limit a round would take the VM past its 5 minutes, and the phase
# stops short (noted) rather than lose everything.
another_round() {
	[ "$1" -le "$4" ] || return 1
	[ "$1" -gt 1 ] || return 0
	clock
	ar_left=$((budget - cs / 100))
	[ "$1" -gt "$3" ] || ar_left=$((hard - cs / 100))
	ar_per=$(((cs - ${2%.*}${2#*.}) / 100 / ($1 - 1)))
	[ "$ar_per" -le "$ar_left" ] && return 0
	[ "$1" -gt "$3" ] ||
		note "stopped after $(($1 - 1)) of the planned rounds: one more would take this boot past its time limit"
	return 1
}
