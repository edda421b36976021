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
# Every shell command costs thousands of instructions, tens of
# microseconds under emulation, so the loops here are few and short.  The
# enabled records, in the order pool4.awk loads them, are the words of
# small_words, "mark:proto:first:last:len:min:max:I" (first and last
# address as integers), split with IFS=: into $1..$8; record I's directory
# is rec_dir_I.  Lists of lines would have to be read back through
# here-documents, which dash and busybox sh read one byte per read(2).

# JOOL_SMALL_POOL (tests): the most records done here; 0 leaves all to awk.
small_max=${JOOL_SMALL_POOL:-16}
small_ifs=$IFS

# small_attr FILE: sets attr to the first line of FILE as pool4.awk's
# getline gets it (empty for an empty file); false only when FILE cannot
# be opened (gone meanwhile: pool4_awk retries).
small_attr() {
	attr=
	{ IFS= read -r attr || :; } 2>/dev/null <"$1"
}

# small_load: loads the pool into small_words; small_addrs is the number
# of addresses of its records.  False when the pool is not small or has a
# record for awk.
small_load() {
	small_words='' small_addrs=0 small_n=0
	[ "$small_max" -gt 0 ] || return 1
	set -- "$pool4_dir"/*/
	[ -d "$1" ] || return 0
	[ "$#" -le "$small_max" ] || return 1
	for sl_dir; do
		small_record "${sl_dir%/}" || return 1
	done
}

# small_record DIR: appends record DIR to small_words if it is enabled and
# pool4.awk would load it: the shapes of its regular expressions first (a
# record failing one is ignored), then the values.  A value the kernel
# would not write is awk's (false): awks disagree on leading zeros
# (busybox's reads 070 as octal), and ours on numbers beyond 2^63.
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
	case $sr_pfx in
	*[!0-9./]* | */*/* | *./* | *.*.*.*.*/* | *..* | .* | */*[!0-9]*)
		return 0 ;;
	*.*.*.*/[0-9]*) ;;
	*) return 0 ;;
	esac
	case $sr_ports in
	'' | *[!0-9-]* | -* | *- | *-*-*) return 0 ;;
	esac
	case $sr_pfx in
	0[0-9]* | *.0[0-9]* | */0[0-9]* | *[0-9][0-9][0-9][0-9]*) return 1 ;;
	esac
	case $sr_ports in
	0[0-9]* | *-0[0-9]* | *[0-9][0-9][0-9][0-9][0-9][0-9]*) return 1 ;;
	esac
	case $sr_mark in
	*[!0-9]* | 0?* | ???????????*) return 1 ;;
	esac
	IFS=./-
	# shellcheck disable=SC2086 # digits only: split at . / and -
	set -- $sr_pfx $sr_ports
	IFS=$small_ifs
	sr_hi=${7:-$6}
	[ $((($1 | $2 | $3 | $4) <= 255 && $5 <= 32 && $6 <= sr_hi &&
		sr_hi <= 65535 && sr_mark <= 4294967295)) = 1 ] || return 1
	sr_a=$(((($1 * 256 + $2) * 256 + $3) * 256 + $4))
	sr_size=$((4294967296 >> $5))
	small_n=$((small_n + 1))
	small_addrs=$((small_addrs + sr_size))
	eval "rec_dir_$small_n=\$sr_dir"
	small_words="$small_words $sr_mark:$sr_proto:$sr_a:$((sr_a + sr_size - 1)):$5:$6:$sr_hi:$small_n"
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
	'' | 0[0-9]* | *[" $tab"]0[0-9]* | *[0-9][0-9][0-9][0-9][0-9][0-9]*)
		return 1 ;;
	*[!0-9" $tab"]*) return 0 ;;
	esac
	set -f
	# shellcheck disable=SC2086 # split at blanks, no globbing
	set -- $attr
	set +f
	[ "$#" -eq 2 ] || return 0
	if [ "$range_min" -le "$2" ] && [ "$1" -le "$range_max" ]; then
		ephemeral=$1-$2
	fi
}

# small_wanted MARK PROTO: whether a record of MARK and PROTO is one the
# command is about (its --mark and protocols).
small_wanted() {
	[ "$1" = "$opt_mark" ] || return 1
	case " $protos " in
	*" $2 "*) return 0 ;;
	esac
	return 1
}

# small_add: sets add_have and ephemeral as pool4.awk's add() does; false
# when awk must do it.
small_add() {
	small_load || return 1
	case " $protos " in
	*" tcp "* | *" udp "*) small_ephemeral || return 1 ;;
	*) ephemeral= ;;
	esac
	sa_last=$((pfx_addr + (4294967296 >> pfx_len) - 1))
	add_have=' '
	for sa_w in $small_words; do
		IFS=:
		# shellcheck disable=SC2086 # the fields of one record
		set -- $sa_w
		IFS=$small_ifs
		small_wanted "$1" "$2" || continue
		case $add_have in
		*" $2 "*) continue ;;
		esac
		[ $(($3 <= pfx_addr && $4 >= sa_last && $6 <= range_min &&
			$7 >= range_max)) = 1 ] || continue
		add_have="$add_have$2 "
	done
}

# small_piece PROTO ADDR LEN MIN MAX: one record of the plan, unless the
# pool or the plan has it already (small_keys).
small_piece() {
	case $small_keys in
	*" $opt_mark:$1:$2:$3:$4:$5 "*) return 0 ;;
	esac
	small_keys="$small_keys$opt_mark:$1:$2:$3:$4:$5 "
	num2ip "$2"
	plan_new="$plan_new$opt_mark$tab$1$tab$ip/$3$tab$4$tab$5$nl"
}

