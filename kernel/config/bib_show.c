// SPDX-License-Identifier: GPL-2.0
/*
 * jool/bib and jool/session: read-only listings of the translator's state.
 *
 * They are binary configfs attributes because a text attribute stops at
 * one page: configfs asks for the size first (buf == NULL), allocates
 * that much and asks again for the content, and then returns exactly the
 * first size to userspace.  So the first call measures the listing as it
 * is then; when entries come or go before the second call, the listing is
 * cut at the last whole line that fits, and padded with newlines (empty
 * lines, never stale memory).  Lines (a static BIB entry's ends with
 * "static", a dynamic one's with its IPv4 transport address):
 *
 *   bib:     PROTO MARK IPV6#PORT IPV4#PORT [static]
 *   session: PROTO MARK IPV6#PORT REMOTE6#PORT IPV4#PORT REMOTE4#PORT
 *            STATE SECONDS_LEFT
 */
#include <linux/configfs.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/module.h>

#include "state/bib.h"
#include "config/instance.h"
#include "config/parts.h"
#include "state/pool6.h"
#include "state/settings.h"
#include "core/session_state.h"

#define SHOW_LINE_MAX 192

struct show_buf {
	char *buf;
	size_t len;
	size_t used;
	u8 proto;
	const struct jool_net *jn;
};

/* Without a buffer, only measures. */
static void show_line(struct show_buf *sb, const char *line, int n)
{
	if (!sb->buf) {
		sb->used += n;
		return;
	}
	if (sb->used + n > sb->len)
		return;
	memcpy(sb->buf + sb->used, line, n);
	sb->used += n;
}

static ssize_t show_end(struct show_buf *sb)
{
	if (!sb->buf)
		return sb->used;
	memset(sb->buf + sb->used, '\n', sb->len - sb->used);
	return sb->len;
}

static void show_bib(const struct bib_entry *b, void *arg)
{
	struct show_buf *sb = arg;
	char line[SHOW_LINE_MAX];
	int n;

	n = scnprintf(line, sizeof(line), "%s %u %pI6c#%u %pI4#%u%s\n",
		      jool_proto_name(sb->proto), b->mark, &b->addr6,
		      ntohs(b->port6), &b->addr4, ntohs(b->port4),
		      b->is_static ? " static" : "");
	show_line(sb, line, n);
}

/* By the lifetimes in force now, as the next sweep will see them. */
static long show_seconds_left(const struct bib_session *s, u8 proto,
			      const struct session_timeouts *to)
{
	unsigned long end = READ_ONCE(s->seen) +
			    session_lifetime(proto, READ_ONCE(s->state), to);

	return time_after(end, jiffies) ? (end - jiffies) / HZ : 0;
}

static void show_session(const struct bib_session *s, void *arg)
{
	const struct bib_entry *b = s->bib;
	struct show_buf *sb = arg;
	const struct pool6 *p6 = pool6_current(sb->jn);
	struct in6_addr remote6 = {};
	char line[SHOW_LINE_MAX];
	int n;

	if (p6)
		pool6_embed(p6, s->raddr4, &remote6);
	n = scnprintf(line, sizeof(line),
		      "%s %u %pI6c#%u %pI6c#%u %pI4#%u %pI4#%u %s %ld\n",
		      jool_proto_name(sb->proto), b->mark, &b->addr6,
		      ntohs(b->port6), &remote6, ntohs(s->rport4), &b->addr4,
		      ntohs(b->port4), &s->raddr4, ntohs(s->rport4),
		      session_state_name(READ_ONCE(s->state)),
		      show_seconds_left(s, sb->proto,
					&jool_settings_current(sb->jn)->timeouts));
	show_line(sb, line, n);
}

/*
 * Walks the tables under the directory's lock, so that the namespace's
 * translator cannot stop meanwhile.  One that never started lists nothing.
 */
static ssize_t show_table(struct config_item *item, void *buf, size_t len,
			  bool sessions)
{
	struct jool_inst *inst = to_jool_inst(item);
	struct show_buf sb = { .buf = buf, .len = len };
	ssize_t err = jool_inst_enter(inst, false);

	if (err)
		return err;
	sb.jn = inst->jn;
	for (sb.proto = 0; sb.jn->bib && sb.proto < JOOL_PROTO_COUNT;
	     sb.proto++) {
		if (sessions)
			bib_session_for_each(sb.jn->bib, sb.proto,
					     show_session, &sb);
		else
			bib_for_each(sb.jn->bib, sb.proto, show_bib, &sb);
	}
	jool_inst_leave(inst);
	return show_end(&sb);
}

static ssize_t jool_bib_read(struct config_item *item, void *buf, size_t len)
{
	return show_table(item, buf, len, false);
}

static ssize_t jool_session_read(struct config_item *item, void *buf,
				 size_t len)
{
	return show_table(item, buf, len, true);
}

/* cb_max_size 0: no limit, the size comes from the first read. */
struct configfs_bin_attribute jool_attr_bib = {
	.cb_attr = {
		.ca_name	= "bib",
		.ca_owner	= THIS_MODULE,
		.ca_mode	= 0444,
	},
	.read = jool_bib_read,
};

struct configfs_bin_attribute jool_attr_session = {
	.cb_attr = {
		.ca_name	= "session",
		.ca_owner	= THIS_MODULE,
		.ca_mode	= 0444,
	},
	.read = jool_session_read,
};
