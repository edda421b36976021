# shellcheck shell=sh disable=SC2034,SC2154 # globals of tools/jool
# SPDX-License-Identifier: GPL-2.0
#
# --global of tools/jool (sourced by it): the translator's settings, one
# file per key under jool/global/.  Display (the default mode of the
# tool) reads every file with the builtin read; a change is one key per
# command, checked here first so that the error names the key and the
# rule, then written in the kernel's grammar (booleans 0/1, plateaus
# without blanks, "N force" for a forced timeout).

# Every key, in display order, with its kind; range:MIN:MAX is a number
# in that range; block is 0 or a power of two 8..4096.
global_keys='enabled:bool
address-dependent-filtering:bool
drop-icmpv6-info:bool
drop-externally-initiated-tcp:bool
source-icmpv6-errors-better:bool
zeroize-traffic-class:bool
override-tos:bool
tos:byte
maximum-simultaneous-opens:opens
udp-timeout:timeout
tcp-est-timeout:timeout
tcp-trans-timeout:timeout
icmp-timeout:timeout
mtu-plateaus:plateaus
logging-bib:bool
logging-session:bool
subscriber-prefix-length:range:32:128
maximum-bib-per-subscriber:range:1:67108864
maximum-sessions-per-bib:range:1:65535
bib-max:range:1:67108864
session-max:range:1:67108864
port-block-size:block'

# RFC 6146 section 4's minimums; the kernel refuses less (EDOM) unless
# forced.  icmp-timeout has none.
global_min() {
	case $1 in
	udp-timeout) gm_min=120 ;;
	tcp-est-timeout) gm_min=7440 ;;
	tcp-trans-timeout) gm_min=240 ;;
	*) gm_min=1 ;;
	esac
}

# The longest timeout the kernel takes: a day.
GLOBAL_TIMEOUT_MAX=86400
# The most IPv4 SYNs the kernel's SYN store may be told to hold.
GLOBAL_SYN_STORE_MAX=4096

# global_bool TEXT: sets gval to 1 or 0; false if TEXT is not a boolean.
global_bool() {
	case $1 in
	1 | [tT][rR][uU][eE] | [yY][eE][sS] | [oO][nN]) gval=1 ;;
	0 | [fF][aA][lL][sS][eE] | [nN][oO] | [oO][fF][fF]) gval=0 ;;
	*) return 1 ;;
	esac
}

# global_plateaus TEXT: sets gval to TEXT's numbers joined by commas.
global_plateaus() {
	gp_in=$1
	gval='' gp_n=0
	case $gp_in in
	*[!0-9,\ "$tab"]*) die "$EX_INVAL" "--mtu-plateaus '$1': not a list of numbers separated by commas" ;;
	esac
	gp_rest=$gp_in,
	while [ -n "$gp_rest" ]; do
		gp_v=${gp_rest%%,*}
		gp_rest=${gp_rest#*,}
		while :; do
			case $gp_v in
			' '* | "$tab"*) gp_v=${gp_v#?} ;;
			*' ' | *"$tab") gp_v=${gp_v%?} ;;
			*) break ;;
			esac
		done
		if ! parse_uint "$gp_v" 65535 || [ "$uint" -lt 68 ]; then
			die "$EX_INVAL" "--mtu-plateaus '$1': '$gp_v' is not an MTU (68..65535)"
		fi
		gp_n=$((gp_n + 1))
		[ "$gp_n" -le 16 ] ||
			die "$EX_INVAL" "--mtu-plateaus '$1': more than 16 plateaus"
		gval=${gval:+$gval,}$uint
	done
}

