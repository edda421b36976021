#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Shared by the install tests.  dkms.sh and make_install.sh install into the
# root file system, so they run only in the test VM, whose root is a tmpfs
# overlay that vanishes at poweroff.  They unload the jool.ko run.sh loaded
# ($JOOL_KO) and load it again on the way out, so the suites after them
# still find it.

ksft_skip=4
pool4=/sys/kernel/config/jool/pool4
kver=$(uname -r)
# The runner copies the tests to build/selftests/install: the guest's init
# exports JOOL_TOP, the repository.
top=${JOOL_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
reload_ko=
started=$(date +%s)

run() {
	printf '# %s\n' "$*"
	"$@"
}

# logged LOG COMMAND...: run.sh's "run", with the output in LOG, shown only
# when COMMAND fails.
logged() {
	lg_log=$1
	shift
	printf '# %s\n' "$*"
	"$@" >"$lg_log" 2>&1 && return 0
	lg_rc=$?
	sed 's/^/# /' "$lg_log"
	return "$lg_rc"
}

skip() {
	printf 'SKIP: %s\n' "$*"
	exit "$ksft_skip"
}

fail() {
	printf 'FAIL: %s\n' "$*"
	exit 1
}

elapsed() {
	printf '%ss' $(($(date +%s) - started))
}

need_source() {
	[ -f "$top/dkms.conf" ] || skip "no source tree at $top (set JOOL_TOP)"
}

need_vm() {
	need_source
	grep -q 'JOOL_GUEST=' /proc/cmdline 2>/dev/null ||
		skip "installs into /: runs only in the test VM (selftests/vm/run.sh)"
	[ "$(id -u)" = 0 ] || skip "needs root"
	[ -d "/lib/modules/$kver/build" ] || skip "no kernel headers for $kver"
	# dkms's bash needs /dev/fd for <(...); the VM's /dev may lack it.
	[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
}

# dkms_var NAME: a variable of dkms.conf, as the Makefile reads it.
dkms_var() {
	sed -n "s/^$1=\"*\\([^\"]*\\)\"*\$/\\1/p" "$top/dkms.conf"
}

# Unloads the jool.ko run.sh loaded; reload_preloaded loads it again.
unload_preloaded() {
	[ -d /sys/module/jool ] || return 0
	run rmmod jool || fail "cannot unload the preloaded jool.ko (records left?)"
	reload_ko=${JOOL_KO:-}
}

reload_preloaded() {
	[ -n "$reload_ko" ] || return 0
	run insmod "$reload_ko"
}

# Unloads whatever jool is loaded, taking our record with it.
unload_jool() {
	[ -d /sys/module/jool ] || return 0
	rmdir "$pool4/install-test" 2>/dev/null
	modprobe -r jool
}

# check_pool4 JOOL: one TCP address in the pool, through the tool JOOL or,
# when JOOL is empty, by hand through configfs.
check_pool4() {
	[ -d "$pool4" ] || fail "$pool4 missing after modprobe"
	if [ -n "$1" ]; then
		run "$1" --pool4 --add --tcp 192.0.2.1 || fail "jool --pool4 --add"
		printf '# %s --pool4 --count\n' "$1"
		count=$("$1" --pool4 --count) || fail "jool --pool4 --count"
	else
		rec=$pool4/install-test
		run mkdir "$rec" || fail "mkdir $rec"
		for attr in proto=tcp prefix=192.0.2.1 enabled=1; do
			printf '%s' "${attr#*=}" >"$rec/${attr%%=*}" ||
				fail "cannot write $attr"
		done
		count=$(cat "$pool4/count")
	fi
	printf '%s\n' "$count" | sed 's/^/# /'
	want=$(printf 'tables: 1\nsamples: 1\ntransport addresses: 4535')
	[ "$count" = "$want" ] || fail "unexpected pool4 count"
	if [ -n "$1" ]; then
		run "$1" --pool4 --flush || fail "jool --pool4 --flush"
	else
		run rmdir "$rec" || fail "rmdir $rec"
	fi
}
