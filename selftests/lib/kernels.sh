#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The kernels the suite runs on: the newest installed 6.1 and 6.12 that
# have both an image in /boot and headers in /lib/modules/<kver>/build.
# JOOL_KERNELS overrides the list.
set -eu

if [ -n "${JOOL_KERNELS:-}" ]; then
	# shellcheck disable=SC2086 # a list of words
	printf '%s\n' $JOOL_KERNELS
	exit 0
fi
for series in 6.1 6.12; do
	for img in /boot/vmlinuz-"$series".*; do
		kver=${img#/boot/vmlinuz-}
		[ -d "/lib/modules/$kver/build" ] && printf '%s\n' "$kver"
	done | sort -V | tail -n 1
done
