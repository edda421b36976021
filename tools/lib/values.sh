# shellcheck shell=sh disable=SC2034,SC2154 # globals of tools/jool
# SPDX-License-Identifier: GPL-2.0
#
# Numbers and IPv4 values of tools/jool (sourced by it): marks, dotted
# quads, prefixes, port ranges.  The helpers set variables instead of
# printing, so calling them costs no fork.

# parse_uint TEXT MAX: sets uint to the decimal TEXT without leading zeros;
# false unless TEXT is a decimal number <= MAX.
parse_uint() {
	case $1 in
	'' | *[!0-9]*) return 1 ;;
	esac
	uint=${1#"${1%%[!0]*}"}
	uint=${uint:-0}
	[ "${#uint}" -le 10 ] && [ "$uint" -le "$2" ]
}

# parse_quad TEXT: sets quad to the integer value of the dotted quad TEXT
# and quad_text to it without leading zeros; false with quad_bad set to the
# offending part if TEXT is not a.b.c.d.
parse_quad() {
	quad_bad=$1
	case $1 in
	*.*.*.*.* | *..* | .* | *.) return 1 ;;
	*.*.*.*) ;;
	*) return 1 ;;
	esac
	quad=0
	quad_text=
	pq_rest=$1.
	while [ -n "$pq_rest" ]; do
		pq_o=${pq_rest%%.*}
		pq_rest=${pq_rest#*.}
		quad_bad=$pq_o
		parse_uint "$pq_o" 255 || return 1
		quad=$((quad * 256 + uint))
		quad_text=${quad_text:+$quad_text.}$uint
	done
}

# Sets pfx_addr (integer), pfx_len, pfx_text (a.b.c.d/len) from $1.
parse_prefix() {
	pp_in=$1
	case $pp_in in
	*:*) die "$EX_INVAL" "$pp_in: not an IPv4 prefix (pool4 takes a.b.c.d[/len])" ;;
	*/*) pp_ip=${pp_in%%/*} pp_len=${pp_in#*/} ;;
	*) pp_ip=$pp_in pp_len=32 ;;
	esac
	parse_uint "$pp_len" 32 ||
		die "$EX_INVAL" "$pp_in: prefix length '$pp_len' is not 0..32"
	pfx_len=$uint
	if ! parse_quad "$pp_ip"; then
		[ "$quad_bad" != "$pp_ip" ] ||
			die "$EX_INVAL" "$pp_in: not an IPv4 address (expected a.b.c.d[/len])"
		die "$EX_INVAL" "$pp_in: '$quad_bad' is not an octet (0..255)"
	fi
	pfx_addr=$quad
	pow2 $((32 - pfx_len))
	pp_size=$p2
	if [ $((pfx_addr % pp_size)) -ne 0 ]; then
		num2ip $((pfx_addr - pfx_addr % pp_size))
		die "$EX_INVAL" "$pp_in: host bits are set (did you mean $ip/$pfx_len?)"
	fi
	pfx_text=$quad_text/$pfx_len
}

# Sets p2 to 2 to the power $1.
pow2() {
	p2=1
	p2_n=$1
	while [ "$p2_n" -gt 0 ]; do
		p2=$((p2 * 2))
		p2_n=$((p2_n - 1))
	done
}

# Sets ip to the dotted quad of the integer $1.
num2ip() {
	ip=$(($1 >> 24 & 255)).$(($1 >> 16 & 255)).$(($1 >> 8 & 255)).$(($1 & 255))
}

# Sets range_min and range_max from $1 (min-max or n).
parse_range() {
	case $1 in
	*-*) pr_min=${1%%-*} pr_max=${1#*-} ;;
	*) pr_min=$1 pr_max=$1 ;;
	esac
	if ! parse_uint "$pr_min" 65535; then
		die "$EX_INVAL" "$1: not a port range (min-max or n, ports 0..65535)"
	fi
	range_min=$uint
	parse_uint "$pr_max" 65535 ||
		die "$EX_INVAL" "$1: not a port range (min-max or n, ports 0..65535)"
	range_max=$uint
	[ "$range_min" -le "$range_max" ] ||
		die "$EX_INVAL" "$1: range minimum is greater than its maximum"
}
