#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Concurrent pool4 configuration storm (see config_storm.py): the short run
# by default, 2 x 50,000 operations with JOOL_STORM=long.  The seed is
# printed; JOOL_STORM_SEED=N reproduces a run.
set -u
here=$(cd "$(dirname "$0")" && pwd)
ksft_skip=4

command -v python3 >/dev/null || { echo "SKIP: python3 missing"; exit $ksft_skip; }
logdir=$(mktemp -d)
trap 'rm -rf "$logdir"' EXIT
JOOL_STORM_LOGDIR=$logdir python3 "$here/config_storm.py"
