// SPDX-License-Identifier: GPL-2.0
/*
 * jool/static-bib/: one directory per static BIB entry.
 *
 *   static-bib/NAME/proto	tcp, udp or icmp (required)
 *   static-bib/NAME/mark	the pool4 mark whose records hold ipv4 (0)
 *   static-bib/NAME/ipv6	the server, "IPV6#port" (required)
 *   static-bib/NAME/ipv4	where IPv4 reaches it, "a.b.c.d#port" (required)
 *   static-bib/NAME/enabled	1 puts the entry in the BIB, 0 takes it out
 *
 * As with pool4 records, an entry is made disabled, its attributes are
 * written, then "enabled".  Enabling checks that pool4 holds ipv4 for
 * (mark, proto) (EADDRNOTAVAIL otherwise) and that neither transport
 * address is in the BIB already, as a dynamic or a static entry (EEXIST),
 * and that no subscriber's port block holds the IPv4 one (EADDRINUSE); a
 * refusal changes nothing.  Disabling or removing the directory removes
 * the entry and its sessions.  Writes to an enabled entry's attributes get
 * EBUSY.  The entry never expires; a pool4 change that no longer covers it
 * disables it (static_bib_recheck()).
 */
#include <linux/configfs.h>
#include <linux/module.h>
#include <linux/slab.h>

#include "config/attr.h"
#include "config/instance.h"
#include "config/parts.h"
#include "config/static_bib.h"
#include "core/proto.h"
#include "state/bib_static.h"
#include "state/pool4_pub.h"
#include "xlat/start.h"

static inline struct static_bib_item *to_sb_item(struct config_item *item)
{
	return container_of(item, struct static_bib_item, item);
}

static struct static_bib_set *sb_set_of(struct static_bib_item *si)
{
	return container_of(to_config_group(si->item.ci_parent),
			    struct static_bib_set, group);
}

static int sb_lock(struct static_bib_item *si, bool write)
{
	return jool_inst_enter(sb_set_of(si)->inst, write);
}

static void sb_unlock(struct static_bib_item *si)
{
	jool_inst_leave(sb_set_of(si)->inst);
}

/* The writes that change the entry: only while it is disabled. */
static int sb_lock_disabled(struct static_bib_item *si)
{
	int err = sb_lock(si, true);

	if (err)
		return err;
	if (si->enabled) {
		sb_unlock(si);
		return -EBUSY;
	}
	return 0;
}

/* Takes @si out of the BIB of @set's translator. */
static void sb_disable(struct static_bib_set *set, struct static_bib_item *si)
{
	struct bib *bib = set->inst->jn ? set->inst->jn->bib : NULL;

	if (bib)
		bib_static_remove(bib, &si->entry);
	list_del_init(&si->node);
	si->enabled = false;
}

static bool sb_covered(const struct pool4_snapshot *snap,
		       const struct bib_flow *e)
{
	const struct pool4_table *table;

	table = snap ? pool4_table_find(snap, e->mark, e->proto) : NULL;
	return table && pool4_table_contains(table, ntohl(e->addr4),
					     ntohs(e->port4));
}

static int sb_enable(struct static_bib_set *set, struct static_bib_item *si)
{
	struct jool_net *jn = set->inst->jn;
	bool covered;
	int err;

	if (!si->proto_set || !si->ipv4_set || !si->ipv6_set)
		return -EINVAL;
	rcu_read_lock();
	covered = sb_covered(pool4_current(jn), &si->entry);
	rcu_read_unlock();
	if (!covered)
		return -EADDRNOTAVAIL;
	/* The BIB comes with a started translator (it waits for pool6). */
	err = jool_proc_add(jn) ?: jool_net_start(jn) ?:
	      bib_static_add(jn->bib, &si->entry);
	if (err)
		return err;
	list_add_tail(&si->node, &set->enabled);
	si->enabled = true;
	return 0;
}

void static_bib_recheck(struct static_bib_set *set,
			const struct pool4_snapshot *after)
{
	struct static_bib_item *si, *tmp;

	lockdep_assert_held(&set->inst->lock);
	list_for_each_entry_safe(si, tmp, &set->enabled, node)
		if (!sb_covered(after, &si->entry))
			sb_disable(set, si);
}

void static_bib_detach(struct static_bib_set *set)
{
	static_bib_recheck(set, NULL);
}

/* ---- attributes ---- */

static ssize_t sb_proto_show(struct config_item *item, char *page)
{
	struct static_bib_item *si = to_sb_item(item);
	ssize_t len = sb_lock(si, false);

	if (len)
		return len;
	if (si->proto_set)
		len = sysfs_emit(page, "%s\n", jool_proto_name(si->entry.proto));
	sb_unlock(si);
	return len;
}

static ssize_t sb_proto_store(struct config_item *item, const char *page,
			      size_t count)
{
	struct static_bib_item *si = to_sb_item(item);
	u8 proto;
	int err = attr_parse_proto(page, count, &proto);

	if (err)
		return err;
	err = sb_lock_disabled(si);
	if (err)
		return err;
	si->entry.proto = proto;
	si->proto_set = true;
	sb_unlock(si);
	return count;
}

static ssize_t sb_mark_show(struct config_item *item, char *page)
{
	struct static_bib_item *si = to_sb_item(item);
	ssize_t len = sb_lock(si, false);

	if (len)
		return len;
	len = sysfs_emit(page, "%u\n", si->entry.mark);
	sb_unlock(si);
	return len;
}

