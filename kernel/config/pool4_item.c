// SPDX-License-Identifier: GPL-2.0
/*
 * jool/pool4/: one directory per record, and the group's "count" and
 * "ephemeral-range".
 *
 * Every record is created disabled.  While disabled its attributes can be
 * written; writing 1 to "enabled" validates the record as a whole and
 * adds it to the published pool (config/pool4_set.c).  Values follow the
 * grammar and errno table of config/attr.h; EBUSY for a write to an
 * enabled record.  Reads and writes follow the access rules of the
 * directory the group belongs to (config/instance.h).
 */
#include <linux/configfs.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <net/ip.h>

#include "config/attr.h"
#include "config/instance.h"
#include "config/parts.h"
#include "config/pool4_set.h"
#include "core/proto.h"
#include "state/pool4_pub.h"

/* The directory's lock, for a read or a write (see config/instance.h). */
static int pool4_lock(struct pool4_item *pi, bool write)
{
	return jool_inst_enter(pool4_set_of(pi)->inst, write);
}

static void pool4_unlock(struct pool4_item *pi)
{
	jool_inst_leave(pool4_set_of(pi)->inst);
}

/*
 * Common prologue of the writes that change what the record covers: the
 * caller's privileges, then the record's state.  Takes the directory's
 * lock on success; the caller releases it with pool4_unlock().
 */
static int pool4_lock_disabled(struct pool4_item *pi)
{
	int err = pool4_lock(pi, true);

	if (err)
		return err;
	if (pi->enabled) {
		pool4_unlock(pi);
		return -EBUSY;
	}
	return 0;
}

static ssize_t pool4_item_mark_show(struct config_item *item, char *page)
{
	struct pool4_item *pi = to_pool4_item(item);
	ssize_t len = pool4_lock(pi, false);

	if (len)
		return len;
	len = sysfs_emit(page, "%u\n", pi->rec.mark);
	pool4_unlock(pi);
	return len;
}

static ssize_t pool4_item_mark_store(struct config_item *item,
				     const char *page, size_t count)
{
	struct pool4_item *pi = to_pool4_item(item);
	u32 mark;
	int err;

	err = attr_parse_u32(page, count, &mark);
	if (err)
		return err;
	err = pool4_lock_disabled(pi);
	if (err)
		return err;
	pi->rec.mark = mark;
	pool4_unlock(pi);
	return count;
}

static ssize_t pool4_item_proto_show(struct config_item *item, char *page)
{
	struct pool4_item *pi = to_pool4_item(item);
	ssize_t len = pool4_lock(pi, false);

	if (len)
		return len;
	if (pi->proto_set)
		len = sysfs_emit(page, "%s\n", jool_proto_name(pi->rec.proto));
	pool4_unlock(pi);
	return len;
}

static ssize_t pool4_item_proto_store(struct config_item *item,
				      const char *page, size_t count)
{
	struct pool4_item *pi = to_pool4_item(item);
	u8 proto;
	int err;

	err = attr_parse_proto(page, count, &proto);
	if (err)
		return err;
	err = pool4_lock_disabled(pi);
	if (err)
		return err;
	pi->rec.proto = proto;
	pi->proto_set = true;
	pool4_unlock(pi);
	return count;
}

static ssize_t pool4_item_prefix_show(struct config_item *item, char *page)
{
	struct pool4_item *pi = to_pool4_item(item);
	__be32 be;
	ssize_t len = pool4_lock(pi, false);

	if (len)
		return len;
	if (pi->prefix_set) {
		be = cpu_to_be32(pi->rec.addr);
		len = sysfs_emit(page, "%pI4/%u\n", &be, pi->rec.prefix_len);
	}
	pool4_unlock(pi);
	return len;
}

