// SPDX-License-Identifier: GPL-2.0
/*
 * configfs glue of pool4: one directory per record under jool/pool4/.
 *
 * Every record is created disabled.  While disabled its attributes can be
 * written; writing 1 to "enabled" validates the record as a whole and
 * publishes a new snapshot of the pool.  Snapshots are built under
 * pool4_mutex and published with RCU: the data path never takes the mutex.
 *
 * Store handlers parse into locals, validate and only then touch the
 * record, so a refused write changes nothing.  Errors: EINVAL for syntax,
 * ERANGE for out-of-range values, EBUSY for a write to an enabled record,
 * EPERM without CAP_NET_ADMIN.  A user's typo never reaches dmesg.
 */
#include <linux/configfs.h>
#include <linux/ctype.h>
#include <linux/inet.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/workqueue.h>

#include "state/bib.h"
#include "config/configfs.h"
#include "config/pool4_config.h"

/**
 * struct pool4_item - a pool4 record directory
 * @item:	the configfs item; its refcount keeps the record alive
 * @rec:	mark, proto, prefix and ports, as written by the user
 * @proto_set:	@rec.proto has been written
 * @prefix_set:	@rec.addr and @rec.prefix_len have been written
 * @enabled:	the record is on pool4_enabled and in the published pool
 * @quick:	leave BIB entries to expire instead of cascading removal
 * @node:	in pool4_enabled while enabled, in pool4_orphans after a
 *		removal whose rebuild failed
 */
struct pool4_item {
	struct config_item item;
	struct pool4_record rec;
	bool proto_set;
	bool prefix_set;
	bool enabled;
	bool quick;
	struct list_head node;
};

static DEFINE_MUTEX(pool4_mutex);
static LIST_HEAD(pool4_enabled);
static unsigned int pool4_enabled_count;
/* Removed records whose cascade waits for a successful rebuild. */
static LIST_HEAD(pool4_orphans);

/* Published when a rebuild fails after a removal: costs no allocation. */
static struct pool4_snapshot pool4_empty;
struct pool4_snapshot __rcu *pool4_published = RCU_INITIALIZER(&pool4_empty);

static void pool4_rebuild_retry(struct work_struct *work);
static DECLARE_DELAYED_WORK(pool4_retry_work, pool4_rebuild_retry);

static struct pool4_item *to_pool4_item(struct config_item *item)
{
	return container_of(item, struct pool4_item, item);
}

/* ---- snapshots ---- */

static void pool4_snapshot_free_rcu(struct rcu_head *rcu)
{
	pool4_snapshot_free(container_of(rcu, struct pool4_snapshot, rcu));
}

static void pool4_publish(struct pool4_snapshot *snap)
{
	struct pool4_snapshot *old;

	old = rcu_replace_pointer(pool4_published, snap,
				  lockdep_is_held(&pool4_mutex));
	if (old != &pool4_empty)
		call_rcu(&old->rcu, pool4_snapshot_free_rcu);
}

/* A new snapshot of the enabled records, or NULL when memory ran out. */
static struct pool4_snapshot *pool4_build_enabled(void)
{
	const struct pool4_record **recs;
	struct pool4_snapshot *snap;
	struct pool4_item *pi;
	unsigned int i = 0;

	lockdep_assert_held(&pool4_mutex);
	recs = kvmalloc_array(max(pool4_enabled_count, 1U), sizeof(*recs),
			      GFP_KERNEL);
	if (!recs)
		return NULL;
	list_for_each_entry(pi, &pool4_enabled, node)
		recs[i++] = &pi->rec;
	snap = pool4_snapshot_build(recs, i);
	kvfree(recs);
	return snap;
}

static void pool4_cascade(struct pool4_item *pi,
			  const struct pool4_snapshot *after)
{
	if (!pi->quick)
		pool4_for_each_uncovered(&pi->rec, after, bib_remove_area, NULL);
}

/* Cascades removals that waited for a rebuild; drops their references. */
static void pool4_settle_orphans(const struct pool4_snapshot *after)
{
	struct pool4_item *pi, *tmp;

	list_for_each_entry_safe(pi, tmp, &pool4_orphans, node) {
		list_del_init(&pi->node);
		pool4_cascade(pi, after);
		config_item_put(&pi->item);
	}
}

