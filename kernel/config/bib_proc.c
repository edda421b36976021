// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/net/jool/bib and /proc/net/jool/session: the listings of
 * config/listing.h, streamed through seq_file.  A read holds one page of
 * kernel memory (more only for a hash bucket whose lines do not fit in
 * one), whatever the size of the tables: each position is one part (a
 * hash bucket's worth) of one protocol's walk, so a read resumes where
 * the last one stopped without walking what it already returned, and
 * holds no lock between reads.  The walk's order survives the tables'
 * resizes (state/bib_hash.c): an entry that comes or goes during a
 * listing may be missing from it; every other entry is listed once.
 *
 * They exist in the namespace of the translator they list, from its
 * start until it stops, owned by that namespace's root and readable only
 * by its administrator: they show every subscriber's flows.  Opening
 * them checks what a configuration write checks (config/instance.h)
 * before anything is allocated.
 */
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/uidgid.h>
#include <net/net_namespace.h>

#include "config/instance.h"
#include "config/listing.h"
#include "config/parts.h"
#include "core/proto.h"
#include "state/bib.h"
#include "state/netns.h"

/**
 * struct listing_iter - where a listing is, between two reads
 * @jn:		the translator it lists
 * @pos:	seq_file's position of the part at @cursor
 * @proto:	the protocol of that part
 * @cursor:	the part, a point of bib_walk_part()'s walk
 * @next:	where the part at @cursor ended, when it was shown
 */
struct listing_iter {
	const struct jool_net *jn;
	loff_t pos;
	u8 proto;
	u64 cursor;
	u64 next;
};

/*
 * Each position is one part of one protocol's walk.  seq_file may show a
 * position again (its lines did not fit) but never goes back otherwise:
 * any other position than the one after the last shown starts over.
 */
static void *listing_start(struct seq_file *m, loff_t *pos)
{
	struct listing_iter *it = m->private;

	if (!*pos || *pos != it->pos) {
		*pos = 0;
		it->pos = 0;
		it->proto = 0;
		it->cursor = 0;
	}
	return it->proto < JOOL_PROTO_COUNT && it->jn->bib ? it : NULL;
}

static void *listing_next(struct seq_file *m, void *v, loff_t *pos)
{
	struct listing_iter *it = v;

	it->cursor = it->next;
	if (it->cursor >= BIB_WALK_END) {
		it->proto++;
		it->cursor = 0;
	}
	it->pos = ++*pos;
	return it->proto < JOOL_PROTO_COUNT ? it : NULL;
}

static void listing_stop(struct seq_file *m, void *v)
{
}

static void walk_bib(const struct bib_entry *b, void *arg)
{
	struct seq_file *m = arg;
	struct listing_iter *it = m->private;
	char line[LISTING_LINE_MAX];

	seq_write(m, line, listing_bib_line(line, it->proto, b));
}

static void walk_session(const struct bib_session *s, void *arg)
{
	struct seq_file *m = arg;
	struct listing_iter *it = m->private;
	char line[LISTING_LINE_MAX];

	seq_write(m, line, listing_session_line(line, it->proto, s, it->jn));
}

static int bib_seq_show(struct seq_file *m, void *v)
{
	struct listing_iter *it = v;

	it->next = it->cursor;
	bib_walk_part(it->jn->bib, it->proto, &it->next, walk_bib, m);
	return 0;
}

static int session_seq_show(struct seq_file *m, void *v)
{
	struct listing_iter *it = v;

	it->next = it->cursor;
	bib_session_walk_part(it->jn->bib, it->proto, &it->next, walk_session,
			      m);
	return 0;
}

static const struct seq_operations bib_seq_ops = {
	.start	= listing_start,
	.next	= listing_next,
	.stop	= listing_stop,
	.show	= bib_seq_show,
};

static const struct seq_operations session_seq_ops = {
	.start	= listing_start,
	.next	= listing_next,
	.stop	= listing_stop,
	.show	= session_seq_show,
};

static int listing_open(struct inode *inode, struct file *file,
			const struct seq_operations *ops)
{
	struct jool_net *jn = pde_data(inode);

	struct listing_iter *it;

	if (!jool_may_write(jn->net))
		return -EPERM;
	it = __seq_open_private(file, ops, sizeof(*it));
	if (!it)
		return -ENOMEM;
	it->jn = jn;
	return 0;
}

static int bib_open(struct inode *inode, struct file *file)
{
	return listing_open(inode, file, &bib_seq_ops);
}

static int session_open(struct inode *inode, struct file *file)
{
	return listing_open(inode, file, &session_seq_ops);
}

static const struct proc_ops bib_proc_ops = {
	.proc_open	= bib_open,
	.proc_read_iter	= seq_read_iter,
	.proc_lseek	= seq_lseek,
	.proc_release	= seq_release_private,
};

static const struct proc_ops session_proc_ops = {
	.proc_open	= session_open,
	.proc_read_iter	= seq_read_iter,
	.proc_lseek	= seq_lseek,
	.proc_release	= seq_release_private,
};

/*
 * Owned by the namespace's root, so that the administrator of a
 * container's namespace can open them too; global root owns them when
 * that user namespace has no root mapped.
 */
static void jool_proc_own(struct net *net, struct proc_dir_entry *pde)
{
	kuid_t uid = make_kuid(net->user_ns, 0);
	kgid_t gid = make_kgid(net->user_ns, 0);

	if (uid_valid(uid) && gid_valid(gid))
		proc_set_user(pde, uid, gid);
}

int jool_proc_add(struct jool_net *jn)
{
	struct net *net = jn->net;
	struct proc_dir_entry *dir, *bib, *session;

	if (jn->proc)
		return 0;
	dir = proc_net_mkdir(net, "jool", net->proc_net);
	if (!dir)
		return -ENOMEM;
	bib = proc_create_data("bib", 0400, dir, &bib_proc_ops, jn);
	session = proc_create_data("session", 0400, dir, &session_proc_ops,
				   jn);
	if (!bib || !session) {
		proc_remove(dir);
		return -ENOMEM;
	}
	jool_proc_own(net, dir);
	jool_proc_own(net, bib);
	jool_proc_own(net, session);
	jn->proc = dir;
	return 0;
}

/* proc_remove() waits for the reads in progress and ends the others. */
void jool_proc_remove(struct jool_net *jn)
{
	proc_remove(jn->proc);
	jn->proc = NULL;
}
