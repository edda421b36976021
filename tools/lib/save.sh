# shellcheck shell=sh disable=SC2034,SC2154 # globals of tools/jool
# SPDX-License-Identifier: GPL-2.0
#
# --save FILE and --restore FILE of tools/jool (sourced by it, after
# pool4.sh, pool6.sh and bib.sh, whose helpers it uses): the whole
# configuration of a translator in one text file.
#
#   # comment (whole lines only: '#' also separates ports)
#   [pool6]
#   64:ff9b::/96
#   [pool4]
#   Mark,Protocol,Address,Min port,Max port	(--pool4 --display --csv)
#   0,TCP,192.0.2.1,61001,65535
#   [static-bib]
#   tcp 0 192.0.2.1#80 2001:db8::10#80	(PROTO MARK IPV4#PORT IPV6#PORT)
#   [global]
#   udp-timeout 300				(KEY VALUE: jool/global/KEY)
#
# --save writes the sections in this order, pool4 as --csv sorts it,
# static entries by protocol (TCP, UDP, ICMP), mark, IPv4 address and
# port, settings by name.  --restore checks the whole file first, then
# makes the translator equal to it: a missing or empty section is an
# empty pool6, pool4 or static BIB; settings the file does not name keep
# their values.  All or nothing: a refusal undoes what was done.

# ------------------------------------------------------------------ save

# Sets sv_bib to the enabled static entries, one line each, sorted.
save_static() {
	sv_bib=
	[ -d "$sb_dir" ] || return 0
	sv_rows=
	for sv_d in "$sb_dir"/*/; do
		[ -d "$sv_d" ] || continue
		sb_read "${sv_d%/}"
		[ "$sb_en" = 1 ] || continue
		case $sb_proto in
		tcp) sv_o=1 ;;
		udp) sv_o=2 ;;
		*) sv_o=3 ;;
		esac
		parse_quad "${sb_v4%#*}" || quad=0
		sv_rows="$sv_rows$sv_o $sb_mark $quad ${sb_v4##*#}$tab$sb_proto $sb_mark $sb_v4 $sb_v6$nl"
	done
	[ -n "$sv_rows" ] || return 0
	sv_bib=$(printf '%s' "$sv_rows" | sort -k1,1n -k2,2n -k3,3n -k4,4n |
		cut -f2)$nl
}

# Sets sv_global to "KEY VALUE" lines of jool/global/, by name.
save_global() {
	sv_global=
	[ -d "$cfs_root/global" ] || return 0
	for sv_f in "$cfs_root"/global/*; do
		[ -f "$sv_f" ] || continue
		attr_read "$sv_f" || { cfs_fail "cannot read global/${sv_f##*/}" \
			"$(cat "$sv_f" 2>&1 >/dev/null)" || die_failed; }
		sv_global="$sv_global${sv_f##*/} $attr$nl"
	done
}

config_save() {
	need_pool4
	sb_dir=$cfs_root/static-bib
	pool6_read
	pool4_read csv
	save_static
	save_global
	sv_text="# jool configuration, written by jool --save.
# jool --restore FILE makes a translator equal to it (see jool(8)).
[pool6]
${cur6:+$cur6$nl}
[pool4]
$pool4_out

[static-bib]
$sv_bib
[global]
$sv_global"
	if [ "$arg_prefix" = - ]; then
		printf '%s' "$sv_text"
		return 0
	fi
	sv_tmp=$arg_prefix.tmp.$$
	if ! printf '%s' "$sv_text" 2>/dev/null >"$sv_tmp" ||
		! mv -f "$sv_tmp" "$arg_prefix"; then
		rm -f "$sv_tmp"
		die 1 "$arg_prefix: cannot write this file"
	fi
}

# --------------------------------------------------------------- restore

# rs_taddr TEXT FAMILY: parse_taddr, or dies naming the line rs_where.
rs_taddr() {
	fail_msg=
	if ! parse_taddr "$1"; then
		die "$EX_INVAL" "$rs_where: $fail_msg"
	elif [ "$ta_fam" != "$2" ]; then
		die "$EX_INVAL" "$rs_where: '$1' is not an IPv$2#PORT"
	fi
}

