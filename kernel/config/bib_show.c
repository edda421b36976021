// SPDX-License-Identifier: GPL-2.0
/*
 * jool/bib and jool/session: read-only listings of the translator's state
 * in configfs, for the administrator of the namespace it serves (they
 * show every subscriber's flows).  The lines are config/listing.h's.
 *
 * They are binary configfs attributes because a text attribute stops at
 * one page: configfs asks for the size first (buf == NULL), allocates
 * that much and asks again for the content, and then returns exactly the
 * first size to userspace.  So the first call measures the listing as it
 * is then; when entries come or go before the second call, the listing is
 * cut at the last whole line that fits, and padded with newlines (empty
 * lines, never stale memory).  That buffer holds the whole listing, so
 * the privilege is checked at the first call, before it is allocated;
 * /proc/net/jool/ (config/bib_proc.c) streams the same lines in bounded
 * memory and is what the tool reads.
 */
#include <linux/configfs.h>
#include <linux/kernel.h>
#include <linux/module.h>

#include "config/instance.h"
#include "config/listing.h"
#include "config/parts.h"
#include "state/bib.h"

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
	char line[LISTING_LINE_MAX];

	show_line(sb, line, listing_bib_line(line, sb->proto, b));
}

static void show_session(const struct bib_session *s, void *arg)
{
	struct show_buf *sb = arg;
	char line[LISTING_LINE_MAX];

	show_line(sb, line, listing_session_line(line, sb->proto, s, sb->jn));
}

/*
 * Walks the tables under the directory's lock, so that the namespace's
 * translator cannot stop meanwhile.  One that never started lists nothing.
 * Reading needs what writing needs: CAP_NET_ADMIN over the namespace.
 */
static ssize_t show_table(struct config_item *item, void *buf, size_t len,
			  bool sessions)
{
	struct jool_inst *inst = to_jool_inst(item);
	struct show_buf sb = { .buf = buf, .len = len };
	ssize_t err = jool_inst_enter(inst, true);

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
		.ca_mode	= 0400,
	},
	.read = jool_bib_read,
};

struct configfs_bin_attribute jool_attr_session = {
	.cb_attr = {
		.ca_name	= "session",
		.ca_owner	= THIS_MODULE,
		.ca_mode	= 0400,
	},
	.read = jool_session_read,
};
