#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# `make demo`: build jool.ko for Debian's 6.1 kernel, boot it in a VM and
# show an operator's session (selftests/vm/demo-guest.sh).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

sh selftests/lib/deps.sh
kver=$(sh selftests/lib/kernels.sh | head -n 1)
[ -n "$kver" ] || { echo "demo: no Debian 6.1 kernel with headers installed" >&2; exit 1; }
echo "building jool.ko for $kver ..."
make -s module KDIR="/lib/modules/$kver/build" >/dev/null
echo "booting $kver under QEMU ..."
exec sh selftests/vm/run.sh -t 300 "$kver" sh selftests/vm/demo-guest.sh
