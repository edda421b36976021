# shellcheck shell=sh disable=SC2034,SC2154 # globals of tools/jool
# SPDX-License-Identifier: GPL-2.0
#
# --bib, --session and --stats of tools/jool (sourced by it): tables that
# show.awk regroups by mark and protocol, and their --count.

# show NAME: prints jool/NAME through show.awk's table or stats mode.
show() {
	need_file "$1"
	sh_mode=$1
	[ "$opt_csv" != 1 ] || sh_mode=${1}csv
	[ "$op" != count ] || sh_mode=count
	awk -v mode="$sh_mode" -v P="$protos" \
		-f "$jool_lib/common.awk" -f "$jool_lib/show.awk" \
		part="$1" "$cfs_root/$1" ||
		die 1 "cannot read $cfs_root/$1"
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

