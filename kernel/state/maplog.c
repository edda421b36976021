// SPDX-License-Identifier: GPL-2.0
/*
 * The mapping log: tracepoints and kernel log lines (state/maplog.h).
 */
#include <linux/printk.h>
#include <linux/ratelimit.h>
#include <linux/timekeeping.h>
#include <net/net_namespace.h>

#include "core/proto.h"
#include "state/maplog.h"
#include "state/netns.h"
#include "state/pool6.h"
#include "state/settings.h"

#define CREATE_TRACE_POINTS
#include "state/maplog_trace.h"

static DEFINE_RATELIMIT_STATE(maplog_limit, HZ, MAPLOG_BURST);

static bool maplog_wanted(const struct jool_net *jn, bool session)
{
	const struct jool_settings *s;
	bool on;

	rcu_read_lock();
	s = jool_settings_current(jn);
	on = session ? s->log_session : s->log_bib;
	rcu_read_unlock();
	return on && __ratelimit(&maplog_limit);
}

void maplog_bib(const struct jool_net *jn, u8 proto,
		const struct bib_entry *b, bool add, bool in_block)
{
	time64_t now;

	trace_jool_bib(jn->net->ns.inum, proto, b, add);
	if (in_block || !maplog_wanted(jn, false))
		return;
	now = ktime_get_real_seconds();
	pr_info("jool: net:[%u] %ptT+00:00 bib %s %s %u %pI6c#%u %pI4#%u\n",
		jn->net->ns.inum, &now, add ? "add" : "del",
		jool_proto_name(proto), b->mark, &b->addr6, ntohs(b->port6),
		&b->addr4, ntohs(b->port4));
}

void maplog_block(const struct jool_net *jn, u8 proto,
		  const struct pblk_event *ev, bool add)
{
	__be32 addr = htonl(ev->addr);
	time64_t now;

	trace_jool_block(jn->net->ns.inum, proto, ev, add);
	if (!maplog_wanted(jn, false))
		return;
	now = ktime_get_real_seconds();
	pr_info("jool: net:[%u] %ptT+00:00 block %s %s %u %pI6c/%u %pI4#%u-%u\n",
		jn->net->ns.inum, &now, add ? "add" : "del",
		jool_proto_name(proto), ev->mark, &ev->prefix, ev->len, &addr,
		ev->first, ev->first + ev->size - 1);
}

void maplog_session(const struct jool_net *jn, u8 proto,
		    const struct bib_session *s, bool add)
{
	const struct bib_entry *b = bib_session_entry(s);
	struct in6_addr remote6 = {};
	const struct pool6 *p6;
	time64_t now;

	trace_jool_session(jn->net->ns.inum, proto, s, add);
	if (!maplog_wanted(jn, true))
		return;
	rcu_read_lock();
	p6 = pool6_current(jn);
	if (p6)
		pool6_embed(p6, s->raddr4, &remote6);
	rcu_read_unlock();
	now = ktime_get_real_seconds();
	pr_info("jool: net:[%u] %ptT+00:00 session %s %s %u %pI6c#%u %pI6c#%u %pI4#%u %pI4#%u\n",
		jn->net->ns.inum, &now, add ? "add" : "del",
		jool_proto_name(proto), b->mark, &b->addr6, ntohs(b->port6),
		&remote6, ntohs(s->rport4), &b->addr4, ntohs(b->port4),
		&s->raddr4, ntohs(s->rport4));
}
