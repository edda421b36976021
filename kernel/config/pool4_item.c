// SPDX-License-Identifier: GPL-2.0
/*
 * jool/pool4/: one directory per record, and the group's "count".
 *
 * Every record is created disabled.  While disabled its attributes can be
 * written; writing 1 to "enabled" validates the record as a whole and
 * adds it to the published pool (config/pool4_set.c).  Values follow the
 * grammar and errno table of config/attr.h; EBUSY for a write to an
 * enabled record.
 */
#include <linux/configfs.h>
#include <linux/module.h>
#include <linux/slab.h>

#include "config/attr.h"
#include "config/parts.h"
#include "config/pool4_set.h"
#include "core/proto.h"
#include "state/pool4_pub.h"

/*
 * Common prologue of the writes that change what the record covers: the
 * caller's privileges, then the record's state.  Takes pool4_mutex on
 * success; the caller releases it.
 */
static int pool4_lock_disabled(struct pool4_item *pi)
{
	if (!jool_config_allowed())
		return -EPERM;
	mutex_lock(&pool4_mutex);
	if (pi->enabled) {
		mutex_unlock(&pool4_mutex);
		return -EBUSY;
	}
	return 0;
}

static ssize_t pool4_item_mark_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%u\n", READ_ONCE(to_pool4_item(item)->rec.mark));
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
	mutex_unlock(&pool4_mutex);
	return count;
}

static ssize_t pool4_item_proto_show(struct config_item *item, char *page)
{
	struct pool4_item *pi = to_pool4_item(item);
	ssize_t len = 0;

	mutex_lock(&pool4_mutex);
	if (pi->proto_set)
		len = sysfs_emit(page, "%s\n", jool_proto_name(pi->rec.proto));
	mutex_unlock(&pool4_mutex);
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
	mutex_unlock(&pool4_mutex);
	return count;
}

static ssize_t pool4_item_prefix_show(struct config_item *item, char *page)
{
	struct pool4_item *pi = to_pool4_item(item);
	__be32 be;
	ssize_t len = 0;

	mutex_lock(&pool4_mutex);
	if (pi->prefix_set) {
		be = cpu_to_be32(pi->rec.addr);
		len = sysfs_emit(page, "%pI4/%u\n", &be, pi->rec.prefix_len);
	}
	mutex_unlock(&pool4_mutex);
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
	mutex_unlock(&pool4_mutex);
	return count;
}

static ssize_t pool4_item_ports_show(struct config_item *item, char *page)
{
	struct pool4_item *pi = to_pool4_item(item);
	ssize_t len;

	mutex_lock(&pool4_mutex);
	len = sysfs_emit(page, "%u-%u\n", pi->rec.port_min, pi->rec.port_max);
	mutex_unlock(&pool4_mutex);
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
	mutex_unlock(&pool4_mutex);
	return count;
}

static ssize_t pool4_item_enabled_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%d\n", READ_ONCE(to_pool4_item(item)->enabled));
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
	bool enable;
	int err;

	err = attr_parse_bool(page, count, &enable);
	if (err)
		return err;
	if (!jool_config_allowed())
		return -EPERM;

	mutex_lock(&pool4_mutex);
	if (enable == pi->enabled)
		err = 0;
	else if (enable)
		err = pool4_item_validate(pi) ?: pool4_set_enable(pi);
	else
		err = pool4_set_disable(pi);
	mutex_unlock(&pool4_mutex);
	return err ?: count;
}

static ssize_t pool4_item_quick_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%d\n", READ_ONCE(to_pool4_item(item)->quick));
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
	if (!jool_config_allowed())
		return -EPERM;
	mutex_lock(&pool4_mutex);
	WRITE_ONCE(pi->quick, quick);
	mutex_unlock(&pool4_mutex);
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

static struct config_item *pool4_make_item(struct config_group *group,
					   const char *name)
{
	struct pool4_item *pi;

	if (!jool_config_allowed())
		return ERR_PTR(-EPERM);
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
	struct pool4_item *pi = to_pool4_item(item);

	mutex_lock(&pool4_mutex);
	if (pi->enabled)
		pool4_set_remove(pi);
	mutex_unlock(&pool4_mutex);
	config_item_put(item);
}

static ssize_t pool4_group_count_show(struct config_item *item, char *page)
{
	struct pool4_count count;

	rcu_read_lock();
	pool4_snapshot_count(pool4_current(), &count);
	rcu_read_unlock();
	return sysfs_emit(page, "tables: %llu\nsamples: %llu\ntransport addresses: %llu\n",
			  count.tables, count.samples, count.taddrs);
}

CONFIGFS_ATTR_RO(pool4_group_, count);

static struct configfs_attribute *pool4_group_attrs[] = {
	&pool4_group_attr_count,
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

static struct config_group pool4_group;

void pool4_group_init(struct config_group *parent)
{
	config_group_init_type_name(&pool4_group, "pool4", &pool4_group_type);
	configfs_add_default_group(&pool4_group, parent);
}
