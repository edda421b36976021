#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Build the tiny initramfs that mounts the host's root over 9p.
#
#   initramfs.sh KVER OUT.cpio.gz
#
# It holds a static busybox, the modules needed to reach the 9p root (in
# dependency order, decompressed, because busybox's insmod cannot read .xz)
# and init-ramfs.sh as /init.  Modules the kernel builds in (6.12 has
# virtio_pci built in) or no longer ships (6.12 merged fscache into netfs)
# are simply not listed by modprobe, so both kernels work unchanged.
set -eu

kver=$1
out=$2
here=$(dirname "$0")
busybox=$(command -v busybox)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

file "$busybox" 2>/dev/null | grep -q 'statically linked' || {
	printf 'initramfs.sh: %s is not static (apt-get install busybox-static)\n' "$busybox" >&2
	exit 1
}

mkdir -p "$tmp/bin" "$tmp/modules" "$tmp/proc" "$tmp/sys" "$tmp/dev" \
	"$tmp/lower" "$tmp/upper" "$tmp/newroot"
cp "$busybox" "$tmp/bin/busybox"
ln -s busybox "$tmp/bin/sh"
cp "$here/init-ramfs.sh" "$tmp/init"
chmod 755 "$tmp/init"

n=0
for mod in virtio_pci 9pnet_virtio 9p overlay; do
	[ ! -d "/lib/modules/$kver" ] || modprobe --show-depends -S "$kver" "$mod"
done | awk '$1 == "insmod" && !seen[$2]++ { print $2 }' |
while read -r path; do
	n=$((n + 1))
	name=$(printf '%02d-%s' "$n" "$(basename "$path" | sed 's/\.xz$//; s/\.zst$//')")
	case "$path" in
	*.xz) xz -dc "$path" >"$tmp/modules/$name" ;;
	*.zst) zstd -qdc "$path" >"$tmp/modules/$name" ;;
	*) cp "$path" "$tmp/modules/$name" ;;
	esac
done

(cd "$tmp" && find . | cpio -o -H newc --quiet | gzip -1) >"$out.tmp"
mv "$out.tmp" "$out"
