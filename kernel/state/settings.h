/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The operator's settings of one namespace's translator (jool/global/):
 * plain values, published with RCU in its struct jool_net.  A published
 * struct is never changed: a writer copies it, changes the copy and
 * publishes that, so a packet that read the pointer once sees one
 * consistent set of values, and every change takes effect for the
 * packets that come after it.  The defaults are a static struct shared by
 * every namespace, so that an idle translator allocates nothing.
 */
#ifndef _JOOL_STATE_SETTINGS_H
#define _JOOL_STATE_SETTINGS_H

#include <linux/rcupdate.h>
#include <linux/types.h>

#include "core/session_state.h"
#include "core/taddr_alloc.h"
#include "state/netns.h"

/* RFC 1191 section 7 lists ten plateaus; room for a few more. */
#define JOOL_PLATEAUS_MAX	16
/* The smallest MTU of IPv4 (RFC 791), and of its plateaus. */
#define JOOL_PLATEAU_MIN	68
/*
 * IPv4 SYNs kept for a simultaneous open (state/syn_store.h): NAT64
 * Jool's default, and a ceiling that bounds the store's memory (a stored
 * SYN costs about 1 KiB: at most 4 MiB per namespace).
 */
#define JOOL_SYN_STORE_DEFAULT	10
#define JOOL_SYN_STORE_MAX	4096
/*
 * The tables' limits (bib-max, session-max).  A BIB entry and its session
 * take about 200 bytes; by default the tables may hold a session per
 * 4 KiB of the machine's memory (one twentieth of it at the limit), and
 * half as many BIB entries, but never fewer than JOOL_SESSION_MAX_FLOOR
 * sessions.  An operator may set any limit up to JOOL_TABLE_MAX (about
 * 13 GiB of entries).
 */
#define JOOL_SESSION_MAX_FLOOR	(1U << 16)
#define JOOL_TABLE_MAX		(1U << 26)

/*
 * Per-subscriber limits (RFC 6888 REQ-4 and REQ-5).  A subscriber is the
 * IPv6 prefix of JOOL_SUB_PREFIX_DEFAULT bits: every site gets at least a
 * /64 (RFC 6177, 3GPP), so a /64 never puts two customers together,
 * while a /128 would let one host multiply its share with addresses of
 * its own /64.  A subscriber's share of the BIB defaults to what one
 * pool4 address offers by default (61001-65535) less a little: a user
 * who opens a few thousand flows works; one who opens a hundred thousand
 * stops there.  The sessions of one dynamic BIB entry are bounded so
 * that IPv4 senders cannot spray one mapping (endpoint-independent
 * filtering lets any of them open a session).
 */
#define JOOL_SUB_PREFIX_DEFAULT		64
#define JOOL_SUB_PREFIX_MIN		32
#define JOOL_BIB_PER_SUB_DEFAULT	4096
#define JOOL_BIB_PER_SUB_MAX		JOOL_TABLE_MAX
#define JOOL_SESSIONS_PER_BIB_DEFAULT	1024
#define JOOL_SESSIONS_PER_BIB_MAX	U16_MAX

/*
 * Port blocks (core/port_block.h): 0 is off (a port per flow, from
 * anywhere in pool4); else a power of two, so that blocks tile the port
 * space and "address, first port, size" names one.  A block must be
 * worth reserving (8 ports) and fit the default range 61001-65535 (4096).
 */
#define JOOL_PORT_BLOCK_MIN	TADDR_BLOCK_MIN
#define JOOL_PORT_BLOCK_MAX	TADDR_BLOCK_MAX

/**
 * struct jool_settings - what the operator may change, read by the data path
 * @enabled:		translate; 0 lets every packet through untouched
 * @adf:		address-dependent filtering (RFC 6146 section 3.5.1)
 * @drop_icmp6_info:	drop ICMPv6 informational messages (section 3.5.3)
 * @drop_ext_tcp:	drop IPv4 SYNs that would open a session
 * @src_icmp6_better:	translated ICMPv6 errors come from the reporting
 *			router's address, not from the inner destination
 * @zeroize_tclass:	IPv4 -> IPv6: Traffic Class 0 instead of the TOS
 * @override_tos:	IPv6 -> IPv4: TOS @tos instead of the Traffic Class
 * @tos:		see @override_tos
 * @max_syn_opens:	IPv4 SYNs the SYN store may hold; 0 stores none
 * @timeouts:		session lifetimes, seconds
 * @plateau_count:	entries of @plateaus, at least 1
 * @plateaus:		RFC 1191 MTU plateaus, strictly decreasing
 * @log_bib:		log BIB entries made and removed (state/maplog.h)
 * @log_session:	log sessions made and removed
 * @sub_prefix_len:	the length of a subscriber's IPv6 prefix
 * @max_bib_per_sub:	dynamic BIB entries per subscriber and protocol
 * @max_sessions_per_bib: sessions per dynamic BIB entry
 * @bib_max:		BIB entries of all protocols, static ones included
 * @session_max:	sessions of all protocols
 * @port_block_size:	ports a subscriber reserves at a time; 0: off
 * @rcu:		to free a replaced struct
 */
struct jool_settings {
	bool enabled;
	bool adf;
	bool drop_icmp6_info;
	bool drop_ext_tcp;
	bool src_icmp6_better;
	bool zeroize_tclass;
	bool override_tos;
	u8 tos;
	u32 max_syn_opens;
	struct session_timeouts timeouts;
	u8 plateau_count;
	u16 plateaus[JOOL_PLATEAUS_MAX];
	bool log_bib;
	bool log_session;
	u8 sub_prefix_len;
	u32 max_bib_per_sub;
	u32 max_sessions_per_bib;
	u32 bib_max;
	u32 session_max;
	u32 port_block_size;
	struct rcu_head rcu;
};

/*
 * Today's behaviour, before anyone writes to jool/global/: constants but
 * for the tables' limits, which jool_settings_setup() sizes to the
 * machine's memory when the module loads.
 */
extern struct jool_settings jool_settings_default;

void jool_settings_setup(void);

/*
 * The settings a packet must use; never NULL.  Caller holds
 * rcu_read_lock() for as long as it uses them.
 */
static inline const struct jool_settings *
jool_settings_current(const struct jool_net *jn)
{
	return rcu_dereference(jn->settings);
}

/* A new namespace's translator: the defaults. */
void jool_settings_init(struct jool_net *jn);

/*
 * A copy of the published settings, for a writer to change and publish;
 * NULL when out of memory.  The caller serialises the writers of @jn.
 */
struct jool_settings *jool_settings_copy(const struct jool_net *jn);

/*
 * Publishes @s (NULL: the defaults); the replaced struct is freed after a
 * grace period (the module's exit waits for it: rcu_barrier()).
 */
void jool_settings_publish(struct jool_net *jn, struct jool_settings *s);

/* The plateau below a packet of @len bytes (RFC 1191 section 7). */
u16 jool_settings_plateau(const struct jool_settings *s, u32 len);

#endif /* _JOOL_STATE_SETTINGS_H */
