// SPDX-License-Identifier: GPL-2.0
/*
 * The lines of the BIB and session listings (config/listing.h).
 */
#include <linux/jiffies.h>
#include <linux/kernel.h>

#include "config/listing.h"
#include "core/proto.h"
#include "core/session_state.h"
#include "state/pool6.h"
#include "state/settings.h"

int listing_bib_line(char *line, u8 proto, const struct bib_entry *b)
{
	return scnprintf(line, LISTING_LINE_MAX, "%s %u %pI6c#%u %pI4#%u%s\n",
			 jool_proto_name(proto), b->mark, &b->addr6,
			 ntohs(b->port6), &b->addr4, ntohs(b->port4),
			 bib_is_static(b) ? " static" : "");
}

/* By the lifetimes in force now, as the next sweep will see them. */
static long seconds_left(const struct bib_session *s, u8 proto,
			 const struct session_timeouts *to)
{
	unsigned long end = bib_session_due(s, proto, to);

	return time_after(end, jiffies) ? (end - jiffies) / HZ : 0;
}

int listing_session_line(char *line, u8 proto, const struct bib_session *s,
			 const struct jool_net *jn)
{
	const struct bib_entry *b = bib_session_entry(s);
	const struct pool6 *p6 = pool6_current(jn);
	struct in6_addr remote6 = {};

	if (p6)
		pool6_embed(p6, s->raddr4, &remote6);
	return scnprintf(line, LISTING_LINE_MAX,
			 "%s %u %pI6c#%u %pI6c#%u %pI4#%u %pI4#%u %s %ld\n",
			 jool_proto_name(proto), b->mark, &b->addr6,
			 ntohs(b->port6), &remote6, ntohs(s->rport4),
			 &b->addr4, ntohs(b->port4), &s->raddr4,
			 ntohs(s->rport4),
			 session_state_name(bib_session_state(s)),
			 seconds_left(s, proto,
				      &jool_settings_current(jn)->timeouts));
}
