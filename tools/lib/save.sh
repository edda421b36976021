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

# Sets savedbib to the enabled static entries, one line each, sorted.
save_static() {
	savedbib=
	[ -d "$static_dir" ] || return 0
	ss_rows=
	for ss_d in "$static_dir"/*/; do
		[ -d "$ss_d" ] || continue
		sb_read "${ss_d%/}"
		[ "$sb_en" = 1 ] || continue
		case $sb_proto in
		tcp) ss_o=1 ;;
		udp) ss_o=2 ;;
		*) ss_o=3 ;;
		esac
		parse_quad "${sb_v4%#*}" || quad=0
		ss_rows="$ss_rows$ss_o $sb_mark $quad ${sb_v4##*#}$tab$sb_proto $sb_mark $sb_v4 $sb_v6$nl"
	done
	[ -n "$ss_rows" ] || return 0
	savedbib=$(printf '%s' "$ss_rows" | sort -k1,1n -k2,2n -k3,3n -k4,4n |
		cut -f2)$nl
}

# Sets savedglobal to "KEY VALUE" lines of jool/global/, by name.
save_global() {
	savedglobal=
	[ -d "$cfs_root/global" ] || return 0
	for sg_f in "$cfs_root"/global/*; do
		[ -f "$sg_f" ] || continue
		attr_read "$sg_f" || { cfs_fail "cannot read global/${sg_f##*/}" \
			"$(cat "$sg_f" 2>&1 >/dev/null)" || die_failed; }
		savedglobal="$savedglobal${sg_f##*/} $attr$nl"
	done
}

config_save() {
	need_pool4
	static_dir=$cfs_root/static-bib
	pool6_read
	pool4_read csv
	save_static
	save_global
	cs_text="# jool configuration, written by jool --save.
# jool --restore FILE makes a translator equal to it (see jool(8)).
[pool6]
${cur6:+$cur6$nl}
[pool4]
$pool4_out

[static-bib]
$savedbib
[global]
$savedglobal"
	if [ "$arg_prefix" = - ]; then
		printf '%s' "$cs_text"
		return 0
	fi
	cs_tmp=$arg_prefix.tmp.$$
	if ! printf '%s' "$cs_text" 2>/dev/null >"$cs_tmp" ||
		! mv -f "$cs_tmp" "$arg_prefix"; then
		rm -f "$cs_tmp"
		die 1 "$arg_prefix: cannot write this file"
	fi
}

# --------------------------------------------------------------- restore

# rs_taddr TEXT FAMILY: parse_taddr, or dies naming the line whereline.
rs_taddr() {
	fail_msg=
	if ! parse_taddr "$1"; then
		die "$EX_INVAL" "$whereline: $fail_msg"
	elif [ "$ta_fam" != "$2" ]; then
		die "$EX_INVAL" "$whereline: '$1' is not an IPv$2#PORT"
	fi
}

# rs_check_bib PROTO MARK IPV4#PORT IPV6#PORT LINE: one [static-bib] line;
# appends it to wantbib ("proto mark bib4 bib6 key", TAB separated).
rs_check_bib() {
	whereline="$csv_name:$5"
	rs_taddr "$3" 4
	ck_4=$ta_addr#$ta_port ck_k4=$ta_key
	rs_taddr "$4" 6
	ck_k="$1 $2 $ck_k4 $ta_key"
	case $nl$wantseen in
	*"$nl$1 $ck_k4$nl"*)
		die "$EX_INVAL" "$whereline: $1 $3 is in [static-bib] twice" ;;
	*"$nl$1 $2 $ta_key$nl"*)
		die "$EX_INVAL" "$whereline: $1 $4 (mark $2) is in [static-bib] twice" ;;
	esac
	wantseen="$wantseen$1 $ck_k4$nl$1 $2 $ta_key$nl"
	wantbib="$wantbib$1$tab$2$tab$ck_4$tab$ta_addr#$ta_port$tab$ck_k$nl"
}

# Reads FILE through save.awk: sets want6, wantbib and wantglobal
# ("key<TAB>value" lines), and writes the pool4 rows to confcsv.
rs_parse() {
	xp_out=$(awk -v NAME="$csv_name" -v CSVOUT="$confcsv" \
		-f "$jool_lib/common.awk" -f "$jool_lib/save.awk" \
		"$conffile") || die 1 "$csv_name: cannot read this file (awk failed)"
	want6='' wantbib='' wantglobal='' wantseen=
	while IFS="$tab" read -r xp_kind xp_1 xp_2 xp_3 xp_4 xp_5; do
		case $xp_kind in
		error) die "$EX_INVAL" "$xp_1" ;;
		pool6)
			parse_prefix6 "$xp_1" ||
				die "$EX_INVAL" "$csv_name [pool6]: $fail_msg"
			want6=$xp_1 ;;
		bib) rs_check_bib "$xp_1" "$xp_2" "$xp_3" "$xp_4" "$xp_5" ;;
		global)
			[ -d "$cfs_root/global" ] ||
				die 1 "$csv_name:$xp_3: this jool.ko has no settings ($cfs_root/global)"
			[ -f "$cfs_root/global/$xp_1" ] ||
				die "$EX_INVAL" "$csv_name:$xp_3: unknown setting '$xp_1' (not in $cfs_root/global)"
			wantglobal="$wantglobal$xp_1$tab$xp_2$nl" ;;
		esac
	done <<EOF
