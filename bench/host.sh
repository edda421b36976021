# shellcheck shell=sh disable=SC2034,SC2154 # globals of bench/run.sh and profile.sh
# SPDX-License-Identifier: GPL-2.0
#
# What bench/run.sh (make bench) and bench/profile.sh (make bench-profile)
# share on the host (sourced): the builds the guests need and one VM boot
# of bench/guest.sh.  The sourcing script sets kver, top (the repository,
# also the working directory) and out (where boot() leaves its files).

say() {
	printf 'bench: %s\n' "$*" >&2
}

# build_guest_tools peer|nopeer: jool.ko for $kver and flowgen, and with
# "peer" NAT64 Jool 4.1.9 (bench/peer.sh: cached), whose directory goes to
# $peer (empty with "nopeer").  The build's log goes to $out/build.log.
build_guest_tools() {
	say "building jool.ko for $kver"
	make -s module KDIR="/lib/modules/$kver/build" >"$out/build.log" 2>&1 ||
		{ tail -20 "$out/build.log" >&2; return 1; }
	peer=
	if [ "$1" = peer ]; then
		say "NAT64 Jool 4.1.9 (bench/peer.sh)"
		peer=$(sh bench/peer.sh "$kver") || return 1
	fi
	mkdir -p build/bench
	gcc -O2 -Wall -Wextra -Werror -o build/bench/flowgen selftests/tools/flowgen.c
}

# boot NAME [-s] PHASE...: one VM boot of at most 5 minutes, its output in
# $out/raw-NAME.txt.  It counts as done when the guest got to its end ("I
# done") and its kernel logged nothing bad; with -s a soft lockup is a
# result, not a failure (Jool's /16: the guest notes whose command it
# happened in, and report.py fails the goal if it was ours).  NAME is
# skipped when BENCH_BOOTS is set and does not name it.  Adds the names of
# failed boots to $failed.
failed=
boot() {
	name=$1 relaxed=0
	shift
	[ "$1" != -s ] || { relaxed=1; shift; }
	case " ${BENCH_BOOTS:-$name} " in
	*" $name "*) ;;
	*) return 0 ;;
	esac
	say "VM boot '$name': $* ($(date +%T))"
	t0=$(date +%s)
	rm -f "build/$kver/failed/console"
	# -B: no timestamps or idle hooks that a deployed translator would
	# not have, and the clock the figures were measured with.
	# shellcheck disable=SC2046
	sh selftests/vm/run.sh -t 300 -B "$kver" env BENCH_PEER="$peer" \
		$(env | grep -E '^BENCH_(TOOL|BUDGET|HARD|ROUNDS|DP_ROUNDS|T|JOOL16|FLOWS|NEWFLOWS|PROFILE_[A-Z]+)=') \
		sh bench/guest.sh "$@" \
		>"$out/raw-$name.txt" 2>"$out/err-$name.txt"
	rc=$?
	secs=$(($(date +%s) - t0))
	echo "I boot_$name $secs s, exit $rc" >>"$out/raw-$name.txt"
	bad=
	if [ -f "build/$kver/failed/console" ]; then
		cp "build/$kver/failed/console" "$out/console-$name.txt"
		# What selftests/vm/run.sh found (console and guest dmesg).
		bad=$(grep -h -E 'WARNING:|BUG:|Oops|Kernel panic|soft lockup|hung_task|UBSAN:|KASAN:|general protection|kmemleak: [0-9]+ new suspected|Call Trace' \
			"$out/console-$name.txt" "$out/err-$name.txt" | tr -d '\r')
		[ $relaxed = 0 ] || bad=$(printf '%s\n' "$bad" | grep -v -e 'soft lockup' -e 'Call Trace')
		grep -q 'soft lockup' "$out/console-$name.txt" &&
			echo "N VM boot $name: the guest kernel logged $(grep -o 'soft lockup.*\]' "$out/console-$name.txt" | sort -u | tr '\n' ' ')" >>"$out/raw-$name.txt"
	fi
	if ! grep -q '^I done' "$out/raw-$name.txt"; then
		echo "N VM boot $name did not finish (exit $rc after $secs s): $(tail -3 "$out/err-$name.txt" | tr -c '[:print:]' ' ' | sed 's/\[[0-9;?]*[a-zA-Z]//g')" >>"$out/raw-$name.txt"
		failed="$failed $name"
	elif [ -n "$bad" ]; then
		echo "N VM boot $name: the guest kernel complained: $(printf '%s' "$bad" | head -3 | tr '\n' ' ')" >>"$out/raw-$name.txt"
		failed="$failed $name"
	fi
	say "VM boot '$name' took $secs s${failed:+ (failed so far:$failed)}"
}
