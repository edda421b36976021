# shellcheck shell=sh disable=SC2034,SC2154 # globals of tools/jool
# SPDX-License-Identifier: GPL-2.0
#
# --pool4 --add, --remove and --display of a small pool with shell builtins
# only (sourced by pool4_main for those three).  An operator changing one
# address at a time meets a pool of a few records, and in a small VM
# starting awk costs more than all the rest of such a command but its
# mkdir(1) or rmdir(1): about a hundred milliseconds each under emulation.
# So a pool of at most $small_max records is read here with the shell's
# read (configfs answers reads at any offset) and planned with the rules
# of pool4.awk, which stays the reference and does every larger pool.
# Whatever this file is not sure to read exactly as pool4.awk does (a
# value outside what the kernel writes, a file that cannot be opened) is
# left to awk: each function returns false and the caller runs pool4_awk.
#
# The records are kept in numbered variables, rec_n of them, record I in
# rec_dir_I, rec_mark_I, rec_proto_I, rec_a_I and rec_b_I (first and last
# address as integers), rec_len_I, rec_lo_I and rec_hi_I; only enabled
# ones, in the order pool4.awk loads them.  Lists of lines would have to
# be read back through here-documents, which dash and busybox sh read one
# byte per read(2).

# JOOL_SMALL_POOL (tests): the most records done here; 0 leaves all to awk.
small_max=${JOOL_SMALL_POOL:-16}

# small_attr FILE: sets attr to the first line of FILE as pool4.awk's
# getline gets it (empty for an empty file); false only when FILE cannot
# be opened (gone meanwhile: pool4_awk retries).
small_attr() {
	attr=
	{ IFS= read -r attr || :; } 2>/dev/null <"$1"
}

# small_num TEXT MAX: parse_uint, and TEXT is written as the kernel writes
# numbers.  awks disagree on leading zeros (busybox's reads 070 as octal),
# so such a value is left to the awk the tool runs with.
small_num() {
	parse_uint "$1" "$2" && [ "$uint" = "$1" ]
}

# small_load: loads the pool into rec_*; rec_addrs is the number of
# addresses of its records.  False when the pool is not small or has a
# record for awk.
small_load() {
	rec_n=0 rec_addrs=0
	[ "$small_max" -gt 0 ] || return 1
	set -- "$pool4_dir"/*/
	[ -d "$1" ] || return 0
	[ "$#" -le "$small_max" ] || return 1
	for sl_dir; do
		small_record "${sl_dir%/}" || return 1
	done
}

# small_record DIR: appends record DIR to rec_* if it is enabled and
# pool4.awk would load it: the shapes of its regular expressions first (a
# record failing one is ignored), then the values (beyond what the kernel
# takes, awk's arithmetic would differ from ours: false).
small_record() {
	sr_dir=$1
	case $sr_dir in
	*"$nl"* | *"$tab"*) return 1 ;;
	esac
	small_attr "$sr_dir/enabled" || return 1
	[ "$attr" = 1 ] || return 0
	small_attr "$sr_dir/proto" || return 1
	sr_proto=$attr
	small_attr "$sr_dir/prefix" || return 1
	sr_pfx=$attr
	small_attr "$sr_dir/ports" || return 1
	sr_ports=$attr
	small_attr "$sr_dir/mark" || return 1
	sr_mark=${attr:-0}
	case $sr_proto in
	tcp | udp | icmp) ;;
	*) return 0 ;;
	esac
	sr_addr=${sr_pfx%/*} sr_len=${sr_pfx#*/}
	case $sr_pfx in
	*[!0-9./]* | */*/* | *./* | *.*.*.*.*/* | *..* | .*) return 0 ;;
	*.*.*.*/[0-9]*) ;;
	*) return 0 ;;
	esac
	case $sr_len in
	*[!0-9]*) return 0 ;;
	esac
	case $sr_ports in
	'' | *[!0-9-]* | -* | *- | *-*-*) return 0 ;;
	esac
	parse_quad "$sr_addr" && [ "$quad_text" = "$sr_addr" ] || return 1
	small_num "$sr_len" 32 || return 1
	small_num "$sr_mark" 4294967295 || return 1
	small_num "${sr_ports%-*}" 65535 || return 1
	sr_lo=$uint
	small_num "${sr_ports#*-}" 65535 || return 1
	sr_hi=$uint
	[ "$sr_lo" -le "$sr_hi" ] || return 1
	rec_n=$((rec_n + 1))
	pow2 $((32 - sr_len))
	sr_size=$p2
	rec_addrs=$((rec_addrs + sr_size))
	eval "rec_dir_$rec_n=\$sr_dir rec_mark_$rec_n=\$sr_mark" \
		"rec_proto_$rec_n=\$sr_proto rec_a_$rec_n=\$quad" \
		"rec_b_$rec_n=\$((quad + sr_size - 1)) rec_len_$rec_n=\$sr_len" \
		"rec_lo_$rec_n=\$sr_lo rec_hi_$rec_n=\$sr_hi"
}

