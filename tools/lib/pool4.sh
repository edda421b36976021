# shellcheck shell=sh disable=SC2034,SC2154 # globals of tools/jool
# SPDX-License-Identifier: GPL-2.0
#
# --pool4 of tools/jool (sourced by it), but --restore (restore.sh).  Every
# change is one plan (records to make, records to drop) applied by
# apply_plan; the pool is read once per command by one awk pass over
# pool4.awk (pool4_awk), or, when it is small, by the shell itself
# (pool4_small.sh: no process for the commonest commands).

# records_create LIST: LIST holds one "mark proto prefix min max" per line
# (TAB separated).  Makes every record with one mkdir(1), then configures
# and enables each one.  Prepends each directory to $created.
records_create() {
	rc_list=$1
	rc_dirs='' rc_todo=
	while IFS="$tab" read -r rc_m rc_p rc_pf rc_lo rc_hi; do
		[ -n "$rc_m" ] || continue
		rc_name=$rc_m-$rc_p-${rc_pf%/*}_${rc_pf#*/}-$rc_lo-$rc_hi
		rc_dir=$pool4_dir/$rc_name
		rc_n=1
		while [ -e "$rc_dir" ]; do
			rc_n=$((rc_n + 1))
			[ "$rc_n" -le 100 ] ||
				fail "no free name for record $rc_name" || return 1
			rc_dir=$pool4_dir/$rc_name.$rc_n
		done
		rc_dirs=$rc_dirs$rc_dir$nl
		created="$rc_dir$nl$created"
		rc_todo="$rc_todo$rc_dir$tab$rc_m$tab$rc_p$tab$rc_pf$tab$rc_lo-$rc_hi$nl"
	done <<EOF
$rc_list
EOF
	cfs_mkdirs "$rc_dirs" || return 1
	while IFS="$tab" read -r rc_dir rc_m rc_p rc_pf rc_r; do
		[ -n "$rc_dir" ] || continue
		cfs_write "$rc_dir/proto" "$rc_p" &&
			cfs_write "$rc_dir/prefix" "$rc_pf" &&
			cfs_write "$rc_dir/ports" "$rc_r" &&
			cfs_write "$rc_dir/mark" "$rc_m" &&
			cfs_write "$rc_dir/enabled" 1 || return 1
	done <<EOF
$rc_todo
EOF
}

# records_disable LIST QUICK: takes the records of LIST (one directory per
# line) out of the pool, setting quick first if QUICK is 1.  Prepends
# "dir enabled quick" (the values before, - if not changed) to $disabled
# for undo_disable.
records_disable() {
	while IFS= read -r rd_dir; do
		[ -n "$rd_dir" ] || continue
		rd_en='' rd_q=-
		attr_read "$rd_dir/enabled" && rd_en=$attr
		if [ "$2" = 1 ]; then
			attr_read "$rd_dir/quick" && rd_q=$attr
			cfs_write "$rd_dir/quick" 1 || return 1
		fi
		if ! cfs_write "$rd_dir/enabled" 0; then
			disabled="$rd_dir$tab-$tab${rd_q:-0}$nl$disabled"
			return 1
		fi
		disabled="$rd_dir$tab${rd_en:-0}$tab${rd_q:-0}$nl$disabled"
	done <<EOF
$1
EOF
}

# Puts back quick and enabled as they were before records_disable.
undo_disable() {
	while IFS="$tab" read -r ud_dir ud_en ud_q; do
		[ -n "$ud_dir" ] || continue
		if { [ "$ud_q" != - ] && ! cfs_write "$ud_dir/quick" "$ud_q"; } ||
			{ [ "$ud_en" != - ] && ! cfs_write "$ud_dir/enabled" "$ud_en"; }; then
			warn "undo: $fail_msg; check ${ud_dir##*/} by hand"
		fi
	done <<EOF
$disabled
EOF
}

# Removes every record listed in $created.
rollback() {
	rb_dirs=
	while IFS= read -r rb_dir; do
		[ -e "$rb_dir" ] || continue
		cfs_write "$rb_dir/enabled" 0 || true
		rb_dirs=$rb_dirs$rb_dir$nl
	done <<EOF
$created
EOF
	cfs_rmdirs "$rb_dirs" || warn "rollback: $fail_msg; remove it by hand"
}

