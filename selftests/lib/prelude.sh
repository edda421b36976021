# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0
#
# The start of every data path test of selftests/net/ (sourced first, as
#   . "${JOOL_TOP:-$(dirname "$0")/../..}/selftests/lib/prelude.sh"):
# where the test and the repository are, and the libraries the tests share
# (topology.sh, records.sh, poll.sh, verdict.sh).  kselftest runs copies
# of the tests from its output directory, so in the VM the repository is
# JOOL_TOP (selftests/vm/run.sh passes it), not the test's parent.
#
#   ksft_skip	kselftest's exit status of a skipped test (see skip below)
#   here	the test's directory, where its python peers lie too
#   top		the repository
#   jool	the translator's configfs root
# shellcheck disable=SC2034 # the sourcing test's variables
{
	ksft_skip=4
	here=$(cd "$(dirname "$0")" && pwd)
	top=${JOOL_TOP:-$here/../..}
	jool=/sys/kernel/config/jool
}
# shellcheck source=selftests/lib/topology.sh
. "$top/selftests/lib/topology.sh"
# shellcheck source=selftests/lib/records.sh
. "$top/selftests/lib/records.sh"
# shellcheck source=selftests/lib/poll.sh
. "$top/selftests/lib/poll.sh"
# shellcheck source=selftests/lib/verdict.sh
. "$top/selftests/lib/verdict.sh"

# skip WHY: ends the test as skipped, saying why.
skip() {
	echo "SKIP: $*"
	exit "$ksft_skip"
}