static void pool4_rebuild_retry(struct work_struct *work)
{
	struct pool4_snapshot *snap;

	mutex_lock(&pool4_mutex);
	snap = pool4_build_enabled();
	if (snap) {
		pool4_publish(snap);
		pool4_settle_orphans(snap);
	} else {
		schedule_delayed_work(&pool4_retry_work, HZ);
	}
	mutex_unlock(&pool4_mutex);
}

static int pool4_enable(struct pool4_item *pi)
{
	struct pool4_snapshot *snap;

	list_add_tail(&pi->node, &pool4_enabled);
	pool4_enabled_count++;
	snap = pool4_build_enabled();
	if (!snap) {
		list_del_init(&pi->node);
		pool4_enabled_count--;
		return -ENOMEM;
	}
	pi->enabled = true;
	pool4_publish(snap);
	return 0;
}

static void pool4_unlink(struct pool4_item *pi)
{
	list_del_init(&pi->node);
	pool4_enabled_count--;
	pi->enabled = false;
}

/* "enabled" 0: refused with ENOMEM (record still enabled) if out of memory. */
static int pool4_disable(struct pool4_item *pi)
{
	struct pool4_snapshot *snap;

	pool4_unlink(pi);
	snap = pool4_build_enabled();
	if (!snap) {
		list_add_tail(&pi->node, &pool4_enabled);
		pool4_enabled_count++;
		pi->enabled = true;
		return -ENOMEM;
	}
	pool4_publish(snap);
	pool4_cascade(pi, snap);
	return 0;
}

/*
 * rmdir cannot be refused.  If the new snapshot cannot be built, publish
 * the empty pool instead: no new mapping can use the removed addresses,
 * existing BIB entries keep working, and a worker rebuilds the real pool
 * and finishes the cascade as soon as memory allows.
 */
static void pool4_remove(struct pool4_item *pi)
{
	struct pool4_snapshot *snap;

	pool4_unlink(pi);
	snap = pool4_build_enabled();
	if (snap) {
		pool4_publish(snap);
		pool4_cascade(pi, snap);
		return;
	}
	pr_warn_ratelimited("jool: out of memory rebuilding pool4; translating no new flows until it succeeds\n");
	pool4_publish(&pool4_empty);
	config_item_get(&pi->item);
	list_add_tail(&pi->node, &pool4_orphans);
	schedule_delayed_work(&pool4_retry_work, HZ / 10);
}

/* ---- parsing: into locals, never into the live record ---- */

/* Length of @page without the newline `echo` appends. */
static size_t pool4_trim(const char *page, size_t count)
{
	return count && page[count - 1] == '\n' ? count - 1 : count;
}

/*
 * The grammar of every attribute is strict: exactly the value, optionally
 * followed by the one newline `echo` appends.  Leading or trailing blanks,
 * a second newline, a sign, a base prefix, an exponent or an embedded NUL
 * are syntax errors (EINVAL), never silently ignored: configfs hands us
 * @count bytes and the value is all of them.
 */

/*
 * A decimal number of @n characters, at most @max: EINVAL for anything but
 * digits (or for a leading zero, which other parsers read as octal: "010"
 * is 8 to strtoul(.., 0) and inet_aton()), ERANGE for a well-formed number
 * that is too big.  Syntax is checked on every character before the range.
 */
static int pool4_parse_decimal(const char *s, size_t n, u32 max, u32 *out)
{
	u64 value = 0;
	size_t i;

	if (!n || (n > 1 && s[0] == '0'))
		return -EINVAL;
	for (i = 0; i < n; i++) {
		if (!isdigit(s[i]))
			return -EINVAL;
		value = min_t(u64, value * 10 + (s[i] - '0'), U32_MAX + 1ULL);
	}
	if (value > max)
		return -ERANGE;
	*out = value;
	return 0;
}

static int pool4_parse_u32(const char *page, size_t count, u32 *value)
{
	return pool4_parse_decimal(page, pool4_trim(page, count), U32_MAX, value);
}

/* "0" or "1"; kstrtobool() would also take "yes", "on" or "1x". */
static int pool4_parse_bool(const char *page, size_t count, bool *value)
{
	u32 v;
	int err = pool4_parse_decimal(page, pool4_trim(page, count), 1, &v);

	if (err)
		return -EINVAL;
	*value = v;
	return 0;
}