# small_plan: sets plan_new and plan_old for --remove as pool4.awk's
# plan() does; false when awk must do it.
small_plan() {
	small_load || return 1
	plan_new='' plan_old='' small_keys=
	# The records the pool has, as small_piece writes them.
	for sn_w in $small_words; do
		IFS=:
		# shellcheck disable=SC2086 # the fields of one record
		set -- $sn_w
		IFS=$small_ifs
		small_keys="$small_keys $1:$2:$3:$5:$6:$7"
	done
	small_keys="$small_keys "
	sn_last=$((pfx_addr + (4294967296 >> pfx_len) - 1))
	for sn_w in $small_words; do
		IFS=:
		# shellcheck disable=SC2086 # the fields of one record
		set -- $sn_w
		IFS=$small_ifs
		small_wanted "$1" "$2" || continue
		[ $(($4 < pfx_addr || $3 > sn_last || $7 < range_min ||
			$6 > range_max)) = 0 ] || continue
		eval "plan_old=\$plan_old\$rec_dir_$8\$nl"
		# The halves of the record that do not hold the prefix, from
		# the largest down.
		sn_l=$(($5 + 1))
		while [ "$sn_l" -le "$pfx_len" ]; do
			sn_size=$((4294967296 >> sn_l))
			sn_base=$((pfx_addr - pfx_addr % sn_size))
			if [ $((sn_base / sn_size % 2)) = 1 ]; then
				small_piece "$2" $((sn_base - sn_size)) "$sn_l" "$6" "$7"
			else
				small_piece "$2" $((sn_base + sn_size)) "$sn_l" "$6" "$7"
			fi
			sn_l=$((sn_l + 1))
		done
		# The ports outside the range, on the record or the prefix,
		# whichever is smaller.
		sn_a=$pfx_addr sn_len=$pfx_len
		[ "$5" -lt "$pfx_len" ] || sn_a=$3 sn_len=$5
		[ "$6" -ge "$range_min" ] ||
			small_piece "$2" "$sn_a" "$sn_len" "$6" $((range_min - 1))
		[ "$7" -le "$range_max" ] ||
			small_piece "$2" "$sn_a" "$sn_len" $((range_max + 1)) "$7"
	done
}

# small_ranges WORDS ADDR: sets merged to the port ranges of the records
# of WORDS (one mark and protocol) that hold ADDR, merged where they
# overlap or touch, ascending, as words "min-max".
small_ranges() {
	merged='' mg_prev=-1 mg_min='' mg_words=$1 mg_addr=$2
	while :; do
		# The smallest (min, max) after the previous one.
		mg_key=
		for mg_w in $mg_words; do
			IFS=:
			# shellcheck disable=SC2086 # the fields of one record
			set -- $mg_w
			IFS=$small_ifs
			[ $(($3 <= mg_addr && $4 >= mg_addr &&
				$6 * 65536 + $7 > mg_prev)) = 1 ] || continue
			mg_k=$(($6 * 65536 + $7))
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

# small_group MARK PROTO: appends the lines of MARK and PROTO to
# small_out: the addresses of its records, cut where a record starts or
# ends, each with the merged ranges of the records that hold it.
small_group() {
	group_words=
	for gr_w in $small_words; do
		case $gr_w in
		"$1:$2:"*) group_words="$group_words $gr_w" ;;
		esac
	done
	[ -n "$group_words" ] || return 0
	gr_head=$1$small_sep
	case $2 in
	icmp) gr_head=${gr_head}ICMP$small_sep ;;
	udp) gr_head=${gr_head}UDP$small_sep ;;
	*) gr_head=${gr_head}TCP$small_sep ;;
	esac
	case $group_words in
	" "*" "*) ;;
	*)
		# One record: its addresses, each with its range.
		IFS=:
		# shellcheck disable=SC2086 # the fields of one record
		set -- $group_words
		IFS=$small_ifs
		merged=" $6-$7"
		small_lines "$gr_head" "$3" "$4"
		return 0
		;;
	esac
	gr_at=-1
	while :; do
		# The next address where a record starts or ends.
		gr_next=
		for gr_w in $group_words; do
			IFS=:
			# shellcheck disable=SC2086 # the fields of one record
			set -- $gr_w
			IFS=$small_ifs
			for gr_x in "$3" $(($4 + 1)); do
				[ "$gr_x" -gt "$gr_at" ] || continue
				[ -n "$gr_next" ] && [ "$gr_x" -ge "$gr_next" ] ||
					gr_next=$gr_x
			done
		done
		[ -n "$gr_next" ] || return 0
		if [ "$gr_at" -ge 0 ]; then
			small_ranges "$group_words" "$gr_at"
			[ -z "$merged" ] ||
				small_lines "$gr_head" "$gr_at" $((gr_next - 1))
		fi
		gr_at=$gr_next
	done
}

# small_lines HEAD FIRST LAST: appends to small_out the lines of addresses
# FIRST to LAST, each with every range of $merged.
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
	small_load && [ "$small_addrs" -le 64 ] || return 1
	small_out='' small_rows=0 small_sep=$tab
	[ "$opt_csv" != 1 ] ||
		small_sep=, small_out="Mark,Protocol,Address,Min port,Max port$nl"
	# The marks in ascending order; usually there is one.
	dy_last=-1
	while :; do
		dy_mark=
		for dy_w in $small_words; do
			dy_m=${dy_w%%:*}
			[ "$dy_m" -gt "$dy_last" ] || continue
			[ -n "$dy_mark" ] && [ "$dy_m" -ge "$dy_mark" ] ||
				dy_mark=$dy_m
		done
		[ -n "$dy_mark" ] || break
		for dy_p in icmp udp tcp; do
			small_group "$dy_mark" "$dy_p"
		done
		dy_last=$dy_mark
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
