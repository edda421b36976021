// SPDX-License-Identifier: GPL-2.0
/*
 * Publication of the operator's settings, see state/settings.h.
 */
#include <linux/cache.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "state/settings.h"

/*
 * RFC 6146's timeouts, every filter off, headers translated as RFC 7915
 * says, ICMPv6 errors from the reporting router (what traceroute needs),
 * NAT64 Jool's SYN store size, and RFC 1191's plateaus.
 */
struct jool_settings jool_settings_default __ro_after_init = {
	.enabled = true,
	.src_icmp6_better = true,
	.max_syn_opens = JOOL_SYN_STORE_DEFAULT,
	.timeouts = {
		.udp = SESSION_UDP_DEFAULT,
		.tcp_est = SESSION_TCP_EST_DEFAULT,
		.tcp_trans = SESSION_TCP_TRANS_DEFAULT,
		.icmp = SESSION_ICMP_DEFAULT,
	},
	.sub_prefix_len = JOOL_SUB_PREFIX_DEFAULT,
	.max_bib_per_sub = JOOL_BIB_PER_SUB_DEFAULT,
	.max_sessions_per_bib = JOOL_SESSIONS_PER_BIB_DEFAULT,
	.plateau_count = 10,
	.plateaus = {
		32000, 17914, 8166, 4352, 2002, 1492, 1006, 508, 296, 68,
	},
};

void __init jool_settings_setup(void)
{
	u64 sessions = ((u64)totalram_pages() << PAGE_SHIFT) / SZ_4K;

	sessions = clamp_t(u64, sessions, JOOL_SESSION_MAX_FLOOR,
			   JOOL_TABLE_MAX);
	jool_settings_default.session_max = sessions;
	jool_settings_default.bib_max = sessions / 2;
}

/* Never written through after init: the defaults are only replaced. */
static struct jool_settings *settings_default(void)
{
	return &jool_settings_default;
}

void jool_settings_init(struct jool_net *jn)
{
	RCU_INIT_POINTER(jn->settings, settings_default());
}

struct jool_settings *jool_settings_copy(const struct jool_net *jn)
{
	return kmemdup(rcu_dereference_protected(jn->settings, true),
		       sizeof(struct jool_settings), GFP_KERNEL);
}

void jool_settings_publish(struct jool_net *jn, struct jool_settings *s)
{
	struct jool_settings *old;

	old = rcu_replace_pointer(jn->settings, s ?: settings_default(), true);
	if (old != settings_default())
		kfree_rcu(old, rcu);
}

u16 jool_settings_plateau(const struct jool_settings *s, u32 len)
{
	unsigned int i;

	for (i = 0; i < s->plateau_count; i++)
		if (s->plateaus[i] < len)
			return s->plateaus[i];
	return JOOL_PLATEAU_MIN;
}
