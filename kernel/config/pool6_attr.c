// SPDX-License-Identifier: GPL-2.0
/*
 * jool/pool6: the NAT64 prefix, "PREFIX/LEN" in the grammar of
 * config/attr.h; an empty value (or a lone newline) makes the translator
 * idle.  EINVAL for syntax or host bits, ERANGE for a length RFC 6052 does
 * not define.  The first prefix starts the translator of the namespace
 * the directory serves (tables, counters, hooks: xlat/start.c); an empty
 * value makes it idle and keeps them.
 */
#include <linux/configfs.h>
#include <linux/module.h>
#include <linux/slab.h>

#include "config/attr.h"
#include "config/instance.h"
#include "config/parts.h"
#include "state/pool6.h"
#include "xlat/start.h"

static int jool_pool6_publish(struct jool_inst *inst, struct pool6 *p6)
{
	int err = jool_inst_enter(inst, true);

	if (err)
		return err;
	if (p6)
		err = jool_proc_add(inst->jn) ?: jool_net_start(inst->jn);
	if (!err)
		pool6_publish(inst->jn, p6);
	jool_inst_leave(inst);
	return err;
}

static ssize_t jool_pool6_store(struct config_item *item, const char *page,
				size_t count)
{
	struct in6_addr prefix;
	struct pool6 *p6 = NULL;
	u8 len;
	int err;

	err = attr_parse_prefix6(page, count, &prefix, &len, rfc6052_len_valid);
	if (err && err != -ENODATA)
		return err;
	if (!err) {
		p6 = kzalloc(sizeof(*p6), GFP_KERNEL);
		if (!p6)
			return -ENOMEM;
		p6->prefix = prefix;
		p6->len = len;
	}
	err = jool_pool6_publish(to_jool_inst(item), p6);
	if (err) {
		kfree(p6);
		return err;
	}
	return count;
}

static ssize_t jool_pool6_show(struct config_item *item, char *page)
{
	struct jool_inst *inst = to_jool_inst(item);
	const struct pool6 *p6;
	ssize_t len = jool_inst_enter(inst, false);

	if (len)
		return len;
	rcu_read_lock();
	p6 = pool6_current(inst->jn);
	if (p6)
		len = sysfs_emit(page, "%pI6c/%u\n", &p6->prefix, p6->len);
	rcu_read_unlock();
	jool_inst_leave(inst);
	return len;
}

struct configfs_attribute jool_attr_pool6 = {
	.ca_name	= "pool6",
	.ca_owner	= THIS_MODULE,
	.ca_mode	= 0644,
	.show		= jool_pool6_show,
	.store		= jool_pool6_store,
};