# global_check KEY KIND TEXT: sets gval, the value to write; dies (22)
# with the rule if TEXT does not follow it.
global_check() {
	case $2 in
	bool)
		global_bool "$3" ||
			die "$EX_INVAL" "--$1 '$3': not a boolean (true/false, 1/0, yes/no, on/off)" ;;
	byte)
		parse_uint "$3" 255 ||
			die "$EX_INVAL" "--$1 '$3': not a number 0..255"
		gval=$uint ;;
	opens)
		parse_uint "$3" "$GLOBAL_SYN_STORE_MAX" ||
			die "$EX_INVAL" "--$1 '$3': not a number 0..$GLOBAL_SYN_STORE_MAX"
		gval=$uint ;;
	timeout)
		if ! parse_uint "$3" "$GLOBAL_TIMEOUT_MAX" || [ "$uint" -lt 1 ]; then
			die "$EX_INVAL" "--$1 '$3': not a number of seconds 1..$GLOBAL_TIMEOUT_MAX"
		fi
		gval=$uint
		global_min "$1"
		if [ "$uint" -lt "$gm_min" ]; then
			[ "$opt_force" = 1 ] ||
				die "$EX_INVAL" "--$1 $3: below RFC 6146's minimum of $gm_min seconds (add --force to set it anyway)"
		fi
		[ "$opt_force" != 1 ] || gval="$uint force" ;;
	plateaus)
		global_plateaus "$3" ;;
	block)
		parse_uint "$3" 4096 || uint=1
		case $uint in
		0 | 8 | 16 | 32 | 64 | 128 | 256 | 512 | 1024 | 2048 | 4096) ;;
		*) die "$EX_INVAL" "--$1 '$3': not 0 (off) or a power of two 8..4096" ;;
		esac
		gval=$uint ;;
	range:*)
		gc_max=${2##*:}
		gc_min=${2#range:}
		gc_min=${gc_min%:*}
		if ! parse_uint "$3" "$gc_max" || [ "$uint" -lt "$gc_min" ]; then
			die "$EX_INVAL" "--$1 '$3': not a number $gc_min..$gc_max"
		fi
		gval=$uint ;;
	esac
}

# Sets gkind to the kind of key $1; false if it is none of ours.
global_kind() {
	gkind=
	while IFS=: read -r gk_key gk_kind; do
		[ "$gk_key" != "$1" ] || { gkind=$gk_kind; return 0; }
	done <<EOF_KEYS
$global_keys
EOF_KEYS
	return 1
}

global_display() {
	need_file global
	while IFS=: read -r gd_key gd_kind; do
		attr_read "$cfs_root/global/$gd_key" ||
			die 1 "cannot read $cfs_root/global/$gd_key: is the loaded jool.ko older than this tool?"
		if [ "$gd_kind" = bool ] && [ "$opt_csv" != 1 ]; then
			case $attr in
			1) attr=true ;;
			0) attr=false ;;
			esac
		fi
		if [ "$opt_csv" = 1 ]; then
			case $attr in
			*,*) attr="\"$attr\"" ;;
			esac
			printf '%s,%s\n' "$gd_key" "$attr"
		else
			printf '%s: %s\n' "$gd_key" "$attr"
		fi
	done <<EOF_KEYS
$global_keys
EOF_KEYS
}

global_set() {
	global_kind "$global_key" || usage_error "unknown key --$global_key"
	global_check "$global_key" "$gkind" "$global_value"
	need_file global
	[ -e "$cfs_root/global/$global_key" ] ||
		die 1 "$cfs_root/global/$global_key not found: is the loaded jool.ko older than this tool?"
	cfs_write "$cfs_root/global/$global_key" "$gval" || die_failed
}

global_main() {
	cfs_what=settings
	[ -z "$arg_prefix" ] || usage_error "unexpected argument '$arg_prefix'"
	if [ -n "$global_key" ]; then
		case ${op:-set} in
		set) ;;
		*) usage_error "--$op cannot be used with --$global_key" ;;
		esac
		allow_only "$global_key" "force"
		global_set
		return
	fi
	case ${op:=display} in
	display) allow_only display "csv" ;;
	*) no_op ;;
	esac
	global_display
}
