# shellcheck shell=sh disable=SC2034,SC2154 # globals of tools/jool
# SPDX-License-Identifier: GPL-2.0
#
# configfs access of tools/jool (sourced by it): the one write helper, the
# mkdir/rmdir of records, attribute reads, and the checks that jool.ko is
# there.  Uses cfs_root, pool4_dir and cfs_what, set by main.

# errno_of TEXT: sets errno_name from TEXT, the end of the message of a
# failed cat, mkdir, rmdir or shell redirection: the C locale's strerror()
# (glibc's words, then musl's where they differ), or what dash and busybox
# sh say for ENOENT.  Exact matches: tools/jool runs with LC_ALL=C, so a
# translated text never reaches here, and a record name never matches.
# errno_name is empty for any other error.
errno_of() {
	case $1 in
	"Invalid argument") errno_name=EINVAL ;;
	"Numerical result out of range" | "Result not representable")
		errno_name=ERANGE ;;
	"Numerical argument out of domain" | "Domain error") errno_name=EDOM ;;
	"Device or resource busy" | "Resource busy") errno_name=EBUSY ;;
	"Operation not permitted") errno_name=EPERM ;;
	"Permission denied") errno_name=EACCES ;;
	"No such file or directory" | "No such file" | \
	"Directory nonexistent" | "nonexistent directory") errno_name=ENOENT ;;
	"File exists") errno_name=EEXIST ;;
	*) errno_name= ;;
	esac
}

# Fails with a message naming what was done to what and the kernel's answer.
cfs_fail() {
	cf_line=${2%%"$nl"*}
	cf_text=${cf_line##*: }
	errno_of "$cf_text"
	case $errno_name in
	EPERM | EACCES)
		fail "$1: $cf_text: changing $cfs_what needs root (CAP_NET_ADMIN)" ;;
	ENOENT)
		fail "$1: $cf_text (is the jool module still loaded?)" ;;
	EBUSY)
		fail "$1: $cf_text (the record is enabled; disable it first)" ;;
	EDOM)
		fail "$1: $cf_text (below RFC 6146's minimum: add --force)" ;;
	'')
		fail "$1: $cf_text" ;;
	*)
		fail "$1: $cf_text ($errno_name)" ;;
	esac
}

# cfs_write FILE VALUE: the one way this tool writes configfs.  The value
# goes out in one write(2) of the builtin printf: no fork.  Under dash and
# busybox a builtin reports that a write failed but not its errno, so a
# refused write is made again through an external cat, whose message ends
# with strerror's text under every shell.  configfs changes nothing on a
# refused write, so the second try gets the same answer (or succeeds after
# a passing ENOMEM, and then the value is written).
cfs_write() {
	if printf '%s\n' "$2" 2>/dev/null >"$1"; then
		return 0
	fi
	cw_err=$(cat_to "$1" "$2" 2>&1) && return 0
	cw_rec=${1%/*}
	cfs_fail "cannot write '$2' to ${cw_rec##*/}/${1##*/}" "$cw_err"
}

# cat_to FILE VALUE: writes VALUE and a newline to FILE through cat(1).
cat_to() {
	cat >"$1" <<EOF
$2
EOF
}

# cfs_mkdirs LIST: makes every record of LIST (one directory per line)
# with one mkdir(1); on a failure names the first one missing and the
# reason.  LIST is split in one go: "set -- "$@" dir" per record would
# copy the arguments again each time (seconds for thousands of records).
cfs_mkdirs() {
	set -f
	cm_ifs=$IFS
	IFS=$nl
	# shellcheck disable=SC2086 # one directory per line, no globbing
	set -- $1
	IFS=$cm_ifs
	set +f
	[ "$#" -gt 0 ] || return 0
	mkdir "$@" 2>/dev/null && return 0
	for cm_dir; do
		[ ! -d "$cm_dir" ] || continue
		cm_err=$(mkdir "$cm_dir" 2>&1) && continue
		cfs_fail "cannot create record ${cm_dir##*/}" "$cm_err" || return 1
	done
}

# cfs_rmdirs LIST: removes the records of LIST (one directory per line)
# with one rmdir(1), which removes a configfs item with its attributes.
cfs_rmdirs() {
	set -f
	cr_ifs=$IFS
	IFS=$nl
	# shellcheck disable=SC2086 # one directory per line, no globbing
	set -- $1
	IFS=$cr_ifs
	set +f
	[ "$#" -gt 0 ] || return 0
	rmdir "$@" 2>/dev/null && return 0
	for cr_dir; do
		[ -e "$cr_dir" ] || continue
		cr_err=$(rmdir "$cr_dir" 2>&1) && continue
		cfs_fail "cannot remove record ${cr_dir##*/}" "$cr_err" || return 1
	done
}

# Makes sure $cfs_root exists: when jool.ko is loaded but configfs is not
# mounted (modprobe mounts nothing), mounts it and says so.
need_jool() {
	[ ! -d "$cfs_root" ] || { netns_select; return 0; }
	[ -z "${JOOL_CONFIGFS:-}" ] ||
		die 1 "$cfs_root not found: module not loaded? (modprobe jool; is configfs mounted?)"
	[ -d /sys/module/jool ] ||
		die 1 "the jool module is not loaded (no /sys/module/jool): run modprobe jool"
	nj_mounted=0
	# shellcheck disable=SC2034 # fields read only to skip them
	while read -r nj_dev nj_dir nj_type nj_rest; do
		[ "$nj_dir $nj_type" != "/sys/kernel/config configfs" ] || nj_mounted=1
	done 2>/dev/null </proc/mounts || true
	[ "$nj_mounted" = 0 ] ||
		die 1 "configfs is mounted but has no jool directory (reload jool.ko)"
	nj_err=$(mount -t configfs none /sys/kernel/config 2>&1) ||
		die 1 "configfs is not mounted on /sys/kernel/config and mounting it failed: ${nj_err##*: }"
	printf 'jool: configfs was not mounted: mounted it on /sys/kernel/config\n' >&2
	[ -d "$cfs_root" ] || die 1 "configfs has no jool directory after mounting it"
	netns_select
}

need_pool4() {
	need_jool
	[ -d "$pool4_dir" ] ||
		die 1 "$pool4_dir not found: module not loaded? (modprobe jool; is configfs mounted?)"
}

# need_file NAME: $cfs_root/NAME must exist.
need_file() {
	need_jool
	[ -e "$cfs_root/$1" ] ||
		die 1 "$cfs_root/$1 not found: is the loaded jool.ko older than this tool?"
}
# attr_read FILE: sets attr to the first line of FILE, if it is a regular
# file (configfs attributes are; a device might never end a line).
attr_read() {
	attr=
	[ -f "$1" ] || return 1
	IFS= read -r attr 2>/dev/null <"$1" || [ -n "$attr" ]
}

