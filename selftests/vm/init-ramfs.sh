#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# /init of the test VM's initramfs: load the 9p modules, mount the host's
# root read-only with a tmpfs overlay on top, and hand over to the guest
# script named by JOOL_GUEST on the kernel command line.
export PATH=/bin

/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev

for mod in /modules/*; do
	[ -e "$mod" ] && insmod "$mod"
done

fail() {
	echo "init-ramfs: $*"
	echo o >/proc/sysrq-trigger
	sleep 10
}

mount -t 9p -o trans=virtio,version=9p2000.L,ro,cache=loose,msize=512000 hostroot /lower ||
	fail "cannot mount the host root over 9p"
mount -t tmpfs -o size=1g tmpfs /upper
mkdir -p /upper/data /upper/work
mount -t overlay overlay \
	-o lowerdir=/lower,upperdir=/upper/data,workdir=/upper/work /newroot ||
	fail "cannot mount the overlay"
mkdir -p /newroot/run/jool-results
mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 results \
	/newroot/run/jool-results || fail "cannot mount the results share"

umount /proc /sys
mount --move /dev /newroot/dev 2>/dev/null || umount /dev
exec switch_root /newroot /bin/sh "$JOOL_GUEST"