static ssize_t sb_mark_store(struct config_item *item, const char *page,
			     size_t count)
{
	struct static_bib_item *si = to_sb_item(item);
	u32 mark;
	int err = attr_parse_u32(page, count, &mark);

	if (err)
		return err;
	err = sb_lock_disabled(si);
	if (err)
		return err;
	si->entry.mark = mark;
	sb_unlock(si);
	return count;
}

static ssize_t sb_ipv6_show(struct config_item *item, char *page)
{
	struct static_bib_item *si = to_sb_item(item);
	ssize_t len = sb_lock(si, false);

	if (len)
		return len;
	if (si->ipv6_set)
		len = sysfs_emit(page, "%pI6c#%u\n", &si->entry.addr6,
				 ntohs(si->entry.port6));
	sb_unlock(si);
	return len;
}

static ssize_t sb_ipv6_store(struct config_item *item, const char *page,
			     size_t count)
{
	struct static_bib_item *si = to_sb_item(item);
	struct in6_addr addr;
	__be16 port;
	int err = attr_parse_taddr6(page, count, &addr, &port);

	if (err)
		return err;
	err = sb_lock_disabled(si);
	if (err)
		return err;
	si->entry.addr6 = addr;
	si->entry.port6 = port;
	si->ipv6_set = true;
	sb_unlock(si);
	return count;
}

static ssize_t sb_ipv4_show(struct config_item *item, char *page)
{
	struct static_bib_item *si = to_sb_item(item);
	ssize_t len = sb_lock(si, false);

	if (len)
		return len;
	if (si->ipv4_set)
		len = sysfs_emit(page, "%pI4#%u\n", &si->entry.addr4,
				 ntohs(si->entry.port4));
	sb_unlock(si);
	return len;
}

static ssize_t sb_ipv4_store(struct config_item *item, const char *page,
			     size_t count)
{
	struct static_bib_item *si = to_sb_item(item);
	__be32 addr;
	__be16 port;
	int err = attr_parse_taddr4(page, count, &addr, &port);

	if (err)
		return err;
	err = sb_lock_disabled(si);
	if (err)
		return err;
	si->entry.addr4 = addr;
	si->entry.port4 = port;
	si->ipv4_set = true;
	sb_unlock(si);
	return count;
}

static ssize_t sb_enabled_show(struct config_item *item, char *page)
{
	struct static_bib_item *si = to_sb_item(item);
	ssize_t len = sb_lock(si, false);

	if (len)
		return len;
	len = sysfs_emit(page, "%d\n", si->enabled);
	sb_unlock(si);
	return len;
}

static ssize_t sb_enabled_store(struct config_item *item, const char *page,
				size_t count)
{
	struct static_bib_item *si = to_sb_item(item);
	struct static_bib_set *set = sb_set_of(si);
	bool enable;
	int err = attr_parse_bool(page, count, &enable);

	if (err)
		return err;
	err = sb_lock(si, true);
	if (err)
		return err;
	if (enable && !si->enabled)
		err = sb_enable(set, si);
	else if (!enable && si->enabled)
		sb_disable(set, si);
	sb_unlock(si);
	return err ?: count;
}

CONFIGFS_ATTR(sb_, proto);
CONFIGFS_ATTR(sb_, mark);
CONFIGFS_ATTR(sb_, ipv6);
CONFIGFS_ATTR(sb_, ipv4);
CONFIGFS_ATTR(sb_, enabled);

static struct configfs_attribute *sb_item_attrs[] = {
	&sb_attr_proto,
	&sb_attr_mark,
	&sb_attr_ipv6,
	&sb_attr_ipv4,
	&sb_attr_enabled,
	NULL,
};

static void sb_item_release(struct config_item *item)
{
	kfree(to_sb_item(item));
}

static struct configfs_item_operations sb_item_ops = {
	.release	= sb_item_release,
};

static const struct config_item_type sb_item_type = {
	.ct_item_ops	= &sb_item_ops,
	.ct_attrs	= sb_item_attrs,
	.ct_owner	= THIS_MODULE,
};

/* ---- the group ---- */

static struct static_bib_set *to_sb_set(struct config_group *group)
{
	return container_of(group, struct static_bib_set, group);
}

/* An entry may be made only where its maker may write. */
static struct config_item *sb_make_item(struct config_group *group,
					const char *name)
{
	struct jool_inst *inst = to_sb_set(group)->inst;
	struct static_bib_item *si;
	int err = jool_inst_enter(inst, true);

	if (err)
		return ERR_PTR(err);
	jool_inst_leave(inst);
	si = kzalloc(sizeof(*si), GFP_KERNEL);
	if (!si)
		return ERR_PTR(-ENOMEM);
	INIT_LIST_HEAD(&si->node);
	config_item_init_type_name(&si->item, name, &sb_item_type);
	return &si->item;
}

static void sb_drop_item(struct config_group *group, struct config_item *item)
{
	struct static_bib_set *set = to_sb_set(group);
	struct static_bib_item *si = to_sb_item(item);

	mutex_lock(&set->inst->lock);
	if (si->enabled)
		sb_disable(set, si);
	mutex_unlock(&set->inst->lock);
	config_item_put(item);
}

static struct configfs_group_operations sb_group_ops = {
	.make_item	= sb_make_item,
	.drop_item	= sb_drop_item,
};

static const struct config_item_type sb_group_type = {
	.ct_group_ops	= &sb_group_ops,
	.ct_owner	= THIS_MODULE,
};

void static_bib_group_init(struct static_bib_set *set, struct jool_inst *inst)
{
	set->inst = inst;
	INIT_LIST_HEAD(&set->enabled);
	config_group_init_type_name(&set->group, "static-bib", &sb_group_type);
	configfs_add_default_group(&set->group, &inst->cfs.su_group);
}