static ssize_t pool4_item_prefix_store(struct config_item *item,
				       const char *page, size_t count)
{
	struct pool4_item *pi = to_pool4_item(item);
	u32 addr;
	u8 len;
	int err;

	err = attr_parse_prefix4(page, count, &addr, &len);
	if (err)
		return err;
	err = pool4_lock_disabled(pi);
	if (err)
		return err;
	pi->rec.addr = addr;
	pi->rec.prefix_len = len;
	pi->prefix_set = true;
	pool4_unlock(pi);
	return count;
}

static ssize_t pool4_item_ports_show(struct config_item *item, char *page)
{
	struct pool4_item *pi = to_pool4_item(item);
	ssize_t len = pool4_lock(pi, false);

	if (len)
		return len;
	len = sysfs_emit(page, "%u-%u\n", pi->rec.port_min, pi->rec.port_max);
	pool4_unlock(pi);
	return len;
}

static ssize_t pool4_item_ports_store(struct config_item *item,
				      const char *page, size_t count)
{
	struct pool4_item *pi = to_pool4_item(item);
	u16 min, max;
	int err;

	err = attr_parse_ports(page, count, &min, &max);
	if (err)
		return err;
	err = pool4_lock_disabled(pi);
	if (err)
		return err;
	pi->rec.port_min = min;
	pi->rec.port_max = max;
	pool4_unlock(pi);
	return count;
}

static ssize_t pool4_item_enabled_show(struct config_item *item, char *page)
{
	struct pool4_item *pi = to_pool4_item(item);
	ssize_t len = pool4_lock(pi, false);

	if (len)
		return len;
	len = sysfs_emit(page, "%d\n", pi->enabled);
	pool4_unlock(pi);
	return len;
}

static int pool4_item_validate(const struct pool4_item *pi)
{
	if (!pi->proto_set || !pi->prefix_set)
		return -EINVAL;
	return pool4_record_validate(&pi->rec);
}

static ssize_t pool4_item_enabled_store(struct config_item *item,
					const char *page, size_t count)
{
	struct pool4_item *pi = to_pool4_item(item);
	struct pool4_set *ps = pool4_set_of(pi);
	bool enable;
	int err;

	err = attr_parse_bool(page, count, &enable);
	if (err)
		return err;
	err = pool4_lock(pi, true);
	if (err)
		return err;
	if (enable == pi->enabled)
		err = 0;
	else if (enable)
		err = pool4_item_validate(pi) ?: pool4_set_enable(ps, pi);
	else
		err = pool4_set_disable(ps, pi);
	pool4_unlock(pi);
	return err ?: count;
}

static ssize_t pool4_item_quick_show(struct config_item *item, char *page)
{
	struct pool4_item *pi = to_pool4_item(item);
	ssize_t len = pool4_lock(pi, false);

	if (len)
		return len;
	len = sysfs_emit(page, "%d\n", pi->quick);
	pool4_unlock(pi);
	return len;
}

/* quick is a removal policy, so it may change while the record is enabled. */
static ssize_t pool4_item_quick_store(struct config_item *item,
				      const char *page, size_t count)
{
	struct pool4_item *pi = to_pool4_item(item);
	bool quick;
	int err;

	err = attr_parse_bool(page, count, &quick);
	if (err)
		return err;
	err = pool4_lock(pi, true);
	if (err)
		return err;
	pi->quick = quick;
	pool4_unlock(pi);
	return count;
}

CONFIGFS_ATTR(pool4_item_, mark);
CONFIGFS_ATTR(pool4_item_, proto);
CONFIGFS_ATTR(pool4_item_, prefix);
CONFIGFS_ATTR(pool4_item_, ports);
CONFIGFS_ATTR(pool4_item_, enabled);
CONFIGFS_ATTR(pool4_item_, quick);

static struct configfs_attribute *pool4_item_attrs[] = {
	&pool4_item_attr_mark,
	&pool4_item_attr_proto,
	&pool4_item_attr_prefix,
	&pool4_item_attr_ports,
	&pool4_item_attr_enabled,
	&pool4_item_attr_quick,
	NULL,
};

static void pool4_item_release(struct config_item *item)
{
	kfree(to_pool4_item(item));
}