# small_get I: sets the got_* fields of record I.
got_dir='' got_mark=0 got_proto='' got_a=0 got_b=0 got_len=0 got_lo=0 got_hi=0
small_get() {
	eval "got_dir=\$rec_dir_$1 got_mark=\$rec_mark_$1 got_proto=\$rec_proto_$1" \
		"got_a=\$rec_a_$1 got_b=\$rec_b_$1 got_len=\$rec_len_$1" \
		"got_lo=\$rec_lo_$1 got_hi=\$rec_hi_$1"
}

# small_selected: record r_* has mark M and one of the protocols of the
# command (pool4.awk's selected()).
small_selected() {
	[ "$got_mark" -eq "$opt_mark" ] || return 1
	case " $protos " in
	*" $got_proto "*) return 0 ;;
	esac
	return 1
}

# small_ephemeral: sets ephemeral to the ephemeral port range when it meets
# range_min-range_max, else to nothing, as pool4.awk does.  The range is
# read from the module's pool4/ephemeral-range (or JOOL_PORT_RANGE_FILE, a
# regular file for tests).  False without either: the sysctl file answers
# only a read at offset 0 (a shell's read takes one byte per read(2) and
# would see "3"), so awk reads it.
small_ephemeral() {
	ephemeral=
	se_file=${JOOL_PORT_RANGE_FILE:-$pool4_dir/ephemeral-range}
	case $se_file in
	/proc/*) return 1 ;;
	esac
	[ -f "$se_file" ] || return 1
	small_attr "$se_file" || return 1
	# pool4.awk's /^[ \t]*[0-9]+[ \t]+[0-9]+[ \t]*$/: anything else means
	# no warning.
	case $attr in
	'') return 1 ;;
	*[!0-9" $tab"]*) return 0 ;;
	esac
	set -f
	# shellcheck disable=SC2086 # split at blanks, no globbing
	set -- $attr
	set +f
	[ "$#" -eq 2 ] || return 0
	small_num "$1" 9999999999 || return 1
	se_lo=$uint
	small_num "$2" 9999999999 || return 1
	if [ "$range_min" -le "$uint" ] && [ "$se_lo" -le "$range_max" ]; then
		ephemeral=$se_lo-$uint
	fi
}

# small_add: sets add_have and ephemeral as pool4.awk's add() does; false
# when awk must do it.
small_add() {
	small_load || return 1
	case " $protos " in
	*" tcp "* | *" udp "*) small_ephemeral || return 1 ;;
	*) ephemeral= ;;
	esac
	pow2 $((32 - pfx_len))
	sa_last=$((pfx_addr + p2 - 1))
	add_have=' '
	sa_i=1
	while [ "$sa_i" -le "$rec_n" ]; do
		small_get "$sa_i"
		sa_i=$((sa_i + 1))
		small_selected || continue
		[ "$got_a" -le "$pfx_addr" ] || continue
		[ "$got_b" -ge "$sa_last" ] || continue
		[ "$got_lo" -le "$range_min" ] || continue
		[ "$got_hi" -ge "$range_max" ] || continue
		case $add_have in
		*" $got_proto "*) ;;
		*) add_have="$add_have$got_proto " ;;
		esac
	done
}

# small_piece PROTO ADDR LEN MIN MAX: one record of the plan, unless the
# pool or the plan has it already (small_keys).
small_piece() {
	sk_key="$opt_mark:$1:$2:$3:$4:$5"
	case $small_keys in
	*" $sk_key "*) return 0 ;;
	esac
	small_keys="$small_keys$sk_key "
	num2ip "$2"
	plan_new="$plan_new$opt_mark$tab$1$tab$ip/$3$tab$4$tab$5$nl"
}

# small_plan: sets plan_new and plan_old for --remove as pool4.awk's
# plan() does; false when awk must do it.
small_plan() {
	small_load || return 1
	plan_new='' plan_old='' small_keys=' '
	pow2 $((32 - pfx_len))
	sn_last=$((pfx_addr + p2 - 1))
	sn_i=1
	while [ "$sn_i" -le "$rec_n" ]; do
		small_get "$sn_i"
		small_keys="$small_keys$got_mark:$got_proto:$got_a:$got_len:$got_lo:$got_hi "
		sn_i=$((sn_i + 1))
	done
	sn_i=1
	while [ "$sn_i" -le "$rec_n" ]; do
		small_get "$sn_i"
		sn_i=$((sn_i + 1))
		small_selected || continue
		[ "$got_b" -lt "$pfx_addr" ] || [ "$got_a" -gt "$sn_last" ] ||
			[ "$got_hi" -lt "$range_min" ] || [ "$got_lo" -gt "$range_max" ] &&
			continue
		plan_old="$plan_old$got_dir$nl"
		# The halves of the record that do not hold the prefix, from
		# the largest down.
		sn_l=$((got_len + 1))
		while [ "$sn_l" -le "$pfx_len" ]; do
			pow2 $((32 - sn_l))
			sn_size=$p2
			sn_base=$((pfx_addr - pfx_addr % sn_size))
			if [ $((sn_base / sn_size % 2)) = 1 ]; then
				sn_sib=$((sn_base - sn_size))
			else
				sn_sib=$((sn_base + sn_size))
			fi
			small_piece "$got_proto" "$sn_sib" "$sn_l" "$got_lo" "$got_hi"
			sn_l=$((sn_l + 1))
		done
		# The ports outside the range, on the record or the prefix,
		# whichever is smaller.
		sn_a=$pfx_addr sn_len=$pfx_len
		[ "$got_len" -lt "$pfx_len" ] || sn_a=$got_a sn_len=$got_len
		[ "$got_lo" -ge "$range_min" ] ||
			small_piece "$got_proto" "$sn_a" "$sn_len" "$got_lo" $((range_min - 1))
		[ "$got_hi" -le "$range_max" ] ||
			small_piece "$got_proto" "$sn_a" "$sn_len" $((range_max + 1)) "$got_hi"
	done
}

# small_next_mark: sets mark to the smallest mark of the pool above $1
# (-1: the smallest); false when there is none.
small_next_mark() {
	small_mark='' nm_m=0
	nm_i=1
	while [ "$nm_i" -le "$rec_n" ]; do
		eval "nm_m=\$rec_mark_$nm_i"
		nm_i=$((nm_i + 1))
		[ "$nm_m" -gt "$1" ] || continue
		[ -n "$small_mark" ] && [ "$nm_m" -ge "$small_mark" ] || small_mark=$nm_m
	done
	[ -n "$small_mark" ]
}

# small_ranges MARK PROTO ADDR: sets ranges to the port ranges of the
# records of MARK and PROTO that hold ADDR, merged where they overlap or
# touch, ascending, as words "min-max".
small_ranges() {
	merged='' mg_prev=-1 mg_min=
	while :; do
		# The smallest (min, max) after the previous one.
		mg_key=
		mg_i=1
		while [ "$mg_i" -le "$rec_n" ]; do
			small_get "$mg_i"
			mg_i=$((mg_i + 1))
			[ "$got_mark:$got_proto" = "$1:$2" ] || continue
			[ "$got_a" -le "$3" ] || continue
			[ "$got_b" -ge "$3" ] || continue
			mg_k=$((got_lo * 65536 + got_hi))
			[ "$mg_k" -gt "$mg_prev" ] || continue
			[ -n "$mg_key" ] && [ "$mg_k" -ge "$mg_key" ] || mg_key=$mg_k
		done
		[ -n "$mg_key" ] || break
		mg_prev=$mg_key
		mg_lo=$((mg_key / 65536)) mg_hi=$((mg_key % 65536))
		if [ -n "$mg_min" ] && [ "$mg_lo" -le $((mg_max + 1)) ]; then
			[ "$mg_hi" -le "$mg_max" ] || mg_max=$mg_hi
		else
			[ -z "$mg_min" ] || merged="$merged $mg_min-$mg_max"
			mg_min=$mg_lo mg_max=$mg_hi
		fi
	done
	[ -z "$mg_min" ] || merged="$merged $mg_min-$mg_max"
}

# small_group MARK PROTO: appends the lines of MARK and PROTO to out: the
# addresses of its records, cut where a record starts or ends, each with
# the merged ranges of the records that hold it.
small_group() {
	gr_u=TCP
	case $2 in
	icmp) gr_u=ICMP ;;
	udp) gr_u=UDP ;;
	esac
	gr_at=-1
	while :; do
		# The next address where a record starts or ends.
		gr_next=
		gr_i=1
		while [ "$gr_i" -le "$rec_n" ]; do
			small_get "$gr_i"
			gr_i=$((gr_i + 1))
			[ "$got_mark:$got_proto" = "$1:$2" ] || continue
			for gr_x in "$got_a" $((got_b + 1)); do
				[ "$gr_x" -gt "$gr_at" ] || continue
				[ -n "$gr_next" ] && [ "$gr_x" -ge "$gr_next" ] ||
					gr_next=$gr_x
			done
		done
		[ -n "$gr_next" ] || return 0
		if [ "$gr_at" -ge 0 ]; then
			small_ranges "$1" "$2" "$gr_at"
			[ -z "$merged" ] || small_lines "$1$small_sep$gr_u$small_sep" \
				"$gr_at" $((gr_next - 1))
		fi
		gr_at=$gr_next
	done
}

# small_lines HEAD FIRST LAST: appends to out the lines of addresses FIRST
# to LAST, each with every range of $merged.
small_lines() {
	li_ad=$2
	while [ "$li_ad" -le "$3" ]; do
		num2ip "$li_ad"
		for li_r in $merged; do
			if [ "$small_sep" = , ]; then
				small_out="$small_out$1$ip,${li_r%-*},${li_r#*-}$nl"
			else
				small_out="$small_out$1$ip$tab$li_r$nl"
			fi
			small_rows=$((small_rows + 1))
		done
		li_ad=$((li_ad + 1))
	done
}

# small_display: prints the pool as pool4.awk's display() does ($opt_csv
# for CSV); false when awk must do it (more lines than are worth a shell
# loop).
small_display() {
	small_load && [ "$rec_addrs" -le 64 ] || return 1
	small_out='' small_rows=0 small_sep=$tab
	[ "$opt_csv" != 1 ] || small_sep=, small_out="Mark,Protocol,Address,Min port,Max port$nl"
	small_mark=-1
	while small_next_mark "$small_mark"; do
		for dp_p in icmp udp tcp; do
			small_group "$small_mark" "$dp_p"
		done
	done
	if [ "$opt_csv" != 1 ]; then
		if [ "$small_rows" = 0 ]; then
			small_out="$small_out  (empty)$nl"
		else
			small_out="$small_out  (Fetched $small_rows entries.)$nl"
		fi
	fi
	printf '%s' "$small_out"
}