# rs_check_bib PROTO MARK IPV4#PORT IPV6#PORT LINE: one [static-bib] line;
# appends it to rs_bib ("proto mark bib4 bib6 key", TAB separated).
rs_check_bib() {
	rs_where="$csv_name:$5"
	rs_taddr "$3" 4
	rc_4=$ta_addr#$ta_port rc_k4=$ta_key
	rs_taddr "$4" 6
	rc_k="$1 $2 $rc_k4 $ta_key"
	case $nl$rs_seen in
	*"$nl$1 $rc_k4$nl"*)
		die "$EX_INVAL" "$rs_where: $1 $3 is in [static-bib] twice" ;;
	*"$nl$1 $2 $ta_key$nl"*)
		die "$EX_INVAL" "$rs_where: $1 $4 (mark $2) is in [static-bib] twice" ;;
	esac
	rs_seen="$rs_seen$1 $rc_k4$nl$1 $2 $ta_key$nl"
	rs_bib="$rs_bib$1$tab$2$tab$rc_4$tab$ta_addr#$ta_port$tab$rc_k$nl"
}

# Reads FILE through save.awk: sets rs_want6, rs_bib and rs_global
# ("key<TAB>value" lines), and writes the pool4 rows to rs_csv.
rs_parse() {
	rs_out=$(awk -v NAME="$csv_name" -v CSVOUT="$rs_csv" \
		-f "$jool_lib/common.awk" -f "$jool_lib/save.awk" \
		"$rs_file") || die 1 "$csv_name: cannot read this file (awk failed)"
	rs_want6='' rs_bib='' rs_global='' rs_seen=
	while IFS="$tab" read -r rp_kind rp_1 rp_2 rp_3 rp_4 rp_5; do
		case $rp_kind in
		error) die "$EX_INVAL" "$rp_1" ;;
		pool6)
			parse_prefix6 "$rp_1" ||
				die "$EX_INVAL" "$csv_name [pool6]: $fail_msg"
			rs_want6=$rp_1 ;;
		bib) rs_check_bib "$rp_1" "$rp_2" "$rp_3" "$rp_4" "$rp_5" ;;
		global)
			[ -d "$cfs_root/global" ] ||
				die 1 "$csv_name:$rp_3: this jool.ko has no settings ($cfs_root/global)"
			[ -f "$cfs_root/global/$rp_1" ] ||
				die "$EX_INVAL" "$csv_name:$rp_3: unknown setting '$rp_1' (not in $cfs_root/global)"
			rs_global="$rs_global$rp_1$tab$rp_2$nl" ;;
		esac
	done <<EOF
$rs_out
EOF
}

# global_write KEY VALUE: a timeout below RFC 6146's minimum was forced
# when it was set (the kernel says EDOM otherwise), so a saved one is
# forced again, with a warning.
global_write() {
	cfs_write "$cfs_root/global/$1" "$2" && return 0
	case $fail_msg in
	*"Numerical argument out of domain"* | *"Domain error"*)
		cfs_write "$cfs_root/global/$1" "$2 force" || return 1
		warn "$1 $2 is below RFC 6146's minimum: restored with 'force'"
		;;
	*) return 1 ;;
	esac
}

rs_pool6() {
	pool6_read
	rs_old6=$cur6 rs_set6=0
	pool6_current_key
	rs_k6=
	if [ -n "$rs_want6" ]; then
		parse_prefix6 "$rs_want6" || return 1
		rs_k6=$pfx6_key
	fi
	[ "$cur6_key" != "$rs_k6" ] || return 0
	rs_set6=1
	cfs_write "$cfs_root/pool6" "$rs_want6"
}

rs_globals() {
	rs_gundo=
	while IFS="$tab" read -r rg_k rg_v; do
		[ -n "$rg_k" ] || continue
		attr_read "$cfs_root/global/$rg_k" || attr=
		[ "$attr" != "$rg_v" ] || continue
		rs_gundo="$rg_k$tab$attr$nl$rs_gundo"
		global_write "$rg_k" "$rg_v" || return 1
	done <<EOF
$rs_global
EOF
}