static struct configfs_item_operations pool4_item_ops = {
	.release	= pool4_item_release,
};

static const struct config_item_type pool4_item_type = {
	.ct_item_ops	= &pool4_item_ops,
	.ct_attrs	= pool4_item_attrs,
	.ct_owner	= THIS_MODULE,
};

/* A record may be made only where its maker may write (config/instance.h). */
static struct config_item *pool4_make_item(struct config_group *group,
					   const char *name)
{
	struct jool_inst *inst = to_pool4_set(group)->inst;
	struct pool4_item *pi;
	int err = jool_inst_enter(inst, true);

	if (err)
		return ERR_PTR(err);
	jool_inst_leave(inst);
	pi = kzalloc(sizeof(*pi), GFP_KERNEL);
	if (!pi)
		return ERR_PTR(-ENOMEM);
	pi->rec.port_min = POOL4_DEFAULT_PORT_MIN;
	pi->rec.port_max = POOL4_DEFAULT_PORT_MAX;
	INIT_LIST_HEAD(&pi->node);
	config_item_init_type_name(&pi->item, name, &pool4_item_type);
	return &pi->item;
}

static void pool4_drop_item(struct config_group *group,
			    struct config_item *item)
{
	struct pool4_set *ps = to_pool4_set(group);
	struct pool4_item *pi = to_pool4_item(item);

	mutex_lock(&ps->inst->lock);
	if (pi->enabled)
		pool4_set_remove(ps, pi);
	mutex_unlock(&ps->inst->lock);
	config_item_put(item);
}

static ssize_t pool4_group_count_show(struct config_item *item, char *page)
{
	struct jool_inst *inst = to_pool4_set(to_config_group(item))->inst;
	struct pool4_count count;
	int err = jool_inst_enter(inst, false);

	if (err)
		return err;
	rcu_read_lock();
	pool4_snapshot_count(pool4_current(inst->jn), &count);
	rcu_read_unlock();
	jool_inst_leave(inst);
	return sysfs_emit(page, "tables: %llu\nsamples: %llu\ntransport addresses: %llu\n",
			  count.tables, count.samples, count.taddrs);
}

CONFIGFS_ATTR_RO(pool4_group_, count);

/*
 * net.ipv4.ip_local_port_range of the translator's namespace, in the
 * sysctl's own text, for tools that warn about records overlapping it.  A
 * sysctl file answers only a read at offset 0, so a shell's read builtin,
 * which takes one byte per read(2), cannot get it there; configfs keeps
 * the whole text for every offset, and the tool needs no other process.
 */
static ssize_t pool4_group_ephemeral_show(struct config_item *item,
					  char *page)
{
	struct jool_inst *inst = to_pool4_set(to_config_group(item))->inst;
	int err = jool_inst_enter(inst, false);
	int low, high;

	if (err)
		return err;
	inet_get_local_port_range(inst->jn->net, &low, &high);
	jool_inst_leave(inst);
	return sysfs_emit(page, "%d\t%d\n", low, high);
}

static struct configfs_attribute pool4_group_attr_ephemeral = {
	.ca_name	= "ephemeral-range",
	.ca_owner	= THIS_MODULE,
	.ca_mode	= 0444,
	.show		= pool4_group_ephemeral_show,
};

static struct configfs_attribute *pool4_group_attrs[] = {
	&pool4_group_attr_count,
	&pool4_group_attr_ephemeral,
	NULL,
};

static struct configfs_group_operations pool4_group_ops = {
	.make_item	= pool4_make_item,
	.drop_item	= pool4_drop_item,
};

static const struct config_item_type pool4_group_type = {
	.ct_group_ops	= &pool4_group_ops,
	.ct_attrs	= pool4_group_attrs,
	.ct_owner	= THIS_MODULE,
};

void pool4_group_init(struct pool4_set *ps, struct config_group *parent)
{
	config_group_init_type_name(&ps->group, "pool4", &pool4_group_type);
	configfs_add_default_group(&ps->group, parent);
}
