# shellcheck shell=sh disable=SC2034,SC2154 # globals of tools/jool
# SPDX-License-Identifier: GPL-2.0
#
# --bib --add and --remove of tools/jool (sourced by it, after pool6.sh
# for the IPv6 text): static BIB entries.
#
# A static BIB entry is a directory under jool/static-bib/ holding proto,
# mark, ipv6, ipv4 and enabled (kernel/config/static_bib.c).  Entries made
# here are named <proto>-<a.b.c.d>-<port> (the IPv4 side, unique per
# protocol), with a ".N" suffix if that name is taken.

# parse_taddr TEXT: sets ta_fam (4 or 6), ta_addr (the address as given),
# ta_port and ta_key (a canonical form, to compare with the kernel's text);
# false with fail_msg set if TEXT is not ADDRESS#PORT.
parse_taddr() {
	case $1 in
	*'#'*) ta_addr=${1%'#'*} ta_p=${1##*'#'} ;;
	*) fail "$1: not a transport address (ADDRESS#PORT)" "$EX_INVAL" ||
		return 1 ;;
	esac
	parse_uint "$ta_p" 65535 ||
		fail "$1: port '$ta_p' is not 0..65535" "$EX_INVAL" || return 1
	ta_port=$uint
	case $ta_addr in
	*:*)
		parse_ipv6 "$ta_addr" ||
			fail "$1: '$ta_addr' is not an IPv6 address" "$EX_INVAL" ||
			return 1
		ta_fam=6 ta_key="$ip6#$ta_port"
		;;
	*)
		parse_quad "$ta_addr" ||
			fail "$1: '$ta_addr' is not an IPv4 address (a.b.c.d)" \
				"$EX_INVAL" || return 1
		ta_fam=4 ta_addr=$quad_text ta_key="$quad_text#$ta_port"
		;;
	esac
}

# Sets bib4/bib6 (text) and key4/key6 from the positional arguments, in
# either order; $1 is 1 when both are required.
bib_args() {
	bib4='' bib6='' key4='' key6=''
	for bg_arg in "$arg_prefix" "$arg_range"; do
		[ -n "$bg_arg" ] || continue
		parse_taddr "$bg_arg" || die_failed
		if [ "$ta_fam" = 4 ]; then
			[ -z "$bib4" ] || usage_error "two IPv4 transport addresses ($bib4, $bg_arg)"
			bib4=$ta_addr#$ta_port key4=$ta_key
		else
			[ -z "$bib6" ] || usage_error "two IPv6 transport addresses ($bib6, $bg_arg)"
			bib6=$ta_addr#$ta_port key6=$ta_key
		fi
	done
	if [ "$1" = 1 ] && { [ -z "$bib4" ] || [ -z "$bib6" ]; }; then
		usage_error "--bib --add needs an IPv4#PORT and an IPv6#PORT"
	fi
	[ -n "$bib4$bib6" ] ||
		usage_error "--bib --remove needs an IPv4#PORT, an IPv6#PORT or both"
}

need_static() {
	need_jool
	static_dir=$cfs_root/static-bib
	[ -d "$static_dir" ] ||
		die 1 "$static_dir not found: is the loaded jool.ko older than this tool?"
}

# sb_read DIR: sets sb_proto, sb_mark, sb_v4, sb_v6, sb_en from an entry
# directory, and sb_key4/sb_key6 (see parse_taddr; empty if unset).
sb_read() {
	sb_proto='' sb_mark=0 sb_v4='' sb_v6='' sb_en=0 sb_key4='' sb_key6=''
	! attr_read "$1/proto" || sb_proto=$attr
	! attr_read "$1/mark" || sb_mark=$attr
	! attr_read "$1/ipv4" || sb_v4=$attr
	! attr_read "$1/ipv6" || sb_v6=$attr
	! attr_read "$1/enabled" || sb_en=$attr
	[ -z "$sb_v4" ] || ! parse_taddr "$sb_v4" || sb_key4=$ta_key
	[ -z "$sb_v6" ] || ! parse_taddr "$sb_v6" || sb_key6=$ta_key
}

# Explains the kernel's refusal of an entry: EEXIST, EADDRINUSE and
# EADDRNOTAVAIL are about the values, the rest is cfs_write's message.
sb_refused() {
	case $fail_msg in
	*": File exists"*)
		fail "$bib4 - $bib6 ($1): the BIB already has an entry for one of them (jool --bib --display --$1)" ;;
	*": Address already in use"* | *": Address in use"*)
		fail "$bib4 ($1): the port lies in a port block that a subscriber holds (port-block-size): choose another port, or wait for the block's flows to end" ;;
	*": Cannot assign requested address"* | *": Address not available"*)
		fail "$bib4 ($1, mark $opt_mark) is not in pool4: add it first (jool --pool4 --add --$1 ${bib4%#*} ${bib4##*#})" ;;
	esac
	return 1
}

# sb_create PROTO: makes, fills and enables the entry of PROTO; prepends
# its directory to static_made.
sb_create() {
	sc_name=$1-${bib4%#*}-${bib4##*#}
	sc_dir=$static_dir/$sc_name
	sc_n=1
	while [ -e "$sc_dir" ]; do
		sc_n=$((sc_n + 1))
		[ "$sc_n" -le 100 ] || fail "no free name for entry $sc_name" ||
			return 1
		sc_dir=$static_dir/$sc_name.$sc_n
	done
	cfs_mkdirs "$sc_dir" || return 1
	static_made=$sc_dir$nl$static_made
	cfs_write "$sc_dir/proto" "$1" &&
		cfs_write "$sc_dir/mark" "$opt_mark" &&
		cfs_write "$sc_dir/ipv6" "$bib6" &&
		cfs_write "$sc_dir/ipv4" "$bib4" || return 1
	cfs_write "$sc_dir/enabled" 1 || sb_refused "$1"
}

# Removes the entries listed in static_made (a failed --add's).
sb_rollback() {
	cfs_rmdirs "$static_made" || warn "rollback: $fail_msg; remove it by hand"
}

# --add: one entry per protocol asked (all three by default), all or none.
bib_add() {
	bib_args 1
	need_static
	static_made=
	for bd_p in $protos; do
		sb_create "$bd_p" && continue
		bd_msg=$fail_msg bd_status=$fail_status
		sb_rollback
		die "$bd_status" "$bd_msg"
	done
}

# --remove: the static entries of the protocols asked that match every
# transport address given.
bib_remove() {
	bib_args 0
	need_static
	br_dirs='' br_n=0
	for br_dir in "$static_dir"/*/; do
		[ -d "$br_dir" ] || continue
		sb_read "${br_dir%/}"
		case " $protos " in
		*" $sb_proto "*) ;;
		*) continue ;;
		esac
		[ -z "$key4" ] || [ "$key4" = "$sb_key4" ] || continue
		[ -z "$key6" ] || [ "$key6" = "$sb_key6" ] || continue
		br_dirs=$br_dirs${br_dir%/}$nl
		br_n=$((br_n + 1))
	done
	[ "$br_n" -gt 0 ] ||
		die 1 "no static BIB entry matches ${bib4:-*} - ${bib6:-*} ($protos)"
	cfs_rmdirs "$br_dirs" || die_failed
}

bib_main() {
	protos=${opt_protos:-"icmp udp tcp"}
	case $op in
	add) allow_only add "mark proto prefix range"; bib_add ;;
	remove) allow_only remove "proto prefix range"; bib_remove ;;
	*) no_op ;;
	esac
}
