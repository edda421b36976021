# shellcheck shell=sh disable=SC2034,SC2154 # globals of tools/jool
# SPDX-License-Identifier: GPL-2.0
#
# --pool4 --restore of tools/jool (sourced by it): the pool becomes exactly
# what a file saved by --display --csv lists.  restore.awk does the work.

# --restore FILE: the whole file is checked before anything changes, then
# the pool becomes exactly what the file lists (one record per aligned
# block of consecutive addresses sharing mark, protocol and range).
pool4_restore() {
	csv_name=$arg_prefix
	rs_file=$arg_prefix
	case $rs_file in
	-) csv_name=stdin ;;
	/*) ;;
	*) rs_file=./$rs_file ;;	# never an awk assignment operand
	esac
	if [ "$rs_file" != - ] && { [ ! -f "$rs_file" ] || [ ! -r "$rs_file" ]; }; then
		die 1 "$arg_prefix: cannot read this file"
	fi
	need_pool4
	pool4_plan restore "$rs_file"
	apply_plan "$plan_new" "$plan_old" "$opt_quick"
}
