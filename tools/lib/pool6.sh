# shellcheck shell=sh disable=SC2034,SC2154 # globals of tools/jool
# SPDX-License-Identifier: GPL-2.0
#
# --pool6 of tools/jool (sourced by it): the translator's one IPv6 prefix
# (jool/pool6), and the parsing of IPv6 text.

# ipv6_groups TEXT: appends the colon-separated hex groups of TEXT to groups6
# (as decimal numbers) and counts them in ngroups6; false on a bad group.
ipv6_groups() {
	[ -n "$1" ] || return 0
	pg_rest=$1:
	while [ -n "$pg_rest" ]; do
		pg_g=${pg_rest%%:*}
		pg_rest=${pg_rest#*:}
		case $pg_g in
		'' | *[!0-9a-fA-F]*) return 1 ;;
		esac
		[ "${#pg_g}" -le 4 ] || return 1
		groups6="$groups6 $((0x$pg_g))"
		ngroups6=$((ngroups6 + 1))
	done
}

# parse_ipv6 TEXT: sets ip6 to the eight 16-bit groups of the IPv6 address
# TEXT (decimal, space separated); false if TEXT is not one.
parse_ipv6() {
	pi_a=$1
	pi_v4=
	case $pi_a in
	*::*::* | *:::* | *[!0-9a-fA-F:.]* | '') return 1 ;;
	*:*.*)
		# The last 32 bits as a dotted quad (::ffff:192.0.2.1).
		parse_quad "${pi_a##*:}" || return 1
		pi_v4=" $((quad >> 16)) $((quad & 65535))"
		pi_a=${pi_a%:*}
		case $pi_a in
		*:) pi_a=$pi_a: ;;
		esac
		;;
	*:*) ;;
	*) return 1 ;;
	esac
	groups6='' ngroups6=0
	case $pi_a in
	*::*)
		ipv6_groups "${pi_a%%::*}" || return 1
		pi_left=$groups6 pi_nl=$ngroups6
		groups6='' ngroups6=0
		ipv6_groups "${pi_a#*::}" || return 1
		pi_zeros=$((8 - pi_nl - ngroups6))
		[ -z "$pi_v4" ] || pi_zeros=$((pi_zeros - 2))
		[ "$pi_zeros" -ge 1 ] || return 1
		ip6=$pi_left
		while [ "$pi_zeros" -gt 0 ]; do
			ip6="$ip6 0"
			pi_zeros=$((pi_zeros - 1))
		done
		ip6="$ip6$groups6$pi_v4"
		;;
	*)
		ipv6_groups "$pi_a" || return 1
		[ -z "$pi_v4" ] || ngroups6=$((ngroups6 + 2))
		[ "$ngroups6" -eq 8 ] || return 1
		ip6="$groups6$pi_v4"
		;;
	esac
}

# parse_prefix6 TEXT: sets pfx6_key ("g1 ... g8/len", to compare prefixes)
# from an IPv6 prefix of an RFC 6052 length; false with fail_msg set.
parse_prefix6() {
	case $1 in
	*/*) p6_addr=${1%/*} p6_len=${1##*/} ;;
	*) fail "$1: pool6 needs a prefix length (/32, /40, /48, /56, /64 or /96)" \
		"$EX_INVAL" || return 1 ;;
	esac
	case $p6_len in
	32 | 40 | 48 | 56 | 64 | 96) ;;
	*) fail "$1: prefix length '$p6_len' is not 32, 40, 48, 56, 64 or 96 (RFC 6052)" \
		"$EX_INVAL" || return 1 ;;
	esac
	parse_ipv6 "$p6_addr" ||
		fail "$1: '$p6_addr' is not an IPv6 address" "$EX_INVAL" || return 1
	p6_bit=0
	for p6_g in $ip6; do
		if [ "$p6_bit" -ge "$p6_len" ]; then
			p6_keep=0
		elif [ $((p6_bit + 16)) -le "$p6_len" ]; then
			p6_keep=$p6_g
		else
			pow2 $((p6_bit + 16 - p6_len))
			p6_keep=$((p6_g - p6_g % p2))
		fi
		[ "$p6_keep" -eq "$p6_g" ] ||
			fail "$1: host bits are set (the bits after the first $p6_len must be zero)" \
				"$EX_INVAL" || return 1
		p6_bit=$((p6_bit + 16))
	done
	pfx6_key="$ip6/$p6_len"
}

# Sets cur6 to the prefix in jool/pool6 ("" when empty).
pool6_read() {
	need_file pool6
	cur6=
	! attr_read "$cfs_root/pool6" || cur6=$attr
}

pool6_display() {
	pool6_read
	if [ -n "$cur6" ]; then
		printf '%s\n' "$cur6"
	else
		printf '  (empty)\n'
	fi
}

# Sets cur6_key to the key of cur6 (see parse_prefix6).
pool6_current_key() {
	cur6_key=
	[ -n "$cur6" ] || return 0
	pk_key=$pfx6_key
	parse_prefix6 "$cur6" || die 1 "jool/pool6 holds '$cur6', which is not a prefix"
	cur6_key=$pfx6_key
	pfx6_key=$pk_key
}

# Jool translates with one prefix: --add sets it, or checks it is the same.
pool6_add() {
	pool6_read
	pool6_current_key
	if [ -n "$cur6_key" ]; then
		[ "$cur6_key" = "$pfx6_key" ] && return 0
		die 1 "pool6 already holds $cur6 (one prefix at a time):" \
			"remove it first (jool --pool6 --remove $cur6)"
	fi
	cfs_write "$cfs_root/pool6" "$arg_prefix" || die_failed
}

pool6_remove() {
	pool6_read
	pool6_current_key
	[ -n "$cur6_key" ] || return 0
	[ "$cur6_key" = "$pfx6_key" ] ||
		die 1 "pool6 holds $cur6, not $arg_prefix: nothing removed"
	cfs_write "$cfs_root/pool6" "" || die_failed
}

pool6_main() {
	cfs_what=pool6
	case ${op:=display} in
	display) allow_only display "" ;;
	add | remove)
		allow_only "$op" "prefix"
		[ -n "$arg_prefix" ] || usage_error "--$op needs an IPv6 PREFIX"
		parse_prefix6 "$arg_prefix" || die_failed
		;;
	*) no_op ;;
	esac
	"pool6_$op"
}