/* Exact names; sysfs_streq() would stop at an embedded NUL. */
static int pool4_parse_proto(const char *page, size_t count, u8 *proto)
{
	size_t n = pool4_trim(page, count);
	int i;

	for (i = 0; i < JOOL_PROTO_COUNT; i++) {
		if (n == strlen(jool_proto_name(i)) &&
		    !memcmp(page, jool_proto_name(i), n)) {
			*proto = i;
			return 0;
		}
	}
	return -EINVAL;
}

/* An octet of @s (up to @end) that starts with 0 and goes on: "010". */
static bool pool4_octet_leading_zero(const char *s, const char *end)
{
	const char *p;

	for (p = s; p + 1 < end; p++)
		if ((p == s || p[-1] == '.') && p[0] == '0' && isdigit(p[1]))
			return true;
	return false;
}

/* "a.b.c.d" or "a.b.c.d/len"; host bits must be zero. */
static int pool4_parse_prefix(const char *page, size_t count,
			      u32 *addr, u8 *len)
{
	const char *end;
	__be32 be;
	u32 bits = 32;
	int err;

	count = pool4_trim(page, count);
	if (!count || !in4_pton(page, count, (u8 *)&be, '/', &end) ||
	    pool4_octet_leading_zero(page, end))
		return -EINVAL;
	if (end < page + count) {
		if (*end != '/')
			return -EINVAL;
		err = pool4_parse_decimal(end + 1, page + count - end - 1, 32,
					  &bits);
		if (err)
			return err;
	}
	*addr = be32_to_cpu(be);
	*len = bits;
	if (bits < 32 && (*addr & (~0U >> bits)))
		return -EINVAL;
	return 0;
}

/* "min-max" or a single "port"; min <= max. */
static int pool4_parse_ports(const char *page, size_t count,
			     u16 *min, u16 *max)
{
	const char *dash;
	u32 lo, hi;
	int err, err_hi = 0;

	count = pool4_trim(page, count);
	dash = memchr(page, '-', count);
	err = pool4_parse_decimal(page, dash ? dash - page : count, U16_MAX, &lo);
	hi = lo;
	if (dash)
		err_hi = pool4_parse_decimal(dash + 1, page + count - dash - 1,
					     U16_MAX, &hi);
	/* Syntax first: "70000-x" is EINVAL, not ERANGE. */
	if (err == -EINVAL || err_hi == -EINVAL)
		return -EINVAL;
	if (err || err_hi)
		return -ERANGE;
	if (lo > hi)
		return -ERANGE;
	*min = lo;
	*max = hi;
	return 0;
}

/* ---- attributes ---- */

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

	err = pool4_parse_u32(page, count, &mark);
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

	err = pool4_parse_proto(page, count, &proto);
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

	err = pool4_parse_prefix(page, count, &addr, &len);
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

	err = pool4_parse_ports(page, count, &min, &max);
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

	err = pool4_parse_bool(page, count, &enable);
	if (err)
		return err;
	if (!jool_config_allowed())
		return -EPERM;

	mutex_lock(&pool4_mutex);
	if (enable == pi->enabled)
		err = 0;
	else if (enable)
		err = pool4_item_validate(pi) ?: pool4_enable(pi);
	else
		err = pool4_disable(pi);
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

	err = pool4_parse_bool(page, count, &quick);
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

/* ---- the pool4 group ---- */

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
		pool4_remove(pi);
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

struct config_group *pool4_config_group(void)
{
	return &pool4_group;
}

int pool4_config_init(void)
{
	config_group_init_type_name(&pool4_group, "pool4", &pool4_group_type);
	return 0;
}

/*
 * configfs has already dropped every record (the subsystem is gone), so
 * the published pool is the empty one again; wait for the last snapshot
 * to be freed by RCU before the module text goes away.
 */
void pool4_config_exit(void)
{
	cancel_delayed_work_sync(&pool4_retry_work);
	mutex_lock(&pool4_mutex);
	pool4_settle_orphans(&pool4_empty);
	pool4_publish(&pool4_empty);
	mutex_unlock(&pool4_mutex);
	rcu_barrier();
}
