#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# PID 1 of the test VM, on the overlay root.  Mounts what the tests need,
# loads the freshly built jool.ko, runs the command the host left in the
# results share, and reports the exit status in results/rc: the verdict
# travels on the 9p share, never through the console.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root TERM=dumb LANG=C.UTF-8
results=/run/jool-results

poweroff_now() {
	sync
	# sleep is exec'd before the power-off takes the 9p root away: once
	# it is gone an exec fails, PID 1 exits and the kernel panics.
	sleep 30 &
	echo o >/proc/sysrq-trigger
	wait
}
trap poweroff_now EXIT

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
ln -sf /proc/self/fd /dev/fd
ln -sf /proc/self/fd/0 /dev/stdin
ln -sf /proc/self/fd/1 /dev/stdout
ln -sf /proc/self/fd/2 /dev/stderr
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
hostname jool-vm
ip link set lo up

# /tmp is not a tmpfs of its own: the checkout under test may live there,
# and the overlay already keeps the guest's writes away from the host.
# /etc/mtab and friends come from the host: that is fine, they are symlinks
# into /proc.  modules.dep of the guest's kernel is on the host's root too.
modprobe configfs 2>/dev/null
mount -t configfs configfs /sys/kernel/config 2>/dev/null

# Under TCG a vCPU can run a stale translation of kernel text that the
# other vCPU has just live-patched.  When a static key flips, text_poke_bp()
# puts an int3 on each site for a moment; a vCPU that translated a site in
# that moment may run the int3 after the patch is done, and the kernel dies
# with "Oops: int3" (QEMU 7.2, seen in make check on 6.12).  Two keys flip
# under traffic in our tests: netstamp_needed_key, on and off with every
# ping (it asks for SO_TIMESTAMP), and nf_hooks_needed, when a translator's
# hooks come and go.  Both were reproduced within a minute beside a flood.
# Keep them on for the whole boot from a namespace no test sees: a ping
# that never ends and an empty base chain on every inet hook.
# JOOL_VM_PIN_KEYS=0 (kernel command line, run.sh -B) leaves them alone:
# benchmarks measure the packet path without the timestamps and hooks.
pin_static_keys() {
	[ "${JOOL_VM_PIN_KEYS:-1}" != 0 ] || return 0
	# "ready" once the chains are in; the ping then lets go of the
	# pipe, so the command substitution returns while it runs on.
	# shellcheck disable=SC2016 # expanded by the inner shell
	pinned=$(unshare -n sh -c '
		pin() {
			ip link set lo up &&
				nft add table inet jool-vm-pin || return
			for hook in prerouting input forward output postrouting; do
				nft add chain inet jool-vm-pin $hook \
					"{ type filter hook $hook priority 0; }" || return
			done
		}
		pin || exit
		echo ready
		exec ping -q -i 86400 127.0.0.1 >/dev/null 2>&1 </dev/null
	' &)
	[ "$pinned" = ready ] || echo "guest: static keys not pinned" >&2
}

load_jool() {
	[ -n "${JOOL_KO:-}" ] || return 0
	for dep in $(modinfo -F depends "$JOOL_KO" | tr ',' ' '); do
		modprobe "$dep" || return 1
	done
	insmod "$JOOL_KO"
}

cd "$JOOL_TOP" || exit 1
pin_static_keys
if load_jool; then
	sh "$results/cmd" >"$results/output" 2>&1
	echo "$?" >"$results/rc"
else
	echo "guest: cannot load $JOOL_KO" >"$results/output"
	echo 1 >"$results/rc"
fi
dmesg >"$results/dmesg"
poweroff_now