$xp_out
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
	old6=$cur6 set6=0 pfx6_key=
	pool6_current_key
	want6key=
	if [ -n "$want6" ]; then
		parse_prefix6 "$want6" || return 1
		want6key=$pfx6_key
	fi
	[ "$cur6_key" != "$want6key" ] || return 0
	set6=1
	cfs_write "$cfs_root/pool6" "$want6"
}

rs_globals() {
	gundo=
	while IFS="$tab" read -r rg_k rg_v; do
		[ -n "$rg_k" ] || continue
		attr_read "$cfs_root/global/$rg_k" || attr=
		[ "$attr" != "$rg_v" ] || continue
		gundo="$rg_k$tab$attr$nl$gundo"
		global_write "$rg_k" "$rg_v" || return 1
	done <<EOF
$wantglobal
EOF
}

# The static entries the file keeps stay as they are (their sessions
# too); the others are disabled now and removed after success.
rs_static_drop() {
	sbwas='' sbdrop='' sbkept=
	[ -d "$static_dir" ] || return 0
	for sd_d in "$static_dir"/*/; do
		[ -d "$sd_d" ] || continue
		sd_d=${sd_d%/}
		sb_read "$sd_d"
		sd_k="$sb_proto $sb_mark $sb_key4 $sb_key6"
		if [ "$sb_en" = 1 ]; then
			sbwas=$sbwas$sd_d$nl
			case "$nl$wantbib" in
			*"$tab$sd_k$nl"*)
				case $nl$sbkept in
				*"$nl$sd_k$tab"*) ;;
				*) sbkept="$sbkept$sd_k$tab$sd_d$nl"
				   continue ;;
				esac ;;
			esac
			cfs_write "$sd_d/enabled" 0 || return 1
		fi
		sbdrop=$sbdrop$sd_d$nl
	done
}

# Adds the file's entries that are not there yet; the kept ones must
# have survived the new pool4.
rs_static_add() {
	static_made=
	while IFS="$tab" read -r ra_p ra_m bib4 bib6 ra_k; do
		[ -n "$ra_p" ] || continue
		case $nl$sbkept in
		*"$nl$ra_k$tab"*)
			ra_d=${sbkept#*"$ra_k$tab"}
			ra_d=${ra_d%%"$nl"*}
			attr_read "$ra_d/enabled" && [ "$attr" = 1 ] ||
				fail "$ra_p $bib4: not in the [pool4] of $csv_name" ||
				return 1
			continue ;;
		esac
		opt_mark=$ra_m
		sb_create "$ra_p" || return 1
	done <<EOF
$wantbib
EOF
}

# Undoes each step rs_apply made, whichever failed.
rs_undo() {
	[ -z "${static_made:-}" ] || sb_rollback
	undo_disable
	rollback
	while IFS= read -r ru_d; do
		[ -z "$ru_d" ] || cfs_write "$ru_d/enabled" 1 ||
			warn "undo: $fail_msg; check ${ru_d##*/} by hand"
	done <<EOF
${sbwas:-}
EOF
	while IFS="$tab" read -r ru_k ru_v; do
		[ -z "$ru_k" ] || global_write "$ru_k" "$ru_v" ||
			warn "undo: $fail_msg; set global/$ru_k by hand"
	done <<EOF
${gundo:-}
EOF
	[ "${set6:-0}" = 0 ] || cfs_write "$cfs_root/pool6" "$old6" ||
		warn "undo: $fail_msg; set pool6 by hand"
}

# Settings, new pool4 records, static entries out, old pool4 records
# out, static entries in, and pool6 last: a translator that was idle
# starts with everything else in place.  Then the removed directories go.
rs_apply() {
	created='' disabled='' static_made='' sbwas='' gundo='' set6=0
	rs_globals && records_create "$plan_new" && rs_static_drop &&
		records_disable "$plan_old" "$opt_quick" && rs_static_add &&
		rs_pool6
}

config_restore() {
	csv_name=$arg_prefix
	conffile=$arg_prefix
	case $conffile in
	-) csv_name=stdin ;;
	/*) ;;
	*) conffile=./$conffile ;;	# never an awk assignment operand
	esac
	if [ "$conffile" != - ] && { [ ! -f "$conffile" ] || [ ! -r "$conffile" ]; }; then
		die 1 "$arg_prefix: cannot read this file"
	fi
	need_pool4
	static_dir=$cfs_root/static-bib
	confcsv=$(mktemp) || die 1 "cannot make a temporary file"
	trap 'rm -f "$confcsv"' EXIT
	rs_parse
	[ -z "$wantbib" ] || [ -d "$static_dir" ] ||
		die 1 "$static_dir not found: is the loaded jool.ko older than this tool?"
	pool4_plan restore "$confcsv"
	if ! rs_apply; then
		xr_msg=$fail_msg xr_status=$fail_status
		rs_undo
		die "$xr_status" "$xr_msg"
	fi
	cfs_rmdirs "$plan_old" || die_failed
	cfs_rmdirs "$sbdrop" || die_failed
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