# The static entries the file keeps stay as they are (their sessions
# too); the others are disabled now and removed after success.
rs_static_drop() {
	rs_sb_was='' rs_sb_drop='' rs_kept=
	[ -d "$sb_dir" ] || return 0
	for rd_d in "$sb_dir"/*/; do
		[ -d "$rd_d" ] || continue
		rd_d=${rd_d%/}
		sb_read "$rd_d"
		rd_k="$sb_proto $sb_mark $sb_key4 $sb_key6"
		if [ "$sb_en" = 1 ]; then
			rs_sb_was=$rs_sb_was$rd_d$nl
			case "$nl$rs_bib" in
			*"$tab$rd_k$nl"*)
				case $nl$rs_kept in
				*"$nl$rd_k$tab"*) ;;
				*) rs_kept="$rs_kept$rd_k$tab$rd_d$nl"
				   continue ;;
				esac ;;
			esac
			cfs_write "$rd_d/enabled" 0 || return 1
		fi
		rs_sb_drop=$rs_sb_drop$rd_d$nl
	done
}

# Adds the file's entries that are not there yet; the kept ones must
# have survived the new pool4.
rs_static_add() {
	sb_created=
	while IFS="$tab" read -r ra_p ra_m bib4 bib6 ra_k; do
		[ -n "$ra_p" ] || continue
		case $nl$rs_kept in
		*"$nl$ra_k$tab"*)
			ra_d=${rs_kept#*"$ra_k$tab"}
			ra_d=${ra_d%%"$nl"*}
			attr_read "$ra_d/enabled" && [ "$attr" = 1 ] ||
				fail "$ra_p $bib4: not in the [pool4] of $csv_name" ||
				return 1
			continue ;;
		esac
		opt_mark=$ra_m
		sb_create "$ra_p" || return 1
	done <<EOF
$rs_bib
EOF
}

# Puts everything back as it was, in the reverse order of rs_apply.
rs_undo() {
	[ -z "${sb_created:-}" ] || sb_rollback
	undo_disable
	rollback
	while IFS= read -r ru_d; do
		[ -z "$ru_d" ] || cfs_write "$ru_d/enabled" 1 ||
			warn "undo: $fail_msg; check ${ru_d##*/} by hand"
	done <<EOF
${rs_sb_was:-}
EOF
	while IFS="$tab" read -r ru_k ru_v; do
		[ -z "$ru_k" ] || global_write "$ru_k" "$ru_v" ||
			warn "undo: $fail_msg; set global/$ru_k by hand"
	done <<EOF
${rs_gundo:-}
EOF
	[ "${rs_set6:-0}" = 0 ] || cfs_write "$cfs_root/pool6" "$rs_old6" ||
		warn "undo: $fail_msg; set pool6 by hand"
}

# pool6, settings, new pool4 records, static entries out, old pool4
# records out, static entries in; then the removed directories go.
rs_apply() {
	created='' disabled='' sb_created='' rs_sb_was='' rs_gundo=''
	rs_pool6 && rs_globals && records_create "$plan_new" &&
		rs_static_drop && records_disable "$plan_old" "$opt_quick" &&
		rs_static_add
}

config_restore() {
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
	sb_dir=$cfs_root/static-bib
	rs_csv=$(mktemp) || die 1 "cannot make a temporary file"
	trap 'rm -f "$rs_csv"' EXIT
	rs_parse
	[ -z "$rs_bib" ] || [ -d "$sb_dir" ] ||
		die 1 "$sb_dir not found: is the loaded jool.ko older than this tool?"
	pool4_plan restore "$rs_csv"
	if ! rs_apply; then
		ra_msg=$fail_msg ra_status=$fail_status
		rs_undo
		die "$ra_status" "$ra_msg"
	fi
	cfs_rmdirs "$plan_old" || die_failed
	cfs_rmdirs "$rs_sb_drop" || die_failed
}

save_main() {
	if [ "$mode" = save ]; then
		[ -z "$op" ] || usage_error "--save and --$op cannot be combined"
		allow_only save "prefix"
		[ -n "$arg_prefix" ] || usage_error "--save needs a FILE (- for standard output)"
		config_save
	else
		allow_only restore "quick prefix"
		[ -n "$arg_prefix" ] || usage_error "--restore needs a FILE (- for standard input)"
		config_restore
	fi
}
