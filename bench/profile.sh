#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make bench-profile: where the CPU time goes while UDP at the maximum rate
# (make bench's dp-udp load, 6->4) crosses the translator, and while it
# crosses plain IPv4 forwarding, in one QEMU TCG guest of Debian's kernel
# KVER.  BENCH_PROFILE_DIR=4to6: dp-udprev's load instead (iperf3 -R, the
# IPv4 server sends), into build/bench/profile-4to6/.
#
#   profile.sh [KVER]      default the newest 6.1 installed
#
# Builds jool.ko and flowgen (bench/host.sh), boots once (bench/guest.sh
# profile: bench/guest/profile.sh samples every CPU with perf during each
# mode) and writes to build/bench/profile/: raw-profile.txt (the guest's
# output), report-MODE.txt (perf report --no-children --sort sym),
# folded-MODE.txt (folded call stacks), flame-MODE.svg and summary.md
# (bench/profile.py; also printed).  BENCH_PROFILE_MODES (plain,ours; add
# jool for NAT64 Jool 4.1.9, which bench/peer.sh then fetches and builds),
# BENCH_PROFILE_DIR, BENCH_PROFILE_T and BENCH_PROFILE_HZ are passed to the
# guest.  Exit
# status 1 when the boot did not finish or its kernel complained.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
case ${BENCH_PROFILE_DIR:-6to4} in
4to6) out=$top/build/bench/profile-4to6 ;;
*) out=$top/build/bench/profile ;;
esac
cd "$top" || exit 1
sh selftests/lib/deps.sh bench || exit 1
kver=${1:-$(sh selftests/lib/kernels.sh | grep -m 1 '^6\.1\.')}
rm -rf "$out"
mkdir -p "$out"
# Not the boots of make bench: this one only.
unset BENCH_BOOTS

# shellcheck source=bench/host.sh
. "$top/bench/host.sh"

case ,${BENCH_PROFILE_MODES:-plain,ours}, in
*,jool,*) build_guest_tools peer ;;
*) build_guest_tools nopeer ;;
esac || exit 1
date=$(date -u '+%Y-%m-%d %H:%M UTC')
load=$(cut -d' ' -f1-3 /proc/loadavg)
boot profile profile
{
	echo "I profile_date $date"
	echo "I host_load $load at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end ($(nproc) CPUs)"
} >>"$out/raw-profile.txt"
python3 bench/profile.py "$kver" "$out" "build/$kver/jool.ko" >"$out/summary.md" ||
	failed="$failed profile.py"
cat "$out/summary.md"
echo "bench: profiles in $out" >&2
if [ -n "$failed" ]; then
	echo "bench: failed:$failed (see $out/err-profile.txt)" >&2
	exit 1
fi
