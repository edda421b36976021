#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Boot Debian's packaged kernel KVER under QEMU with the host's root shared
# read-only over 9p, load build/KVER/jool.ko and run COMMAND inside.
#
#   run.sh [-t SECONDS] [-n] [-B] [-k BZIMAGE] [-m MODULE] [-a ARGS] KVER COMMAND...
#
#   -t SECONDS  give up after this long (default 600): a hung or panicked
#               guest ends in a failure, never a stuck run
#   -n          do not load jool.ko (to test loading itself)
#   -B          a benchmark's boot: the guest as its kernel sets itself up
#               (see below)
#   -k BZIMAGE  boot this kernel image instead of /boot/vmlinuz-KVER, e.g.
#               the debug kernel of selftests/debug-kernel/ (KVER is then
#               its release, which names build/KVER/); it must have what
#               the VM needs built in when /lib/modules/KVER is missing
#   -m MODULE   load this jool.ko instead of build/KVER/jool.ko
#   -a ARGS     append ARGS to the kernel command line (the debug kernel
#               needs watchdog_thresh=60 rcupdate.rcu_cpu_stall_timeout=300:
#               under TCG its ACPI setup stalls a CPU for >20 s)
#
# JOOL_VM_MEM sets the guest's memory in MiB (default 2048).
#
# Without -B, two changes make the tests' guests safer and faster under
# emulation.  The guest keeps the static keys that tests flip under
# traffic switched on (pin_static_keys() in guest.sh).  And it boots with
# tsc=reliable: the kernel finds the emulated CPUs' TSCs unsynchronised
# and falls back to the HPET, whose every read is an emulated device
# access (an iperf3 flood of 64-byte UDP over veth ran at 8.0 Mbit/s on
# the HPET, 20.0 on the TSC, 6.1 with the keys pinned).  Benchmarks keep
# the kernel's own choices, with which their figures were measured.
#
# COMMAND runs with the repository as working directory; its output is
# printed here.  The exit status is COMMAND's, taken from the results share.
# The run fails as well when the guest's kernel log shows a warning, BUG,
# oops, soft lockup or panic (the guest boots with panic_on_warn=1).
set -eu

timeout=600
load=1
kernel=
ko=
append=
bench=0
while getopts t:nBk:m:a: opt; do
	case $opt in
	t) timeout=$OPTARG ;;
	n) load=0 ;;
	B) bench=1 ;;
	k) kernel=$OPTARG ;;
	m) ko=$OPTARG ;;
	a) append=" $OPTARG" ;;
	*) exit 64 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 2 ] || { echo "usage: run.sh [-t SECONDS] [-n] [-B] [-k BZIMAGE] [-m MODULE] [-a ARGS] KVER COMMAND..." >&2; exit 64; }
if [ $bench = 1 ]; then
	append=" JOOL_VM_PIN_KEYS=0$append"
else
	append=" tsc=reliable$append"
fi
kver=$1
shift

top=$(cd "$(dirname "$0")/../.." && pwd)
vmdir=$top/build/$kver/vm
kernel=${kernel:-/boot/vmlinuz-$kver}
ko=${ko:-$top/build/$kver/jool.ko}
[ -r "$kernel" ] || { echo "run.sh: $kernel missing (apt-get install linux-image-$kver)" >&2; exit 1; }
[ $load = 0 ] || [ -r "$ko" ] || { echo "run.sh: $ko missing (make KVER=$kver)" >&2; exit 1; }

mkdir -p "$vmdir"
initrd=$vmdir/initramfs.cpio.gz
if [ ! -s "$initrd" ] ||
   [ -n "$(find "$top/selftests/vm" -name 'init*.sh' -newer "$initrd")" ]; then
	sh "$top/selftests/vm/initramfs.sh" "$kver" "$initrd"
fi

results=$(mktemp -d "$vmdir/results.XXXXXX")
console=$results/console
trap 'rm -rf "$results"' EXIT
{
	printf 'set -e\n'
	for arg in "$@"; do
		printf "'%s' " "$(printf '%s' "$arg" | sed "s/'/'\\\\''/g")"
	done
	printf '\n'
} >"$results/cmd"

koarg=
[ $load = 0 ] || koarg="JOOL_KO=$ko"
# TCG only: /dev/kvm exists on our machines but does not boot a normal guest.
# no_timer_check: when the host is busy, emulated CPUs fall behind the
# IO-APIC timer check at boot and the kernel panics with "IO-APIC + timer
# doesn't work!" before any test runs; the check proves nothing under QEMU.
timeout -k 10 "$timeout" qemu-system-x86_64 \
	-accel tcg -cpu max -smp 2 -m "${JOOL_VM_MEM:-2048}" \
	-nodefaults -no-user-config -nographic -no-reboot \
	-serial "file:$console" -monitor none \
	-device virtio-rng-pci \
	-fsdev local,id=hostroot,path=/,security_model=none,readonly=on,multidevs=remap \
	-device virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot \
	-fsdev local,id=results,path="$results",security_model=none \
	-device virtio-9p-pci,fsdev=results,mount_tag=results \
	-kernel "$kernel" -initrd "$initrd" \
	-append "console=ttyS0 quiet loglevel=4 no_timer_check panic_on_warn=1 panic=-1 oops=panic softlockup_panic=1 JOOL_GUEST=$top/selftests/vm/guest.sh JOOL_TOP=$top $koarg$append" \
	</dev/null &
qemu_pid=$!
# Show the command's output as the guest writes it: a run that times out
# still tells how far it got.
touch "$results/output"
tail -n +1 -f --pid="$qemu_pid" "$results/output" &
tail_pid=$!
wait "$qemu_pid" || qemu_rc=$?
wait "$tail_pid"

bad=$(grep -E -m 5 'WARNING:|BUG:|Oops|Kernel panic|soft lockup|hung_task|UBSAN:|KASAN:|general protection|kmemleak: [0-9]+ new suspected|Call Trace' \
	"$console" "$results/dmesg" 2>/dev/null || true)
if [ -n "$bad" ]; then
	printf 'run.sh: the guest kernel complained:\n%s\n' "$bad" >&2
	mkdir -p "$top/build/$kver/failed"
	cp "$console" "$top/build/$kver/failed/console"
	exit 1
fi
if [ ! -f "$results/rc" ]; then
	printf 'run.sh: no verdict from the guest (qemu exit %s, timeout %ss); console:\n' "${qemu_rc:-0}" "$timeout" >&2
	tail -n 30 "$console" >&2
	exit 1
fi
exit "$(cat "$results/rc")"
