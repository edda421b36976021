# shellcheck shell=sh disable=SC2034,SC2154 # globals of tools/jool
# SPDX-License-Identifier: GPL-2.0
#
# --bib, --session and --stats of tools/jool (sourced by it): tables that
# show.awk regroups by mark and protocol, and their --count.

# show_source NAME: sets so_file to where the listing NAME is read from.
# The kernel streams bib and session from /proc/net/jool/ of our own
# namespace, the one whose configuration directory netns_select chose;
# its configfs copies hold the whole listing in kernel memory at once.
# Fake trees (JOOL_CONFIGFS set) and an idle translator, which has no
# /proc/net/jool/ yet, have the configfs ones only.
show_source() {
	so_file=$cfs_root/$1
	[ "$1" != stats ] || return 0
	[ -z "${JOOL_CONFIGFS:-}" ] && [ -f "/proc/net/jool/$1" ] &&
		so_file=/proc/net/jool/$1
	[ -r "$so_file" ] ||
		die 1 "$1: the table shows every subscriber's flows: reading it needs root (CAP_NET_ADMIN)"
}

# show NAME: prints the listing NAME through show.awk's table or stats
# mode.
show() {
	need_file "$1"
	show_source "$1"
	sh_mode=$1
	[ "$opt_csv" != 1 ] || sh_mode=${1}csv
	[ "$op" != count ] || sh_mode=count
	awk -v mode="$sh_mode" -v P="$protos" \
		-f "$jool_lib/common.awk" -f "$jool_lib/show.awk" \
		part="$1" "$so_file" ||
		die 1 "cannot read $so_file (the $1 table needs CAP_NET_ADMIN)"
}

# bib and session: display or count, any protocols, CSV; the changes of
# the BIB (static entries) are bib.sh's.
table_main() {
	case ${op:=display} in
	display) allow_only display "csv proto" ;;
	count) allow_only count "proto" ;;
	*) no_op ;;
	esac
	protos=${opt_protos:-"icmp udp tcp"}
	show "$mode"
}

stats_main() {
	[ "${op:=display}" = display ] || no_op
	allow_only display "csv"
	show stats
}

