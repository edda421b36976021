// SPDX-License-Identifier: GPL-2.0
/*
 * jool/pool6: the NAT64 prefix, "PREFIX/LEN" in the grammar of
 * config/attr.h; an empty value (or a lone newline) makes the translator
 * idle.  EINVAL for syntax or host bits, ERANGE for a length RFC 6052 does
 * not define.
 */
#include <linux/configfs.h>
#include <linux/module.h>
#include <linux/slab.h>

#include "config/attr.h"
#include "config/parts.h"
#include "state/pool6.h"

static ssize_t jool_pool6_store(struct config_item *item, const char *page,
				size_t count)
{
	struct in6_addr prefix;
	struct pool6 *p6 = NULL;
	u8 len;
	int err;

	if (!jool_config_allowed())
		return -EPERM;
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
	pool6_publish(p6);
	return count;
}

static ssize_t jool_pool6_show(struct config_item *item, char *page)
{
	const struct pool6 *p6;
	ssize_t len = 0;

	rcu_read_lock();
	p6 = pool6_current();
	if (p6)
		len = sysfs_emit(page, "%pI6c/%u\n", &p6->prefix, p6->len);
	rcu_read_unlock();
	return len;
}

struct configfs_attribute jool_attr_pool6 = {
	.ca_name	= "pool6",
	.ca_owner	= THIS_MODULE,
	.ca_mode	= 0644,
	.show		= jool_pool6_show,
	.store		= jool_pool6_store,
};