# apply_plan NEW OLD QUICK: makes the records of NEW (see records_create),
# then takes the records of OLD (directories, one per line) out of the pool
# and removes them.  All or nothing: on a failure the records it disabled
# are enabled again, the ones it made removed, and it dies.
apply_plan() {
	created='' disabled=
	if ! records_create "$1" || ! records_disable "$2" "$3"; then
		ap_msg=$fail_msg ap_status=$fail_status
		undo_disable
		rollback
		fail "$ap_msg" "$ap_status" || die_failed
	fi
	cfs_rmdirs "$2" || die_failed
}

# pool4_awk_once MODE [FILE]: runs pool4.awk in MODE over every record; with
# MODE restore, restore.awk over FILE (- for standard input) as well.  The
# record directories reach awk on its standard input, one per line, and
# awk reads their attributes: no argument per record, so no "argument list
# too long" whatever the size of the pool, and no fork per record.  With
# pool4_capture=1 the output goes to pool4_out: awk runs as the command of
# the $(...) itself, which the shell execs (one process; a function called
# in $(...) would cost a shell and then awk).
pool4_awk_once() {
	pw_mode=$1
	pw_csv=${2:-/dev/null}
	pw_dirs=
	set -- "$pool4_dir"/*/
	if [ -d "$1" ]; then
		pw_ifs=$IFS
		IFS=$nl
		pw_dirs="$*"
		IFS=$pw_ifs
	fi
	# Standard input carries the list: a FILE read from it goes to awk
	# as fd 3 (3<&0 below).
	if [ "$pw_csv" = - ]; then
		pw_csv=/dev/fd/3
		[ ! -d /proc/self/fd ] || pw_csv=/proc/self/fd/3
	fi
	set -- -v mode="$pw_mode" -v M="$opt_mark" -v P="$protos" \
		-v RA="${pfx_addr:-0}" -v RL="${pfx_len:-32}" \
		-v RLO="${range_min:-0}" -v RHI="${range_max:-0}" \
		-v EPH="${JOOL_PORT_RANGE_FILE:-/proc/sys/net/ipv4/ip_local_port_range}" \
		-v CSVNAME="${csv_name:-}" \
		-f "$jool_lib/common.awk" -f "$jool_lib/pool4.awk"
	[ "$pw_mode" != restore ] || set -- "$@" -f "$jool_lib/restore.awk"
	set -- "$@" part=pool - part=csv "$pw_csv"
	if [ "${pool4_capture:-0}" = 1 ]; then
		pool4_out=$(awk "$@" 3<&0 <<EOF
$pw_dirs
EOF
)
	else
		awk "$@" 3<&0 <<EOF
$pw_dirs
EOF
	fi
}

# pool4_awk MODE [FILE]: pool4_awk_once, retried.  A record removed by
# someone else while awk reads it fails the read (configfs says ENOENT
# once the item is gone, and mawk gives up): list the records again and
# retry, quietly the first two times.  awk prints only after reading every
# record, so a failed try has printed nothing and has not read FILE yet.
pool4_awk() {
	pool4_awk_once "$@" 2>/dev/null ||
		pool4_awk_once "$@" 2>/dev/null ||
		pool4_awk_once "$@"
}

# pool4_read MODE [FILE]: sets pool4_out to what pool4_awk prints; dies
# when awk fails.
pool4_read() {
	pool4_capture=1
	pool4_awk "$@" || die 1 "cannot read $pool4_dir (awk failed)"
	pool4_capture=0
}

pool4_display() {
	need_pool4
	! small_display || return 0
	pd_mode=display
	[ "$opt_csv" != 1 ] || pd_mode=csv
	pool4_awk "$pd_mode" || die 1 "cannot read $pool4_dir (awk failed)"
}

pool4_count() {
	need_pool4
	pc_file=$pool4_dir/count
	pc_out=
	if { while IFS= read -r pc_l; do
		pc_out=$pc_out$pc_l$nl
	done; } 2>/dev/null <"$pc_file"; then
		printf '%s' "$pc_out"
		return 0
	fi
	pc_err=$(cat "$pc_file" 2>&1 >/dev/null) || true
	cfs_fail "cannot read $pc_file" "$pc_err" || die_failed
}

# pool4_plan MODE [FILE]: reads the pool and the plan of a change (see
# pool4_awk) into plan_new (records to make, for records_create) and
# plan_old (directories to remove); dies on an awk or a plan error.
pool4_plan() {
	pool4_read "$@"
	plan_new='' plan_old=
	while IFS= read -r pl_line; do
		case $pl_line in
		"new$tab"*) plan_new=$plan_new${pl_line#new"$tab"}$nl ;;
		"old$tab"*) plan_old=$plan_old${pl_line#old"$tab"}$nl ;;
		"error$tab"*) die "$EX_INVAL" "${pl_line#error"$tab"}" ;;
		esac
	done <<EOF
$pool4_out
EOF
}

pool4_add() {
	[ -n "$arg_range" ] || arg_range=61001-65535
	parse_range "$arg_range"
	case " $protos " in
	*" tcp "* | *" udp "*)
		[ "$range_max" -ne 0 ] ||
			die "$EX_INVAL" "$arg_range: port 0 is only valid for --icmp"
		;;
	esac
	if [ "$pfx_len" -lt 24 ] && [ "$opt_force" != 1 ]; then
		pow2 $((32 - pfx_len))
		die "$EX_INVAL" "$pfx_text holds $p2 addresses" \
			"(more than 256) per protocol; add --force to add them anyway"
	fi
	need_pool4
	if ! small_add; then
		pool4_read add
		add_have='' ephemeral=''
		eval "$pool4_out"
	fi
	pa_new=
	for pa_p in $protos; do
		case $add_have in
		*" $pa_p "*) continue ;;
		esac
		pa_min=$range_min
		if [ "$pa_p" != icmp ] && [ "$pa_min" -eq 0 ]; then
			pa_min=1
		fi
		pa_new="$pa_new$opt_mark$tab$pa_p$tab$pfx_text$tab$pa_min$tab$range_max$nl"
	done
	apply_plan "$pa_new" "" 0
	case " $protos " in
	*" tcp "* | *" udp "*)
		[ -z "$ephemeral" ] || warn "port range $range_min-$range_max" \
			"overlaps the ephemeral port range $ephemeral" \
			"(net.ipv4.ip_local_port_range)"
		;;
	esac
}

pool4_remove() {
	[ -n "$arg_range" ] || arg_range=0-65535
	parse_range "$arg_range"
	need_pool4
	small_plan || pool4_plan plan
	apply_plan "$plan_new" "$plan_old" "$opt_quick"
}

pool4_flush() {
	need_pool4
	pf_old=
	for pf_dir in "$pool4_dir"/*; do
		[ ! -d "$pf_dir" ] || pf_old=$pf_old$pf_dir$nl
	done
	apply_plan "" "$pf_old" "$opt_quick"
}

# --pool4: checks the options of the operation, then runs pool4_<op>.
pool4_main() {
	cfs_what=pool4
	case ${op:=display} in
	display) allow_only display "csv" ;;
	count) allow_only count "" ;;
	flush) allow_only flush "quick" ;;
	add) allow_only add "mark proto force prefix range" ;;
	remove) allow_only remove "mark proto quick prefix range" ;;
	restore)
		allow_only restore "quick prefix"
		[ -n "$arg_prefix" ] || usage_error "--restore needs a FILE (- for standard input)"
		;;
	esac
	if [ "$op" = add ] || [ "$op" = remove ]; then
		[ -n "$arg_prefix" ] || usage_error "--$op needs a PREFIX"
		parse_prefix "$arg_prefix"
		protos=${opt_protos:-"icmp udp tcp"}
	fi
	case $op in
	add | remove | display)
		# shellcheck source=tools/lib/pool4_small.sh
		. "$jool_lib/pool4_small.sh"
		;;
	esac
	"pool4_$op"
}
